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
