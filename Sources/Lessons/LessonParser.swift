import Foundation
import NeuralEngine
import Yams

/// Reads a lesson file (YAML, or JSON, which is YAML) into a checked, resolved ``LessonSpec``.
///
/// Every mistake is reported as a ``LessonError`` naming the file, the line,
/// the key, what was found and what was expected. Unknown and duplicate keys
/// are errors, with the nearest known key suggested.
public enum LessonParser {
  /// Keys a lesson file may use at its top level.
  public static let topLevelKeys = [
    "title", "summary", "introduction", "conclusion", "findings", "model", "layers", "activations", "loss",
    "optimizer", "init", "weights", "data", "training", "gradient_check", "metrics", "parts", "part", "part_title",
    "capture",
  ]

  /// Keys a mapping under a top-level key may use (for `activations`, `weights` and `parts`: each element's).
  public static let nestedKeys: [String: [String]] = [
    "activations": ["name", "slope"],
    "optimizer": ["name", "lr", "beta", "rho", "beta1", "beta2", "eps"],
    "init": ["name", "seed", "std", "limit"],
    "weights": ["w", "b"],
    "data": [
      "inputs", "targets", "csv", "header", "features", "label", "target_columns", "class_column", "standardize",
      "standardize_targets", "test_fraction", "rows",
    ],
    "training": ["epochs", "batch_size", "shuffle"],
    "parts": ["name"],
    "capture": CaptureReader.keys,
  ]

  /// Keys that belong to the whole lesson, not to one of its parts (the introduction is told once, before part one).
  static let lessonOnlyKeys: Set = ["summary", "introduction", "conclusion", "findings", "parts", "part", "part_title"]

  /// The most numbers a lesson's inline data and weights may hold.
  static let maximumNumbers = 5_000_000

  /// The most values a step may hold at once per quantity: rows of the batch × units of every layer.
  static let maximumWorkingValues = 20_000_000

  /// The most parts a lesson may have (each part reads the lesson's data again, and is a run of its own).
  static let maximumParts = 32

  /// `[2, 4, 1]`, or for a long list its first and last sizes: `[2, 4, 4, …, 4, 1] (1000 sizes)`.
  static func describe(sizes: [Int]) -> String {
    guard sizes.count > 8 else { return "\(sizes)" }
    let head = sizes.prefix(4).map(String.init).joined(separator: ", ")
    let tail = sizes.suffix(2).map(String.init).joined(separator: ", ")
    return "[\(head), …, \(tail)] (\(sizes.count) sizes)"
  }

