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

  /// The resolved lesson as compact JSON with sorted keys: the run's `config`.
  ///
  /// The data rows are written directly, in exactly the form `JSONEncoder` gives
  /// (each number's shortest round-trip decimal, without a trailing `.0`): for a
  /// data set of a hundred thousand numbers that takes a few milliseconds, where
  /// `JSONEncoder` took tens.
  public func configJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let inputs = spec.data.inputs else {
      return String(decoding: try encoder.encode(spec), as: UTF8.self)
    }
    var withoutRows = spec
    withoutRows.data.inputs = []
    withoutRows.data.targets = spec.data.targets.map { _ in [] }
    var json = String(decoding: try encoder.encode(withoutRows), as: UTF8.self)
    for (key, rows) in [("inputs", inputs), ("targets", spec.data.targets)] {
      guard let rows, let range = json.range(of: "\"\(key)\":[]") else { continue }
      var text = "\"\(key)\":"
      Self.appendRows(rows, to: &text)
      json.replaceSubrange(range, with: text)
    }
    return json
  }

  /// Appends `[[x, …], …]` as `JSONEncoder` writes it.
  static func appendRows(_ rows: [[Double]], to json: inout String) {
    json += "["
    for (r, row) in rows.enumerated() {
      json += r == 0 ? "[" : ",["
      for (c, value) in row.enumerated() {
        if c > 0 { json += "," }
        if value == value.rounded(), abs(value) < 1e15, value != 0 || value.sign == .plus {
          json += String(Int64(value))  // what JSONEncoder writes for a whole number, without printing a double
        } else {
          let text = value.description
          json += text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)
        }
      }
      json += "]"
    }
    json += "]"
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
      model: model, sizes: spec.layers, activations: spec.activations.map(\.name), samples: dataset.inputs.rows,
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
    database: TraceDatabase, plan: CapturePlan, monitor: TrainingObserver? = nil,
    onStep: ((StepPosition, Double) -> Void)? = nil, shouldStop: @escaping () -> Bool = { false }
  ) throws -> Result {
    let thinning = plan.thinning
    let runID = try database.beginRun(
      lesson: lessonName, title: spec.title, part: spec.part, config: try configJSON(), capture: plan.policy.name,
      thinning: thinning.isEmpty ? nil : thinning)
    let writer = TraceWriter(database: database, runID: runID)
    let recorder = CaptureObservers.make(plan, shape: shape, sink: writer)
    var inputFailure: Error?
    if RunInputs.areRecordedApart(by: plan), let inputs = runInputs {
      if let recorder {
        recorder.recordInputs(inputs)
      } else {
        do { try inputs.record(into: writer) } catch { inputFailure = error }
      }
    }
    let stop = { shouldStop() || recorder?.shouldStop == true || inputFailure != nil }

    let outcome = train(recorder: recorder, monitor: monitor, onStep: onStep, shouldStop: stop)

    var failure = inputFailure ?? recorder?.failure
    if failure == nil {
      do { try writer.flush() } catch { failure = error }
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
    recorder: CaptureObserver?, monitor: TrainingObserver? = nil, onStep: ((StepPosition, Double) -> Void)? = nil,
    shouldStop: @escaping () -> Bool = { false }
  ) -> TrainingOutcome {
    switch spec.model {
    case .activation:
      return evaluateActivation(recorder: recorder)
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

  private var plan: TrainingPlan {
    TrainingPlan(
      epochs: spec.training.epochs, batchSize: spec.training.batchSize, shuffle: spec.training.shuffle,
      seed: spec.initialization.seed)
  }

  private func trainNetwork(
    recorder: CaptureObserver?, monitor: TrainingObserver?, onStep: ((StepPosition, Double) -> Void)?,
    shouldStop: @escaping () -> Bool
  ) -> TrainingOutcome {
    let network = makeNetwork()
    let trainer = MLPTrainer(
      network: network, optimizer: makeOptimizer(), inputs: dataset.inputs, targets: dataset.targets, plan: plan)
    guard recorder != nil || monitor != nil || onStep != nil else {
      return trainer.train(observer: nil, shouldStop: shouldStop)
    }
    let forwarder = StepForwarder(recorder: recorder, monitor: monitor, onStep: onStep)
    if let recorder {
      Evaluation.recordTargetScaling(of: dataset, layer: spec.layers.count - 1, into: recorder)
      let check = spec.gradientCheck ? GradientCheck(network: network, batch: firstBatch()) : nil
      let stepsPerEpoch = plan.batches(of: Array(0..<dataset.inputs.rows)).count
      forwarder.afterStep = { [dataset, spec] position in
        if position.step == 0 { check?.record(into: recorder, at: position) }
        if (position.step + 1) % stepsPerEpoch == 0 && !spec.metrics.isEmpty {
          Evaluation(network: trainer.network, dataset: dataset, metrics: spec.metrics)
            .recordEpoch(into: recorder, at: position)
        }
      }
    }
    let outcome = trainer.train(observer: forwarder, shouldStop: shouldStop)
    if let recorder, outcome.status == .completed, dataset.testInputs != nil {
      Evaluation(network: trainer.network, dataset: dataset, metrics: spec.metrics)
        .recordHeldOutOutputs(into: recorder, at: StepPosition(epoch: outcome.epochs - 1, step: outcome.steps - 1))
    }
    return outcome
  }

  /// The rows of the first batch, exactly as the trainer will take them.
  private func firstBatch() -> (inputs: Matrix, targets: Matrix) {
    let plan = self.plan
    var shuffler = plan.shuffleSource()
    let order = plan.shuffle ? shuffler.permutation(dataset.inputs.rows) : Array(0..<dataset.inputs.rows)
    let rows = Array(plan.batches(of: order)[0])
    return (dataset.inputs.selectingRows(rows), dataset.targets.selectingRows(rows))
  }

  /// Evaluates the lesson's activation function at each input row, recording z, a and f′(z).
  private func evaluateActivation(recorder: CaptureObserver?) -> TrainingOutcome {
    let position = StepPosition(epoch: 0, step: 0)
    let spec = self.spec.activations[0]
    let activation = Activation(name: spec.name, slope: spec.slope ?? Activation.defaultLeakySlope) ?? .linear
    let z = dataset.inputs
    var a = Matrix(rows: z.rows, cols: z.cols)
    var derivative = Matrix(rows: z.rows, cols: z.cols)
    for r in 0..<z.rows {
      let zRow = z.row(r)
      var aRow = Array(repeating: 0.0, count: z.cols)
      zRow.withUnsafeBufferPointer { zb in
        aRow.withUnsafeMutableBufferPointer { ab in activation.apply(zb, to: ab) }
      }
      for c in 0..<z.cols {
        a[r, c] = aRow[c]
        // For softmax, the diagonal of the Jacobian: ∂a_i/∂z_i = a_i (1 − a_i).
        derivative[r, c] =
          activation == .softmax ? aRow[c] * (1 - aRow[c]) : activation.derivative(z: zRow[c], a: aRow[c])
      }
    }
    if let recorder {
      let samples = Array(0..<z.rows)
      recorder.observe(.x, phase: .forward, layer: 0, values: z, samples: samples, at: position)
      recorder.observe(.z, phase: .forward, layer: 1, values: z, samples: samples, at: position)
      recorder.observe(.a, phase: .forward, layer: 1, values: a, samples: samples, at: position)
      if let kind = TraceKind.named("derivative", in: .backward) {
        for r in 0..<z.rows {
          recorder.record(kind, layer: 1, sample: r, shape: .vector, values: derivative.row(r), at: position)
        }
      }
      recorder.stepDidEnd(at: position, loss: 0)
    }
    return TrainingOutcome(status: .completed, steps: 1, epochs: 1, finalLoss: nil)
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

/// Passes values on to the recorder and the monitor, and each step's loss to a callback.
private final class StepForwarder: TrainingObserver {
  let recorder: CaptureObserver?
  let monitor: TrainingObserver?
  let onStep: ((StepPosition, Double) -> Void)?
  /// Runs after the recorder has seen the end of a step: the lesson's extras.
  var afterStep: ((StepPosition) -> Void)?

  init(recorder: CaptureObserver?, monitor: TrainingObserver?, onStep: ((StepPosition, Double) -> Void)?) {
    self.recorder = recorder
    self.monitor = monitor
    self.onStep = onStep
  }

  func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    recorder?.observe(quantity, phase: phase, layer: layer, values: values, samples: samples, at: position)
    monitor?.observe(quantity, phase: phase, layer: layer, values: values, samples: samples, at: position)
  }

  func stepDidEnd(at position: StepPosition, loss: Double) {
    afterStep?(position)
    recorder?.stepDidEnd(at: position, loss: loss)
    monitor?.stepDidEnd(at: position, loss: loss)
    onStep?(position, loss)
  }
}

extension Matrix {
  /// The given rows, in the given order.
  func selectingRows(_ rows: [Int]) -> Matrix {
    Matrix(rows: rows.count, cols: cols, storage: rows.flatMap { row($0) })
  }
}
