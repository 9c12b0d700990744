import Foundation
import Lessons
import Testing

@testable import TraceStore

/// A disk that fills up while a run records.
@Suite struct DiskFullTests {
  @Test func aDiskThatFillsMidRunFailsTheRunWithAReasonAndKeepsWhatWasCommitted() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    // SQLite answers "database or disk is full" once the file would pass this many pages:
    // room for a few of the run's commits (about 430 pages each), not for all of them.
    let pages = try database.queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") } ?? 0
    try database.queue.inDatabase { try $0.execute(sql: "PRAGMA max_page_count = \(pages + 2000)") }
    var spec = try LessonParser.load(path: lessonsDirectory + "/06-xor-mlp.yaml")
    spec.training.epochs = 20_000
    let runner = try LessonRunner(spec: spec, lessonName: "xor-mlp", directory: lessonsDirectory)

    let result = try runner.run(database: database, capture: .all)

    #expect(result.status == .failed)
    #expect(result.detail?.contains("full") == true, "\(result.detail ?? "")")
    #expect(result.outcome.steps < 20_000, "training stops once nothing more can be recorded")
    let summary = try #require(try database.run(result.runID))
    #expect(summary.status == "failed")
    #expect(summary.detail == result.detail)
    var stored = 0
    var steps: [Int: Int] = [:]
    try database.forEachTraceRow(run: result.runID) { row in
      stored += 1
      steps[row.step, default: 0] += 1
    }
    #expect(stored == summary.values, "the run counts what was committed")
    #expect(stored > 0)
    // What was committed is whole steps: 89 values at step 0 (with the initial parameters), 80 after.
    #expect(steps.allSatisfy { $0.value == ($0.key == 0 ? 89 : 80) }, "\(steps.filter { $0.value != 80 })")
    let integrity = try database.queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
    #expect(integrity == "ok")
  }
}
