import ArgumentParser
import TraceStore

/// `nntrace schema`: the views, kinds and tables of a trace database, for people who use sqlite3.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the trace schema: its views and their columns, the kinds of value, and the tables.",
    discussion: """
      Open a trace database with sqlite3 (or `nntrace query`) and read the views; the \
      tables behind them are laid out for speed and size. --sql prints the statements \
      that create them. docs/trace-schema.md explains each view with example queries.
      """)

  @Flag(help: "Print the SQL that creates the tables, indexes and views instead.")
  var sql = false

  func run() throws {
    var output = StandardOutput()
    if sql {
      for statement in TraceSchema.sql {
        output.write(statement + ";\n\n")
      }
      return
    }
    let views: [TraceSchema.Relation]
    let tables: [TraceSchema.Relation]
    do {
      views = try TraceSchema.views()
      tables = try TraceSchema.tables()
    } catch {
      throw Failure.database(error)
    }
    output.write(
      "nntrace trace schema, version \(TraceSchema.version) (PRAGMA user_version = \(TraceSchema.version), application_id = \(TraceSchema.applicationID))\n\n"
    )
    output.write("Views\n")
    write(views, to: &output)
    output.write("\nKinds (trace.phase, trace.kind; event.kind holds the code)\n")
    let rows =
      [["code", "phase", "kind", "meaning"]]
      + TraceSchema.kinds.map { ["\($0.code)", $0.phase.name, $0.name, $0.meaning] }
    output.write(TextTable.render(rows, rightAligned: [0]).split(separator: "\n").map { "  " + $0 + "\n" }.joined())
    output.write("\nTables behind the views\n")
    write(tables, to: &output)
    output.write(
      """

      Example: nntrace query "SELECT step, loss FROM step_loss WHERE run_id = 1 LIMIT 5"
      The SQL of every table, index and view: nntrace schema --sql

      """)
  }

  private func write(_ relations: [TraceSchema.Relation], to output: inout StandardOutput) {
    for relation in relations {
      output.write("  \(relation.name)\n")
      output.write("    \(relation.meaning)\n")
      output.write("    columns: \(relation.columns.joined(separator: ", "))\n")
    }
  }
}
