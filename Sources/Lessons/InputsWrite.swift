import Foundation
import Synchronization
import TraceStore
import Tracing

/// A run's inputs being committed to the database on another thread while the network trains.
///
/// Used when nothing else writes during training (`--capture none`): the training rows, initial
/// parameters and orders are the same values in the same transaction as when written before
/// training, only on the second core. The writer must not be used until ``wait()`` returns.
final class InputsWrite: @unchecked Sendable {
  private let done = DispatchGroup()
  private let failed = Atomic<Bool>(false)
  /// Set before `done` is left; read after it.
  private var failure: Error?

  /// Starts committing `inputs` through `writer`.
  init(_ inputs: RunInputs, into writer: TraceWriter) {
    nonisolated(unsafe) let writer = writer
    DispatchQueue.global().async(group: done) { [self] in
      do {
        try inputs.record(into: writer)
        try writer.flush()
      } catch {
        failure = error
        failed.store(true, ordering: .releasing)
      }
    }
  }

  /// Whether committing has failed already (training can stop early).
  var hasFailed: Bool { failed.load(ordering: .acquiring) }

  /// Waits until the inputs are committed; the error if they could not be.
  func wait() -> Error? {
    done.wait()
    return failure
  }
}
