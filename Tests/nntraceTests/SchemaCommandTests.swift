import Foundation
import Testing
import TraceStore

@Suite struct SchemaCommandTests {
  @Test func theSchemaListsViewsWithColumnsKindsAndTablesWithoutADatabase() throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.succeed(["schema"])
    #expect(result.stdout.hasPrefix("nntrace trace schema, version 2 (PRAGMA user_version = 2"))
    for view in try TraceSchema.views() {
      #expect(result.stdout.contains("  \(view.name)\n"))
      #expect(result.stdout.contains("columns: \(view.columns.joined(separator: ", "))\n"))
    }
    for line in ["1  init      w", "14  update    w", "105  backward  grad_w_norm", "104  forward   dead_share"] {
      #expect(result.stdout.contains(line), "\(line)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: nntrace.directory.path).isEmpty)
  }

  @Test func theSQLBuildsADatabaseThatSqlite3CanReadTheViewsOf() throws {
    let nntrace = try NNTraceBinary()
    let sql = try nntrace.succeed(["schema", "--sql"]).stdout
    #expect(sql.contains("CREATE VIEW trace AS"))
    let db = nntrace.path("by-hand.sqlite")
    try sqlite3(db, sql)
    #expect(try sqlite3(db, "SELECT count(*) FROM trace") == "0\n")
    #expect(try sqlite3(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'view'") == "6\n")
  }
}