  /// Parses lesson text into its parts: one ``LessonSpec`` per run (one, unless the lesson has `parts`).
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - file: the name to use in messages.
  ///   - directory: the folder CSV paths are relative to.
  /// - Throws: ``LessonError``.
  public static func parseParts(_ text: String, file: String, directory: String? = nil) throws -> [LessonSpec] {
    // Refuses, before a tree is built, what would make building it slow or deep (keys that
    // are alias bombs, thousands of nested lists), with the line and key of each problem.
    try YAMLPreflight.check(text, file: file)
    let root: Node
    do {
      // The basic resolver tags no scalar by regular expression: YAMLValue reads numbers, booleans
      // and nulls from the plain text itself, and matching every scalar against Yams's default
      // patterns (through NSRegularExpression) was most of the time spent reading a lesson.
      guard let node = try Yams.compose(yaml: text, .basic) else {
        throw LessonError(
          file: file, line: 1, key: "",
          message: "found nothing: the file is empty; expected a lesson (title, layers, data, …)")
      }
      root = node
    } catch let error as LessonError {
      throw error
    } catch let error as YamlError {
      throw Self.describe(error, file: file)
    }
    let top = YAMLValue(node: root, path: "", file: file)
    guard case .mapping = root else {
      throw top.error("expected a lesson: a mapping of keys such as title, layers and data, found \(top.found)")
    }
    let lesson = try top.mapping(allowed: topLevelKeys)
    let folder = directory ?? FileManager.default.currentDirectoryPath
    let rows = RowCache()
    guard let partsValue = lesson["parts"] else {
      let spec = try LessonReader(lesson: lesson, directory: folder, part: nil, rows: rows).read()
      // A part's stored configuration names only its own part: its siblings' runs cannot be checked here.
      try FindingCheck.check(lesson["findings"], parts: spec.part == nil ? [] : nil)
      return [spec]
    }
    let partKeys = (nestedKeys["parts"] ?? []) + topLevelKeys.filter { !lessonOnlyKeys.contains($0) }
    let parts = try partsValue.sequence(what: "a list of parts, each with a name")
    guard !parts.isEmpty else { throw partsValue.error("found an empty list; expected at least one part") }
    guard parts.count <= maximumParts else {
      throw partsValue.error("found \(parts.count) parts; expected at most \(maximumParts)")
    }
    var names: Set<String> = []
    let specs = try parts.map { partValue in
      let part = try partValue.mapping(allowed: partKeys, what: "a part: a mapping with a name and lesson keys")
      let nameValue = try part.required("name", expected: "a short name for the part, e.g. sigmoid")
      let name = try nameValue.string()
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        throw nameValue.error(
          "expected a short name of letters, digits, - and _, found '\(TextExcerpt.quote(name))'")
      }
      guard names.insert(name).inserted else {
        throw nameValue.error(
          "found '\(TextExcerpt.quote(name))', but another part is already called '\(TextExcerpt.quote(name))'; expected a name of its own"
        )
      }
      var entries = lesson.entries.filter { $0.key != "parts" }
      for (key, value) in part.entries where key != "name" { entries[key == "title" ? "part_title" : key] = value }
      return try LessonReader(
        lesson: YAMLMapping(owner: top, entries: entries), directory: folder, part: name, rows: rows
      ).read()
    }
    try FindingCheck.check(lesson["findings"], parts: specs.compactMap(\.part))
    return specs
  }

  /// Parses the bytes of a lesson file into its parts: UTF-8 text (a byte-order mark is skipped).
  ///
  /// - Throws: ``LessonError``, for text that is not UTF-8 too (with the line of the first bad byte).
  public static func parseParts(data: Data, file: String, directory: String? = nil) throws -> [LessonSpec] {
    let text = try SourceFile.decode(data, file: file, kind: .lesson)
    return try parseParts(text, file: file, directory: directory)
  }

  /// Parses the text of a lesson; for a lesson of several parts, its first part.
  ///
  /// - Throws: ``LessonError``.
  public static func parse(_ text: String, file: String, directory: String? = nil) throws -> LessonSpec {
    try parseParts(text, file: file, directory: directory)[0]
  }

  /// Reads a lesson file from disk into its parts.
  ///
  /// - Throws: ``LessonError`` for unreadable files and mistakes in them.
  public static func loadParts(path: String, displayName: String? = nil) throws -> [LessonSpec] {
    let name = displayName ?? path
    let data = try SourceFile.read(path: path, displayName: name, kind: .lesson, limit: SourceFile.lessonLimit)
    let directory = (path as NSString).deletingLastPathComponent
    return try parseParts(data: data, file: name, directory: directory.isEmpty ? "." : directory)
  }

  /// Reads a lesson file from disk; for a lesson of several parts, its first part.
  ///
  /// - Throws: ``LessonError`` for unreadable files and mistakes in them.
  public static func load(path: String, displayName: String? = nil) throws -> LessonSpec {
    try loadParts(path: path, displayName: displayName)[0]
  }

  static func describe(_ error: YamlError, file: String) -> LessonError {
    switch error {
    case .duplicatedKeysInMapping(let duplicates, let context):
      // YAMLPreflight finds duplicates first, with the line of the repetition; this is a fallback.
      let keys = duplicates.map { "'\(TextExcerpt.quote($0))'" }.joined(separator: ", ")
      return LessonError(
        file: file, line: context.mark.line, key: TextExcerpt.quote(duplicates.first ?? ""),
        message: "duplicate key \(keys): found more than once; expected each key once in a mapping")
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return LessonError(
        file: file, line: mark.line, key: "",
        message: "found text that is not valid YAML: \(problem); expected YAML text")
    case .reader(let problem, _, _, _):
      return LessonError(
        file: file, line: nil, key: "", message: "found \(problem) in the text; expected printable YAML text")
    default:
      return LessonError(
        file: file, line: nil, key: "",
        message:
          "found text that is not valid YAML: \(TextExcerpt.quote(String(describing: error), limit: 200)); expected YAML text"
      )
    }
  }
}

