import Foundation
import NeuralEngine
import Testing
import TraceStore
import Tracing

/// How the writer lays values out on disk: compactly, in order, and safely beside other writers.
@Suite struct TraceWriterStorageTests {
  private func record(
    _ problem: SmallProblem, into database: TraceDatabase, batchValues: Int = 100_000
  ) throws -> (id: Int64, values: Int) {
    let id = try database.beginRun(lesson: "storage", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id, batchValues: batchValues)
    let recorder = TraceRecorder(sink: writer)
    _ = problem.trainer().train(observer: recorder)
    try writer.flush()
    try database.finishRun(
      id,
      with: RunEnding(
        status: .completed, steps: 0, epochs: 0, values: recorder.valuesRecorded, finalLoss: nil,
        detail: nil))
    return (id, recorder.valuesRecorded)
  }

  @Test func aLargeRunTakesAtMost24BytesAValueIndexesIncluded() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let database = try TraceDatabase.open(path: path)
    // 16-32-16-4 in batches of 8: wide enough that values, not event headers, dominate; about 300 000 values.
    let problem = SmallProblem(
      sizes: [16, 32, 16, 4], activations: [.relu, .tanh, .sigmoid], rows: 32, epochs: 14, batchSize: 8)
    let (_, values) = try record(problem, into: database)
    #expect(values > 250_000)
    try sqlite3(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    let bytes = try #require(Int(try sqlite3(path, "SELECT sum(pgsize) FROM dbstat").trimmingCharacters(in: .newlines)))
    #expect(Double(bytes) / Double(values) <= 24, "\(bytes) bytes for \(values) values")
  }

  @Test func eachEventOwnsTheNextRangeOfValueIDs() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let database = try TraceDatabase.open(path: path)
    let problem = SmallProblem(sizes: [2, 3, 1], activations: [.tanh, .sigmoid], rows: 4, epochs: 3, batchSize: 2)
    let (id, values) = try record(problem, into: database, batchValues: 50)
    // Ranges are contiguous and cover every value once, in the order of seq.
    let gaps = try sqlite3(
      path,
      """
      SELECT count(*) FROM (
        SELECT start, n, lag(start + n) OVER (ORDER BY seq) AS previous_end FROM event WHERE run_id = \(id)
      ) WHERE previous_end IS NOT NULL AND previous_end != start
      """)
    #expect(gaps == "0\n")
    #expect(try sqlite3(path, "SELECT sum(n) FROM event") == "\(values)\n")
    #expect(try sqlite3(path, "SELECT count(*) FROM value") == "\(values)\n")
    #expect(try database.run(id)?.values == values)
  }

  @Test func valuesAreCommittedInStepsAndCountedInTheRunAsTheyGo() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let id = try database.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id, batchValues: 3)
    let event = { (seq: Int, step: Int) in
      TraceEvent(
        seq: seq, epoch: 0, step: step, sample: 0, kind: TraceKind.of(.x, in: .forward), layer: 0, shape: .vector)
    }
    try [1.0, 2.0].withUnsafeBufferPointer { try writer.write(event(0, 0), values: $0) }
    try writer.stepDidEnd(step: 0)
    let reader = try TraceDatabase.open(path: database.path, readOnly: true)
    #expect(try reader.run(id)?.values == 0)
    try [3.0, 4.0].withUnsafeBufferPointer { try writer.write(event(1, 1), values: $0) }
    try writer.stepDidEnd(step: 1)
    #expect(try reader.run(id)?.values == 4)
    #expect(try reader.run(id)?.steps == 2)
    #expect(writer.valuesCommitted == 4)
  }

  /// One to three values a step, different for each writer.
  private static func values(writer: Int, step: Int) -> [Double] {
    let base = 1000 * writer + 10 * step
    return (0..<(step % 3 + 1)).map { Double(base + $0) }
  }

  @Test func twoWritersInterleavingCommitsKeepEachRunWhole() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let first = try TraceDatabase.open(path: path)
    let second = try TraceDatabase.open(path: path)
    let a = try first.beginRun(lesson: "a", title: "t", part: nil, config: "{}", capture: "all")
    let b = try second.beginRun(lesson: "b", title: "t", part: nil, config: "{}", capture: "all")
    let writers = [
      TraceWriter(database: first, runID: a, batchValues: 1), TraceWriter(database: second, runID: b, batchValues: 1),
    ]
    for step in 0..<20 {
      for (w, writer) in writers.enumerated() {
        let event = TraceEvent(
          seq: step, epoch: 0, step: step, sample: nil, kind: TraceKind.of(.b, in: .update), layer: 1, shape: .vector)
        let values = Self.values(writer: w, step: step)
        try values.withUnsafeBufferPointer { try writer.write(event, values: $0) }
        try writer.stepDidEnd(step: step)
      }
    }
    for (w, id) in [a, b].enumerated() {
      var read: [Double] = []
      try first.forEachTraceRow(run: id) { read.append($0.value) }
      let expected = (0..<20).flatMap { Self.values(writer: w, step: $0) }
      #expect(read == expected)
    }
  }
}
