import ArgumentParser
import Foundation
import Lessons
import NeuralEngine
import Reports
import TraceStore
import Tracing

/// `nntrace run LESSON`: trains a lesson, records its trace and narrates it.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a lesson, record every value it computes, and narrate its arithmetic.",
    discussion: """
      LESSON is a built-in lesson id (see `nntrace lessons`) or the path of a lesson file. \
      The run ends by naming its id; replay it with `nntrace replay ID`.

      The narration is the one `nntrace replay` gives: a short run step by step, a long one \
      its first and last steps in full and a line per epoch in between, then sparklines of the \
      loss and of each layer's gradient norm. --epoch, --step N, --sample, --layer and --kind \
      choose what is told. A bare --step waits at a terminal after each step: Enter for the \
      next, b back, a number to jump, c to continue, q to quit. A progress bar is drawn on \
      standard error for runs that take more than a second, when it is a terminal.

      --seed, --epochs and --lr override the lesson's own values; the run's stored \
      configuration records what was used, so it can be repeated exactly.
      """)

  @Argument(help: ArgumentHelp("A built-in lesson id or the path of a lesson file.", valueName: "lesson"))
  var lesson: String

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("Seed for initial weights and shuffling (overrides init.seed).", valueName: "n"))
  var seed: Int?

  @Option(help: ArgumentHelp("Number of epochs (overrides training.epochs).", valueName: "n"))
  var epochs: Int?

  @Option(help: ArgumentHelp("Learning rate (overrides optimizer.lr).", valueName: "x"))
  var lr: Double?

  @Option(
    help: ArgumentHelp(
      "What to record: all (every value of every step) or none (the run and its result only).", valueName: "policy"))
  var capture: String = "all"

  @Flag(help: "No narration: print only the run id.")
  var quiet = false

  @OptionGroup var narrationOptions: NarrationOptions

  func validate() throws {
    if let seed, seed < 0 { throw ValidationError("--seed: expected 0 or more, found \(seed)") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs: expected at least 1, found \(epochs)") }
    if let lr, !(lr > 0 && lr.isFinite) {
      throw ValidationError("--lr: expected a finite learning rate greater than 0, found \(lr)")
    }
    if CapturePolicy(rawValue: capture) == nil {
      throw ValidationError("--capture: expected all or none, found '\(capture)'")
    }
  }

  func run() throws {
    var session: LessonSession
    do {
      let catalog = LessonCatalog.locate().flatMap { try? LessonCatalog(directory: $0) }
      session = try LessonSession(reference: try LessonReference.resolve(lesson, catalog: catalog))
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
    let parts = session.parts.map { part in
      var spec = part
      if let seed { spec.initialization.seed = UInt64(seed) }
      if let epochs { spec.training.epochs = epochs }
      if let lr { spec.optimizer.lr = lr }
      return spec
    }
    session = LessonSession(reference: session.reference, parts: parts)
    let policy = CapturePolicy(rawValue: capture) ?? .all
    let runners: [LessonRunner]
    do {
      runners = try parts.map {
        try LessonRunner(spec: $0, lessonName: session.reference.name, directory: session.directory)
      }
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }

    let db = try database.open()
    Interrupt.install()
    var runIDs: [Int64] = []
    for runner in runners {
      let result = try run(runner, database: db, policy: policy)
      runIDs.append(result.runID)
      switch result.status {
      case "completed": continue
      case "diverged": throw ExitCode(Failure.Status.diverged)
      case "interrupted":
        if Interrupt.received == 0 { return }  // the learner pressed q
        throw ExitCode(128 + Interrupt.received)
      default:
        throw Failure.report("run \(result.runID) failed: \(result.detail ?? "unknown reason")", status: 1)
      }
    }
    guard !quiet, policy != .none else { return }
    do {
      if let conclusion = try session.conclusion(database: db, runs: runIDs) {
        let terminal = Terminal(noColor: narrationOptions.noColor)
        var output = StandardOutput()
        output.write(
          "\n" + terminal.style.bold("Conclusion") + "\n" + conclusion.trimmingCharacters(in: .whitespacesAndNewlines)
            + "\n")
      }
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
  }

  /// Runs one part of the lesson, narrating it live unless `--quiet`.
  private func run(_ runner: LessonRunner, database db: TraceDatabase, policy: CapturePolicy) throws
    -> LessonRunner.Result
  {
    var configuration: RunConfiguration
    do {
      configuration = try RunConfiguration(json: try runner.configJSON())
    } catch {
      throw Failure.report("cannot describe the lesson: \(error)", status: 1)
    }
    configuration.conclusion = nil  // told once, after every part, filled in from the trace

    let narration =
      quiet
      ? nil
      : LiveNarration(
        configuration: configuration, options: narrationOptions, terminal: Terminal(noColor: narrationOptions.noColor),
        showsProgress: true)
    let quietProgress = quiet ? ProgressBar(total: configuration.epochs * configuration.stepsPerEpoch) : nil
    var collector: LiveCollector?
    var monitor: TraceRecorder?
    if let narration {
      let live = LiveCollector(configuration: configuration, keeps: { narration.mayTell($0) })
      live.stepEnded = { step, epoch, trace in
        narration.stepEnded(step: step, epoch: epoch, trace: trace, statistics: live.statistics)
      }
      collector = live
      monitor = TraceRecorder(sink: live)
      narration.introduce()
    }

    let result: LessonRunner.Result
    do {
      result = try runner.run(
        database: db, capture: policy, monitor: monitor,
        onStep: quietProgress.map { bar in { position, loss in bar.update(done: position.step + 1, loss: loss) } },
        shouldStop: { Interrupt.received != 0 || narration?.quitRequested == true })
    } catch {
      throw Failure.database(error)
    }
    quietProgress?.clear()
    if let narration, let collector {
      // A step that diverged was kept whole only if it was to be told; the database has it all.
      var unfinished = collector.unfinished
      if unfinished == nil && result.status == "diverged" && policy == .all {
        unfinished = try? TraceReader(database: db, runID: result.runID).step(result.outcome.steps)
      }
      narration.finish(result, unfinished: unfinished, statistics: collector.statistics, database: db.path)
    } else {
      var output = StandardOutput()
      output.write("\(result.runID)\n")
    }
    return result
  }
}
