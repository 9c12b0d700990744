import Foundation
import NeuralEngine
import TraceStore
import Tracing

/// Runs a resolved lesson on the engine and records it in the trace store.
///
/// The run is registered as `running` before training starts and marked
/// `completed`, `interrupted`, `diverged` or `failed` when it ends, with what
/// was recorded up to then kept.
public struct LessonRunner {
  /// What a finished run reports back.
  public struct Result: Sendable {
    /// The run's id in the database.
    public var runID: Int64
    /// How training ended.
    public var outcome: TrainingOutcome
    /// The status stored for the run.
    public var status: String
    /// Why the run diverged or failed.
    public var detail: String?
    /// Values recorded.
    public var values: Int
  }

  /// The lesson, resolved.
  public let spec: LessonSpec
  /// The `lesson` column: a built-in id or a file path.
  public let lessonName: String

  /// A runner.
  public init(spec: LessonSpec, lessonName: String) {
    self.spec = spec
    self.lessonName = lessonName
  }

  /// The resolved lesson as compact JSON with sorted keys: the run's `config`.
  public func configJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(spec), as: UTF8.self)
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
    RunShape(
      model: spec.model == .perceptron ? .perceptron : .mlp, sizes: spec.layers,
      activations: spec.activations.map(\.name),
      samples: spec.data.inputs.count, epochs: spec.training.epochs, batchSize: spec.training.batchSize,
      shuffle: spec.training.shuffle)
  }

  /// Runs the lesson and records it.
  ///
  /// - Parameters:
  ///   - database: where to record.
  ///   - plan: what to record.
  ///   - onStep: called after each step with its position and loss (the
  ///     perceptron's: its |y − ŷ|); `nil` adds no observer when capture is `none`.
  ///   - shouldStop: polled before each step, e.g. for Ctrl-C.
  /// - Throws: the store's errors when the run cannot even be registered.
  public func run(
    database: TraceDatabase, plan: CapturePlan, onStep: ((StepPosition, Double) -> Void)? = nil,
    shouldStop: @escaping () -> Bool = { false }
  ) throws -> Result {
    let thinning = plan.thinning
    let runID = try database.beginRun(
      lesson: lessonName, title: spec.title, part: nil, config: try configJSON(), capture: plan.policy.name,
      thinning: thinning.isEmpty ? nil : thinning)
    let writer = plan.policy == .none ? nil : TraceWriter(database: database, runID: runID)
    let recorder = writer.flatMap { CaptureObservers.make(plan, shape: shape, sink: $0) }
    let observer: TrainingObserver? =
      recorder == nil && onStep == nil ? nil : StepForwarder(recorder: recorder, onStep: onStep)
    let stop = { shouldStop() || recorder?.shouldStop == true }

    let outcome = train(observer: observer, shouldStop: stop)

    var failure = recorder?.failure
    if failure == nil {
      do { try writer?.flush() } catch { failure = error }
    }
    let status: String
    var detail: String?
    if let failure {
      status = "failed"
      detail = "recording failed: \(failure)"
    } else {
      switch outcome.status {
      case .completed: status = "completed"
      case .interrupted: status = "interrupted"
      case .diverged(let divergence):
        status = "diverged"
        detail = divergence.description
      }
    }
    let values = writer?.valuesCommitted ?? 0
    try database.finishRun(
      runID,
      with: RunEnding(
        status: status, steps: outcome.steps, epochs: outcome.epochs, values: values, finalLoss: outcome.finalLoss,
        detail: detail))
    return Result(runID: runID, outcome: outcome, status: status, detail: detail, values: values)
  }

  /// Builds the model the lesson describes and trains it.
  public func train(observer: TrainingObserver?, shouldStop: @escaping () -> Bool = { false }) -> TrainingOutcome {
    let inputs = Matrix(spec.data.inputs)
    switch spec.model {
    case .perceptron:
      var perceptron = Perceptron(
        weights: spec.weights?[0].w.map { $0[0] } ?? Array(repeating: 0, count: spec.layers[0]),
        bias: spec.weights?[0].b[0] ?? 0, learningRate: spec.optimizer.lr)
      return perceptron.train(
        inputs: inputs, targets: spec.data.targets.map { $0[0] }, epochs: spec.training.epochs, observer: observer,
        shouldStop: shouldStop)
    case .mlp:
      let trainer = MLPTrainer(
        network: makeNetwork(), optimizer: makeOptimizer(), inputs: inputs, targets: Matrix(spec.data.targets),
        plan: TrainingPlan(
          epochs: spec.training.epochs, batchSize: spec.training.batchSize, shuffle: spec.training.shuffle,
          seed: spec.initialization.seed))
      return trainer.train(observer: observer, shouldStop: shouldStop)
    }
  }

  /// The network with its initial parameters: explicit ones, or drawn from the seed.
  public func makeNetwork() -> MLP {
    let activations = spec.activations.map { spec in
      Activation(name: spec.name, slope: spec.slope ?? Activation.defaultLeakySlope) ?? .linear
    }
    let loss = Loss(rawValue: spec.loss ?? "mse") ?? .mse
    if let weights = spec.weights {
      let layers = zip(weights, activations).map { DenseLayer(weights: Matrix($0.w), bias: $0.b, activation: $1) }
      return MLP(layers: layers, loss: loss)
    }
    let initialization = spec.initialization
    let initializer: Initializer =
      switch initialization.name {
      case "zeros": .zeros
      case "normal": .normal(std: initialization.std ?? Initializer.defaultStd)
      case "uniform": .uniform(limit: initialization.limit ?? Initializer.defaultLimit)
      case "he": .he
      default: .xavier
      }
    var random = RandomSource(seed: initialization.seed)
    return MLP(sizes: spec.layers, activations: activations, loss: loss, initializer: initializer, random: &random)
  }

  /// The optimizer with the lesson's hyper-parameters.
  public func makeOptimizer() -> Optimizer {
    let o = spec.optimizer
    let kind: OptimizerKind =
      switch o.name {
      case "momentum": .momentum(beta: o.beta ?? 0.9)
      case "rmsprop": .rmsprop(rho: o.rho ?? 0.99, epsilon: o.eps ?? 1e-8)
      case "adam": .adam(beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.eps ?? 1e-8)
      default: .sgd
      }
    let sizes = zip(spec.layers.dropLast(), spec.layers.dropFirst()).flatMap { [$0 * $1, $1] }
    return Optimizer(kind: kind, learningRate: o.lr, parameterSizes: sizes)
  }
}

/// Passes values on to the recorder, and each step's loss to a callback.
private final class StepForwarder: TrainingObserver {
  let recorder: CaptureObserver?
  let onStep: ((StepPosition, Double) -> Void)?

  init(recorder: CaptureObserver?, onStep: ((StepPosition, Double) -> Void)?) {
    self.recorder = recorder
    self.onStep = onStep
  }

  func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    recorder?.observe(quantity, phase: phase, layer: layer, values: values, samples: samples, at: position)
  }

  func stepDidEnd(at position: StepPosition, loss: Double) {
    recorder?.stepDidEnd(at: position, loss: loss)
    onStep?(position, loss)
  }
}
