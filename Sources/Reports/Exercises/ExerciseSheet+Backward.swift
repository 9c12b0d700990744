/// The backward pass's questions: each unit's δ, then the batch's gradients.
extension ExerciseSheet {
  /// `δᵢ⁽ˡ⁾`, from ∂L/∂a at the output or the layer above's deltas, times f′(z).
  mutating func addDelta(_ l: Int, _ i: Int, row r: Int) {
    let last = configuration.depth
    let f = configuration.activation(l).name
    var uses: [Given] = []
    if l == last {
      let units = f == "softmax" ? Array(0..<configuration.units(l)) : [i]
      for k in units { uses += [.value(AnswerKey("a", layer: l, unit: k, row: r)), .target(k, row: r)] }
    } else {
      for k in 0..<configuration.units(l + 1) {
        uses += [
          .start("w", layer: l + 1, unit: k, from: i), .value(AnswerKey("delta", layer: l + 1, unit: k, row: r)),
        ]
      }
      uses.append(.value(AnswerKey("a", layer: l, unit: i, row: r)))
    }
    if f == "relu" || f == "leaky_relu" { uses.append(.value(AnswerKey("z", layer: l, unit: i, row: r))) }
    typealias Variant = ExerciseValues.DeltaVariant
    var variants: [(Mistake, Variant)] = [
      (.forgotDerivative, .noDerivative), (.derivativeOfActivation, .derivativeOfA), (.errorSign, .errorSign),
      (.updatedWeight, .updatedWeights), (.swappedIndices, .swapped), (.targetForActivation, .targetForA),
      (.keptCancelledDerivative, .keepsCancelled),
    ]
    let n = Double(configuration.units(last))
    switch configuration.loss ?? .mse {
    case .sse: variants.append((.droppedHalf, .lossScale(2)))
    case .mse:
      variants.append((.droppedTwo, .lossScale(1 / n)))
      if n > 1 { variants.append((.droppedMean, .lossScale(2))) }
    default: break
    }
    add(
      AnswerKey("delta", layer: l, unit: i, row: r), uses: uses, work: { $0.delta(l, i, row: r, variant: .right) },
      mistakes: variants.map { mistake, variant in (mistake, { $0.delta(l, i, row: r, variant: variant) }) })
  }

  mutating func addBackward() {
    let last = configuration.depth
    for l in stride(from: last, through: 1, by: -1) {
      for i in askedUnits(l) { addDelta(l, i, row: row) }
    }
    let rows = trace.samples
    let batch = rows.count > 1
    for l in stride(from: last, through: 1, by: -1) {
      for i in askedUnits(l) {
        for j in 0..<min(configuration.units(l - 1), scope.inputs) {
          var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = [
            (.swappedIndices, { $0.weightGradient(l, i, j, swapped: true) })
          ]
          if batch { mistakes.insert((.summedBatch, { $0.weightGradient(l, i, j, summed: true) }), at: 0) }
          if l > 1 { mistakes.append((.preActivationForActivation, { $0.weightGradient(l, i, j, zBelow: true) })) }
          add(
            AnswerKey("grad_w", layer: l, unit: i, from: j),
            uses: rows.flatMap { [input(l - 1, j, row: $0), .value(AnswerKey("delta", layer: l, unit: i, row: $0))] },
            work: { $0.weightGradient(l, i, j) }, mistakes: mistakes)
        }
        var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = []
        if batch { mistakes.append((.summedBatch, { $0.biasGradient(l, i, summed: true) })) }
        add(
          AnswerKey("grad_b", layer: l, unit: i),
          uses: rows.map { .value(AnswerKey("delta", layer: l, unit: i, row: $0)) },
          work: { $0.biasGradient(l, i) }, mistakes: mistakes)
      }
    }
  }
}
