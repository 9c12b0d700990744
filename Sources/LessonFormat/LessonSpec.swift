import NeuralEngine
import Tracing

/// A lesson with every default filled in: what a lesson file says, resolved.
///
/// Its vocabulary is the engine's own: activations, the loss, the optimizer and the initialiser are
/// the engine's enums with their hyper-parameters, so an unknown name cannot survive parsing.
/// Encoded as JSON it is the `config` stored with each run, and it is itself a valid lesson file:
/// feeding it back repeats the run exactly.
public struct LessonSpec: Encodable, Sendable, Equatable {
  /// The lesson's title.
  public var title: String
  /// The part's name, in a lesson of several parts (each part is its own run).
  public var part: String?
  /// What the part shows, in a lesson of several parts.
  public var partTitle: String?
  /// One line for `nntrace lessons`.
  public var summary: String?
  /// What the lesson is about, told before it runs.
  public var introduction: String?
  /// What the lesson showed, told after it runs; `{name}` is replaced by finding `name`.
  public var conclusion: String?
  /// Named SQL queries over the trace whose answers fill the conclusion.
  public var findings: [String: String]?
  /// `mlp` or `perceptron`.
  public var model: Model
  /// Sizes: inputs, hidden…, outputs.
  public var layers: [Int]
  /// One per weight layer.
  public var activations: [Activation]
  /// The loss (absent for the perceptron, which has none).
  public var loss: Loss?
  /// The optimizer and its hyper-parameters.
  public var optimizer: OptimizerSpec
  /// How weights are drawn where `weights` is absent; its seed also seeds shuffling.
  public var initialization: InitSpec
  /// Explicit initial parameters, one entry per weight layer.
  public var weights: [LayerWeights]?
  /// The examples.
  public var data: DataSpec
  /// Epochs, batches and order.
  public var training: TrainingSpec
  /// Check every gradient of the first step against central finite differences, into the trace.
  public var gradientCheck: Bool
  /// Measurements recorded after every epoch: `loss`, `accuracy`.
  public var metrics: [String]
  /// What to record (the `capture:` key); `nil` when the file does not say, which means `all`.
  public var capture: CapturePlan? = nil

  /// The two kinds of model.
  public enum Model: String, Encodable, Sendable, CaseIterable {
    /// A multi-layer perceptron trained by backpropagation.
    case mlp
    /// Rosenblatt's perceptron with its own update rule.
    case perceptron
    /// No training: one activation function evaluated, with its derivative, at each input row.
    case activation
  }

  /// Writes the keys of a lesson file; activations as bare names, or `{name, slope}` for `leaky_relu`.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(title, forKey: .title)
    try container.encodeIfPresent(part, forKey: .part)
    try container.encodeIfPresent(partTitle, forKey: .partTitle)
    try container.encodeIfPresent(summary, forKey: .summary)
    try container.encodeIfPresent(introduction, forKey: .introduction)
    try container.encodeIfPresent(conclusion, forKey: .conclusion)
    try container.encodeIfPresent(findings, forKey: .findings)
    try container.encode(model, forKey: .model)
    try container.encode(layers, forKey: .layers)
    try container.encode(activations.map(EncodedActivation.init), forKey: .activations)
    try container.encodeIfPresent(loss?.name, forKey: .loss)
    try container.encode(optimizer, forKey: .optimizer)
    try container.encode(initialization, forKey: .initialization)
    try container.encodeIfPresent(weights, forKey: .weights)
    try container.encode(data, forKey: .data)
    try container.encode(training, forKey: .training)
    try container.encode(gradientCheck, forKey: .gradientCheck)
    try container.encode(metrics, forKey: .metrics)
    try container.encodeIfPresent(capture, forKey: .capture)
  }

  enum CodingKeys: String, CodingKey {
    case title, part
    case partTitle = "part_title"
    case summary, introduction, conclusion, findings, model, layers, activations, loss, optimizer
    case initialization = "init"
    case weights, data, training
    case gradientCheck = "gradient_check"
    case metrics, capture
  }
}

/// An activation as a lesson file writes it: a bare name, or `{name, slope}` for `leaky_relu`.
private struct EncodedActivation: Encodable {
  let activation: Activation

  func encode(to encoder: Encoder) throws {
    if case .leakyReLU(let slope) = activation {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(activation.name, forKey: .name)
      try container.encode(slope, forKey: .slope)
    } else {
      var container = encoder.singleValueContainer()
      try container.encode(activation.name)
    }
  }

  enum CodingKeys: String, CodingKey { case name, slope }
}

/// The optimizer: the engine's rule with its hyper-parameters, and the learning rate.
public struct OptimizerSpec: Encodable, Sendable, Equatable {
  /// The update rule; `nil` for the perceptron's own rule.
  public var rule: OptimizerKind?
  /// The learning rate.
  public var lr: Double

  /// A spec.
  public init(rule: OptimizerKind?, lr: Double) {
    self.rule = rule
    self.lr = lr
  }

  /// Writes `name`, `lr` and the rule's hyper-parameters under their lesson-file keys.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(rule?.name, forKey: .name)
    try container.encode(lr, forKey: .lr)
    switch rule {
    case .momentum(let beta):
      try container.encode(beta, forKey: .beta)
    case .rmsprop(let rho, let epsilon):
      try container.encode(rho, forKey: .rho)
      try container.encode(epsilon, forKey: .eps)
    case .adam(let beta1, let beta2, let epsilon):
      try container.encode(beta1, forKey: .beta1)
      try container.encode(beta2, forKey: .beta2)
      try container.encode(epsilon, forKey: .eps)
    case .sgd, nil:
      break
    }
  }

  enum CodingKeys: String, CodingKey { case name, lr, beta, rho, beta1, beta2, eps }
}

/// How the initial weights are drawn, and the run's seed.
public struct InitSpec: Encodable, Sendable, Equatable {
  /// The initialiser, with its parameter.
  public var initializer: Initializer
  /// The run's seed: draws the weights and shuffles the data.
  public var seed: UInt64

  /// A spec.
  public init(initializer: Initializer, seed: UInt64) {
    self.initializer = initializer
    self.seed = seed
  }

  /// Writes `name`, `seed`, and `normal`'s `std` or `uniform`'s `limit`.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(initializer.name, forKey: .name)
    try container.encode(seed, forKey: .seed)
    switch initializer {
    case .normal(let std): try container.encode(std, forKey: .std)
    case .uniform(let limit): try container.encode(limit, forKey: .limit)
    case .zeros, .xavier, .he: break
    }
  }

  enum CodingKeys: String, CodingKey { case name, seed, std, limit }
}
