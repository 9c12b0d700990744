import Foundation
import NeuralEngine
import TraceStore
import Tracing

/// Runs one resolved lesson (or one part of a lesson) on the engine and records it in the trace store.
///
/// The run is registered as `running` before training starts and marked
/// `completed`, `interrupted`, `diverged` or `failed` when it ends, with what
/// was recorded up to then kept. Besides what the engine offers, the runner
/// records the lesson's extras: the gradient check of the first step, the
/// metrics after every epoch, and the held-out rows' outputs after training.
public struct LessonRunner {
  /// What a finished run reports back.
  public struct Result: Sendable {
    /// The run's id in the database.
    public var runID: Int64
    /// How training ended.
    public var outcome: TrainingOutcome
    /// The status stored for the run.
    public var status: RunStatus
    /// Why the run diverged or failed.
    public var detail: String?
    /// Values recorded.
    public var values: Int
  }

  /// The lesson, resolved.
  public let spec: LessonSpec
  /// The `lesson` column: a built-in id or a file path.
  public let lessonName: String
  /// The examples, loaded and prepared.
  public let dataset: Dataset

  /// A runner for a lesson whose data is already loaded.
  public init(spec: LessonSpec, lessonName: String, dataset: Dataset) {
    self.spec = spec
    self.lessonName = lessonName
    self.dataset = dataset
  }

  /// A runner that loads the lesson's data, CSV paths relative to `directory`.
  ///
  /// - Throws: ``LessonError`` for unreadable or malformed data.
  public init(spec: LessonSpec, lessonName: String, directory: String) throws {
    let dataset = try Dataset.load(
      spec.data, layers: spec.layers, seed: spec.initialization.seed, directory: directory)
    self.init(spec: spec, lessonName: lessonName, dataset: dataset)
  }

  /// The resolved lesson as compact JSON with sorted keys: the run's `config` (``LessonSpec/configJSON()``).
  public func configJSON() throws -> String {
    try spec.configJSON()
  }

  /// Runs the lesson and records it with `capture` and no thinning.
  public func run(
    database: TraceDatabase, capture: CapturePolicy, onStep: ((StepPosition, Double) -> Void)? = nil,
    shouldStop: @escaping () -> Bool = { false }
  ) throws -> Result {
    try run(database: database, plan: CapturePlan(policy: capture), onStep: onStep, shouldStop: shouldStop)
  }

  /// What the run will compute, for capture policies: sizes, activations, data and schedule.
  public var shape: RunShape {
    let model: RunShape.Model =
      switch spec.model {
      case .perceptron: .perceptron
      case .activation: .activation
      case .mlp: .mlp
      }
    return RunShape(
      model: model, sizes: spec.layers, activations: spec.activations, samples: dataset.inputs.rows,
      epochs: spec.training.epochs, batchSize: spec.training.batchSize, shuffle: spec.training.shuffle)
  }

