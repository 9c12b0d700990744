import ArgumentParser
import TraceStore

/// `nntrace runs`: the recorded runs.
struct RunsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runs",
    abstract: "List recorded runs: id, lesson, status, start, steps, values recorded, size and capture.",
    discussion: """
      size is the run's share of the database file (values, events and their indexes). \
      Delete runs with `nntrace rm`, then give the space back with `nntrace vacuum`.
      """)

  @OptionGroup var database: DatabaseOption

  func run() throws {
    let db = try database.open(readOnly: true)
    let runs: [RunSummary]
    let sizes: [Int64: Int]
    do {
      runs = try db.runs()
      sizes = try db.runSizes()
    } catch {
      throw Failure.database(error)
    }
    var output = StandardOutput()
    guard !runs.isEmpty else {
      output.write("No runs recorded yet. Start one with: nntrace run perceptron\n")
      return
    }
    let rows =
      [["id", "lesson", "status", "started", "steps", "values", "size", "capture"]]
      + runs.map { run in
        [
          "\(run.id)", run.lesson + (run.part.map { "/\($0)" } ?? ""), run.status, run.startedAt, "\(run.steps)",
          "\(run.values)", ByteCount.text(sizes[run.id] ?? 0), run.capture + (run.thinning.map { " (\($0))" } ?? ""),
        ]
      }
    output.write(TextTable.render(rows, rightAligned: [0, 4, 5, 6]))
  }
}
