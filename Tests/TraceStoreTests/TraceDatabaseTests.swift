import Foundation
import Testing
import TraceStore
import Tracing

@Suite struct TraceDatabaseTests {
  private func contents(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// Opening `path` throws a ``TraceStoreError`` whose message contains every fragment.
  private func expectRefusal(
    _ path: String, readOnly: Bool, saying fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try TraceDatabase.open(path: path, readOnly: readOnly)
      Issue.record("\(path) was opened (readOnly: \(readOnly)); expected a refusal", sourceLocation: sourceLocation)
    } catch let error as TraceStoreError {
      for fragment in fragments {
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
      }
    } catch {
      Issue.record("expected a TraceStoreError, got \(error)", sourceLocation: sourceLocation)
    }
  }

  @Test func openingANewPathCreatesAnEmptyTraceDatabase() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("new.sqlite")
    let database = try TraceDatabase.open(path: path)

    #expect(database.path == path)
    #expect(try database.runs().isEmpty)
    #expect(try database.latestRunID() == nil)
    let header = try contents(path).prefix(16)
    #expect(header == Data("SQLite format 3\0".utf8))
  }

  @Test func runsSurviveReopening() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    do {
      let database = try TraceDatabase.open(path: path)
      _ = try database.beginRun(lesson: "perceptron", title: "AND", part: nil, config: "{}", capture: "all")
    }
    let reopened = try TraceDatabase.open(path: path)
    #expect(try reopened.runs().map(\.lesson) == ["perceptron"])
    let readOnly = try TraceDatabase.open(path: path, readOnly: true)
    #expect(try readOnly.runs().map(\.lesson) == ["perceptron"])
  }

  @Test(arguments: [false, true])
  func aTextFileIsRefusedAndLeftByteIdentical(readOnly: Bool) throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("notes.sqlite")
    let text = Data("These are my notes, not a database.\nSecond line.\n".utf8)
    try text.write(to: URL(fileURLWithPath: path))

    expectRefusal(path, readOnly: readOnly, saying: ["not an nntrace database", "left untouched"])
    #expect(try contents(path) == text)
    #expect(try scratch.contents() == ["notes.sqlite"])
  }

  @Test func aTextFileShorterThanAnSQLiteHeaderIsRefused() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("short.sqlite")
    let text = Data("hi\n".utf8)
    try text.write(to: URL(fileURLWithPath: path))

    expectRefusal(path, readOnly: false, saying: ["not an nntrace database"])
    #expect(try contents(path) == text)
  }

  @Test(arguments: [false, true])
  func anotherApplicationsSQLiteDatabaseIsRefusedAndLeftUnchanged(readOnly: Bool) throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("contacts.sqlite")
    try sqlite3(path, "CREATE TABLE contact(name TEXT, phone TEXT); INSERT INTO contact VALUES ('Ada', '555');")
    let before = try contents(path)

    expectRefusal(path, readOnly: readOnly, saying: ["another application", "left untouched"])
    #expect(try contents(path) == before)
    #expect(try scratch.contents() == ["contacts.sqlite"])
    #expect(try sqlite3(path, "SELECT name FROM contact") == "Ada\n")
  }

  @Test func anSQLiteFileWithAnotherApplicationIDIsRefusedEvenWithoutTables() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("other.sqlite")
    try sqlite3(path, "PRAGMA application_id = 42; VACUUM;")
    let before = try contents(path)

    expectRefusal(path, readOnly: false, saying: ["another application"])
    #expect(try contents(path) == before)
  }

  @Test(arguments: [false, true])
  func aDatabaseFromANewerNNTraceIsRefusedWithAMessageThatSaysNewer(readOnly: Bool) throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("future.sqlite")
    do {
      let database = try TraceDatabase.open(path: path)
      _ = try database.beginRun(lesson: "perceptron", title: "AND", part: nil, config: "{}", capture: "all")
    }
    let version = try #require(
      Int(try sqlite3(path, "PRAGMA user_version").trimmingCharacters(in: .whitespaces.union(.newlines))))
    try sqlite3(path, "PRAGMA user_version = \(version + 1)")
    let before = try contents(path)

    expectRefusal(path, readOnly: readOnly, saying: ["newer", "schema version \(version + 1)"])
    #expect(try contents(path) == before)
    #expect(try sqlite3(path, "SELECT count(*) FROM run_record") == "1\n")
  }

  @Test func openingReadOnlyAMissingFileThrowsAndCreatesNothing() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("missing.sqlite")

    expectRefusal(path, readOnly: true, saying: ["no trace database", path])
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try scratch.contents().isEmpty)
  }

  @Test func openingReadOnlyAnEmptyFileThrowsAndLeavesItEmpty() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("empty.sqlite")
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))

    expectRefusal(path, readOnly: true, saying: ["empty database"])
    #expect(try contents(path).isEmpty)
  }

  @Test func aReadOnlyDatabaseCannotRecordARun() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    _ = try TraceDatabase.open(path: path)
    let readOnly = try TraceDatabase.open(path: path, readOnly: true)

    #expect(throws: (any Error).self) {
      _ = try readOnly.beginRun(lesson: "perceptron", title: "AND", part: nil, config: "{}", capture: "all")
    }
    #expect(try readOnly.runs().isEmpty)
  }

  @Test func aRunIsListedAsRunningUntilItIsFinished() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let config = #"{"title":"AND","training":{"epochs":15}}"#
    let id = try database.beginRun(lesson: "perceptron", title: "AND", part: nil, config: config, capture: "all")

    let running = try #require(try database.run(id))
    #expect(running.status == "running")
    #expect(running.finishedAt == nil)
    #expect(running.steps == 0)
    #expect(running.values == 0)
    #expect(running.config == config)
    #expect(running.capture == "all")
    #expect(running.startedAt.hasSuffix("Z"))

    try database.finishRun(
      id, with: RunEnding(status: .completed, steps: 60, epochs: 15, values: 723, finalLoss: 0, detail: nil))
    let runs = try database.runs()
    #expect(runs.count == 1)
    let finished = try #require(runs.first)
    #expect(finished.id == id)
    #expect(finished.lesson == "perceptron")
    #expect(finished.title == "AND")
    #expect(finished.status == "completed")
    #expect(finished.steps == 60)
    #expect(finished.epochs == 15)
    #expect(finished.values == 723)
    #expect(finished.finalLoss == 0)
    #expect(finished.detail == nil)
    #expect(finished.config == config)
    let finishedAt = try #require(finished.finishedAt)
    #expect(finishedAt >= finished.startedAt)
    #expect(try database.run(id) == finished)
  }

  @Test func aDivergedRunKeepsItsDetail() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let id = try database.beginRun(lesson: "big.yaml", title: "Too fast", part: nil, config: "{}", capture: "all")
    let detail = "inf appeared in loss at step 1 (epoch 1)"
    try database.finishRun(
      id, with: RunEnding(status: .diverged, steps: 1, epochs: 1, values: 12, finalLoss: 1e200, detail: detail))

    let run = try #require(try database.run(id))
    #expect(run.status == "diverged")
    #expect(run.detail == detail)
    #expect(run.finalLoss == 1e200)
  }

  @Test func runsAreListedOldestFirstAndLatestIsTheNewest() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let first = try database.beginRun(lesson: "perceptron", title: "A", part: nil, config: "{}", capture: "all")
    let second = try database.beginRun(lesson: "xor-mlp", title: "B", part: "part 1", config: "{}", capture: "none")

    #expect(try database.runs().map(\.id) == [first, second])
    #expect(try database.runs().map(\.part) == [nil, "part 1"])
    #expect(try database.latestRunID() == second)
    #expect(try database.run(second + 100) == nil)
  }

  @Test func aStatusOutsideTheContractIsRejected() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let id = try database.beginRun(lesson: "perceptron", title: "A", part: nil, config: "{}", capture: "all")
    // RunEnding's status is a RunStatus; the schema refuses any other text written from outside.
    #expect(throws: (any Error).self) {
      try sqlite3(scratch.path("trace.sqlite"), "UPDATE run_record SET status = 'done' WHERE id = \(id)")
    }
    #expect(try database.run(id)?.status == "running")
  }

  @Test func filtersNarrowTheTrace() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let id = try database.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id)
    let x = TraceKind.of(.x, in: .forward)
    let z = TraceKind.of(.z, in: .forward)
    var seq = 0
    for step in 0..<4 {
      for sample in 0..<2 {
        for (kind, layer) in [(x, 0), (z, 1)] {
          let event = TraceEvent(
            seq: seq, epoch: step / 2, step: step, sample: sample, kind: kind, layer: layer, shape: .vector)
          let values = [Double(step * 100 + sample * 10 + layer)]
          try values.withUnsafeBufferPointer { try writer.write(event, values: $0) }
          seq += 1
        }
      }
    }
    try writer.flush()

    func values(_ filter: TraceFilter) throws -> [Double] {
      var read: [Double] = []
      try database.forEachTraceRow(run: id, filter: filter) { read.append($0.value) }
      return read
    }
    #expect(try values(TraceFilter()).count == 16)
    #expect(try values(TraceFilter(epoch: 1)) == [200, 201, 210, 211, 300, 301, 310, 311])
    #expect(try values(TraceFilter(step: 2)) == [200, 201, 210, 211])
    #expect(try values(TraceFilter(step: 2, sample: 1)) == [210, 211])
    #expect(try values(TraceFilter(step: 3, layer: 1)) == [301, 311])
    #expect(try values(TraceFilter(step: 0, kinds: ["z"])) == [1, 11])
    #expect(try values(TraceFilter(step: 0, kinds: ["x", "z"])) == [0, 1, 10, 11])
    #expect(try values(TraceFilter(kinds: ["delta"])).isEmpty)
    #expect(try values(TraceFilter(epoch: 7)).isEmpty)
  }
}
