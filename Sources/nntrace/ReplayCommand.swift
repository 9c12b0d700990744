import ArgumentParser
import Reports
import TraceStore

/// `nntrace replay RUN`: re-tells a recorded run from the database alone.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Re-tell a recorded run, value by value, from the database alone.",
    discussion: """
      RUN is a run id or `latest`. Nothing is recomputed and no lesson file is needed. \
      Filters narrow the replay, e.g. `nntrace replay latest --step 0 --layer 1 --kind z --kind a`.
      """)

  @Argument(help: ArgumentHelp("A run id, or latest.", valueName: "run"))
  var runID: String

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("Only this epoch (0-based).", valueName: "n")) var epoch: Int?
  @Option(help: ArgumentHelp("Only this step (0-based).", valueName: "n")) var step: Int?
  @Option(help: ArgumentHelp("Only this sample (data row, 0-based).", valueName: "n")) var sample: Int?
  @Option(help: ArgumentHelp("Only this layer (0 for inputs).", valueName: "n")) var layer: Int?
  @Option(
    name: .customLong("kind"),
    help: ArgumentHelp(
      "Only these kinds (repeatable): x, z, a, y, loss, error, delta, grad_w, grad_b, dw, db, w, b.",
      valueName: "kind"))
  var kinds: [String] = []

  func run() throws {
    let db = try database.open(readOnly: true)
    let id = try RunArgument.resolve(runID, in: db)
    var output = StandardOutput()
    do {
      try TraceNarrator(database: db).replay(
        run: id,
        filter: TraceFilter(epoch: epoch, step: step, sample: sample, layer: layer, kinds: kinds.isEmpty ? nil : kinds),
        to: &output)
    } catch {
      throw Failure.database(error)
    }
  }
}

/// Reads a RUN argument: an id, or `latest`.
enum RunArgument {
  static func resolve(_ argument: String, in database: TraceDatabase) throws -> Int64 {
    if argument == "latest" {
      guard let id = try? database.latestRunID() else {
        throw Failure.report(
          "no runs recorded in \(database.path) yet; start one with: nntrace run perceptron",
          status: Failure.Status.notFound)
      }
      return id
    }
    guard let id = Int64(argument), id > 0 else {
      throw Failure.report("'\(argument)' is not a run: expected a run id (see nntrace runs) or latest", status: 64)
    }
    guard (try? database.run(id)) != nil else {
      throw Failure.report(
        "there is no run \(id) in \(database.path); `nntrace runs` lists the runs", status: Failure.Status.notFound)
    }
    return id
  }
}
