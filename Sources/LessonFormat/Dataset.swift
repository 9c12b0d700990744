import Foundation
import NeuralEngine

/// A lesson's examples, ready for training: inputs and targets, and the held-out rows if any.
public struct Dataset: Sendable, Equatable {
  /// Training inputs, one row per sample.
  public var inputs: Matrix
  /// Training targets.
  public var targets: Matrix
  /// Held-out inputs (rows the network never trains on), if the lesson keeps some.
  public var testInputs: Matrix?
  /// Held-out targets.
  public var testTargets: Matrix?
  /// The class of each held-out row, from `data.class_column`, for plots and separation measures.
  public var testClasses: [Double]?
  /// The means and standard deviations the targets were standardised with (`data.standardize_targets`).
  public var targetScaling: (means: [Double], deviations: [Double])?

  /// Loads and prepares the data a lesson describes: reads the CSV file (relative to the lesson
  /// file's folder) or takes the inline rows, holds out the test rows, and standardises.
  ///
  /// - Parameters:
  ///   - spec: the resolved data keys.
  ///   - layers: the network's sizes (the first is the input width, the last the output width).
  ///   - seed: chooses the held-out rows.
  ///   - directory: the lesson file's folder.
  ///   - locate: makes the error for a problem of the lesson's own keys (`data.csv`, `data.features`,
  ///     `data.label`, …), located in the lesson file; without it, such errors name the CSV file.
  /// - Throws: ``LessonError`` naming the CSV file, line and column, or the lesson's key.
  public static func load(
    _ spec: DataSpec, layers: [Int], seed: UInt64, directory: String,
    locate: ((_ key: String, _ message: String) -> LessonError)? = nil
  ) throws -> Dataset {
    guard let csv = spec.csv else {
      return try prepare(
        spec, inputs: spec.inputs ?? [], targets: spec.targets ?? [], classes: [], seed: seed, locate: locate)
    }
    let path = csvPath(csv, directory: directory)
    let table: CSVTable
    do {
      table = try CSVTable(path: path, displayName: path, hasHeader: spec.header)
    } catch let error as LessonError where error.line == nil {
      // The file as a whole (missing, unreadable, empty): the lesson's data.csv is what to fix.
      throw locate?("data.csv", "\(path): \(error.message)") ?? error
    }
    let (inputs, targets, classes) = try columns(of: table, spec: spec, layers: layers, locate: locate)
    return try prepare(spec, inputs: inputs, targets: targets, classes: classes, seed: seed, locate: locate)
  }

  /// CSV bytes read as a lesson's data: decoded, parsed, turned into rows and prepared, as ``load(_:layers:seed:directory:locate:)`` does with a file.
  ///
  /// For the fuzz targets in `fuzz/`.
  ///
  /// - Throws: ``LessonError``.
  @_spi(Fuzzing) public static func load(csv data: Data, spec: DataSpec, layers: [Int], seed: UInt64) throws -> Dataset
  {
    let text = try SourceFile.decode(data, file: "fuzz.csv", kind: .csv)
    let table = try CSVTable(text: text, file: "fuzz.csv", hasHeader: spec.header)
    let (inputs, targets, classes) = try columns(of: table, spec: spec, layers: layers, locate: nil)
    return try prepare(spec, inputs: inputs, targets: targets, classes: classes, seed: seed, locate: nil)
  }

