import Foundation
import NeuralEngine
import Yams

/// The checks of one lesson, key by key.
struct LessonReader {
  /// The keys allowed in the mapping under `key`.
  static func keys(_ key: String) -> [String] {
    LessonParser.nestedKeys[key] ?? []
  }

  let lesson: YAMLMapping
  /// The folder CSV paths are relative to.
  let directory: String
  /// The part's name, in a lesson of several parts.
  let part: String?
  /// Inline rows already read, shared by the parts of a lesson.
  let rows: RowCache

  func read() throws -> LessonSpec {
    let title = try lesson.required("title", expected: "the lesson's title as text").string()
    let partName = try part ?? lesson["part"]?.string()
    let partTitle = try lesson["part_title"]?.string()
    let model = try readModel()
    let layers = try readLayers(model: model)
    let activations = try readActivations(model: model, layers: layers)
    let loss = try readLoss(model: model, activations: activations)
    let optimizer = try readOptimizer(model: model)
    let initialization = try readInit(model: model)
    let weights = try readWeights(model: model, layers: layers)
    var data = try readData(model: model, layers: layers)
    let dataEntry = try lesson["data"]?.mapping(allowed: Self.keys("data"))
    let dataset = try Dataset.load(data, layers: layers, seed: initialization.seed, directory: directory) {
      key, message in
      let name = String(key.dropFirst("data.".count))
      guard let value = dataEntry?[name] ?? dataEntry?["csv"] ?? lesson["data"] else {
        return LessonError(file: lesson.owner.file, line: nil, key: key, message: message)
      }
      return LessonError(file: value.file, line: value.line, key: key, message: message)
    }
    let trainingRows = dataset.inputs.rows
    if trainingRows == 0, let dataValue = lesson["data"] {
      let fraction = try dataValue.mapping(allowed: Self.keys("data"))["test_fraction"] ?? dataValue
      let rows = dataset.testInputs?.rows ?? 0
      throw fraction.error(
        "found \(fraction.found), which holds out all \(rows) of \(rows) rows (\(fraction.found) × \(rows) rounds to \(rows)): none would be left to train on; expected a smaller share, such as 0.2"
      )
    }
    if data.csv != nil {
      // Stored configurations say how many training rows the CSV file gave, so that reports
      // need not read it; a lesson that says so too is held to it.
      if let rowsValue = try lesson["data"]?.mapping(allowed: Self.keys("data"))["rows"] {
        let declared = try rowsValue.integer()
        guard declared == trainingRows else {
          throw rowsValue.error("the CSV file gives \(trainingRows) training rows, not \(declared)")
        }
      }
      data.rows = trainingRows
    } else if let rowsValue = try lesson["data"]?.mapping(allowed: Self.keys("data"))["rows"] {
      throw rowsValue.error("rows applies to csv data only (it is the number of training rows the file gives)")
    }
    let training = try readTraining(model: model, samples: trainingRows)
    let findings = try readFindings()
    let conclusion = try readConclusion(findings: findings)
    let gradientCheck = try lesson["gradient_check"]?.bool() ?? false
    if gradientCheck && model != .mlp, let value = lesson["gradient_check"] {
      throw value.error("gradient checks need model: mlp (only backpropagation has gradients to check)")
    }
    let metrics = try readMetrics(model: model)
    if model == .mlp {
      try checkWorkingMemory(
        layers: layers, batch: training.batchSize, rows: trainingRows, testRows: dataset.testInputs?.rows ?? 0,
        metrics: !metrics.isEmpty)
    }
    var spec = LessonSpec(
      title: title, part: partName, partTitle: partTitle, summary: try lesson["summary"]?.string(),
      introduction: try lesson["introduction"]?.string(), conclusion: conclusion, findings: findings, model: model,
      layers: layers, activations: activations, loss: loss, optimizer: optimizer, initialization: initialization,
      weights: weights, data: data, training: training, gradientCheck: gradientCheck, metrics: metrics)
    spec.capture = try lesson["capture"].map {
      try CaptureReader(value: $0, samples: trainingRows, layers: layers).read()
    }
    return spec
  }

