import Foundation
import NeuralEngine
import Yams

/// The model's keys: `model`, `layers`, `activations`, `loss`, `optimizer`, `init` and `weights`.
extension LessonReader {
  func readModel() throws -> LessonSpec.Model {
    guard let value = lesson["model"] else { return .mlp }
    let name = try value.string()
    guard let model = LessonSpec.Model(rawValue: name) else {
      let names = LessonSpec.Model.allCases.map(\.rawValue)
      throw value.error("unknown model '\(name)'\(NearMiss.hint(for: name, among: names)); expected mlp or perceptron")
    }
    return model
  }

  func readLayers(model: LessonSpec.Model) throws -> [Int] {
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

  func readActivations(model: LessonSpec.Model, layers: [Int]) throws -> [Activation] {
    let expectedCount = layers.count - 1
    guard let value = lesson["activations"] else {
      if model == .perceptron { return [.step] }
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
      guard let activation = Activation(name: name, slope: slope ?? Activation.defaultLeakySlope) else {
        throw element.error(
          "unknown activation '\(name)'\(NearMiss.hint(for: name, among: Activation.names)); expected one of \(Activation.names.joined(separator: ", "))"
        )
      }
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
      return activation
    }
  }

  func readLoss(model: LessonSpec.Model, activations: [Activation]) throws -> Loss? {
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
    let output = activations[activations.count - 1]
    if loss == .crossEntropy && output != .softmax {
      throw value.error("cross_entropy needs a softmax output layer, but the last activation is \(output.name)")
    }
    if loss == .bce && output != .sigmoid {
      throw value.error(
        "bce needs a sigmoid output layer (outputs between 0 and 1), but the last activation is \(output.name)")
    }
    return loss
  }

  func readOptimizer(model: LessonSpec.Model) throws -> OptimizerSpec {
    let keys = Self.keys("optimizer")
    if model != .mlp {
      guard let value = lesson["optimizer"] else {
        return OptimizerSpec(rule: nil, lr: LessonParser.defaultLearningRate)
      }
      let entry = try value.mapping(allowed: keys)
      if let name = entry["name"] {
        throw name.error("a perceptron has its own update rule, w ← w + lr·(y − ŷ)·x; only optimizer.lr applies")
      }
      for key in keys where key != "lr" && key != "name" {
        if let extra = entry[key] { throw extra.error("a perceptron takes only optimizer.lr") }
      }
      return OptimizerSpec(rule: nil, lr: try entry["lr"].map(positiveRate) ?? LessonParser.defaultLearningRate)
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
    let rule: OptimizerKind? =
      switch name {
      case "sgd": .sgd
      case "momentum":
        .momentum(beta: try fraction(entry["beta"]) ?? OptimizerKind.defaultBeta)
      case "rmsprop":
        .rmsprop(
          rho: try fraction(entry["rho"]) ?? OptimizerKind.defaultRho,
          epsilon: try positive(entry["eps"]) ?? OptimizerKind.defaultEpsilon)
      case "adam":
        .adam(
          beta1: try fraction(entry["beta1"]) ?? OptimizerKind.defaultBeta,
          beta2: try fraction(entry["beta2"]) ?? OptimizerKind.defaultBeta2,
          epsilon: try positive(entry["eps"]) ?? OptimizerKind.defaultEpsilon)
      default: nil
      }
    guard let rule else { throw nameValue.error("unknown optimizer '\(name)'") }  // checked above
    return OptimizerSpec(rule: rule, lr: lr)
  }

  func positiveRate(_ value: YAMLValue) throws -> Double {
    let lr = try value.number()
    guard lr > 0 else { throw value.error("expected a learning rate greater than 0, found \(value.found)") }
    return lr
  }

  func fraction(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number >= 0 && number < 1 else { throw value.error("expected a number in [0, 1), found \(value.found)") }
    return number
  }

  func positive(_ value: YAMLValue?) throws -> Double? {
    guard let value else { return nil }
    let number = try value.number()
    guard number > 0 else { throw value.error("expected a number greater than 0, found \(value.found)") }
    return number
  }

  func readInit(model: LessonSpec.Model) throws -> InitSpec {
    let defaultName = model == .mlp ? "xavier" : "zeros"
    guard let value = lesson["init"] else {
      return InitSpec(initializer: model == .mlp ? .xavier : .zeros, seed: 0)
    }
    let entry = try value.mapping(
      allowed: Self.keys("init"), what: "a mapping such as {name: xavier, seed: 7}")
    var name = defaultName
    var seed: UInt64 = 0
    if let nameValue = entry["name"] {
      name = try nameValue.string()
      guard Initializer.names.contains(name) else {
        throw nameValue.error(
          "unknown initialiser '\(name)'\(NearMiss.hint(for: name, among: Initializer.names)); expected one of \(Initializer.names.joined(separator: ", "))"
        )
      }
      if model != .mlp && name != "zeros" {
        throw nameValue.error("a perceptron starts from zero weights (or from explicit weights); expected zeros")
      }
    }
    if let seedValue = entry["seed"] {
      let number = try seedValue.integer()
      guard number >= 0 else { throw seedValue.error("expected a seed of 0 or more, found \(number)") }
      seed = UInt64(number)
    }
    if let std = entry["std"] {
      guard name == "normal" else { throw std.error("only the normal initialiser takes std, not \(name)") }
    }
    if let limit = entry["limit"] {
      guard name == "uniform" else {
        throw limit.error("only the uniform initialiser takes limit, not \(name)")
      }
    }
    let initializer = Initializer(
      name: name, std: try positive(entry["std"]) ?? Initializer.defaultStd,
      limit: try positive(entry["limit"]) ?? Initializer.defaultLimit)
    guard let initializer else { throw value.error("unknown initialiser '\(name)'") }  // checked above
    return InitSpec(initializer: initializer, seed: seed)
  }

  func readWeights(model: LessonSpec.Model, layers: [Int]) throws -> [LayerWeights]? {
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
}
