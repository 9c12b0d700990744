import Tracing

/// A lesson with every default filled in: what a lesson file says, resolved.
///
/// Encoded as JSON it is the `config` stored with each run, and it is itself
/// a valid lesson file: feeding it back repeats the run exactly.
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

/// An activation by name, with `leaky_relu`'s slope.
public struct ActivationSpec: Encodable, Sendable, Equatable {
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

  enum CodingKeys: String, CodingKey { case name, slope }
}

/// An optimizer by name with its hyper-parameters; unused ones are `nil`.
public struct OptimizerSpec: Encodable, Sendable, Equatable {
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
public struct InitSpec: Encodable, Sendable, Equatable {
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
public struct LayerWeights: Encodable, Sendable, Equatable {
  /// `n_in` rows of `n_out` numbers: `w[j][i]` from unit `j` below to unit `i`.
  public var w: [[Double]]
  /// `n_out` biases.
  public var b: [Double]
}

/// The examples: inline rows, or columns of a CSV file; optionally standardised and split.
public struct DataSpec: Encodable, Sendable, Equatable {
  /// Inline input rows.
  public var inputs: [[Double]]?
  /// Inline target rows (absent for activation lessons).
  public var targets: [[Double]]?
  /// A CSV file, relative to the lesson file's folder.
  public var csv: String?
  /// Whether the CSV file's first line is a header.
  public var header: Bool
  /// The CSV columns (0-based) holding the inputs; absent means every column not used for targets.
  public var features: [Int]?
  /// The CSV column holding a class number 0…K−1, turned into one-hot targets over the K output
  /// units (with one output unit, the number itself).
  public var label: Int?
  /// The CSV columns holding numeric targets, as they are.
  public var targetColumns: [Int]?
  /// A CSV column of class numbers kept with the held-out rows (kind `test_class`) but not trained on.
  public var classColumn: Int?
  /// Scale each input column to mean 0 and standard deviation 1 (statistics of the training rows).
  public var standardize: Bool
  /// Scale each target column the same way (regression); the statistics are recorded
  /// (kinds `target_mean`, `target_std`) so errors can be told in the target's own units.
  public var standardizeTargets: Bool
  /// The share of rows held out for testing, chosen by the lesson's seed.
  public var testFraction: Double
  /// For CSV data, the number of training rows the file gives (filled in by the parser).
  public var rows: Int?

  /// Inline data, nothing else.
  public init(inputs: [[Double]], targets: [[Double]]?) {
    self.inputs = inputs
    self.targets = targets
    header = false
    standardize = false
    standardizeTargets = false
    testFraction = 0
  }

  /// Writes the keys a lesson file would have: the CSV keys only for CSV data.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(inputs, forKey: .inputs)
    try container.encodeIfPresent(targets, forKey: .targets)
    if csv != nil {
      try container.encode(csv, forKey: .csv)
      try container.encode(header, forKey: .header)
      try container.encodeIfPresent(features, forKey: .features)
      try container.encodeIfPresent(label, forKey: .label)
      try container.encodeIfPresent(targetColumns, forKey: .targetColumns)
      try container.encodeIfPresent(classColumn, forKey: .classColumn)
      try container.encodeIfPresent(rows, forKey: .rows)
    }
    try container.encode(standardize, forKey: .standardize)
    try container.encode(standardizeTargets, forKey: .standardizeTargets)
    try container.encode(testFraction, forKey: .testFraction)
  }

  enum CodingKeys: String, CodingKey {
    case inputs, targets, csv, header, features, label
    case targetColumns = "target_columns"
    case classColumn = "class_column"
    case standardize
    case standardizeTargets = "standardize_targets"
    case testFraction = "test_fraction"
    case rows
  }
}

/// How to go through the data.
public struct TrainingSpec: Encodable, Sendable, Equatable {
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
