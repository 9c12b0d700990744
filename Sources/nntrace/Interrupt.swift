import Foundation
import Synchronization
import TraceStore

/// Set by SIGINT, SIGTERM or SIGHUP; polled by training between steps.
private let requested = Atomic<Int32>(0)

/// Ctrl-C, SIGTERM and SIGHUP handling for a run.
///
/// The first signal asks training to stop after the current step, and a running finding or
/// query to stop at once (``StatementStop``): what was
/// computed is committed, the run is marked `interrupted`, and the process
/// exits with 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). A
/// second signal ends the process at once; SQLite's write-ahead log keeps the
/// database intact, and the next nntrace that opens it marks the run
/// `interrupted`.
enum Interrupt {
  /// The signals handled.
  static let signals = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the handlers, and unblocks the signals in case the parent process left them blocked
  /// (a blocked mask is inherited across exec, and a blocked Ctrl-C would never arrive).
  static func install() {
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signalNumber in signals {
      signal(signalNumber) { received in
        if requested.exchange(received, ordering: .relaxed) != 0 {
          _exit(128 + received)
        }
        // SQL that nntrace did not write (a finding, a query) stops at once.
        StatementStop.request(signal: received)
      }
      sigaddset(&unblock, signalNumber)
    }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
  }

  /// The signal received, or 0.
  static var received: Int32 { requested.load(ordering: .relaxed) }

  /// The exit status for an interrupted run: 128 + the signal (130 when none was received).
  static var exitStatus: Int32 { 128 + (received == 0 ? SIGINT : received) }
}
