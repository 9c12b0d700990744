/// Where recorded events go: the trace store, or a test's array.
public protocol TraceSink: AnyObject {
  /// Takes one event and its values; the buffer is only valid during the call.
  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws
  /// A step has ended: everything written so far belongs to complete steps,
  /// a safe point to commit.
  func stepDidEnd(step: Int) throws
}
