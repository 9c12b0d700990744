import ArgumentParser
import Reports
import TraceStore

/// `nntrace diff A B`: two recorded runs side by side.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two recorded runs: configuration, loss, gradient norms, and where they part.",
    discussion: """
      Each RUN is a run id or `latest`. The configurations are compared key by key; the losses \
      at matching steps and each layer's weight gradient ‖∂L/∂W‖ are shown side by side; and the first \
      step where the runs differ by more than --tolerance is named, with the first value that \
      differs (when both runs have the same network and data; otherwise the first loss). Losses \
      of different kinds (bce and mse) are shown side by side, never subtracted or compared.
      """)

  @Argument(help: ArgumentHelp("The first run: an id, or latest.", valueName: "run"))
  var firstRun: String

  @Argument(help: ArgumentHelp("The second run: an id, or latest.", valueName: "run"))
  var secondRun: String

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("Values closer than this are the same (default 1e-9).", valueName: "x"))
  var tolerance: Double = 1e-9

  @Flag(help: "No colours (also when NO_COLOR is set or output is not a terminal).")
  var noColor = false

  func validate() throws {
    guard tolerance >= 0 && tolerance.isFinite else {
      throw ValidationError("--tolerance: expected a finite number of 0 or more, found \(tolerance)")
    }
  }

  func run() throws {
    let db = try database.open(readOnly: true)
    let a = try RunArgument.resolve(firstRun, in: db)
    let b = try RunArgument.resolve(secondRun, in: db)
    var output = StandardOutput()
    do {
      let comparison = RunComparison(
        try TraceReader(database: db, runID: a), try TraceReader(database: db, runID: b), tolerance: tolerance)
      output.write(try comparison.render(style: Terminal(noColor: noColor).style))
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch {
      throw Failure.database(error)
    }
  }
}
