import Synchronization

/// The signal that asked running SQL to stop, or 0.
private let requestedSignal = Atomic<Int32>(0)

/// A stop asked for by a signal, seen by every statement that runs SQL nntrace did not write.
///
/// A signal handler calls ``request(signal:)`` (one atomic store, safe in a handler); the progress
/// handler of each untrusted connection (``UntrustedConnection``) polls it every thousand virtual
/// machine instructions and ends the statement, which then fails with ``TraceStoreError/Reason/interrupted``.
public enum StatementStop {
  /// Asks running statements to stop; the first signal is kept.
  public static func request(signal: Int32) {
    _ = requestedSignal.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
  }

  /// The signal that asked for a stop, or 0.
  public static var signal: Int32 { requestedSignal.load(ordering: .relaxed) }
}
