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
    "title", "summary", "introduction", "conclusion", "model", "layers", "activations", "loss", "optimizer", "init",
    "weights", "data", "training", "capture",
  ]

  /// The most numbers a lesson's inline data and weights may hold.
  static let maximumNumbers = 5_000_000

  /// Parses lesson text.
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - file: the name to use in messages.
  /// - Throws: ``LessonError``.
  public static func parse(_ text: String, file: String) throws -> LessonSpec {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw LessonError(
          file: file, line: 1, key: "", message: "the file is empty; expected a lesson (title, layers, data, …)")
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
    var spec = try LessonReader(lesson: lesson).read()
    spec.capture = try lesson["capture"].map { try CaptureReader(value: $0, spec: spec).read() }
    return spec
  }

  /// Reads a lesson file from disk.
  ///
  /// - Throws: ``LessonError`` for unreadable files and mistakes in them.
  public static func load(path: String, displayName: String? = nil) throws -> LessonSpec {
    let name = displayName ?? path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LessonError(
        file: name, line: nil, key: "", message: "cannot read the file (it does not exist or is not readable)")
    }
    var bytes = data
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw LessonError(file: name, line: nil, key: "", message: "the file is not UTF-8 text; save it as UTF-8")
    }
    return try parse(text, file: name)
  }

  static func describe(_ error: YamlError, file: String) -> LessonError {
    switch error {
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return LessonError(
        file: file, line: context.mark.line, key: duplicates.first ?? "",
        message: "duplicate key \(keys): each key may appear once in a mapping")
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return LessonError(file: file, line: mark.line, key: "", message: "not valid YAML: \(problem)")
    case .reader(let problem, _, _, _):
      return LessonError(file: file, line: nil, key: "", message: "not readable as YAML text: \(problem)")
    default:
      return LessonError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")
    }
  }
}

/// The checks of one lesson, key by key.
private struct LessonReader {
  let lesson: YAMLMapping

  func read() throws -> LessonSpec {
    let title = try lesson.required("title", expected: "the lesson's title as text").string()
    let model = try readModel()
    let layers = try readLayers(model: model)
    let activations = try readActivations(model: model, layers: layers)
    let loss = try readLoss(model: model, activations: activations)
    let optimizer = try readOptimizer(model: model)
    let initialization = try readInit(model: model)
    let weights = try readWeights(layers: layers)
    let data = try readData(model: model, layers: layers)
    let training = try readTraining(model: model, samples: data.inputs.count)
    return LessonSpec(
      title: title, summary: try lesson["summary"]?.string(), introduction: try lesson["introduction"]?.string(),
      conclusion: try lesson["conclusion"]?.string(), model: model, layers: layers, activations: activations,
      loss: loss, optimizer: optimizer, initialization: initialization, weights: weights, data: data,
      training: training)
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
    if model == .perceptron && (sizes.count != 2 || sizes[1] != 1) {
      throw value.error("a perceptron has one output unit and no hidden layer: expected [inputs, 1], found \(sizes)")
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
        "expected \(expectedCount) activation\(expectedCount == 1 ? "" : "s") (one per weight layer of \(layers)), found \(elements.count)"
      )
    }
    return try elements.enumerated().map { index, element in
      var name: String
      var slope: Double?
      if case .mapping = element.node {
        let entry = try element.mapping(allowed: ["name", "slope"])
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
      if model == .perceptron && name != "step" {
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
        throw element.error("softmax over a single unit always gives 1; expected at least 2 output units")
      }
      return ActivationSpec(name: name, slope: slope)
    }
  }

