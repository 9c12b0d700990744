import ArgumentParser
import Foundation
import Reports
import TraceStore

/// `nntrace export RUN`: the run as a Markdown handout, with SVG charts beside it.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a recorded run as a Markdown report with SVG charts, or as a PyTorch, Keras or NumPy script.",
    discussion: """
      The report is a handout: the lesson's title and introduction, the configuration, the \
      network and the data, the first step worked in full in display maths ($$ blocks), the \
      parameters before and after, charts of the loss, the gradient norms and a few weights, \
      and the conclusion. It is written from the database alone.

      Several runs (a lesson's parts, say `export 1 2 3 4 -o handout.md`) make one handout: the \
      lesson's title and introduction once, a table of the parts naming the settings that tell \
      them apart, the parts compared on shared axes and scales (FILE-loss.svg: every part's loss \
      on one chart; FILE-gradients-by-layer.svg: each layer's ‖∂L/∂W⁽ˡ⁾‖ at step 0, every part; \
      FILE-PART-gradients.svg: each part's ‖∂L/∂W⁽ˡ⁾‖ per step, all on one y range, log for all \
      when the values span more than 100×), then a section per part with its own charts \
      (FILE-PART-*.svg). One run's handout is as it was; `export RUN -o FILE` of one part \
      writes its full one.

      With -o FILE the charts are written beside FILE as FILE-loss.svg, FILE-gradients.svg, \
      FILE-weights.svg and, where they apply, FILE-accuracy.svg, FILE-fit.svg, \
      FILE-boundary.svg and FILE-activation.svg (without its .md), each drawn from recorded \
      values only; without it the report goes to standard output and the charts are replaced \
      by sparklines.

      --as pytorch, --as keras (Keras 3, any backend) and --as numpy (the seed's own NumPy MLP, \
      or its Perceptron) write instead a complete Python script that builds the same network, \
      with the run's exact initial weights and training rows, trains it the same way, and checks \
      its first steps against the trace, naming the first value that differs (set NNTRACE_STEPS=n \
      when running it to stop after n steps, and NNTRACE_JSON=1 to print the parameters it ends \
      with). Every run can be exported, whatever its capture.

      --worksheet writes a worksheet of one step for working by hand, and its answer key \
      beside it (see `nntrace quiz --help` for --step, --row, --layer, --kind, --units, --inputs).

      --html writes instead one self-contained interactive page (no network needed) of one or \
      more runs, say a lesson's parts: step through the run, choose any unit, weight or bias to \
      see its formula with the numbers as replay prints it, follow the loss and gradient norms, \
      and for two-input networks the decision boundary. A page stays under 2 MB: a long run \
      keeps every k-th recorded step, and the page says so.
      """)

  @Argument(
    help: ArgumentHelp(
      "A run id, or latest; several (a lesson's parts) for one handout or one --html page.", valueName: "run"))
  var runIDs: [String]

  /// The first run: the one a script or a worksheet is written of.
  var runID: String { runIDs.first ?? "latest" }

  @OptionGroup var database: DatabaseOption

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp("The Markdown file to write.", valueName: "file"))
  var output: String?

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp("pytorch, keras or numpy: write a Python script instead of the report.", valueName: "framework"))
  var framework: String?

  @Flag(help: "Replace the files -o names (the report and its charts) when they exist.")
  var force = false

  @Flag(help: "Write a worksheet of one step (givens and blanks) and, beside it, its answer key (FILE-key.md).")
  var worksheet = false

  @OptionGroup(title: "Worksheet") var exercise: ExerciseOptions

  @Flag(help: "Write an interactive HTML page of the runs instead of the Markdown report.")
  var html = false

  func validate() throws {
    if runIDs.isEmpty { throw ValidationError("Missing expected argument '<run> ...'") }
    if runIDs.count > 1 && (framework != nil || worksheet) {
      throw ValidationError("several runs can be exported together only as a handout or with --html")
    }
    if html && (framework != nil || worksheet) {
      throw ValidationError("--html cannot be used with --as or --worksheet")
    }
    if let framework, FrameworkScript.Framework(rawValue: framework) == nil {
      throw ValidationError("--as: expected pytorch, keras or numpy, found '\(framework)'")
    }
  }

  func run() throws {
    let db = try database.open(readOnly: true)
    if let output { try OutputFile.check(URL(fileURLWithPath: output).path, force: force, database: db.path) }
    if html {
      try writePage(runs: runIDs.map { try RunArgument.resolve($0, in: db) }, database: db, output: output)
      return
    }
    if runIDs.count > 1 {
      try writeHandout(runs: runIDs.map { try RunArgument.resolve($0, in: db) }, database: db)
      return
    }
    let id = try RunArgument.resolve(runID, in: db)
    if worksheet {
      try WorksheetExport.write(run: id, database: db, options: exercise, output: output, force: force)
      return
    }
    if let framework = framework.flatMap(FrameworkScript.Framework.init(rawValue:)) {
      try writeScript(run: id, database: db, framework: framework)
      return
    }
    try writeHandout(runs: [id], database: db)
  }

  /// Writes the handout of one run, or of several side by side, to `-o FILE` (its charts beside it)
  /// or standard output.
  private func writeHandout(runs ids: [Int64], database db: TraceDatabase) throws {
    let report: MarkdownReport.Output
    let url = output.map { URL(fileURLWithPath: $0) }
    do {
      let readers = try ids.map { try TraceReader(database: db, runID: $0) }
      let prefix = url.map { $0.deletingPathExtension().lastPathComponent }
      if let reader = readers.first, readers.count == 1 {
        report = try MarkdownReport(reader: reader, chartPrefix: prefix).render()
      } else {
        report = try ComparisonReport(readers: readers, chartPrefix: prefix).render()
      }
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch {
      throw Failure.database(error)
    }
    guard let url else {
      var standardOutput = StandardOutput()
      standardOutput.write(report.markdown)
      return
    }
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw Failure.report("cannot write \(url.path): \(error.localizedDescription)", status: 1)
    }
    let charts = report.charts.map { (directory.appendingPathComponent($0.fileName).path, Data($0.svg.utf8)) }
    try OutputFile.write([(url.path, Data(report.markdown.utf8))] + charts, force: force, database: db.path)
    var standardError = StandardError()
    let chartNames = report.charts.map(\.fileName).joined(separator: ", ")
    standardError.write("Wrote \(url.path)" + (chartNames.isEmpty ? "" : " and, beside it, \(chartNames)") + ".\n")
  }

  /// Writes the run as a framework script, to `-o FILE` or standard output.
  private func writeScript(run id: Int64, database db: TraceDatabase, framework: FrameworkScript.Framework) throws {
    let script: String
    do {
      script = try FrameworkScript.render(run: id, database: db, as: framework)
    } catch {
      throw Failure.database(error)
    }
    guard let output else {
      var standardOutput = StandardOutput()
      standardOutput.write(script)
      return
    }
    try OutputFile.write(Data(script.utf8), to: output, force: force, database: db.path)
  }
}