  /// Refuses a network and batch whose working values (each layer's z, a and δ for every row of
  /// the batch) would not fit in memory: they are allocated before the first step, and an
  /// allocation of many gigabytes ends the process. Metrics and held-out rows pass the whole data
  /// set through the network at once, so then every row counts.
  func checkWorkingMemory(layers: [Int], batch: Int, rows: Int, testRows: Int, metrics: Bool) throws {
    let width = layers.reduce(0, +)
    let limit = LessonParser.maximumWorkingValues
    func gigabytes(_ values: Int) -> String {
      String(format: "%.1f", Double(values) * 3 * 8 / 1e9)
    }
    if batch > limit / width {
      let place = (try lesson["training"]?.mapping(allowed: Self.keys("training")))?["batch_size"]
      let value = place ?? lesson["training"] ?? lesson.owner
      throw LessonError(
        file: value.file, line: value.line, key: place == nil ? "training" : "training.batch_size",
        message:
          "found batches of \(batch) rows through layers \(LessonParser.describe(sizes: layers)): \(batch * width) values at once (about \(gigabytes(batch * width)) GB); expected at most \(limit), with a batch_size of at most \(max(1, limit / width))"
      )
    }
    let whole = metrics || testRows > 0 ? max(rows, testRows) : 0
    if whole > limit / width {
      let value = lesson["metrics"] ?? lesson["data"] ?? lesson.owner
      throw LessonError(
        file: value.file, line: value.line, key: lesson["metrics"] == nil ? "data.test_fraction" : "metrics",
        message:
          "found \(whole) rows to evaluate at once through layers \(LessonParser.describe(sizes: layers)): \(whole * width) values (about \(gigabytes(whole * width)) GB); expected at most \(limit): use fewer rows or smaller layers"
      )
    }
  }

  func readFindings() throws -> [String: String]? {
    guard let value = lesson["findings"] else { return nil }
    guard case .mapping(let mapping) = value.node else {
      throw value.error("expected a mapping of names to SQL queries over the trace, found \(value.found)")
    }
    var findings: [String: String] = [:]
    for (key, query) in mapping {
      let name = try YAMLValue(node: key, path: "findings", file: value.file).string()
      guard name.first.map({ $0.isLetter || $0 == "_" }) == true,
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else {
        throw YAMLValue(node: key, path: "findings.\(name)", file: value.file).error(
          "a finding's name is a word of letters, digits and _, found '\(name)'")
      }
      findings[name] = try value.child(query, key: name).string()
    }
    return findings
  }

  func readConclusion(findings: [String: String]?) throws -> String? {
    guard let value = lesson["conclusion"] else { return nil }
    let text = try value.string()
    for (name, format) in ConclusionTemplate.placeholdersWithFormats(in: text) {
      if let format, !ConclusionTemplate.isNumberFormat(format) {
        throw value.error(
          "found {\(name):\(format)}, which has the format '\(format)'; expected one printf conversion of a number, such as %.3f, %.2e or %d"
        )
      }
    }
    for name in ConclusionTemplate.placeholders(in: text) where findings?[name] == nil {
      let known = (findings ?? [:]).keys.sorted()
      throw value.error(
        "found {\(name)}, which names no finding\(NearMiss.hint(for: name, among: known)); expected one of the findings: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
      )
    }
    return text
  }

  func readMetrics(model: LessonSpec.Model) throws -> [String] {
    guard let value = lesson["metrics"] else { return [] }
    let known = ["loss", "accuracy"]
    let names = try value.sequence(what: "a list of metrics: loss, accuracy").map { element -> String in
      let name = try element.string()
      guard known.contains(name) else {
        throw element.error(
          "unknown metric '\(name)'\(NearMiss.hint(for: name, among: known)); expected loss or accuracy")
      }
      return name
    }
    if model != .mlp && !names.isEmpty {
      throw value.error("metrics are measured for model: mlp only")
    }
    return names
  }
}

/// The inline rows a lesson's parts have read, by where they are written and how wide they are.
final class RowCache {
  struct Key: Hashable {
    var line: Int
    var column: Int
    var width: Int
  }

  var rows: [Key: [[Double]]] = [:]
}
