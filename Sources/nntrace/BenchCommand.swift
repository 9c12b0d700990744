import ArgumentParser
import Foundation
import Lessons
import NeuralEngine
import TraceStore
import Tracing

/// `nntrace bench LESSON`: times training inside one process, for performance work (hidden from help).
///
/// `--via engine` trains with ``MLPTrainer`` and no observer at all: the engine's own
/// speed. `--via run` trains through ``LessonRunner`` on a throw-away database as
/// `nntrace run --capture none --quiet` does, and `--via narrated` adds the per-step
/// callback that the narration uses (which puts an observer on the seam): the
/// differences from `engine` are what recording the run and the seam cost. Each
/// repetition trains from the lesson's initial weights again; the median and the
/// fastest time are printed. `--parameters` prints the final parameters instead, one
/// line per layer, as shortest round-trip decimals, to compare engines bit for bit.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time training in-process, without the database (for performance work).",
    shouldDisplay: false)

  @Argument(help: ArgumentHelp("A built-in lesson id or the path of a lesson file.", valueName: "lesson"))
  var lesson: String

  @Option(help: ArgumentHelp("Trainings to time.", valueName: "n"))
  var repetitions = 5

  @Option(
    help: ArgumentHelp(
      "engine (MLPTrainer, no observer), run (LessonRunner, capture none) or narrated (run with a step callback).",
      valueName: "path"))
  var via = "engine"

  @Flag(help: "Print the final parameters instead of timings.")
  var parameters = false

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions: expected at least 1") }
    guard ["engine", "run", "narrated"].contains(via) else {
      throw ValidationError("--via: expected engine, run or narrated")
    }
  }

  func run() throws {
    let reference: LessonReference
    let spec: LessonSpec
    do {
      let catalog = LessonCatalog.locate().flatMap { try? LessonCatalog(directory: $0) }
      reference = try LessonReference.resolve(lesson, catalog: catalog)
      spec = try LessonParser.load(path: reference.path, findings: .store)
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
    guard spec.model == .mlp else {
      throw Failure.report("bench times MLP lessons only", status: Failure.Status.badLesson)
    }
    let runner: LessonRunner
    do {
      let folder = (reference.path as NSString).deletingLastPathComponent
      runner = try LessonRunner(spec: spec, lessonName: reference.name, directory: folder.isEmpty ? "." : folder)
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
    var output = StandardOutput()
    if parameters {
      let trainer = makeTrainer(runner)
      _ = trainer.train(observer: nil)
      for layer in trainer.network.layers {
        output.write((layer.weights.storage + layer.bias).map { "\($0)" }.joined(separator: " ") + "\n")
      }
      return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database =
      via != "engine" ? try TraceDatabase.open(path: directory.appendingPathComponent("b.sqlite").path) : nil

    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<repetitions {
      let trainer: MLPTrainer? = database == nil ? makeTrainer(runner) : nil
      let (wallStart, cpuStart) = (Self.now(CLOCK_MONOTONIC), Self.now(CLOCK_PROCESS_CPUTIME_ID))
      if let database {
        let onStep: ((StepPosition, Double) -> Void)? = via == "narrated" ? { _, _ in } : nil
        _ = try runner.run(database: database, capture: .none, onStep: onStep)
      } else {
        _ = trainer?.train(observer: nil)
      }
      wall.append(Self.now(CLOCK_MONOTONIC) - wallStart)
      cpu.append(Self.now(CLOCK_PROCESS_CPUTIME_ID) - cpuStart)
    }
    func median(_ values: [Double]) -> String { String(format: "%.6f", values.sorted()[values.count / 2]) }
    output.write("\(via): median wall \(median(wall)) s, median cpu \(median(cpu)) s over \(repetitions) trainings\n")
  }

  /// A clock's reading in seconds.
  private static func now(_ clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  private func makeTrainer(_ runner: LessonRunner) -> MLPTrainer {
    let spec = runner.spec
    return MLPTrainer(
      network: runner.makeNetwork(), optimizer: runner.makeOptimizer(), inputs: runner.dataset.inputs,
      targets: runner.dataset.targets,
      plan: TrainingPlan(
        epochs: spec.training.epochs, batchSize: spec.training.batchSize, shuffle: spec.training.shuffle,
        seed: spec.initialization.seed))
  }
}
