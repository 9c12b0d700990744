extension RunConfiguration {
  /// The most units a layer may have, as the lesson reader allows.
  static let maxUnits = 100_000
  /// The most weights and biases a network may have, as the lesson reader allows.
  static let maxParameters = 5_000_000
  /// The most epochs a run may claim: 2³⁰, so that epochs × steps fits any count.
  static let maxEpochs = 1 << 30

  /// Checks what a database's `config` says before it sizes an allocation or drives a loop: a
  /// configuration nntrace wrote always passes; one edited by someone else may not.
  ///
  /// - Throws: ``ReportError`` naming the field and what it holds.
  func validate() throws {
    guard layers.count <= 1000, layers.allSatisfy({ (1...Self.maxUnits).contains($0) }) else {
      throw ReportError(
        "the run's configuration is damaged: `layers` holds \(layers.count) sizes \(layers.prefix(8)); expected 2 to 1000 sizes of 1 to \(Self.maxUnits) units"
      )
    }
    let parameters = zip(layers.dropLast(), layers.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    guard parameters <= Self.maxParameters else {
      throw ReportError(
        "the run's configuration is damaged: `layers` \(layers.prefix(8)) needs \(parameters) weights and biases; expected at most \(Self.maxParameters)"
      )
    }
    guard (1...Self.maxEpochs).contains(epochs) else {
      throw ReportError(
        "the run's configuration is damaged: `training.epochs` is \(epochs); expected 1 to \(Self.maxEpochs)")
    }
    guard batchSize >= 1 else {
      throw ReportError("the run's configuration is damaged: `training.batch_size` is \(batchSize); expected 1 or more")
    }
  }
}
