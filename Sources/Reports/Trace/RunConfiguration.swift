import Foundation
import NeuralEngine

/// A run's resolved lesson, read back from the `config` column of the `runs` view.
///
/// Everything the narration names (activations, the loss, the optimizer and
/// its hyper-parameters, the lesson's words) comes from here, never from the
/// lesson file, which may have changed or gone. Its vocabulary is the engine's: an activation, a
/// loss or an optimizer the engine does not know is refused. Otherwise decoding is lenient: keys
/// this build does not know are ignored, and missing ones take the defaults the lesson format
/// documents (the engine's own constants).
public struct RunConfiguration: Sendable, Equatable {
  /// A layer's activation: the engine's function, by the names the narration uses.
  public struct Activation: Sendable, Equatable {
    /// The function.
    public var function: NeuralEngine.Activation
    /// `step`, `linear`, `sigmoid`, `tanh`, `relu`, `leaky_relu` or `softmax`.
    public var name: String { function.name }
    /// `leaky_relu`'s slope for negative z (the default slope for the others).
    public var slope: Double {
      if case .leakyReLU(let slope) = function { return slope }
      return NeuralEngine.Activation.defaultLeakySlope
    }

    /// An activation.
    public init(_ function: NeuralEngine.Activation) {
      self.function = function
    }
  }

  /// The optimizer: the engine's rule with its hyper-parameters, and the learning rate.
  public struct Optimizer: Sendable, Equatable {
    /// The update rule; `nil` for the perceptron's own rule.
    public var rule: OptimizerKind?
    /// The learning rate η.
    public var lr: Double
    /// `sgd`, `momentum`, `rmsprop`, `adam`, or `perceptron` for the perceptron's own rule.
    public var name: String { rule?.name ?? "perceptron" }
    /// Momentum's β.
    public var beta: Double {
      if case .momentum(let beta) = rule { return beta }
      return OptimizerKind.defaultBeta
    }
    /// RMSprop's ρ.
    public var rho: Double {
      if case .rmsprop(let rho, _) = rule { return rho }
      return OptimizerKind.defaultRho
    }
    /// Adam's β₁.
    public var beta1: Double {
      if case .adam(let beta1, _, _) = rule { return beta1 }
      return OptimizerKind.defaultBeta
    }
    /// Adam's β₂.
    public var beta2: Double {
      if case .adam(_, let beta2, _) = rule { return beta2 }
      return OptimizerKind.defaultBeta2
    }
    /// RMSprop's and Adam's ε.
    public var eps: Double {
      switch rule {
      case .rmsprop(_, let epsilon), .adam(_, _, let epsilon): epsilon
      default: OptimizerKind.defaultEpsilon
      }
    }
  }

  /// The lesson's title.
  public var title: String
  /// The one-line summary.
  public var summary: String?
  /// Told before the run.
  public var introduction: String?
  /// Told after the run.
  public var conclusion: String?
  /// `mlp` or `perceptron`.
  public var model: String
  /// Sizes: inputs, hidden…, outputs.
  public var layers: [Int]
  /// One per weight layer.
  public var activations: [Activation]
  /// The loss, `nil` for the perceptron and activation lessons.
  public var loss: Loss?
  /// The optimizer.
  public var optimizer: Optimizer
  /// The initialiser's name, if the config names one.
  public var initializer: String?
  /// The run's seed.
  public var seed: UInt64?
  /// The examples: input rows and target rows.
  public var inputs: [[Double]]
  /// Target rows.
  public var targets: [[Double]]
  /// Passes over the data.
  public var epochs: Int
  /// Samples per step.
  public var batchSize: Int
  /// Whether rows are reordered each epoch.
  public var shuffle: Bool
  /// The part's name, in a lesson of several parts (`and`, `sigmoid`).
  public var part: String?
  /// The part's own title, in a lesson of several parts.
  public var partTitle: String?
  /// Whether the lesson gives its initial weights.
  public var givesWeights: Bool
  /// How the weights were set: `init he, seed 3`, `init normal, std 0.01`, `given weights`.
  public var initialization: String?
  /// For CSV data, the training rows the file gave (`data.rows`).
  public var dataRows: Int?

  /// Whether the model is Rosenblatt's perceptron.
  public var isPerceptron: Bool { model == "perceptron" }
  /// Whether the run only evaluates an activation function (`model: activation`): nothing is trained.
  public var isActivation: Bool { model == "activation" }
  /// Number of layers with weights.
  public var depth: Int { max(0, layers.count - 1) }
  /// Training rows: the inline rows, or those the CSV file gave (`data.rows` of a stored configuration).
  public var rowCount: Int {
    inputs.isEmpty ? dataRows ?? 0 : inputs.count
  }

  /// Data rows in one optimizer step.
  public var rowsPerStep: Int {
    isPerceptron ? 1 : max(1, min(batchSize, rowCount))
  }

  /// Optimizer steps in one epoch.
  public var stepsPerEpoch: Int {
    let rows = max(rowCount, 1)
    if isPerceptron { return rows }
    let size = max(1, min(batchSize, rows))
    return (rows + size - 1) / size
  }