/// The checks of one lesson, key by key.
private struct LessonReader {
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
  private func checkWorkingMemory(layers: [Int], batch: Int, rows: Int, testRows: Int, metrics: Bool) throws {
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

  private func readFindings() throws -> [String: String]? {
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

  private func readConclusion(findings: [String: String]?) throws -> String? {
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

  private func readMetrics(model: LessonSpec.Model) throws -> [String] {
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

  private func readModel() throws -> LessonSpec.Model {
    guard let value = lesson["model"] else { return .mlp }
    let name = try value.string()
    guard let model = LessonSpec.Model(rawValue: name) else {
      let names = LessonSpec.Model.allCases.map(\.rawValue)
      throw value.error("unknown model '\(name)'\(NearMiss.hint(for: name, among: names)); expected mlp or perceptron")
    }
    return model
  }

  private func readLayers(model: LessonSpec.Model) throws -> [Int] {
    let value = try lesson.required("layers", expected: "a list of layer sizes, e.g. [2, 2, 1]")
    let elements = try value.sequence(what: "a list of layer sizes, e.g. [2, 2, 1]")
    guard elements.count >= 2 else {
      throw value.error("expected at least two sizes (inputs and outputs), found \(elements.count)")
    }
    let sizes = try elements.map { element -> Int in
      let size = try element.integer()
      guard size >= 1 else { throw element.error("expected a layer size of at least 1, found \(size)") }
      guard size <= 100_000 else { throw element.error("expected a layer size of at most 100000, found \(size)") }
      return size
    }
    let parameters = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    guard parameters <= LessonParser.maximumNumbers else {
      throw value.error(
        "found \(LessonParser.describe(sizes: sizes)), which has \(parameters) weights and biases; expected at most \(LessonParser.maximumNumbers)"
      )
    }
    if model == .perceptron && (sizes.count != 2 || sizes[1] != 1) {
      throw value.error(
        "a perceptron has one output unit and no hidden layer: expected [inputs, 1], found \(LessonParser.describe(sizes: sizes))"
      )
    }
    if model == .activation && (sizes.count != 2 || sizes[0] != sizes[1]) {
      throw value.error(
        "an activation lesson maps each z to f(z): expected [n, n], found \(LessonParser.describe(sizes: sizes))")
    }
    return sizes
  }

  private func readActivations(model: LessonSpec.Model, layers: [Int]) throws -> [ActivationSpec] {
    let expectedCount = layers.count - 1
    guard let value = lesson["activations"] else {
      if model == .perceptron { return [ActivationSpec(name: "step")] }
      throw LessonError(
        file: lesson.owner.file, line: lesson.owner.line, key: "activations",
        message:
          "missing; expected \(expectedCount) activation name\(expectedCount == 1 ? "" : "s"), one per weight layer (\(Activation.names.joined(separator: ", ")))"
      )
    }
    let elements = try value.sequence(what: "a list of activation names")
    guard elements.count == expectedCount else {
      throw value.error(
        "expected \(expectedCount) activation\(expectedCount == 1 ? "" : "s") (one per weight layer of \(LessonParser.describe(sizes: layers))), found \(elements.count)"
      )
    }
    return try elements.enumerated().map { index, element in
      var name: String
      var slope: Double?
      if case .mapping = element.node {
        let entry = try element.mapping(allowed: Self.keys("activations"))
        name = try entry.required("name", expected: "an activation name").string()
        if let slopeValue = entry["slope"] {
          guard name == "leaky_relu" else { throw slopeValue.error("only leaky_relu takes a slope, not \(name)") }
          slope = try slopeValue.number()
        }
      } else {
        name = try element.string()
      }
      guard Activation.names.contains(name) else {
        throw element.error(
          "unknown activation '\(name)'\(NearMiss.hint(for: name, among: Activation.names)); expected one of \(Activation.names.joined(separator: ", "))"
        )
      }
      if name == "leaky_relu" && slope == nil { slope = Activation.defaultLeakySlope }
      if model == .activation {
        // Any function may be looked at; nothing is trained.
      } else if model == .perceptron && name != "step" {
        throw element.error("a perceptron uses the step activation, found \(name)")
      }
      if model == .mlp && name == "step" {
        throw element.error(
          "step has a zero derivative everywhere, so backpropagation cannot learn through it; use sigmoid, or model: perceptron"
        )
      }
      if name == "softmax" && index != expectedCount - 1 {
        throw element.error("softmax belongs on the output layer, not on hidden layer \(index + 1)")
      }
      if name == "softmax" && layers[layers.count - 1] < 2 {
        throw element.error("found softmax over a single unit, which always gives 1; expected at least 2 output units")
      }
      return ActivationSpec(name: name, slope: slope)
    }
  }

  private func readLoss(model: LessonSpec.Model, activations: [ActivationSpec]) throws -> String? {
    if model == .activation {
      if let value = lesson["loss"] {
        throw value.error("an activation lesson trains nothing and has no loss; remove this key")
      }
      return nil
    }
    if model == .perceptron {
      if let value = lesson["loss"] {
        throw value.error("a perceptron has no loss: it learns by its own rule from y − ŷ; remove this key")
      }
      return nil
    }
    let value = try lesson.required("loss", expected: "a loss: mse, sse, bce or cross_entropy")
    let name = try value.string()
    let names = Loss.allCases.map(\.name)
    guard let loss = Loss(rawValue: name) else {
      throw value.error(
        "unknown loss '\(name)'\(NearMiss.hint(for: name, among: names)); expected one of \(names.joined(separator: ", "))"
      )
    }
    let output = activations[activations.count - 1].name
    if loss == .crossEntropy && output != "softmax" {
      throw value.error("cross_entropy needs a softmax output layer, but the last activation is \(output)")
    }
    if loss == .bce && output != "sigmoid" {
      throw value.error(
        "bce needs a sigmoid output layer (outputs between 0 and 1), but the last activation is \(output)")
    }
    return name
  }

  private func readOptimizer(model: LessonSpec.Model) throws -> OptimizerSpec {
    let keys = Self.keys("optimizer")
    if model != .mlp {
      guard let value = lesson["optimizer"] else { return OptimizerSpec(lr: 0.01) }
      let entry = try value.mapping(allowed: keys)
      if let name = entry["name"] {
        throw name.error("a perceptron has its own update rule, w ← w + lr·(y − ŷ)·x; only optimizer.lr applies")
      }
      for key in keys where key != "lr" && key != "name" {
        if let extra = entry[key] { throw extra.error("a perceptron takes only optimizer.lr") }
      }
      return OptimizerSpec(lr: try entry["lr"].map(positiveRate) ?? 0.01)
    }
    let value = try lesson.required("optimizer", expected: "a mapping such as {name: sgd, lr: 0.1}")
    let entry = try value.mapping(allowed: keys, what: "a mapping such as {name: sgd, lr: 0.1}")
    let nameValue = try entry.required("name", expected: "sgd, momentum, rmsprop or adam")
    let name = try nameValue.string()
    guard OptimizerKind.names.contains(name) else {
      throw nameValue.error(
        "unknown optimizer '\(name)'\(NearMiss.hint(for: name, among: OptimizerKind.names)); expected one of \(OptimizerKind.names.joined(separator: ", "))"
      )
    }
    let lr = try positiveRate(try entry.required("lr", expected: "a learning rate greater than 0"))
    let allowed: [String: [String]] = [
      "sgd": [], "momentum": ["beta"], "rmsprop": ["rho", "eps"], "adam": ["beta1", "beta2", "eps"],
    ]
    let accepted = allowed[name] ?? []
    for key in ["beta", "rho", "beta1", "beta2", "eps"] where !accepted.contains(key) {
      if let extra = entry[key] {
        let takes = accepted.isEmpty ? "only lr" : "lr, " + accepted.joined(separator: ", ")
        throw extra.error("\(name) has no \(key); it takes \(takes)")
      }
    }
    var spec = OptimizerSpec(name: name, lr: lr)
    switch name {
    case "momentum":
      spec.beta = try fraction(entry["beta"]) ?? 0.9
    case "rmsprop":
      spec.rho = try fraction(entry["rho"]) ?? 0.99
      spec.eps = try positive(entry["eps"]) ?? 1e-8
    case "adam":
      spec.beta1 = try fraction(entry["beta1"]) ?? 0.9
      spec.beta2 = try fraction(entry["beta2"]) ?? 0.999
      spec.eps = try positive(entry["eps"]) ?? 1e-8
    default:
      break
    }
    return spec
  }

  private func positiveRate(_ value: YAMLValue) throws -> Double {
    let lr = try value.number()
    guard lr > 0 else { throw value.error("expected a learning rate greater than 0, found \(value.found)") }
    return lr
  }

  private func fraction(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number >= 0 && number < 1 else { throw value.error("expected a number in [0, 1), found \(value.found)") }
    return number
  }

  private func positive(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number > 0 else { throw value.error("expected a number greater than 0, found \(value.found)") }
    return number
  }

  private func readInit(model: LessonSpec.Model) throws -> InitSpec {
    guard let value = lesson["init"] else {
      return InitSpec(name: model == .mlp ? "xavier" : "zeros", seed: 0)
    }
    let entry = try value.mapping(
      allowed: Self.keys("init"), what: "a mapping such as {name: xavier, seed: 7}")
    var spec = InitSpec(name: model == .mlp ? "xavier" : "zeros", seed: 0)
    if let nameValue = entry["name"] {
      let name = try nameValue.string()
      guard Initializer.names.contains(name) else {
        throw nameValue.error(
          "unknown initialiser '\(name)'\(NearMiss.hint(for: name, among: Initializer.names)); expected one of \(Initializer.names.joined(separator: ", "))"
        )
      }
      if model != .mlp && name != "zeros" {
        throw nameValue.error("a perceptron starts from zero weights (or from explicit weights); expected zeros")
      }
      spec.name = name
    }
    if let seedValue = entry["seed"] {
      let seed = try seedValue.integer()
      guard seed >= 0 else { throw seedValue.error("expected a seed of 0 or more, found \(seed)") }
      spec.seed = UInt64(seed)
    }
    if let std = entry["std"] {
      guard spec.name == "normal" else { throw std.error("only the normal initialiser takes std, not \(spec.name)") }
    }
    if let limit = entry["limit"] {
      guard spec.name == "uniform" else {
        throw limit.error("only the uniform initialiser takes limit, not \(spec.name)")
      }
    }
    if spec.name == "normal" { spec.std = try positive(entry["std"]) ?? Initializer.defaultStd }
    if spec.name == "uniform" { spec.limit = try positive(entry["limit"]) ?? Initializer.defaultLimit }
    return spec
  }

  private func readWeights(model: LessonSpec.Model, layers: [Int]) throws -> [LayerWeights]? {
    guard let value = lesson["weights"] else { return nil }
    if model == .activation { throw value.error("an activation lesson has no weights (z is the input itself)") }
    let entries = try value.sequence(what: "a list with one {w, b} entry per weight layer")
    guard entries.count == layers.count - 1 else {
      throw value.error(
        "expected \(layers.count - 1) entries (one per weight layer of \(LessonParser.describe(sizes: layers))), found \(entries.count)"
      )
    }
    return try entries.enumerated().map { index, element in
      let (inputs, units) = (layers[index], layers[index + 1])
      let entry = try element.mapping(allowed: Self.keys("weights"), what: "a mapping with w and b")
      let wValue = try entry.required("w", expected: "\(inputs) rows of \(units) numbers")
      let rows = try wValue.sequence(what: "\(inputs) rows of \(units) numbers")
      guard rows.count == inputs else {
        let width = rows.first.flatMap { $0.node.array().isEmpty ? nil : $0.node.array().count }
        let found = width.map { "\(rows.count)×\($0)" } ?? "\(rows.count) rows"
        throw wValue.error(
          "expected \(inputs)×\(units) (\(inputs) rows, one per input of layer \(index + 1), of \(units) numbers), found \(found)"
        )
      }
      let w = try rows.map { row -> [Double] in
        let numbers = try row.sequence(what: "a row of \(units) numbers")
        guard numbers.count == units else {
          throw row.error(
            "expected a row of \(units) numbers (one per unit of layer \(index + 1)), found \(numbers.count)")
        }
        return try numbers.map { try $0.number() }
      }
      let bValue = try entry.required("b", expected: "\(units) numbers")
      let b = try bValue.numbers(count: units, what: "biases (one per unit of layer \(index + 1))")
      return LayerWeights(w: w, b: b)
    }
  }

  private func readData(model: LessonSpec.Model, layers: [Int]) throws -> DataSpec {
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

  private func column(_ value: YAMLValue) throws -> Int {
    let index = try value.integer()
    guard index >= 0 else { throw value.error("expected a column number (0 for the first), found \(index)") }
    return index
  }

  private func columns(_ value: YAMLValue) throws -> [Int] {
    let elements = try value.sequence(what: "a list of column numbers (0 for the first)")
    guard !elements.isEmpty else { throw value.error("expected at least one column, found none") }
    return try elements.map(column)
  }

  private func readRows(_ value: YAMLValue, width: Int) throws -> [[Double]] {
    // The parts of a lesson share its data: read each list of rows once, however many parts use it.
    let place = value.node.mark.map { RowCache.Key(line: $0.line, column: $0.column, width: width) }
    if let place, let cached = rows.rows[place] { return cached }
    let read = try readRowsOnce(value, width: width)
    if let place { rows.rows[place] = read }
    return read
  }

  private func readRowsOnce(_ value: YAMLValue, width: Int) throws -> [[Double]] {
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

  private func readTraining(model: LessonSpec.Model, samples: Int) throws -> TrainingSpec {
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

/// The inline rows a lesson's parts have read, by where they are written and how wide they are.
final class RowCache {
  struct Key: Hashable {
    var line: Int
    var column: Int
    var width: Int
  }

  var rows: [Key: [[Double]]] = [:]
}
