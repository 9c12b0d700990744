import TraceStore

extension RunSnapshot {
  /// Checks a run's `config` before it sizes the snapshot's arrays: the limits of
  /// ``RunConfiguration/validate()``, and a batch size and epochs of at least 1.
  ///
  /// - Throws: ``TraceStoreError`` (reason `corrupt`) naming the run and the field.
  static func validate(layers: [Int], training: Any?, run id: Int64) throws {
    let parameters = zip(layers.dropLast(), layers.dropFirst()).reduce(0) { total, pair in
      total > RunConfiguration.maxParameters ? total : total + pair.0 * pair.1 + pair.1
    }
    guard layers.count >= 2, layers.count <= 1000,
      layers.allSatisfy({ (1...RunConfiguration.maxUnits).contains($0) }),
      parameters <= RunConfiguration.maxParameters
    else {
      throw TraceStoreError(
        "the database is damaged: run \(id)'s configuration has `layers` \(layers.prefix(8)) (\(layers.count) sizes); expected 2 to 1000 sizes of 1 to \(RunConfiguration.maxUnits) units and at most \(RunConfiguration.maxParameters) weights and biases.",
        reason: .corrupt)
    }
    let settings = training as? [String: Any] ?? [:]
    for key in ["epochs", "batch_size"] where settings[key] != nil {
      guard let value = settings[key] as? Int, value >= 1, value <= RunConfiguration.maxEpochs else {
        throw TraceStoreError(
          "the database is damaged: run \(id)'s configuration has `training.\(key)` \(TextSafety.terminal("\(settings[key] ?? "")")); expected a whole number from 1 to \(RunConfiguration.maxEpochs).",
          reason: .corrupt)
      }
    }
  }

  /// Checks that a trace row's layer and units lie inside the network before they index it.
  ///
  /// - Throws: ``TraceStoreError`` (reason `corrupt`) naming the run, the field and the row.
  static func check(_ row: TraceRow, layer: Int, i: Int, j: Int?, layers: [Int], run id: Int64) throws {
    let inside =
      layer < layers.count && i < layers[layer] && (layer > 0 || j == nil)
      && (j.map { j in layer > 0 && j < layers[layer - 1] } ?? true)
      && (row.phase != "init" || layer >= 1)
    guard inside else {
      throw TraceStoreError(
        "the database is damaged: run \(id)'s \(row.kind) at step \(row.step) has layer \(layer), i \(i)\(j.map { ", j \($0)" } ?? ""), outside its network of \(layers.count) layers \(layers.prefix(8)).",
        reason: .corrupt)
    }
  }
}
