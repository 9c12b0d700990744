import Tracing

/// A ``TraceSink`` that keeps a copy of every event and its values, in order.
///
/// It can be told to throw on the `n`-th write (0-based) or at the end of a
/// step, to see how the recorder reacts to a store that fails.
final class MemorySink: TraceSink {
  struct Failure: Error, Equatable {
    var reason: String
  }

  /// Every event written, with a copy of its values.
  private(set) var events: [(event: TraceEvent, values: [Double])] = []
  /// Every step end, in order.
  private(set) var stepEnds: [Int] = []
  /// Calls to `write`, successful or not.
  private(set) var writeCalls = 0
  /// Throw instead of keeping the write with this 0-based index.
  var failingWrite: Int?
  /// Throw at the end of this step.
  var failingStep: Int?

  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    defer { writeCalls += 1 }
    if writeCalls == failingWrite { throw Failure(reason: "write \(writeCalls) refused") }
    events.append((event, Array(values)))
  }

  func stepDidEnd(step: Int) throws {
    if step == failingStep { throw Failure(reason: "step \(step) refused") }
    stepEnds.append(step)
  }
}
