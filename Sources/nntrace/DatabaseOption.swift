import ArgumentParser
import Foundation
import TraceStore

/// `--db PATH`, shared by every command that touches the trace database.
struct DatabaseOption: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp("The trace database (default: $NNTRACE_DB, else ./nntrace.sqlite).", valueName: "path"))
  var path: String?

  /// The path in force: `--db`, else `$NNTRACE_DB`, else `./nntrace.sqlite`.
  var resolvedPath: String {
    if let path { return path }
    if let environment = ProcessInfo.processInfo.environment["NNTRACE_DB"], !environment.isEmpty {
      return environment
    }
    return "nntrace.sqlite"
  }

  /// Opens the database, turning refusals into a message and exit status.
  ///
  /// Runs that the open found abandoned by a dead process are named on standard error.
  func open(readOnly: Bool = false) throws -> TraceDatabase {
    let database: TraceDatabase
    do {
      database = try TraceDatabase.open(path: resolvedPath, readOnly: readOnly)
    } catch {
      throw Failure.database(error)
    }
    for id in database.recoveredRuns {
      FileHandle.standardError.write(
        Data("nntrace: run \(id) was left running by a process that no longer exists; marked interrupted.\n".utf8))
    }
    for id in database.abandonedRuns {
      FileHandle.standardError.write(
        Data(
          "nntrace: run \(id) was left running by a process that no longer exists; the next command that writes (run, rm, vacuum) marks it interrupted.\n"
            .utf8))
    }
    return database
  }
}
