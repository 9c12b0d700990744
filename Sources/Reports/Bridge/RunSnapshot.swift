import Foundation
import TraceStore

/// What a script needs of a run, read from the database alone: the resolved lesson (its
/// `config`), and the inputs every run records whatever its capture (the training rows,
/// the initial parameters and, when shuffled, the order of the rows in every epoch).
struct RunSnapshot {
  /// One weight layer's initial parameters: `w[j][i]` from unit `j` below to unit `i`.
  struct Layer {
    var w: [[Double]]
    var b: [Double]
  }

  /// The two models with a script: a network, or the seed's perceptron.
  enum Model: String {
    case mlp, perceptron
  }

  let run: RunSummary
  let model: Model
  let layers: [Int]
  let activations: [(name: String, slope: Double?)]
  /// The loss (`mse` when the lesson gave none).
  let loss: String
  let optimizer: OptimizerSettings
  let epochs: Int
  let batchSize: Int
  let shuffle: Bool
  let initial: [Layer]
  let inputs: [[Double]]
  let targets: [[Double]]
  /// The data rows of each epoch, in the order the run took them.
  let epochOrders: [[Int]]
  /// The trace's values of the first steps, for the script's self-check.
  let expected: [ExpectedValue]

  /// The activations a script can write.
  static let activationNames: Set<String> = ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
  /// The losses a script can write.
  static let lossNames: Set<String> = ["mse", "sse", "bce", "cross_entropy"]

  /// Reads run `id`.
  ///
  /// - Throws: ``TraceStoreError`` when the run is missing, trains nothing (an activation lesson),
  ///   or its inputs are not in the database (naming why).
  init(database: TraceDatabase, run id: Int64, requiresValues: Bool = true) throws {
    guard let run = try database.run(id) else {
      throw TraceStoreError("There is no run \(id) in \(database.path); `nntrace runs` lists the runs.")
    }
    guard let config = try? JSONSerialization.jsonObject(with: Data(run.config.utf8)) as? [String: Any],
      let layers = config["layers"] as? [Int], layers.count >= 2, layers.allSatisfy({ $0 >= 1 })
    else { throw TraceStoreError("Run \(id) has no readable configuration (its `layers` are missing or invalid).") }
    try Self.validate(layers: layers, training: config["training"], run: id)
    let modelName = config["model"] as? String ?? "mlp"
    guard let model = Model(rawValue: modelName) else {
      throw TraceStoreError(
        modelName == "activation"
          ? "Run \(id) is an activation lesson: it evaluates one function at given values of z and trains nothing, so there is no network or training to export; `nntrace replay \(id)` shows its values."
          : "Run \(id) has model \(PythonLiteral.string(modelName)), which nntrace cannot export (expected mlp or perceptron)."
      )
    }
    self.run = run
    self.model = model
    self.layers = layers
    activations = (config["activations"] as? [Any] ?? []).map { entry in
      if let name = entry as? String { return (name, nil) }
      let mapping = entry as? [String: Any] ?? [:]
      return (mapping["name"] as? String ?? "", mapping["slope"] as? Double)
    }
    loss = config["loss"] as? String ?? "mse"
    optimizer = OptimizerSettings(config["optimizer"] as? [String: Any] ?? [:])
    let training = config["training"] as? [String: Any] ?? [:]
    epochs = training["epochs"] as? Int ?? (model == .perceptron ? 15 : 1)
    shuffle = model == .mlp && (training["shuffle"] as? Bool ?? false)
    guard activations.count == layers.count - 1, activations.allSatisfy({ Self.activationNames.contains($0.name) }),
      Self.lossNames.contains(loss), OptimizerSettings.names.contains(optimizer.name), epochs >= 1,
      optimizer.isFinite
    else {
      throw TraceStoreError(
        "Run \(id)'s configuration names an activation, loss or optimizer nntrace cannot write, or is inconsistent: activations \(PythonLiteral.string(activations.map(\.name).joined(separator: ", "))), loss \(PythonLiteral.string(loss)), optimizer \(PythonLiteral.string(optimizer.name))."
      )
    }
    guard requiresValues else {
      (initial, inputs, targets, epochOrders, batchSize, expected) = ([], [], [], [], 1, [])
      return
    }
    let recorded = try RecordedInputs(database: database, run: id, layers: layers, shuffled: shuffle)
    guard let rows = recorded.rows, !rows.inputs.isEmpty else { throw TraceStoreError(Self.missingInputs(run)) }
    initial = rows.initial
    inputs = rows.inputs
    targets = rows.targets
    let samples = inputs.count
    batchSize = model == .perceptron ? 1 : Swift.max(1, Swift.min(training["batch_size"] as? Int ?? samples, samples))
    if shuffle {
      guard let orders = recorded.orders, orders.count == epochs,
        orders.allSatisfy({ Set($0) == Set(0..<samples) && $0.count == samples })
      else {
        throw TraceStoreError(
          run.status != "completed" && !RunSnapshot.recordsInputsApart(run)
            ? "Run \(id) shuffled its rows and stopped (\(run.status)) after \(run.steps) steps: a full capture keeps each epoch's order as it takes it, so the order of the epochs it never reached was never drawn and no script can take the same batches. Run the lesson again to the end."
            : "Run \(id) shuffled its rows, but the order it took them in is not in the database as a permutation of its \(samples) rows in each of its \(epochs) epochs: the database is damaged."
        )
      }
      epochOrders = orders
    } else {
      epochOrders = Array(repeating: Array(0..<samples), count: epochs)
    }
    expected = try ExpectedValue.read(database: database, run: run, layers: layers, batch: batchSize, model: model)
  }

