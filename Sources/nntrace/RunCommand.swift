import ArgumentParser
import Foundation
import Lessons
import NeuralEngine
import TraceStore
import Tracing

/// `nntrace run LESSON`: trains a lesson, records its trace and narrates it.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a lesson, record every value it computes, and narrate it.",
    discussion: """
      LESSON is a built-in lesson id (see `nntrace lessons`) or the path of a lesson file. \
      The run ends by naming its id; replay it with `nntrace replay ID`.

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

  @Flag(help: "Wait for Enter after each narrated epoch (only when standard input is a terminal).")
  var step = false

  @Flag(help: "No colours (also when NO_COLOR is set or output is not a terminal).")
  var noColor = false

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
    let terminal = Terminal(noColor: noColor)
    var output = StandardOutput()
    var runIDs: [Int64] = []
    for (index, runner) in runners.enumerated() {
      let spec = runner.spec
      let narration = quiet ? nil : EpochNarration(spec: spec, terminal: terminal, pauses: step && Terminal.interactive)
      narration?.introduce(withLessonIntroduction: index == 0, to: &output)
      let result: LessonRunner.Result
      do {
        result = try runner.run(
          database: db, plan: spec.capture ?? CapturePlan(),
          onStep: narration.map { narration in { narration.step($0, loss: $1) } },
          shouldStop: { Interrupt.received != 0 })
      } catch {
        throw Failure.database(error)
      }
      runIDs.append(result.runID)
      if let narration {
        narration.finish(result, database: db.path, to: &output)
      } else {
        output.write("\(result.runID)\n")
      }
      switch result.status {
      case "completed": continue
      case "diverged":
        if quiet {
          throw Failure.report(
            "run \(result.runID) diverged: \(result.detail ?? "a NaN or infinity appeared"). The trace up to that point is kept.",
            status: Failure.Status.diverged)
        }
        throw ExitCode(Failure.Status.diverged)
      case "interrupted":
        if quiet {
          throw Failure.report(
            "run \(result.runID) interrupted after \(result.outcome.steps) steps; what was computed is kept.",
            status: Interrupt.exitStatus)
        }
        throw ExitCode(Interrupt.exitStatus)
      default:
        throw Failure.report("run \(result.runID) failed: \(result.detail ?? "unknown reason")", status: 1)
      }
    }
    // A conclusion's findings query the full trace: only runs that recorded all of it can fill them.
    let complete = runners.allSatisfy { ($0.spec.capture ?? CapturePlan()) == CapturePlan(policy: .all) }
    guard !quiet, complete else { return }
    do {
      if let conclusion = try session.conclusion(database: db, runs: runIDs) {
        output.write(
          "\n" + terminal.bold("Conclusion") + "\n" + conclusion.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
      }
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
  }
}
