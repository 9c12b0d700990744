import Foundation
import LessonFormat
import Lessons
import Testing
import TraceStore

@Suite struct LessonSessionTests {
  @Test func theFindingsArgumentsNameEachPartsRunWithDashesWrittenAsUnderscores() throws {
    let scratch = try TemporaryDirectory()
    let path = try scratch.write(LessonParserTests.twoParts, to: "two.yaml")
    let session = try LessonSession(reference: try LessonReference.resolve(path, catalog: nil))
    #expect(session.parts.map(\.part) == ["first", "second-one"])
    #expect(session.directory == scratch.url.path)
    #expect(session.arguments(runs: [7, 9]) == ["run_first": 7, "run_second_one": 9, "run": 9])
  }

  @Test func theConclusionIsFilledFromTheRunsOfEveryPart() throws {
    let scratch = try TemporaryDirectory()
    let path = try scratch.write(LessonParserTests.twoParts, to: "two.yaml")
    let session = try LessonSession(reference: try LessonReference.resolve(path, catalog: nil))
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    var runs: [Int64] = []
    var values: [Int] = []
    for spec in session.parts {
      let result = try LessonRunner(spec: spec, lessonName: path, directory: session.directory).run(
        database: database, capture: .all)
      runs.append(result.runID)
      values.append(result.values)
    }
    // The finding counts the second part's values, not the first's.
    #expect(values[0] != values[1])
    #expect(try session.conclusion(database: database, runs: runs) == "\(values[1]) values")
  }

  @Test func aFindingWhoseSQLCannotBePreparedIsRefusedWhenTheLessonIsRead() throws {
    let scratch = try TemporaryDirectory()
    let text = LessonParserTests.twoParts.replacingOccurrences(of: "FROM trace WHERE", with: "FROM tracee WHERE")
    let path = try scratch.write(text, to: "two.yaml")
    let line = try #require(
      text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("n: SELECT") })
    let error = try #require(throws: LessonError.self) {
      try LessonSession(reference: try LessonReference.resolve(path, catalog: nil))
    }
    #expect(error.file == path)
    #expect(error.line == line + 1)
    #expect(error.key == "findings.n")
    #expect(error.message.contains("no such table: tracee"), "\(error)")
    #expect(!error.description.contains("\\n"), "\(error)")
  }

  @Test func aFindingWhoseParameterNamesNoPartIsRefusedWhenTheLessonIsRead() throws {
    let text = LessonParserTests.twoParts.replacingOccurrences(of: ":run_second_one", with: ":run_second")
    let error = try #require(throws: LessonError.self) {
      try LessonParser.parseParts(text, file: "two.yaml", findings: .store)
    }
    #expect(error.key == "findings.n")
    #expect(error.message.contains(":run_second"), "\(error)")
    #expect(error.message.contains(":run, :run_first, :run_second_one"), "\(error)")
  }

  @Test(arguments: ["SELECT 1; SELECT 2", "", "SELECT count(*) FROM trace WHERE"])
  func aFindingThatIsNotExactlyOneStatementIsRefused(sql: String) throws {
    let text = LessonParserTests.twoParts.replacingOccurrences(
      of: "SELECT count(*) FROM trace WHERE run_id = :run_second_one", with: "'\(sql)'")
    let error = try #require(throws: LessonError.self) {
      try LessonParser.parseParts(text, file: "two.yaml", findings: .store)
    }
    #expect(error.key == "findings.n", "\(error)")
    #expect(error.message.contains("cannot be prepared"), "\(error)")
  }

  @Test func onePreparerChecksEveryFindingOfALessonAgainstTheSameEmptySchema() throws {
    let preparer = StoreFindingPreparer()
    #expect(throws: FindingPreparationError.self) { try preparer.parameters(of: "SELECT * FROM tracee") }
    #expect(throws: FindingPreparationError.self) { try preparer.parameters(of: "SELECT 1; SELECT 2") }
    // A statement refused, or one SQLite applies as it prepares it, leaves the schema as it was.
    #expect(try preparer.parameters(of: "PRAGMA case_sensitive_like = 1") == [])
    #expect(try preparer.parameters(of: "SELECT count(*) FROM trace WHERE run_id = :run AND step < :run") == [":run"])
    #expect(
      try preparer.parameters(of: "SELECT loss FROM step_loss WHERE run_id = :run_b AND epoch = :run_a")
        == [":run_b", ":run_a"])
    #expect(throws: FindingPreparationError.self) { try preparer.parameters(of: "SELECT nothing FROM runs") }
  }
}
