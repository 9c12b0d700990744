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

      The narration is the one `nntrace replay` gives: a short run step by step (the \
      perceptron's right answers counted on one line), a long one its first step in full, \
      all within about 400 lines (--full, --all and the filters tell the rest); then a table \
      of epochs, sparklines of the loss and of each layer's weight gradient, and for a lesson \
      of several parts the parts side by side. --epoch, --step N, --sample, --layer and --kind \
      choose what is told. A bare --step waits at a terminal after each step: Enter for the \
      next, b back, a number to jump, c to continue, q to quit. A progress bar is drawn on \
      standard error for runs that take more than a second, when it is a terminal.

      --seed, --epochs and --lr override the lesson's own values; the run's stored \
      configuration records what was used, so it can be repeated exactly.

      \(CaptureOptions.discussion)

      Ctrl-C (or SIGTERM) stops after the current step: what was computed is kept, the run \
      is marked interrupted and nntrace exits with 130 (128 + the signal). A NaN or infinity \
      stops training too: the run is marked diverged, with the step, layer and quantity where \
      it first appeared, and nntrace exits with 3.
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

  @OptionGroup(title: "Capture") var captureOptions: CaptureOptions

  @Flag(help: "No narration: print only the run id.")
  var quiet = false

  @OptionGroup var narrationOptions: NarrationOptions

  func validate() throws {
    if let seed, seed < 0 { throw ValidationError("--seed: expected 0 or more, found \(seed)") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs: expected at least 1, found \(epochs)") }
    if let lr, !(lr > 0 && lr.isFinite) {
      throw ValidationError("--lr: expected a finite learning rate greater than 0, found \(lr)")
    }
  }

  func run() throws {
    Interrupt.install()
    var session: LessonSession
    do {
      let catalog = LessonCatalog.locate().flatMap { try? LessonCatalog(directory: $0) }
      session = try LessonSession(reference: try LessonReference.resolve(lesson, catalog: catalog))
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
    var runners: [LessonRunner] = []
    for part in session.parts {
      var spec = part
      if let seed { spec.initialization.seed = UInt64(seed) }
      if let epochs { spec.training.epochs = epochs }
      if let lr { spec.optimizer.lr = lr }
      do {
        let loaded = try LessonRunner(spec: spec, lessonName: session.reference.name, directory: session.directory)
        spec.capture = try captureOptions.plan(over: spec, samples: loaded.dataset.inputs.rows)
        runners.append(LessonRunner(spec: spec, lessonName: loaded.lessonName, dataset: loaded.dataset))
      } catch let error as LessonError {
        throw Failure.lesson(error)
      }
    }
    session = LessonSession(reference: session.reference, parts: runners.map(\.spec))
    try captureOptions.checkEstimate(runners.map { ($0.spec.capture ?? CapturePlan(), $0.shape) })

    let db = try database.open()
    var results: [LessonRunner.Result] = []
    for (k, runner) in runners.enumerated() {
      let result = try run(runner, part: k, of: runners.count, database: db)
      results.append(result)
      switch result.status {
      case .completed: continue
      case .diverged:
        if quiet {
          throw Failure.report(
            "run \(result.runID) diverged: \(result.detail ?? "a NaN or infinity appeared"). The trace up to that point is kept.",
            status: Failure.Status.diverged)
        }
        compare(results, database: db)
        recorded(results, database: db)
        throw ExitCode(Failure.Status.diverged)
      case .interrupted:
        compare(results, database: db)
        recorded(results, database: db)
        if Interrupt.received == 0 { return }  // the learner pressed q
        if quiet {
          throw Failure.report(
            "run \(result.runID) interrupted after \(NumberFormat.count(result.outcome.steps, "step")); what was computed is kept.",
            status: Interrupt.exitStatus)
        }
        throw ExitCode(Interrupt.exitStatus)
      case .failed, .running:
        throw Failure.report("run \(result.runID) failed: \(result.detail ?? "unknown reason")", status: 1)
      }
    }
    let runIDs = results.map(\.runID)
    compare(results, database: db)
    // A conclusion's findings read the trace: they are filled in when the run recorded what the
    // lesson's author planned for (its own capture, or everything), not after a thinner capture asked for here.
    let complete = runners.allSatisfy { ($0.spec.capture ?? CapturePlan()) == CapturePlan(policy: .all) }
    if !quiet, complete || !captureOptions.overridesLesson {
      do {
        if let conclusion = try session.conclusion(database: db, runs: runIDs) {
          try db.setConclusion(conclusion, runs: runIDs)
          let narration = RunNarration(
            configuration: try TraceReader(database: db, runID: runIDs[runIDs.count - 1]).configuration,
            style: Terminal(noColor: narrationOptions.noColor).style)
          var output = NarrationOutput()
          output.write(narration.concluding(conclusion))
        }
      } catch let error as LessonError {
        throw Failure.lesson(error)
      } catch let error as TraceStoreError {
        throw Failure.database(error)
      }
    }
    recorded(results, database: db)
  }

  /// The lesson's parts side by side, as `nntrace replay` of the same runs tells them before the conclusion.
  private func compare(_ results: [LessonRunner.Result], database db: TraceDatabase) {
    guard !quiet else { return }
    guard let readers = try? results.map({ try TraceReader(database: db, runID: $0.runID) }),
      PartComparison.applies(to: readers), let text = try? PartComparison(readers).render(style: terminalStyle)
    else { return }
    var output = NarrationOutput()
    output.write(text)
  }

  private var terminalStyle: TextStyle { Terminal(noColor: narrationOptions.noColor).style }

  /// The closing lines: which runs were recorded where, and how to replay them.
  private func recorded(_ results: [LessonRunner.Result], database db: TraceDatabase) {
    guard !quiet, !results.isEmpty else { return }
    let ids = results.map { String($0.runID) }
    let values = NumberFormat.count(results.reduce(0) { $0 + $1.values }, "value")
    var output = NarrationOutput()
    let runs = ids.count == 1 ? "run \(ids[0])" : "runs " + ids.joined(separator: ", ")
    output.write("\nRecorded \(runs) (\(values)) in \(TextSafety.terminal(db.path)).\n")
    output.write("Replay \(ids.count == 1 ? "it" : "them") with: nntrace replay \(ids.joined(separator: " "))\n")
  }

  /// Records part `k` of the lesson, then tells it unless `--quiet`.
  ///
  /// The narration is the replay's: the part is told from the database, by the same code and
  /// from the same values as `nntrace replay`, as soon as it has been recorded. Only with a
  /// bare `--step` at a terminal is each step told while training waits (``LiveNarration``).
  private func run(_ runner: LessonRunner, part k: Int, of parts: Int, database db: TraceDatabase) throws
    -> LessonRunner.Result
  {
    let plan = runner.spec.capture ?? CapturePlan()
    let terminal = Terminal(noColor: narrationOptions.noColor)
    let stepping = !quiet && narrationOptions.interactive && Terminal.interactive
    var collector: LiveCollector?
    var monitor: TraceRecorder?
    var narration: LiveNarration?
    if stepping {
      // Told while training waits, step by step: the narration needs the run's configuration now.
      var configuration: RunConfiguration
      do {
        configuration = try RunConfiguration(lesson: runner.spec)
      } catch {
        throw Failure.report("cannot describe the lesson: \(error)", status: 1)
      }
      configuration.conclusion = nil  // told once, after every part, filled in from the trace
      let told = LiveNarration(
        configuration: configuration, options: narrationOptions, terminal: terminal, showsProgress: false)
      let live = LiveCollector(configuration: configuration, keeps: { told.mayTell($0) })
      live.stepEnded = { step, epoch, trace in
        told.stepEnded(step: step, epoch: epoch, trace: trace, statistics: live.statistics)
      }
      collector = live
      monitor = TraceRecorder(sink: live)
      told.introduce()
      narration = told
    }
    let progress = stepping ? nil : ProgressBar(total: runner.shape.totalSteps)

    let result: LessonRunner.Result
    do {
      result = try runner.run(
        database: db, plan: plan, monitor: monitor,
        onStep: progress.map { bar in { position, loss in bar.update(done: position.step + 1, loss: loss) } },
        shouldStop: { Interrupt.received != 0 || narration?.quitRequested == true })
    } catch {
      throw Failure.database(error)
    }
    progress?.clear()
    var output = NarrationOutput()
    if quiet {
      output.write("\(result.runID)\n")
    } else if let narration, let collector {
      // A step that diverged was kept whole only if it was to be told; the database has it all.
      var unfinished = collector.unfinished
      if unfinished == nil && result.status == .diverged && plan.policy == .all {
        unfinished = try? TraceReader(database: db, runID: result.runID).step(result.outcome.steps)
      }
      narration.finish(result, unfinished: unfinished, statistics: collector.statistics)
    } else {
      do {
        var narrator = ReplayNarrator(
          reader: try TraceReader(database: db, runID: result.runID), style: terminal.style,
          filter: narrationOptions.filter, limits: narrationOptions.limits, all: narrationOptions.all)
        narrator.introduces = k == 0
        narrator.concludes = false
        narrator.parts = parts
        if k > 0 { output.write("\n") }
        try narrator.write(to: &output)
      } catch let error as ReportError {
        throw Failure.report(error.message, status: 1)
      } catch {
        throw Failure.database(error)
      }
    }
    return result
  }
}