  /// Holds out the test rows and standardises.
  ///
  /// - Throws: ``LessonError`` when standardising overflows (values near the largest double).
  private static func prepare(
    _ spec: DataSpec, inputs: [[Double]], targets: [[Double]], classes: [Double], seed: UInt64,
    locate: ((_ key: String, _ message: String) -> LessonError)?
  ) throws -> Dataset {
    func overflow(_ key: String) -> LessonError {
      let message =
        "found values too large to standardise: a column's mean or spread overflows to infinity; expected values below about 1e150, or \(key.dropFirst(5)): false"
      return locate?(key, message) ?? LessonError(file: "lesson", line: nil, key: key, message: message)
    }
    var inputs = inputs
    var targets = targets
    var testInputs: [[Double]] = []
    var testTargets: [[Double]] = []
    var testClasses: [Double] = []
    if spec.testFraction > 0 {
      let testCount = Int((Double(inputs.count) * spec.testFraction).rounded())
      var random = RandomSource(seed: seed ^ 0x5350_4C49_5421)
      let held = Set(random.permutation(inputs.count).prefix(testCount))
      let keep = (0..<inputs.count).filter { !held.contains($0) }
      let test = (0..<inputs.count).filter { held.contains($0) }
      testInputs = test.map { inputs[$0] }
      testTargets = test.map { targets[$0] }
      if !classes.isEmpty { testClasses = test.map { classes[$0] } }
      inputs = keep.map { inputs[$0] }
      targets = keep.map { targets[$0] }
    }
    func allFinite(_ rows: [[Double]]) -> Bool { rows.allSatisfy { $0.allSatisfy(\.isFinite) } }
    func isFinite(_ scaler: Standardizer) -> Bool { allFinite([scaler.means, scaler.deviations]) }
    if spec.standardize {
      let scaler = Standardizer(rows: inputs)
      inputs = inputs.map(scaler.apply)
      testInputs = testInputs.map(scaler.apply)
      guard isFinite(scaler) && allFinite(inputs) && allFinite(testInputs) else { throw overflow("data.standardize") }
    }
    var targetScaling: (means: [Double], deviations: [Double])?
    if spec.standardizeTargets {
      let scaler = Standardizer(rows: targets)
      targets = targets.map(scaler.apply)
      testTargets = testTargets.map(scaler.apply)
      guard isFinite(scaler) && allFinite(targets) && allFinite(testTargets) else {
        throw overflow("data.standardize_targets")
      }
      targetScaling = (scaler.means, scaler.deviations)
    }
    return Dataset(
      inputs: Matrix(inputs), targets: Matrix(targets),
      testInputs: testInputs.isEmpty ? nil : Matrix(testInputs),
      testTargets: testTargets.isEmpty ? nil : Matrix(testTargets),
      testClasses: testClasses.isEmpty ? nil : testClasses, targetScaling: targetScaling)
  }

  public static func == (lhs: Dataset, rhs: Dataset) -> Bool {
    lhs.inputs == rhs.inputs && lhs.targets == rhs.targets && lhs.testInputs == rhs.testInputs
      && lhs.testTargets == rhs.testTargets && lhs.testClasses == rhs.testClasses
      && lhs.targetScaling?.means == rhs.targetScaling?.means
      && lhs.targetScaling?.deviations == rhs.targetScaling?.deviations
  }

  /// The CSV file's path as messages name it: relative to the working directory, like the lesson's own path.
  static func csvPath(_ path: String, directory: String) -> String {
    path.hasPrefix("/") || directory == "." ? path : (directory as NSString).appendingPathComponent(path)
  }

