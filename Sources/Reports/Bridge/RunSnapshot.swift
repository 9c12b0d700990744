import Foundation
import TraceStore

/// What a framework script needs of a run, read from the database alone: the resolved
/// lesson (its `config`), the initial parameters and the training rows.
struct RunSnapshot {
  /// One weight layer's initial parameters: `w[j][i]` from unit `j` below to unit `i`.
  struct Layer {
    var w: [[Double]]
    var b: [Double]
  }

  let run: RunSummary
  let config: [String: Any]
  let layers: [Int]
  let activations: [(name: String, slope: Double?)]
  let loss: String?
  let optimizer: [String: Any]
  let epochs: Int
  let batchSize: Int
  let shuffle: Bool
  let initial: [Layer]
  let inputs: [[Double]]
  let targets: [[Double]]
  /// The data rows of each step, in order, when the run shuffled them.
  let batchOrder: [[Int]]

  /// Reads run `id`.
  ///
  /// - Throws: ``TraceStoreError`` when the run is missing, is not a network, or did not record
  ///   its initial parameters and training rows (`--capture none`).
  init(database: TraceDatabase, run id: Int64, requiresValues: Bool = true) throws {
    guard let run = try database.run(id) else {
      throw TraceStoreError("There is no run \(id) in \(database.path); `nntrace runs` lists the runs.")
    }
    guard let config = try JSONSerialization.jsonObject(with: Data(run.config.utf8)) as? [String: Any],
      let layers = config["layers"] as? [Int]
    else { throw TraceStoreError("Run \(id) has no readable configuration.") }
    guard (config["model"] as? String) == "mlp" else {
      throw TraceStoreError(
        "Run \(id) is a \(config["model"] as? String ?? "non-network") lesson; only mlp runs have a framework equivalent."
      )
    }
    try Self.validate(layers: layers, training: config["training"], run: id)
    self.run = run
    self.config = config
    self.layers = layers
    activations = (config["activations"] as? [Any] ?? []).map { entry in
      if let name = entry as? String { return (name, nil) }
      let mapping = entry as? [String: Any] ?? [:]
      return (mapping["name"] as? String ?? "linear", mapping["slope"] as? Double)
    }
    loss = config["loss"] as? String
    optimizer = config["optimizer"] as? [String: Any] ?? [:]
    let training = config["training"] as? [String: Any] ?? [:]
    epochs = training["epochs"] as? Int ?? 1
    batchSize = training["batch_size"] as? Int ?? 1
    shuffle = training["shuffle"] as? Bool ?? false

    var initial = zip(layers.dropLast(), layers.dropFirst()).map { inputs, units in
      Layer(
        w: Array(repeating: Array(repeating: Double.nan, count: units), count: inputs),
        b: Array(repeating: .nan, count: units))
    }
    var inputRows: [Int: [Double]] = [:]
    var targetRows: [Int: [Double]] = [:]
    var foundInitial = false
    let outputLayer = layers.count - 1
    try database.forEachTraceRow(run: id, filter: TraceFilter(epoch: 0, kinds: ["w", "b", "x", "y"])) { row in
      switch (row.phase, row.kind) {
      case ("init", "w"):
        if let layer = row.layer, let i = row.i, let j = row.j {
          try Self.check(row, layer: layer, i: i, j: j, layers: layers, run: id)
          initial[layer - 1].w[j][i] = row.value
        }
        foundInitial = true
      case ("init", "b"):
        if let layer = row.layer, let i = row.i {
          try Self.check(row, layer: layer, i: i, j: nil, layers: layers, run: id)
          initial[layer - 1].b[i] = row.value
        }
      case ("forward", "x"):
        if let sample = row.sample, let i = row.i {
          try Self.check(row, layer: 0, i: i, j: nil, layers: layers, run: id)
          inputRows[sample, default: Array(repeating: .nan, count: layers[0])][i] = row.value
        }
      case ("loss", "y"):
        if let sample = row.sample, let i = row.i {
          try Self.check(row, layer: outputLayer, i: i, j: nil, layers: layers, run: id)
          targetRows[sample, default: Array(repeating: .nan, count: layers[outputLayer])][i] = row.value
        }
      default:
        break
      }
    }
    guard !requiresValues || (foundInitial && !inputRows.isEmpty && inputRows.count == targetRows.count) else {
      throw TraceStoreError(
        "Run \(id) did not record its initial weights and training rows (it was run with --capture none); run the lesson again with --capture all."
      )
    }
    self.initial = initial
    inputs = (0..<inputRows.count).map { inputRows[$0] ?? [] }
    targets = (0..<targetRows.count).map { targetRows[$0] ?? [] }
    var order: [Int: [Int]] = [:]
    if shuffle {
      try database.forEachTraceRow(run: id, filter: TraceFilter(layer: 0, kinds: ["x"])) { row in
        if row.i == 0, let sample = row.sample { order[row.step, default: []].append(sample) }
      }
    }
    batchOrder = order.keys.sorted().compactMap { order[$0] }
  }

  /// The lesson's name for the script's comments.
  var lessonName: String {
    run.lesson + (run.part.map { " (part \($0))" } ?? "")
  }
}
