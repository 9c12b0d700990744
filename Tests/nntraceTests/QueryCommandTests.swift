import Foundation
import Testing

/// `nntrace query`: formats, and refusals through SQLite's read-only connection.
@Suite struct QueryCommandTests {
  /// A database with the perceptron's XOR run (60 steps, one sample each), checkpointed into the main file.
  private func recorded() throws -> (NNTraceBinary, String) {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try sqlite3(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    return (nntrace, db)
  }

  private let sql = """
    SELECT step, sample, kind, i, value, NULL AS note FROM trace
    WHERE run_id = 1 AND step = 3 AND kind IN ('x', 'y') ORDER BY seq, i
    """

  // Step 3 is the fourth sample of XOR, inputs (1, 1) and target 0.
  @Test func theDefaultIsAnAlignedTableWithNumbersToTheRight() throws {
    let (nntrace, db) = try recorded()
    let result = try nntrace.succeed(["query", sql, "--db", db])
    #expect(
      result.stdout == """
        step  sample  kind  i  value  note
           3       3  x     0    1.0  NULL
           3       3  x     1    1.0  NULL
           3       3  y     0    0.0  NULL

        """)
  }

  /// A table is aligned on its first thousand rows and streamed after them in the same columns,
  /// so that a query of millions of rows prints as it goes in bounded memory.
  @Test func aLongTableIsAlignedOnItsFirstRowsThenStreamed() throws {
    let (nntrace, db) = try recorded()
    let sql = """
      WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 3000)
      SELECT k, CASE WHEN k <= 1000 THEN 'short' ELSE 'a longer text' END AS word FROM n
      """
    let lines = try nntrace.succeed(["query", sql, "--db", db]).stdout.split(separator: "\n")
    #expect(lines.count == 3001)
    #expect(lines[0] == "   k  word")
    #expect(lines[1] == "   1  short")
    #expect(lines[1000] == "1000  short")
    #expect(lines[1001] == "1001  a longer text")
    #expect(lines[3000] == "3000  a longer text")
  }

  @Test func csvHasAHeaderLineAndQuotesWhereNeeded() throws {
    let (nntrace, db) = try recorded()
    let result = try nntrace.succeed([
      "query", "SELECT id, title || ', with a \"quote\"' AS title, finished_at IS NULL AS open FROM runs", "--format",
      "csv", "--db", db,
    ])
    #expect(result.stdout == "id,title,open\n1,\"Why one neuron is not enough, with a \"\"quote\"\"\",0\n")
  }

  @Test func jsonIsAnArrayOfObjectsWithKeysInColumnOrder() throws {
    let (nntrace, db) = try recorded()
    let result = try nntrace.succeed(["query", sql, "--format", "json", "--db", db])
    #expect(
      result.stdout == """
        [
          {"step": 3, "sample": 3, "kind": "x", "i": 0, "value": 1.0, "note": null},
          {"step": 3, "sample": 3, "kind": "x", "i": 1, "value": 1.0, "note": null},
          {"step": 3, "sample": 3, "kind": "y", "i": 0, "value": 0.0, "note": null}
        ]

        """)
    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
    #expect(parsed?.count == 3)
    let empty = try nntrace.succeed(["query", "SELECT 1 AS one WHERE 0", "--format", "json", "--db", db])
    #expect(empty.stdout == "[]\n")
  }

  @Test func realsAreWrittenInTheirShortestExactForm() throws {
    let (nntrace, db) = try recorded()
    let result = try nntrace.succeed([
      "query", "SELECT 0.1 AS a, 1e-7 AS b, 2.5e20 AS c, -0.0 AS d, 9e999 AS e", "--format", "csv", "--db", db,
    ])
    #expect(result.stdout == "a,b,c,d,e\n0.1,1e-07,2.5e+20,-0.0,inf\n")
  }

  @Test(arguments: [
    "DELETE FROM value", "DROP TABLE event", "UPDATE run_record SET status = 'failed'",
    "ATTACH DATABASE 'other.sqlite' AS other", "PRAGMA user_version = 3", "PRAGMA journal_mode = DELETE",
    "SELECT 1; DELETE FROM value", "CREATE TEMP VIEW v AS SELECT 1", "VACUUM INTO 'copy.sqlite'",
  ])
  func everyWriteIsRefusedWithExit64AndTheFileIsUnchanged(_ statement: String) throws {
    let (nntrace, db) = try recorded()
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    // SQLite's own -wal and -shm files may appear (a reader of a WAL database needs them); nothing else may.
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: nntrace.directory.path))
      .union(["trace.sqlite-wal", "trace.sqlite-shm"])
    let result = try nntrace.run(["query", statement, "--db", db])
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("nntrace: "), "\(result.stderr)")
    #expect(result.stderr.contains("nntrace query"), "\(result.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: nntrace.directory.path)).isSubset(of: files))
    #expect(try sqlite3(db, "SELECT count(*) FROM runs") == "1\n")
    #expect(try sqlite3(db, "SELECT count(*) FROM trace") == "\(60 * 12 + 3)\n")
  }

  @Test func sqlThatCannotRunExits64WithSQLitesReason() throws {
    let (nntrace, db) = try recorded()
    let result = try nntrace.run(["query", "SELECT nope FROM trace", "--db", db])
    #expect(result.status == 64)
    #expect(result.stderr.contains("no such column: nope"), "\(result.stderr)")
  }

  @Test func aMissingDatabaseExits66AndIsNotCreated() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("none.sqlite")
    let result = try nntrace.run(["query", "SELECT 1", "--db", db])
    #expect(result.status == 66)
    #expect(!FileManager.default.fileExists(atPath: db))
  }
}
