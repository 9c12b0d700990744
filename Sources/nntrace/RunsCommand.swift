import ArgumentParser
import TraceStore

/// `nntrace runs`: the recorded runs.
struct RunsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runs",
    abstract: "List recorded runs: id, lesson, status, when, steps and values recorded.")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    let db = try database.open(readOnly: true)
    let runs: [RunSummary]
    do { runs = try db.runs() } catch { throw Failure.database(error) }
    var output = StandardOutput()
    guard !runs.isEmpty else {
      output.write("No runs recorded yet. Start one with: nntrace run perceptron\n")
      return
    }
    let rows =
      [["id", "lesson", "status", "started", "steps", "values"]]
      + runs.map { run in
        [
          "\(run.id)", run.lesson + (run.part.map { "/\($0)" } ?? ""), run.status, run.startedAt, "\(run.steps)",
          "\(run.values)",
        ]
      }
    output.write(TextTable.render(rows, rightAligned: [0, 4, 5]))
  }
}