  /// Whether `run` recorded its inputs apart (`data_x`, …), as every run but a full capture does.
  static func recordsInputsApart(_ run: RunSummary) -> Bool {
    !(run.capture == "all" && run.thinning == nil)
  }

  /// Why a run's training rows and initial weights are not in the database.
  static func missingInputs(_ run: RunSummary) -> String {
    if !recordsInputsApart(run) && run.status != "completed" {
      return
        "Run \(run.id) stopped (\(run.status)) after \(run.steps) steps, before it had taken every training row once: a full capture keeps the rows as it takes them, so the others are not in the database. Run the lesson again to the end."
    }
    if recordsInputsApart(run) {
      return
        "Run \(run.id) has no record of its training rows and initial weights: it was recorded by an older nntrace, which kept them only with --capture all and no thinning (this run: --capture \(run.capture)\(run.thinning.map { ", \($0)" } ?? "")). Run the lesson again; every run now keeps them."
    }
    return
      "Run \(run.id)'s training rows and initial weights are incomplete in the database (its first epoch's x and y, and its initial w and b): the database is damaged."
  }

  /// The lesson's name for the script's comments, as a Python string literal.
  var lessonName: String {
    PythonLiteral.string(run.lesson + (run.part.map { " (part \($0))" } ?? ""))
  }

  /// The header comment every script starts with; title and lesson go through ``PythonLiteral/string(_:)``.
  var header: String {
    "# nntrace run \(run.id): \(PythonLiteral.string(run.title)), lesson \(lessonName)"
  }

  /// Steps in one epoch.
  var stepsPerEpoch: Int { (inputs.count + batchSize - 1) / batchSize }
}

/// An optimizer's name and hyper-parameters, with nntrace's defaults (PyTorch's).
struct OptimizerSettings {
  static let names: Set<String> = ["sgd", "momentum", "rmsprop", "adam"]
  var name: String
  var lr: Double
  var beta: Double
  var rho: Double
  var eps: Double
  var beta1: Double
  var beta2: Double

  init(_ o: [String: Any]) {
    name = o["name"] as? String ?? "sgd"
    lr = o["lr"] as? Double ?? 0.01
    beta = o["beta"] as? Double ?? 0.9
    rho = o["rho"] as? Double ?? 0.99
    eps = o["eps"] as? Double ?? 1e-8
    beta1 = o["beta1"] as? Double ?? 0.9
    beta2 = o["beta2"] as? Double ?? 0.999
  }

  var isFinite: Bool { [lr, beta, rho, eps, beta1, beta2].allSatisfy(\.isFinite) }
}
