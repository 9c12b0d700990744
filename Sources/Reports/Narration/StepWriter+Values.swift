/// Each value's own lines of a step, made by the functions that write the step's story.
extension StepWriter {
  func valueLines(samples: [Int]) -> [ValueLines] {
    var result: [ValueLines] = []
    func add(_ subject: ValueLines.Subject, _ lines: [(ValueLines.Stage, Formula?)]) {
      let texts = lines.compactMap { stage, formula in formula.map { (stage: stage, text: $0.text(.plain)) } }
      if !texts.isEmpty { result.append(ValueLines(subject: subject, lines: texts)) }
    }
    if configuration.isActivation {
      for s in samples {
        for i in shownUnits(1) {
          var lines: [(stage: ValueLines.Stage, text: String)] = []
          if let formula = aFormula(1, i, sample: s) { lines.append((.forward, formula.text(.plain))) }
          if let line = derivativeLine(i, sample: s) { lines.append((.backward, line)) }
          if !lines.isEmpty { result.append(ValueLines(subject: .unit(layer: 1, unit: i, sample: s), lines: lines)) }
        }
      }
      return result
    }
    if perceptron {
      guard let s = trace.samples.first, samples.contains(s) else { return result }
      add(
        .unit(layer: 1, unit: 0, sample: s),
        [
          (.forward, zFormula(1, 0, sample: s)), (.forward, aFormula(1, 0, sample: s)),
          (.backward, perceptronError(sample: s)),
        ])
      for j in 0..<min(configuration.units(0), limits.inputs) {
        add(.weight(layer: 1, from: j, to: 0), [(.update, perceptronWeightUpdate(j, sample: s))])
      }
      add(.bias(layer: 1, unit: 0), [(.update, perceptronBiasUpdate(sample: s))])
      return result
    }
    for s in samples {
      for l in 1...depth {
        let softmax = softmaxParts(l, sample: s)
        for i in shownUnits(l) {
          var lines: [(ValueLines.Stage, Formula?)] = [
            (.forward, zFormula(l, i, sample: s)), (.forward, aFormula(l, i, sample: s)),
          ]
          if let softmax {
            lines += [(.backward, softmax.gradients[i]), (.backward, softmax.dot), (.backward, softmax.deltas[i])]
          } else {
            lines.append((.backward, deltaFormula(l, i, sample: s)))
          }
          add(.unit(layer: l, unit: i, sample: s), lines)
        }
      }
      add(.loss(sample: s), [(.loss, lossFormula(sample: s))])
    }
    add(.loss(sample: nil), [(.loss, batchLossFormula())])
    for l in 1...depth {
      for i in shownUnits(l) {
        for j in 0..<min(configuration.units(l - 1), limits.inputs) {
          add(.weight(layer: l, from: j, to: i), [(.backward, weightGradient(l, i, j))] + updateLines(l, i, j: j))
        }
        add(.bias(layer: l, unit: i), [(.backward, biasGradient(l, i))] + updateLines(l, i, j: nil))
      }
    }
    return result
  }

  /// The softmax lines of layer `l`, when its units are coupled (not cancelled with the loss).
  private func softmaxParts(_ l: Int, sample s: Int) -> (gradients: [Formula], dot: Formula, deltas: [Int: Formula])? {
    guard configuration.activation(l).name == "softmax",
      !(l == depth && StepNarrator.cancels(loss: configuration.loss, activation: .softmax))
    else { return nil }
    return softmaxDelta(l, sample: s)
  }

  /// `δ` of one unit as the backward pass tells it.
  private func deltaFormula(_ l: Int, _ i: Int, sample s: Int) -> Formula? {
    if l == depth && StepNarrator.cancels(loss: configuration.loss, activation: configuration.activation(l).function) {
      return cancelledDelta(i, sample: s)
    }
    return chainDelta(l, i, sample: s)
  }

  /// The optimizer's lines for one weight or bias.
  private func updateLines(_ l: Int, _ i: Int, j: Int?) -> [(ValueLines.Stage, Formula?)] {
    parameterUpdate(l, i, j: j).compactMap { item in
      if case .formula(let formula) = item { return (.update, formula) }
      return nil
    }
  }
}
