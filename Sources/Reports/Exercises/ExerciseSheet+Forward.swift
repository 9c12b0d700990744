/// The forward pass's questions: each unit's z and a, the row's loss and the batch's.
extension ExerciseSheet {
  /// The units of layer `l` asked.
  func askedUnits(_ l: Int) -> Range<Int> { 0..<min(configuration.units(l), scope.units) }

  /// What unit `j` of layer `l` is for data row `row`: an input or an activation.
  func input(_ l: Int, _ j: Int, row: Int) -> Given {
    l == 0 ? .input(j, row: row) : .value(AnswerKey("a", layer: l, unit: j, row: row))
  }

  /// `zᵢ⁽ˡ⁾ = Σⱼ wⱼᵢ⁽ˡ⁾ aⱼ⁽ˡ⁻¹⁾ + bᵢ⁽ˡ⁾`, worked from the weights the step started from.
  mutating func addWeightedSum(_ l: Int, _ i: Int, row r: Int) {
    let nIn = configuration.units(l - 1)
    var uses: [Given] = []
    for j in 0..<nIn { uses += [.start("w", layer: l, unit: i, from: j), input(l - 1, j, row: r)] }
    uses.append(.start("b", layer: l, unit: i, from: nil))
    var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = [
      (.forgotBias, { $0.weightedSum(l, i, row: r, bias: false) }),
      (.swappedIndices, { $0.weightedSum(l, i, row: r, swapped: true) }),
    ]
    if l > 1 { mistakes.append((.preActivationForActivation, { $0.weightedSum(l, i, row: r, zBelow: true) })) }
    add(
      AnswerKey("z", layer: l, unit: i, row: r), uses: uses, work: { $0.weightedSum(l, i, row: r) },
      mistakes: mistakes)
  }

  /// `aᵢ⁽ˡ⁾ = f(zᵢ⁽ˡ⁾)`.
  mutating func addActivation(_ l: Int, _ i: Int, row r: Int) {
    let softmax = configuration.activation(l).name == "softmax"
    let units = softmax ? Array(0..<configuration.units(l)) : [i]
    add(
      AnswerKey("a", layer: l, unit: i, row: r),
      uses: units.map { .value(AnswerKey("z", layer: l, unit: $0, row: r)) },
      work: { $0.activate(l, i, row: r) },
      mistakes: [(.forgotActivation, { $0.z(l, i, row: r) })])
  }

  mutating func addForward() {
    let r = row
    let last = configuration.depth
    for l in 1...last {
      for i in askedUnits(l) {
        addWeightedSum(l, i, row: r)
        addActivation(l, i, row: r)
      }
    }
    let n = configuration.units(last)
    var uses: [Given] = []
    for i in 0..<n { uses += [.value(AnswerKey("a", layer: last, unit: i, row: r)), .target(i, row: r)] }
    var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = []
    if configuration.loss == .sse {
      mistakes.append((.droppedHalf, { $0.loss(row: r, scale: 1) }))
    } else if (configuration.loss ?? .mse) == .mse && n > 1 {
      mistakes.append((.droppedMean, { $0.loss(row: r, scale: 1) }))
    }
    add(AnswerKey("loss", row: r), uses: uses, work: { $0.loss(row: r) }, mistakes: mistakes)
    let rows = trace.samples
    if rows.count > 1 {
      add(
        AnswerKey("loss"), uses: rows.map { .value(AnswerKey("loss", row: $0)) }, work: { $0.batchLoss() },
        mistakes: [(.summedBatch, { $0.batchLoss(summed: true) })])
    }
  }
}
