import Foundation
import Testing
import TraceStore
import Tracing

/// Runs left `running` by a process that died are marked `interrupted` by the next open.
@Suite struct RecoveryTests {
  /// The id of a process that has ended.
  private func deadProcessID() throws -> Int32 {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/sh")
    child.arguments = ["-c", "exit 0"]
    try child.run()
    child.waitUntilExit()
    return child.processIdentifier
  }

  @Test func aRunWhoseProcessIsGoneIsMarkedInterruptedWithItsCommittedValues() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let first = try TraceDatabase.open(path: path)
    let id = try first.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: first, runID: id)
    let event = TraceEvent(
      seq: 0, epoch: 2, step: 7, sample: 0, kind: TraceKind.of(.x, in: .forward), layer: 0, shape: .vector)
    try [1.0, 2.0].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.stepDidEnd(step: 7)
    try writer.flush()
    // Pretend a process on this machine that no longer exists was recording it.
    let host = try sqlite3(path, "SELECT substr(owner, 1, instr(owner, ' ') - 1) FROM run_record")
      .trimmingCharacters(in: .newlines)
    try sqlite3(path, "UPDATE run_record SET owner = '\(host) \(try deadProcessID()) -' WHERE id = \(id)")

    let next = try TraceDatabase.open(path: path)
    #expect(next.recoveredRuns == [id])
    let run = try #require(try next.run(id))
    #expect(run.status == "interrupted")
    #expect(run.values == 2)
    #expect(run.steps == 8)
    #expect(run.epochs == 2)
    #expect(run.finishedAt != nil)
    #expect(run.detail?.contains("ended without closing the run") == true)
  }

  @Test func aRunOfALivingProcessIsLeftRunning() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let id = try TraceDatabase.open(path: path).beginRun(
      lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let again = try TraceDatabase.open(path: path)
    #expect(again.recoveredRuns.isEmpty)
    #expect(try again.run(id)?.status == "running")
    #expect(try again.liveRunIDs() == [id])
  }

  @Test func aReadOnlyOpenNamesAbandonedRunsAndChangesNothing() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let id = try TraceDatabase.open(path: path).beginRun(
      lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    try sqlite3(path, "UPDATE run_record SET owner = NULL WHERE id = \(id)")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let reader = try TraceDatabase.open(path: path, readOnly: true)
    #expect(reader.recoveredRuns.isEmpty)
    #expect(reader.abandonedRuns == [id])
    #expect(try reader.run(id)?.status == "running")
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}
