import Foundation
import Tracing

// Helpers shared by the TraceStore tests: a fresh temporary directory per
// test, sinks that keep what they are given, and the sqlite3 command-line
// shell for looking at a database from outside (as a user would).

/// A new directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }

  /// The path of `name` inside the directory.
  func path(_ name: String) -> String {
    url.appendingPathComponent(name).path
  }

  /// The names of the files in the directory, sorted.
  func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }
}

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

/// Errors of the sqlite3 shell.
struct ShellError: Error, CustomStringConvertible {
  var description: String
}

/// Runs SQL through the `sqlite3` command-line shell and returns its standard output.
///
/// - Throws: ``ShellError`` when `sqlite3` is missing or exits non-zero.
@discardableResult
func sqlite3(_ path: String, _ sql: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sqlite3", "-batch", path, sql]
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let text = output.fileHandleForReading.readDataToEndOfFile()
  let problem = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ShellError(
      description:
        "sqlite3 exited \(process.terminationStatus) (is the sqlite3 shell installed?): \(String(decoding: problem, as: UTF8.self))"
    )
  }
  return String(decoding: text, as: UTF8.self)
}
