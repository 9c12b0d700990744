import Foundation
import Testing
import TraceStore
import Tracing

/// Deleting runs, giving space back, and each run's share of the file.
@Suite struct TraceDatabaseMaintenanceTests {
  private func recordRun(_ database: TraceDatabase, lesson: String, values: Int, events: Int = 10) throws -> Int64 {
    let id = try database.beginRun(lesson: lesson, title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id, batchValues: 1_000)
    for seq in 0..<events {
      let event = TraceEvent(
        seq: seq, epoch: 0, step: seq, sample: nil, kind: TraceKind.of(.w, in: .update), layer: 1,
        shape: .matrix(cols: 10))
      let chunk = (0..<(values / events)).map { Double(seq) + Double($0) / 1000 }
      try chunk.withUnsafeBufferPointer { try writer.write(event, values: $0) }
      try writer.stepDidEnd(step: seq)
    }
    try writer.flush()
    try database.finishRun(
      id, with: RunEnding(status: .completed, steps: events, epochs: 1, values: values, finalLoss: nil, detail: nil))
    return id
  }

  @Test func deletingARunRemovesItsRowsAndLeavesTheOthersWhole() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let database = try TraceDatabase.open(path: path)
    let a = try recordRun(database, lesson: "a", values: 2_000)
    let b = try recordRun(database, lesson: "b", values: 3_000)
    let c = try recordRun(database, lesson: "c", values: 1_000)
    let before = try sqlite3(
      path, "SELECT run_id, seq, i, j, value FROM trace WHERE run_id != \(b) ORDER BY run_id, seq, i, j")

    try database.deleteRuns([b])

    #expect(try database.runs().map(\.id) == [a, c])
    #expect(try sqlite3(path, "SELECT count(*) FROM value") == "3000\n")
    #expect(try sqlite3(path, "SELECT count(*) FROM event WHERE run_id = \(b)") == "0\n")
    #expect(try sqlite3(path, "SELECT run_id, seq, i, j, value FROM trace ORDER BY run_id, seq, i, j") == before)
  }

  @Test func deletingAMissingRunDeletesNothing() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let a = try recordRun(database, lesson: "a", values: 100)
    #expect(throws: TraceStoreError.self) { try database.deleteRuns([a, 99]) }
    #expect(try database.runs().map(\.id) == [a])
  }

  @Test func aRunBeingRecordedCannotBeDeletedNorTheFileVacuumed() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let live = try database.beginRun(lesson: "live", title: "t", part: nil, config: "{}", capture: "all")
    do {
      try database.deleteRuns([live])
      Issue.record("a live run was deleted")
    } catch let error as TraceStoreError {
      #expect(error.reason == .busy)
    }
    #expect(throws: TraceStoreError.self) { _ = try database.vacuum() }
    #expect(try database.run(live)?.status == "running")
  }

  @Test func vacuumGivesDeletedSpaceBack() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let big = try recordRun(database, lesson: "big", values: 50_000, events: 50)
    _ = try recordRun(database, lesson: "small", values: 1_000)
    try database.deleteRuns([big])
    let (before, after) = try database.vacuum()
    #expect(after < before / 3, "\(before) → \(after) bytes")
    #expect(after == database.fileSize())
  }

  @Test func runSizesShareTheFileInProportionToWhatEachRunHolds() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let small = try recordRun(database, lesson: "small", values: 10_000)
    let large = try recordRun(database, lesson: "large", values: 40_000)
    let sizes = try database.runSizes()
    let smallSize = try #require(sizes[small])
    let largeSize = try #require(sizes[large])
    // Same number of events, four times the values: between three and four times the bytes.
    #expect(Double(largeSize) / Double(smallSize) > 3 && Double(largeSize) / Double(smallSize) <= 4)
    // About 17 bytes a value.
    #expect(smallSize > 10_000 * 12 && smallSize < 10_000 * 24)
  }
}
