import Tracing

/// A lesson with every default filled in: what a lesson file says, resolved.
///
/// Encoded as JSON it is the `config` stored with each run, and it is itself
/// a valid lesson file: feeding it back repeats the run exactly.
public struct LessonSpec: Codable, Sendable, Equatable {
  /// The lesson's title.
  public var title: String
  /// One line for `nntrace lessons`.
  public var summary: String?
  /// What the lesson is about, told before it runs.
  public var introduction: String?
  /// What the lesson showed, told after it runs.
  public var conclusion: String?
  /// `mlp` or `perceptron`.
  public var model: Model
  /// Sizes: inputs, hidden…, outputs.
  public var layers: [Int]
  /// One per weight layer.
  public var activations: [ActivationSpec]
  /// The loss (absent for the perceptron, which has none).
  public var loss: String?
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
  /// What to record (the `capture:` key); `nil` when the file does not say, which means `all`.
  public var capture: CapturePlan? = nil

  /// The two kinds of model.
  public enum Model: String, Codable, Sendable, CaseIterable {
    /// A multi-layer perceptron trained by backpropagation.
    case mlp
    /// Rosenblatt's perceptron with its own update rule.
    case perceptron
  }

  enum CodingKeys: String, CodingKey {
    case title, summary, introduction, conclusion, model, layers, activations, loss, optimizer
    case initialization = "init"
    case weights, data, training, capture
  }
}

/// An activation by name, with `leaky_relu`'s slope.
public struct ActivationSpec: Codable, Sendable, Equatable {
  /// The activation's name.
  public var name: String
  /// `leaky_relu`'s slope for negative z; `nil` for the others.
  public var slope: Double?

  /// A spec.
  public init(name: String, slope: Double? = nil) {
    self.name = name
    self.slope = slope
  }

  /// Written as a bare name, or as `{name, slope}` for `leaky_relu`.
  public func encode(to encoder: Encoder) throws {
    if let slope {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(slope, forKey: .slope)
    } else {
      var container = encoder.singleValueContainer()
      try container.encode(name)
    }
  }

  /// Reads either form.
  public init(from decoder: Decoder) throws {
    if let name = try? decoder.singleValueContainer().decode(String.self) {
      self.init(name: name)
    } else {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      self.init(
        name: try container.decode(String.self, forKey: .name),
        slope: try container.decodeIfPresent(Double.self, forKey: .slope))
    }
  }

  enum CodingKeys: String, CodingKey { case name, slope }
}

/// An optimizer by name with its hyper-parameters; unused ones are `nil`.
public struct OptimizerSpec: Codable, Sendable, Equatable {
  /// `sgd`, `momentum`, `rmsprop` or `adam`; `nil` for the perceptron's own rule.
  public var name: String?
  /// The learning rate.
  public var lr: Double
  /// Momentum's β.
  public var beta: Double?
  /// RMSprop's ρ.
  public var rho: Double?
  /// Adam's β₁.
  public var beta1: Double?
  /// Adam's β₂.
  public var beta2: Double?
  /// RMSprop's and Adam's ε.
  public var eps: Double?
}

/// An initialiser by name with its parameters.
public struct InitSpec: Codable, Sendable, Equatable {
  /// `zeros`, `normal`, `uniform`, `xavier` or `he`.
  public var name: String
  /// The run's seed: draws the weights and shuffles the data.
  public var seed: UInt64
  /// `normal`'s standard deviation.
  public var std: Double?
  /// `uniform`'s limit.
  public var limit: Double?
}

/// One layer's explicit parameters.
public struct LayerWeights: Codable, Sendable, Equatable {
  /// `n_in` rows of `n_out` numbers: `w[j][i]` from unit `j` below to unit `i`.
  public var w: [[Double]]
  /// `n_out` biases.
  public var b: [Double]
}

/// The examples, one row each.
public struct DataSpec: Codable, Sendable, Equatable {
  /// Input rows.
  public var inputs: [[Double]]
  /// Target rows.
  public var targets: [[Double]]
}

/// How to go through the data.
public struct TrainingSpec: Codable, Sendable, Equatable {
  /// Passes over the data.
  public var epochs: Int
  /// Samples per step.
  public var batchSize: Int
  /// Reorder the rows each epoch.
  public var shuffle: Bool

  enum CodingKeys: String, CodingKey {
    case epochs
    case batchSize = "batch_size"
    case shuffle
  }
}