  private func readLoss(model: LessonSpec.Model, activations: [ActivationSpec]) throws -> String? {
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
    let keys = ["name", "lr", "beta", "rho", "beta1", "beta2", "eps"]
    if model == .perceptron {
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
    guard lr > 0 else { throw value.error("expected a learning rate greater than 0, found \(lr)") }
    return lr
  }

  private func fraction(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number >= 0 && number < 1 else { throw value.error("expected a number in [0, 1), found \(number)") }
    return number
  }

  private func positive(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number > 0 else { throw value.error("expected a number greater than 0, found \(number)") }
    return number
  }

  private func readInit(model: LessonSpec.Model) throws -> InitSpec {
    guard let value = lesson["init"] else {
      return InitSpec(name: model == .perceptron ? "zeros" : "xavier", seed: 0)
    }
    let entry = try value.mapping(
      allowed: ["name", "seed", "std", "limit"], what: "a mapping such as {name: xavier, seed: 7}")
    var spec = InitSpec(name: model == .perceptron ? "zeros" : "xavier", seed: 0)
    if let nameValue = entry["name"] {
      let name = try nameValue.string()
      guard Initializer.names.contains(name) else {
        throw nameValue.error(
          "unknown initialiser '\(name)'\(NearMiss.hint(for: name, among: Initializer.names)); expected one of \(Initializer.names.joined(separator: ", "))"
        )
      }
      if model == .perceptron && name != "zeros" {
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

  private func readWeights(layers: [Int]) throws -> [LayerWeights]? {
    guard let value = lesson["weights"] else { return nil }
    try checkSize(value)
    let entries = try value.sequence(what: "a list with one {w, b} entry per weight layer")
    guard entries.count == layers.count - 1 else {
      throw value.error(
        "expected \(layers.count - 1) entries (one per weight layer of \(layers)), found \(entries.count)")
    }
    return try entries.enumerated().map { index, element in
      let (inputs, units) = (layers[index], layers[index + 1])
      let entry = try element.mapping(allowed: ["w", "b"], what: "a mapping with w and b")
      let wValue = try entry.required("w", expected: "\(inputs) rows of \(units) numbers")
      let rows = try wValue.sequence(what: "\(inputs) rows of \(units) numbers")
      guard rows.count == inputs else {
        throw wValue.error(
          "expected \(inputs)×\(units) (\(inputs) rows, one per input of layer \(index + 1), of \(units) numbers), found \(rows.count) rows"
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
    let value = try lesson.required("data", expected: "a mapping with inputs and targets")
    try checkSize(value)
    let entry = try value.mapping(allowed: ["inputs", "targets"], what: "a mapping with inputs and targets")
    let inputs = try readRows(
      try entry.required("inputs", expected: "a list of rows of \(layers[0]) numbers"), width: layers[0],
      what: "inputs")
    let outputs = layers[layers.count - 1]
    let targetValue = try entry.required("targets", expected: "a list of rows of \(outputs) numbers")
    let targets = try readRows(targetValue, width: outputs, what: "targets")
    guard inputs.count == targets.count else {
      throw targetValue.error("expected \(inputs.count) rows (one per input row), found \(targets.count)")
    }
    if model == .perceptron {
      for (index, row) in targets.enumerated() where row[0] != 0 && row[0] != 1 {
        throw targetValue.element(targetValue.node.array()[index], index: index).error(
          "a perceptron's targets are 0 or 1, found \(row[0])")
      }
    }
    return DataSpec(inputs: inputs, targets: targets)
  }

  private func readRows(_ value: YAMLValue, width: Int, what: String) throws -> [[Double]] {
    let rows = try value.sequence(what: "a list of rows of \(width) numbers")
    guard !rows.isEmpty else { throw value.error("expected at least one row of \(width) numbers, found none") }
    return try rows.map { row in
      let numbers = try row.sequence(what: "a row of \(width) numbers")
      guard numbers.count == width else {
        throw row.error("expected a row of \(width) numbers (the layer sizes say \(width)), found \(numbers.count)")
      }
      return try numbers.map { try $0.number() }
    }
  }

  private func readTraining(model: LessonSpec.Model, samples: Int) throws -> TrainingSpec {
    let keys = ["epochs", "batch_size", "shuffle"]
    var spec = TrainingSpec(epochs: 15, batchSize: model == .perceptron ? 1 : samples, shuffle: false)
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

  /// Refuses data whose expansion (through YAML aliases, say) would hold too many numbers.
  private func checkSize(_ value: YAMLValue) throws {
    var count = 0
    func visit(_ node: Node) -> Bool {
      switch node {
      case .scalar, .alias:
        count += 1
        return count <= LessonParser.maximumNumbers
      case .sequence(let sequence):
        return sequence.allSatisfy(visit)
      case .mapping(let mapping):
        return mapping.allSatisfy { visit($0.value) }
      }
    }
    guard visit(value.node) else {
      throw value.error(
        "holds more than \(LessonParser.maximumNumbers) numbers (counting what YAML aliases expand to); put large data in a CSV file"
      )
    }
  }
}
