import Foundation
// Temporary directories and the sqlite3 shell, for every file of this target.
@_exported import TestSupport
import Tracing

// Helpers shared by the TraceStore tests: sinks that keep what they are given.

/// A ``TraceSink`` that keeps a copy of every event and its values, in order.
final class MemorySink: TraceSink {
  private(set) var events: [(event: TraceEvent, values: [Double])] = []

  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    events.append((event, Array(values)))
  }

  func stepDidEnd(step: Int) throws {}
}

/// Hands every event to two sinks.
final class TeeSink: TraceSink {
  let first: TraceSink
  let second: TraceSink

  init(_ first: TraceSink, _ second: TraceSink) {
    self.first = first
    self.second = second
  }

  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    try first.write(event, values: values)
    try second.write(event, values: values)
  }

  func stepDidEnd(step: Int) throws {
    try first.stepDidEnd(step: step)
    try second.stepDidEnd(step: step)
  }
}

/// One value the trace view should hold, worked out from an event the way the contract says.
struct ExpectedRow: Equatable {
  var seq: Int
  var epoch: Int
  var step: Int
  var sample: Int?
  var phase: String
  var layer: Int?
  var kind: String
  var i: Int?
  var j: Int?
  var value: Double

  /// The rows of `events`, in the trace view's order `ORDER BY seq, i, j` (NULL first).
  static func rows(of events: [(event: TraceEvent, values: [Double])]) -> [ExpectedRow] {
    var rows: [ExpectedRow] = []
    for (event, values) in events {
      for (k, value) in values.enumerated() {
        let (i, j): (Int?, Int?) =
          switch event.shape {
          case .scalar: (nil, nil)
          case .vector: (k, nil)
          case .matrix(let cols): (k % cols, k / cols)
          }
        rows.append(
          ExpectedRow(
            seq: event.seq, epoch: event.epoch, step: event.step, sample: event.sample, phase: event.kind.phase.name,
            layer: event.layer, kind: event.kind.name, i: i, j: j, value: value))
      }
    }
    return rows.sorted { ($0.seq, $0.i ?? -1, $0.j ?? -1) < ($1.seq, $1.i ?? -1, $1.j ?? -1) }
  }
}