  /// The inputs, targets and classes of a CSV table, by the lesson's choice of columns.
  private static func columns(
    of table: CSVTable, spec: DataSpec, layers: [Int], locate: ((_ key: String, _ message: String) -> LessonError)?
  ) throws -> ([[Double]], [[Double]], [Double]) {
    let fullPath = table.file
    /// A problem of the lesson's keys: located in the lesson file when it can be, else in the CSV file.
    func lessonError(_ key: String, _ message: String, line: Int?) -> LessonError {
      locate?(key, message) ?? LessonError(file: fullPath, line: line, key: key, message: message)
    }
    let width = table.rows[0].fields.count
    let outputs = layers[layers.count - 1]
    let targetColumns = spec.targetColumns ?? []
    let used = Set(targetColumns + (spec.label.map { [$0] } ?? []) + (spec.classColumn.map { [$0] } ?? []))
    let features = spec.features ?? (0..<width).filter { !used.contains($0) }
    let named: [(key: String, columns: [Int])] = [
      ("data.features", spec.features ?? []), ("data.target_columns", targetColumns),
      ("data.label", spec.label.map { [$0] } ?? []), ("data.class_column", spec.classColumn.map { [$0] } ?? []),
    ]
    for (key, columns) in named {
      if let column = columns.first(where: { $0 >= width }) {
        throw lessonError(
          key,
          "found column \(column), but the first row of \(fullPath) (line \(table.rows[0].line)) has \(width) column\(width == 1 ? "" : "s"); expected a column from 0 to \(width - 1)",
          line: table.rows[0].line)
      }
    }
    guard features.count == layers[0] else {
      var hint = ""
      if width == 1, let field = table.rows[0].fields.first, field.contains(";") || field.contains("\t") {
        hint =
          " (its first row is one field, '\(TextExcerpt.quote(field))': the file seems separated by \(field.contains(";") ? "semicolons" : "tabs"), not commas)"
      }
      throw lessonError(
        "data.features",
        "found \(features.count) feature column\(features.count == 1 ? "" : "s") in \(fullPath)\(hint); expected \(layers[0]), as many as the network's inputs (layers[0])",
        line: table.rows[0].line)
    }
    var inputs: [[Double]] = []
    var targets: [[Double]] = []
    var classes: [Double] = []
    inputs.reserveCapacity(table.rows.count)
    for row in 0..<table.rows.count {
      let count = table.rows[row].fields.count
      if count != width {
        throw LessonError(
          file: fullPath, line: table.rows[row].line, key: "column \(min(count, width))",
          message:
            "found \(count) field\(count == 1 ? "" : "s") on this line; expected \(width), as in the first row (line \(table.rows[0].line))"
        )
      }
      inputs.append(try features.map { try table.number(row: row, column: $0) })
      if let column = spec.classColumn { classes.append(try table.number(row: row, column: column)) }
      if let label = spec.label {
        let value = try table.number(row: row, column: label)
        let classes = max(outputs, 2)
        guard value.rounded() == value, value >= 0, value < Double(classes) else {
          let expected =
            outputs == 1
            ? "0 or 1 (one output unit: a binary label)"
            : "a class number from 0 to \(outputs - 1) (one per output unit)"
          throw LessonError(
            file: fullPath, line: table.rows[row].line, key: "column \(label)",
            message: "expected \(expected), found \(TextExcerpt.quote(table.rows[row].fields[label]))")
        }
        var oneHot = Array(repeating: 0.0, count: outputs)
        if outputs == 1 {
          oneHot[0] = value
        } else {
          oneHot[Int(value)] = 1
        }
        targets.append(oneHot)
      } else {
        targets.append(try targetColumns.map { try table.number(row: row, column: $0) })
      }
    }
    return (inputs, targets, classes)
  }
}

/// Scales each column to mean 0 and standard deviation 1, with statistics of the training rows.
///
/// ```
/// x′ = (x − mean) / std      (std over the rows, dividing by n; a constant column is only centred)
/// ```
struct Standardizer {
  let means: [Double]
  let deviations: [Double]

  init(rows: [[Double]]) {
    let width = rows.first?.count ?? 0
    let n = Double(rows.count)
    var means = Array(repeating: 0.0, count: width)
    for row in rows { for c in 0..<width { means[c] += row[c] } }
    means = means.map { $0 / n }
    var variances = Array(repeating: 0.0, count: width)
    for row in rows { for c in 0..<width { variances[c] += (row[c] - means[c]) * (row[c] - means[c]) } }
    self.means = means
    deviations = variances.map { variance in
      let deviation = (variance / n).squareRoot()
      return deviation > 0 ? deviation : 1
    }
  }

  func apply(_ row: [Double]) -> [Double] {
    (0..<row.count).map { (row[$0] - means[$0]) / deviations[$0] }
  }
}
