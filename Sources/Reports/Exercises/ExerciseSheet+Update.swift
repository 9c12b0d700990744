/// The update's questions: each parameter's optimizer state and new value; and the perceptron's step.
extension ExerciseSheet {
  /// The optimizer's state kinds (without `_w`/`_b`), in the order they are worked.
  var stateKinds: [String] {
    switch configuration.optimizer.name {
    case "momentum": ["velocity"]
    case "rmsprop": ["s"]
    case "adam": ["m", "v", "m_hat", "v_hat"]
    default: []
    }
  }

  /// The state lines and the new value of one weight (`from` given) or bias of unit `i` of layer `l`.
  mutating func addParameterUpdate(_ l: Int, _ i: Int, from: Int?) {
    let p = from == nil ? "b" : "w"
    let parameter = AnswerKey(p, layer: l, unit: i, from: from)
    let gradient = Given.value(AnswerKey("grad_" + p, layer: l, unit: i, from: from))
    func key(_ name: String) -> AnswerKey { AnswerKey(name + "_" + p, layer: l, unit: i, from: from) }
    for name in stateKinds {
      let uses: [Given]
      var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = []
      switch name {
      case "m_hat": uses = [.value(key("m"))]
      case "v_hat": uses = [.value(key("v"))]
      default: uses = [gradient, .start(name + "_" + p, layer: l, unit: i, from: from)]
      }
      if name == "m_hat" || name == "v_hat" {
        mistakes.append((.forgotBiasCorrection, { $0.state(name, parameter, variant: .noBiasCorrection) }))
      } else {
        mistakes.append((.forgotOldState, { $0.state(name, parameter, variant: .noOldState) }))
      }
      add(key(name), uses: uses, work: { $0.state(name, parameter) }, mistakes: mistakes)
    }
    var uses: [Given] = [.start(p, layer: l, unit: i, from: from), gradient]
    var mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = [
      (.updateSign, { $0.updated(parameter, variant: .sign) })
    ]
    switch configuration.optimizer.name {
    case "momentum": uses.append(.value(key("velocity")))
    case "rmsprop":
      uses.append(.value(key("s")))
      mistakes.append((.forgotSquareRoot, { $0.updated(parameter, variant: .noSquareRoot) }))
    case "adam":
      uses += [.value(key("m_hat")), .value(key("v_hat"))]
      mistakes.append((.forgotBiasCorrection, { $0.updated(parameter, variant: .noBiasCorrection) }))
      mistakes.append((.forgotSquareRoot, { $0.updated(parameter, variant: .noSquareRoot) }))
    default:
      mistakes.append((.forgotLearningRate, { $0.updated(parameter, variant: .noLearningRate) }))
    }
    add(parameter, uses: uses, work: { $0.updated(parameter) }, mistakes: mistakes)
  }

  mutating func addUpdate() {
    for l in 1...configuration.depth {
      for i in askedUnits(l) {
        for j in 0..<min(configuration.units(l - 1), scope.inputs) { addParameterUpdate(l, i, from: j) }
        addParameterUpdate(l, i, from: nil)
      }
    }
  }

  /// The perceptron's step: z, ŷ = step(z), e = y − ŷ, then wⱼ ← wⱼ + η·e·xⱼ and b ← b + η·e.
  mutating func addPerceptron() {
    let r = row
    addWeightedSum(1, 0, row: r)
    addActivation(1, 0, row: r)
    add(
      AnswerKey("error", layer: 1, unit: 0, row: r),
      uses: [.target(0, row: r), .value(AnswerKey("a", layer: 1, unit: 0, row: r))],
      work: { $0.perceptronError(row: r) }, mistakes: [(.errorSign, { $0.perceptronError(row: r, sign: true) })])
    let error = Given.value(AnswerKey("error", layer: 1, unit: 0, row: r))
    for j in 0..<min(configuration.units(0), scope.inputs) {
      let key = AnswerKey("w", layer: 1, unit: 0, from: j)
      add(
        key, uses: [.start("w", layer: 1, unit: 0, from: j), error, .input(j, row: r)],
        work: { $0.perceptronUpdate(key, row: r) },
        mistakes: [
          (.updateSign, { $0.perceptronUpdate(key, row: r, variant: .sign) }),
          (.forgotLearningRate, { $0.perceptronUpdate(key, row: r, variant: .noLearningRate) }),
        ])
    }
    let bias = AnswerKey("b", layer: 1, unit: 0)
    add(
      bias, uses: [.start("b", layer: 1, unit: 0, from: nil), error], work: { $0.perceptronUpdate(bias, row: r) },
      mistakes: [
        (.updateSign, { $0.perceptronUpdate(bias, row: r, variant: .sign) }),
        (.forgotLearningRate, { $0.perceptronUpdate(bias, row: r, variant: .noLearningRate) }),
      ])
  }
}
