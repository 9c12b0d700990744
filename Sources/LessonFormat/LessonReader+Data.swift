import Foundation
import NeuralEngine
import Yams

/// The data's keys: `data` and `training`.
extension LessonReader {
  func readData(model: LessonSpec.Model, layers: [Int]) throws -> DataSpec {
    let value = try lesson.required("data", expected: "a mapping with inputs and targets, or a csv file")
    let entry = try value.mapping(allowed: Self.keys("data"), what: "a mapping with inputs and targets, or a csv file")
    let outputs = layers[layers.count - 1]
    var spec: DataSpec
    if let csvValue = entry["csv"] {
      for key in ["inputs", "targets"] {
        if let extra = entry[key] {
          throw extra.error("data comes from the csv file; remove \(key), or remove csv and keep the rows inline")
        }
      }
      spec = DataSpec(inputs: [], targets: nil)
      spec.inputs = nil
      spec.csv = try csvValue.string()
      spec.header = try entry["header"]?.bool() ?? false
      spec.features = try entry["features"].map(columns)
      spec.label = try entry["label"].map(column)
      spec.targetColumns = try entry["target_columns"].map(columns)
      spec.classColumn = try entry["class_column"].map(column)
      switch (spec.label, spec.targetColumns) {
      case (nil, nil):
        throw LessonError(
          file: value.file, line: value.line, key: "data.label",
          message: "missing; expected the column of class numbers (label) or the target columns (target_columns)")
      case (.some, .some):
        throw (entry["target_columns"] ?? value).error("give label or target_columns, not both")
      case (nil, let targets?) where targets.count != outputs:
        throw (entry["target_columns"] ?? value).error(
          "expected \(outputs) target columns (one per output unit), found \(targets.count)")
      default:
        break
      }
    } else {
      for key in ["header", "features", "label", "target_columns", "class_column"] {
        if let extra = entry[key] { throw extra.error("\(key) applies to csv data only") }
      }
      let inputs = try readRows(
        try entry.required("inputs", expected: "a list of rows of \(layers[0]) numbers"), width: layers[0])
      var targets: [[Double]]?
      if model == .activation {
        if let extra = entry["targets"] {
          throw extra.error("an activation lesson has no targets: its inputs are the z values to look at")
        }
      } else {
        let targetValue = try entry.required("targets", expected: "a list of rows of \(outputs) numbers")
        let rows = try readRows(targetValue, width: outputs)
        guard inputs.count == rows.count else {
          throw targetValue.error("expected \(inputs.count) rows (one per input row), found \(rows.count)")
        }
        if model == .perceptron {
          for (index, row) in rows.enumerated() where row[0] != 0 && row[0] != 1 {
            throw targetValue.element(targetValue.node.array()[index], index: index).error(
              "a perceptron's targets are 0 or 1, found \(DecimalText.text(row[0]))")
          }
        }
        targets = rows
      }
      spec = DataSpec(inputs: inputs, targets: targets)
    }
    spec.standardize = try entry["standardize"]?.bool() ?? false
    spec.standardizeTargets = try entry["standardize_targets"]?.bool() ?? false
    if let fractionValue = entry["test_fraction"] {
      let fraction = try fractionValue.number()
      guard fraction >= 0 && fraction < 1 else {
        throw fractionValue.error("expected a share of rows in [0, 1), found \(fractionValue.found)")
      }
      if model != .mlp && fraction > 0 { throw fractionValue.error("held-out rows are for model: mlp only") }
      spec.testFraction = fraction
    }
    return spec
  }

  func column(_ value: YAMLValue) throws -> Int {
    let index = try value.integer()
    guard index >= 0 else { throw value.error("expected a column number (0 for the first), found \(index)") }
    return index
  }

  func columns(_ value: YAMLValue) throws -> [Int] {
    let elements = try value.sequence(what: "a list of column numbers (0 for the first)")
    guard !elements.isEmpty else { throw value.error("expected at least one column, found none") }
    return try elements.map(column)
  }

  func readRows(_ value: YAMLValue, width: Int) throws -> [[Double]] {
    // The parts of a lesson share its data: read each list of rows once, however many parts use it.
    let place = value.node.mark.map { RowCache.Key(line: $0.line, column: $0.column, width: width) }
    if let place, let cached = rows.rows[place] { return cached }
    let read = try readRowsOnce(value, width: width)
    if let place { rows.rows[place] = read }
    return read
  }

  func readRowsOnce(_ value: YAMLValue, width: Int) throws -> [[Double]] {
    let rows = try value.sequence(what: "a list of rows of \(width) numbers")
    guard !rows.isEmpty else { throw value.error("expected at least one row of \(width) numbers, found none") }
    guard rows.count <= LessonParser.maximumNumbers / width else {
      throw value.error(
        "holds \(rows.count) rows of \(width) numbers, more than \(LessonParser.maximumNumbers) numbers; put large data in a CSV file"
      )
    }
    return try rows.map { row in
      guard case .sequence(let numbers) = row.node, numbers.count == width else {
        let numbers = try row.sequence(what: "a row of \(width) numbers")
        throw row.error("expected a row of \(width) numbers (the layer sizes say \(width)), found \(numbers.count)")
      }
      // Data can hold a hundred thousand numbers: read plain finite decimals straight from the
      // node, and send anything else through number(), which accepts or names it.
      var values: [Double] = []
      values.reserveCapacity(width)
      for (index, node) in numbers.enumerated() {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = DecimalText.value(scalar.string),
          value.isFinite
        {
          values.append(value)
        } else {
          values.append(try row.element(node, index: index).number())
        }
      }
      return values
    }
  }

  func readTraining(model: LessonSpec.Model, samples: Int) throws -> TrainingSpec {
    let keys = Self.keys("training")
    var spec = TrainingSpec(
      epochs: model == .activation ? 1 : 15, batchSize: model == .perceptron ? 1 : samples, shuffle: false)
    if model == .activation, let value = lesson["training"] {
      throw value.error("an activation lesson trains nothing; remove this key")
    }
    guard let value = lesson["training"] else {
      if model == .mlp {
        throw LessonError(
          file: lesson.owner.file, line: lesson.owner.line, key: "training",
          message: "missing; expected a mapping such as {epochs: 100}")
      }
      return spec
    }
    let entry = try value.mapping(allowed: keys, what: "a mapping such as {epochs: 100, batch_size: 4}")
    if let epochsValue = entry["epochs"] {
      let epochs = try epochsValue.integer()
      guard epochs >= 1 else { throw epochsValue.error("expected at least 1 epoch, found \(epochs)") }
      spec.epochs = epochs
    } else if model == .mlp {
      _ = try entry.required("epochs", expected: "the number of passes over the data, at least 1")
    }
    if let batchValue = entry["batch_size"] {
      let size = try batchValue.integer()
      guard size >= 1 else { throw batchValue.error("expected a batch size of at least 1, found \(size)") }
      if model == .perceptron && size != 1 {
        throw batchValue.error("a perceptron updates after every sample; expected batch_size 1, found \(size)")
      }
      spec.batchSize = min(size, samples)
    }
    if let shuffleValue = entry["shuffle"] {
      spec.shuffle = try shuffleValue.bool()
      if model == .perceptron && spec.shuffle {
        throw shuffleValue.error("the seed's perceptron goes through the data in order; expected shuffle: false")
      }
    }
    return spec
  }
}