  /// Runs the lesson and records what `plan` asks for.
  ///
  /// - Parameters:
  ///   - database: where to record.
  ///   - plan: what to record: a policy and its thinning.
  ///   - monitor: also sees every value, whatever `plan` says (live narration).
  ///   - onStep: called after each step with its position and loss (the
  ///     perceptron's: its |y − ŷ|); `nil` adds no observer when capture is `none`.
  ///   - shouldStop: polled before each step, e.g. for Ctrl-C.
  /// - Throws: the store's errors when the run cannot even be registered.
  public func run(
    database: TraceDatabase, plan: CapturePlan, monitor: CaptureObserver? = nil,
    onStep: ((StepPosition, Double) -> Void)? = nil, shouldStop: @escaping () -> Bool = { false }
  ) throws -> Result {
    let thinning = plan.thinning
    let runID = try database.beginRun(
      lesson: lessonName, title: spec.title, part: spec.part, config: try configJSON(), capture: plan.policy.name,
      thinning: thinning.isEmpty ? nil : thinning)
    let writer = TraceWriter(database: database, runID: runID)
    let recorder = CaptureObservers.make(plan, shape: shape, sink: writer)
    var inputs: InputsWrite?
    if RunInputs.areRecordedApart(by: plan), let runInputs {
      if let recorder {
        recorder.recordInputs(runInputs)
      } else {
        // Nothing else writes while the network trains: the inputs are committed meanwhile, on another thread.
        inputs = InputsWrite(runInputs, into: writer)
      }
    }
    let stop = { shouldStop() || recorder?.shouldStop == true || inputs?.hasFailed == true }

    let outcome = train(recorder: recorder, monitor: monitor, onStep: onStep, shouldStop: stop)

    var failure = inputs?.wait() ?? recorder?.failure
    if failure == nil {
      do { try writer.flush() } catch { failure = error }
    }
    let status: RunStatus
    var detail: String?
    if let failure {
      status = .failed
      detail = "recording failed: \(failure)"
    } else {
      switch outcome.status {
      case .completed: status = .completed
      case .interrupted: status = .interrupted
      case .diverged(let divergence):
        status = .diverged
        detail = divergence.description
      }
    }
    let values = writer.valuesCommitted
    try database.finishRun(
      runID,
      with: RunEnding(
        status: status, steps: outcome.steps, epochs: outcome.epochs, values: values, finalLoss: outcome.finalLoss,
        detail: detail))
    return Result(runID: runID, outcome: outcome, status: status, detail: detail, values: values)
  }

  /// What the run starts from, recorded apart unless the capture is full: the training rows, the
  /// initial parameters and the order of shuffled rows; `nil` for an activation lesson, which trains nothing.
  public var runInputs: RunInputs? {
    switch spec.model {
    case .activation:
      return nil
    case .perceptron:
      let n = spec.layers[0]
      let w = spec.weights?[0].w.map { $0[0] } ?? Array(repeating: 0, count: n)
      return RunInputs(
        inputs: dataset.inputs, targets: dataset.targets, weights: [Matrix(rows: n, cols: 1, storage: w)],
        biases: [[spec.weights?[0].b[0] ?? 0]], epochOrders: nil)
    case .mlp:
      let network = makeNetwork()
      return RunInputs(
        inputs: dataset.inputs, targets: dataset.targets, weights: network.layers.map(\.weights),
        biases: network.layers.map(\.bias),
        epochOrders: plan.shuffle ? plan.epochOrders(samples: dataset.inputs.rows) : nil)
    }
  }

  /// Builds the model the lesson describes and trains it, offering every value to `recorder`.
  public func train(
    recorder: CaptureObserver?, monitor: CaptureObserver? = nil, onStep: ((StepPosition, Double) -> Void)? = nil,
    shouldStop: @escaping () -> Bool = { false }
  ) -> TrainingOutcome {
    switch spec.model {
    case .activation:
      // Nothing is trained: the one pass is cheap, so each observer gets its own.
      let lesson = ActivationLesson(activation: spec.activations[0], inputs: dataset.inputs)
      if let monitor { _ = lesson.run(recorder: monitor) }
      return lesson.run(recorder: recorder)
    case .perceptron:
      var perceptron = Perceptron(
        weights: spec.weights?[0].w.map { $0[0] } ?? Array(repeating: 0, count: spec.layers[0]),
        bias: spec.weights?[0].b[0] ?? 0, learningRate: spec.optimizer.lr)
      let observer =
        recorder == nil && monitor == nil && onStep == nil
        ? nil : StepForwarder(recorder: recorder, monitor: monitor, onStep: onStep)
      return perceptron.train(
        inputs: dataset.inputs, targets: dataset.targets.storage, epochs: spec.training.epochs,
        observer: observer, shouldStop: shouldStop)
    case .mlp:
      return trainNetwork(recorder: recorder, monitor: monitor, onStep: onStep, shouldStop: shouldStop)
    }
  }
}