  /// Reads `json`, the `config` of a run.
  ///
  /// - Throws: ``ReportError`` when the text is not a JSON object or lacks `layers`.
  public init(json text: String) throws {
    guard case .object(let root) = try JSONValue.parse(text) else {
      throw ReportError("the run's configuration is not a JSON object")
    }
    title = root["title"]?.string ?? "Untitled run"
    summary = root["summary"]?.string
    introduction = root["introduction"]?.string
    // A conclusion with findings is a template: it is told once filled in from the trace (see TraceReader).
    conclusion = root["findings"] == nil ? root["conclusion"]?.string : nil
    let model = root["model"]?.string ?? "mlp"
    self.model = model
    guard let sizes = root["layers"]?.array?.compactMap(\.int), sizes.count >= 2 else {
      throw ReportError("the run's configuration has no `layers` list of at least two sizes")
    }
    layers = sizes
    let names = root["activations"]?.array ?? []
    activations = try (0..<(sizes.count - 1)).map { k in
      guard k < names.count else { return Activation(model == "perceptron" ? .step : .sigmoid) }
      let entry = names[k].object ?? [:]
      let name = names[k].string ?? entry["name"]?.string ?? "linear"
      let slope = entry["slope"]?.double ?? NeuralEngine.Activation.defaultLeakySlope
      guard let function = NeuralEngine.Activation(name: name, slope: slope) else {
        throw ReportError("the run's configuration names an unknown activation, `\(name.prefix(40))`")
      }
      return Activation(function)
    }
    let lossName = root["loss"]?.string ?? (model == "perceptron" || model == "activation" ? nil : "mse")
    loss = try lossName.map { name in
      guard let loss = Loss(rawValue: name) else {
        throw ReportError("the run's configuration names an unknown loss, `\(name.prefix(40))`")
      }
      return loss
    }
    optimizer = try Self.optimizer(root["optimizer"]?.object ?? [:], perceptron: model != "mlp")
    let initObject = root["init"]?.object ?? [:]
    initializer = initObject["name"]?.string
    seed = initObject["seed"]?.double.map { UInt64(max(0, $0)) }
    part = root["part"]?.string
    partTitle = root["part_title"]?.string
    givesWeights = root["weights"] != nil
    initialization = Self.initialization(
      givesWeights: givesWeights, name: initializer, std: initObject["std"]?.double,
      limit: initObject["limit"]?.double)
    let data = root["data"]?.object ?? [:]
    dataRows = data["rows"]?.int
    inputs = data["inputs"]?.array?.map { $0.array?.compactMap(\.double) ?? [] } ?? []
    targets = data["targets"]?.array?.map { $0.array?.compactMap(\.double) ?? [] } ?? []
    let training = root["training"]?.object ?? [:]
    epochs = training["epochs"]?.int ?? 1
    batchSize = training["batch_size"]?.int ?? max(inputs.count, data["rows"]?.int ?? 1, 1)
    shuffle = training["shuffle"]?.bool ?? false
    try validate()
  }

  /// The optimizer of a stored `optimizer` object: its rule with the engine's defaults where the
  /// object is silent, or the perceptron's rule (no name) for models that are not networks.
  private static func optimizer(_ o: [String: JSONValue], perceptron: Bool) throws -> Optimizer {
    let lr = o["lr"]?.double ?? 0.01
    let name = o["name"]?.string ?? (perceptron ? nil : "sgd")
    let rule: OptimizerKind?? =
      switch name {
      case nil: .some(nil)
      case "sgd": .sgd
      case "momentum": .momentum(beta: o["beta"]?.double ?? OptimizerKind.defaultBeta)
      case "rmsprop":
        .rmsprop(
          rho: o["rho"]?.double ?? OptimizerKind.defaultRho, epsilon: o["eps"]?.double ?? OptimizerKind.defaultEpsilon)
      case "adam":
        .adam(
          beta1: o["beta1"]?.double ?? OptimizerKind.defaultBeta,
          beta2: o["beta2"]?.double ?? OptimizerKind.defaultBeta2,
          epsilon: o["eps"]?.double ?? OptimizerKind.defaultEpsilon)
      default: .none
      }
    guard let rule else {
      throw ReportError("the run's configuration names an unknown optimizer, `\((name ?? "").prefix(40))`")
    }
    return Optimizer(rule: rule, lr: lr)
  }

  /// The activation of layer `l` (1…L).
  public func activation(_ l: Int) -> Activation {
    activations[max(0, min(l - 1, activations.count - 1))]
  }

  /// Units of layer `l` (0 for the inputs).
  public func units(_ l: Int) -> Int { layers[l] }

  /// The optimizer in words: `sgd, η = 0.5` or `adam, η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-08`.
  public var optimizerDescription: String {
    let o = optimizer
    let lr = "η = \(NumberFormat.setting(o.lr))"
    switch o.name {
    case "momentum": return "momentum, \(lr), β = \(NumberFormat.setting(o.beta))"
    case "rmsprop":
      return "rmsprop, \(lr), ρ = \(NumberFormat.setting(o.rho)), ε = \(NumberFormat.setting(o.eps))"
    case "adam":
      return
        "adam, \(lr), β₁ = \(NumberFormat.setting(o.beta1)), β₂ = \(NumberFormat.setting(o.beta2)), ε = \(NumberFormat.setting(o.eps))"
    case "perceptron": return "the perceptron rule, \(lr)"
    default: return "\(o.name), \(lr)"
    }
  }

  /// `init he`, `init normal, std 0.01`, `given weights`; `nil` when no initialiser is named.
  static func initialization(givesWeights: Bool, name: String?, std: Double?, limit: Double?) -> String? {
    if givesWeights { return "given weights" }
    guard let name else { return nil }
    var text = "init \(name)"
    if let std { text += ", std \(NumberFormat.setting(std))" }
    if let limit { text += ", limit \(NumberFormat.setting(limit))" }
    return text
  }

  /// The network's shape: `2 → 2 → 1`.
  public var shape: String { layers.map(String.init).joined(separator: " → ") }
}
