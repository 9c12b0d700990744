import Foundation
import Synchronization

/// Set by SIGINT or SIGTERM; polled by training between steps.
private let requested = Atomic<Int32>(0)

/// Ctrl-C and SIGTERM handling for a run: the first signal asks training to
/// stop after the current step (what was computed is kept and the run is
/// marked `interrupted`); a second one ends the process at once.
enum Interrupt {
  /// Installs the handlers.
  static func install() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber) { received in
        if requested.exchange(received, ordering: .relaxed) != 0 {
          _exit(128 + received)
        }
      }
    }
  }

  /// The signal received, or 0.
  static var received: Int32 { requested.load(ordering: .relaxed) }
}
