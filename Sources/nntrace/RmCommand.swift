import ArgumentParser
import TraceStore

/// `nntrace rm RUN…`: deletes runs with everything they recorded.
struct RmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm",
    abstract: "Delete runs and everything they recorded.",
    discussion: """
      RUN is a run id, a range such as 3-7, or latest. All are deleted together, or none \
      (when one does not exist, or is still being recorded). The file keeps its size until \
      `nntrace vacuum` gives the space back; new runs reuse it meanwhile.
      """)

  @Argument(help: ArgumentHelp("Run ids, ranges (3-7) or latest.", valueName: "run"))
  var runs: [String]

  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard !runs.isEmpty else { throw ValidationError("name at least one run to delete (see nntrace runs)") }
  }

  func run() throws {
    let db = try database.open()
    var ids: [Int64] = []
    var seen = Set<Int64>()
    do {
      for argument in runs {
        if let dash = argument.firstIndex(of: "-"), argument.first != "-",
          let low = Int64(argument[..<dash]), let high = Int64(argument[argument.index(after: dash)...]), low <= high
        {
          // A range is read from the database, never counted out: 1-9000000000000000000 costs what its runs cost.
          for id in try db.runIDs(from: low, through: high) where seen.insert(id).inserted { ids.append(id) }
        } else {
          let id = try RunArgument.resolve(argument, in: db)
          if seen.insert(id).inserted { ids.append(id) }
        }
      }
    } catch let error as TraceStoreError {
      throw Failure.database(error)
    }
    var summaries: [RunSummary] = []
    do {
      for id in ids {
        guard let summary = try db.run(id) else {
          throw TraceStoreError(
            "There is no run \(id) in \(db.path); `nntrace runs` lists the runs. Nothing was deleted.")
        }
        summaries.append(summary)
      }
      try db.deleteRuns(ids)
    } catch {
      throw Failure.database(error)
    }
    var output = StandardOutput()
    for run in summaries {
      output.write(
        "Deleted run \(run.id) (\(TextSafety.terminal(run.lesson)), \(run.status), \(run.values) value\(run.values == 1 ? "" : "s")).\n"
      )
    }
    output.write("Run `nntrace vacuum` to give the space back to the file system.\n")
  }
}
