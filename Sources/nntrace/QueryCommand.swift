import ArgumentParser
import TraceStore

/// `nntrace query SQL`: runs one SQL statement read-only and prints the result.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Run one SQL statement read-only against the trace database and print the result.",
    discussion: """
      The database is opened with SQLite's read-only flag, so nothing can change it: \
      statements that would write (INSERT, UPDATE, DELETE, DROP, CREATE, VACUUM, …), \
      ATTACH and DETACH, pragmas that set something, and several statements in one \
      string are refused with exit status 64, as is SQL that SQLite cannot run. So are \
      what could reach beyond the trace: functions such as fts3_tokenizer and \
      load_extension, and tables that nntrace did not create. A statement stops at \
      --timeout (exit status 1) or at the first Ctrl-C or SIGTERM (130, 143).

      Read the views: runs and trace (one row per recorded value), and the convenience \
      views step_loss, layer_grad_norm, weight_history and layer_stats. `nntrace schema` \
      lists their columns and the kinds of value. Examples:

        nntrace query "SELECT id, lesson, status FROM runs"
        nntrace query "SELECT min(step) FROM step_loss WHERE run_id = 1 AND loss < 0.01"
        nntrace query "SELECT step, layer, grad_w_norm FROM layer_grad_norm WHERE run_id = 1 AND step < 3" --format csv
      """)

  @Argument(help: ArgumentHelp("One SQL statement, quoted.", valueName: "sql"))
  var sql: String

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("table (aligned columns), csv or json.", valueName: "format"))
  var format: QueryFormat = .table

  @Option(help: ArgumentHelp("Stop the statement after this many seconds; 0: never.", valueName: "seconds"))
  var timeout: Int = 600

  func validate() throws {
    guard timeout >= 0 && timeout <= 1_000_000_000 else {
      throw ValidationError("--timeout: expected a number of seconds, 0 or more, found \(timeout)")
    }
  }

  func run() throws {
    Interrupt.install()
    let printer = QueryPrinter(format: format)
    do {
      try ReadOnlyQuery(path: database.resolvedPath).run(
        sql, timeLimit: timeout == 0 ? nil : .seconds(timeout), header: printer.header, row: printer.row)
    } catch {
      throw Failure.database(error)
    }
    printer.finish()
  }
}
