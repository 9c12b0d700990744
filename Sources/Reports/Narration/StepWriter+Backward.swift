import Tracing

/// The backward pass of one data row: each unit's `δ = ∂L/∂z`, from the output down.
extension StepWriter {
  mutating func backward(sample s: Int) {
    var items: [NarrationItem] = []
    for l in stride(from: depth, through: 1, by: -1) where filter.allows(["delta"], layer: l, sample: s) {
      if foldedLayers?.upperBound == l { items += foldedLayersNote("works", "work") }
      guard tellsLayer(l) else { continue }
      items += deltaItems(l, sample: s)
      let n = configuration.units(l)
      let shown = shownUnits(l).count
      if n > shown {
        items.append(.note("Units \(shown + 1)–\(n) of layer \(l) work the same way (--full tells them all)."))
      }
    }
    append(NarrationSection(title: "Backward pass · data row \(s)", items: items))
  }

  func deltaItems(_ l: Int, sample s: Int) -> [NarrationItem] {
    let activation = configuration.activation(l)
    if l == depth && StepNarrator.cancels(loss: configuration.loss, activation: activation.function) {
      return shownUnits(l).compactMap { i in cancelledDelta(i, sample: s).map(NarrationItem.formula) }
    }
    if activation.name == "softmax" { return softmaxDeltaItems(l, sample: s) }
    return shownUnits(l).compactMap { i in chainDelta(l, i, sample: s).map(NarrationItem.formula) }
  }

  /// `δ = a − y` where the loss and the output activation cancel.
  func cancelledDelta(_ i: Int, sample s: Int) -> Formula? {
    let last = depth
    guard let aValue = trace.value(.a, layer: last, sample: s, i: i),
      let yValue = trace.value(.y, layer: last, sample: s, i: i),
      let deltaValue = trace.value(.delta, layer: last, sample: s, i: i)
    else { return nil }
    let aNumber = Expr.number(aValue, .activation)
    let yNumber = Expr.number(yValue, .input)
    if configuration.activation(last).name == "softmax" {
      var targetSum = 0.0
      for k in 0..<configuration.units(last) {
        targetSum += trace.value(.y, layer: last, sample: s, i: k) ?? 0
      }
      if targetSum != 1 {
        return Formula(
          delta(last, i), role: .gradient, symbolic: [a(last, i) + Tex("·Σy − ", latex: " \\sum y - ") + y(i)],
          numeric: [.difference(.product([aNumber, .number(targetSum, .input)]), yNumber)],
          result: .number(deltaValue, .gradient), comment: "softmax with cross-entropy: targets summing to Σy")
      }
      return Formula(
        delta(last, i), role: .gradient, symbolic: [a(last, i) + Tex.minus + y(i)],
        numeric: [.difference(aNumber, yNumber)], result: .number(deltaValue, .gradient),
        comment: "softmax and cross-entropy cancel to a − y")
    }
    return Formula(
      delta(last, i), role: .gradient, symbolic: [a(last, i) + Tex.minus + y(i)],
      numeric: [.difference(aNumber, yNumber)], result: .number(deltaValue, .gradient),
      comment: "∂L/∂a × σ′(z) cancels to a − y")
  }

  /// `∂L/∂aᵢ` of the output layer by the loss function, with its arithmetic and value.
  func lossGradient(_ i: Int, sample s: Int) -> (expr: Expr, value: Double, rule: String)? {
    let last = depth
    guard let aValue = trace.value(.a, layer: last, sample: s, i: i),
      let yValue = trace.value(.y, layer: last, sample: s, i: i)
    else { return nil }
    let aNumber = Expr.number(aValue, .activation)
    let yNumber = Expr.number(yValue, .input)
    let n = configuration.units(last)
    switch configuration.loss ?? .mse {
    case .sse:
      return (.difference(aNumber, yNumber), aValue - yValue, "∂L/∂a = a − y")
    case .bce:
      return (
        .quotient(.difference(aNumber, yNumber), .product([aNumber, .difference(.integer(1), aNumber)])),
        (aValue - yValue) / (aValue * (1 - aValue)), "∂L/∂a = (a − y)/(a(1 − a))"
      )
    case .crossEntropy:
      return (.negate(.quotient(yNumber, aNumber)), -yValue / aValue, "∂L/∂a = −y/a")
    case .mse:
      let twice = Expr.product([.integer(2), .difference(aNumber, yNumber)])
      return (
        n == 1 ? twice : .quotient(twice, .integer(n)), 2 * (aValue - yValue) / Double(n),
        n == 1 ? "∂L/∂a = 2(a − y)" : "∂L/∂a = 2(a − y)/\(n)"
      )
    }
  }

  /// `Σₖ wᵢₖ⁽ˡ⁺¹⁾ δₖ⁽ˡ⁺¹⁾`: what reaches unit `i` of layer `l` from the layer above.
  func backpropagated(_ l: Int, _ i: Int, sample s: Int) -> (expr: Expr, value: Double, symbolic: Tex)? {
    let above = l + 1
    let n = configuration.units(above)
    var terms: [(expr: Expr, value: Double)] = []
    var total = 0.0
    for k in 0..<n {
      guard let weight = trace.startValue(.w, layer: above, i: k, j: i),
        let deltaValue = trace.value(.delta, layer: above, sample: s, i: k)
      else { return nil }
      terms.append((.product([.number(weight, .parameter), .number(deltaValue, .gradient)]), weight * deltaValue))
      total += weight * deltaValue
    }
    let symbolic: Tex
    if n <= 3 {
      symbolic = Tex.joined((0..<n).map { w(above, i, $0) + delta(above, $0) }, separator: .plus)
    } else {
      symbolic =
        Tex("Σₖ ", latex: "\\sum_k ") + Tex("w" + Notation.subscripted(i + 1) + "ₖ", latex: "w_{\(i + 1)k}")
        + Notation.layer(above) + Tex("δₖ", latex: "\\delta_k") + Notation.layer(above)
    }
    return (.group(Expr.sumOf(Expr.abbreviated(terms, role: .gradient))), total, symbolic)
  }

  /// `f′(zᵢ⁽ˡ⁾)` by the activation: its name, arithmetic, value and rule.
  func derivative(_ l: Int, _ i: Int, sample s: Int) -> (name: Tex, expr: Expr, value: Double, rule: String)? {
    guard let zValue = trace.value(.z, layer: l, sample: s, i: i),
      let aValue = trace.value(.a, layer: l, sample: s, i: i)
    else { return nil }
    let activation = configuration.activation(l)
    let aNumber = Expr.number(aValue, .activation)
    func named(_ text: String, _ latex: String) -> Tex {
      Tex(text + "(", latex: latex + "(") + z(l, i) + Tex(")")
    }
    switch activation.name {
    case "sigmoid":
      return (
        named("σ′", "\\sigma'"), .product([aNumber, .difference(.integer(1), aNumber)]), aValue * (1 - aValue),
        "σ′(z) = a(1 − a)"
      )
    case "tanh":
      return (
        named("tanh′", "\\tanh'"), .difference(.integer(1), .power(aNumber, 2)), 1 - aValue * aValue,
        "tanh′(z) = 1 − a²"
      )
    case "relu":
      return zValue > 0
        ? (named("relu′", "\\operatorname{relu}'"), .integer(1), 1, "relu′(z) = 1 as z > 0")
        : (named("relu′", "\\operatorname{relu}'"), .integer(0), 0, "relu′(z) = 0 as z ≤ 0")
    case "leaky_relu":
      let name = named("leaky_relu′", "\\operatorname{leaky\\_relu}'")
      return zValue > 0
        ? (name, .integer(1), 1, "leaky_relu′(z) = 1 as z > 0")
        : (
          name, .setting(activation.slope), activation.slope,
          "leaky_relu′(z) = \(NumberFormat.setting(activation.slope)) as z ≤ 0"
        )
    case "step":
      return (named("step′", "\\operatorname{step}'"), .integer(0), 0, "step′(z) = 0")
    default:
      return (named("f′", "f'"), .integer(1), 1, "linear: f′(z) = 1")
    }
  }

  /// `δᵢ⁽ˡ⁾ = ∂L/∂aᵢ⁽ˡ⁾ × f′(zᵢ⁽ˡ⁾)`, the chain rule for one unit.
  func chainDelta(_ l: Int, _ i: Int, sample s: Int) -> Formula? {
    guard let deltaValue = trace.value(.delta, layer: l, sample: s, i: i),
      let fPrime = derivative(l, i, sample: s)
    else { return nil }
    let incoming: (expr: Expr, value: Double, symbolic: Tex)
    var rules: [String] = []
    if l == depth {
      guard let gradient = lossGradient(i, sample: s) else { return nil }
      incoming = (gradient.expr, gradient.value, Notation.derivative(of: a(l, i)))
      rules.append(gradient.rule)
    } else {
      guard let sum = backpropagated(l, i, sample: s) else { return nil }
      incoming = (sum.expr, sum.value, Tex("(") + sum.symbolic + Tex(")"))
    }
    rules.append(fPrime.rule)
    var numeric: [Expr] = [.chain([incoming.expr, fPrime.expr])]
    let literal: Bool
    switch fPrime.expr {
    case .integer, .setting: literal = true
    default: literal = false
    }
    let evaluated = Expr.chain([
      .number(incoming.value, .gradient), literal ? fPrime.expr : .number(fPrime.value, .activation),
    ])
    if evaluated != numeric[0] { numeric.append(evaluated) }
    return Formula(
      delta(l, i), role: .gradient, symbolic: [incoming.symbolic + Tex.times + fPrime.name], numeric: numeric,
      result: .number(deltaValue, .gradient), comment: rules.joined(separator: "; "))
  }

  /// Softmax couples its units: `δᵢ = aᵢ(∂L/∂aᵢ − Σₖ ∂L/∂aₖ·aₖ)`, in three kinds of line.
  func softmaxDeltaItems(_ l: Int, sample s: Int) -> [NarrationItem] {
    guard let parts = softmaxDelta(l, sample: s) else { return [] }
    var items = parts.gradients.prefix(limits.units).map(NarrationItem.formula)
    items.append(.formula(parts.dot))
    for i in shownUnits(l) {
      if let formula = parts.deltas[i] { items.append(.formula(formula)) }
    }
    return items
  }

  /// A softmax layer's backward lines for every unit: each `∂L/∂aₖ`, their sum weighted by `aₖ`, each `δᵢ`.
  func softmaxDelta(_ l: Int, sample s: Int) -> (gradients: [Formula], dot: Formula, deltas: [Int: Formula])? {
    let n = configuration.units(l)
    var gradients: [Double] = []
    var gradientLines: [Formula] = []
    var activations: [Double] = []
    for k in 0..<n {
      guard let aValue = trace.value(.a, layer: l, sample: s, i: k) else { return nil }
      activations.append(aValue)
      let lhs = Notation.derivative(of: a(l, k))
      if l == depth {
        guard let gradient = lossGradient(k, sample: s) else { return nil }
        gradients.append(gradient.value)
        gradientLines.append(
          Formula(
            lhs, role: .gradient, numeric: [gradient.expr], result: .number(gradient.value, .gradient),
            comment: gradient.rule))
      } else {
        guard let sum = backpropagated(l, k, sample: s) else { return nil }
        gradients.append(sum.value)
        gradientLines.append(
          Formula(
            lhs, role: .gradient, symbolic: [sum.symbolic], numeric: [sum.expr],
            result: .number(sum.value, .gradient)))
      }
    }
    var dot = 0.0
    var terms: [(expr: Expr, value: Double)] = []
    for k in 0..<n {
      dot += gradients[k] * activations[k]
      terms.append(
        (
          .product([.number(gradients[k], .gradient), .number(activations[k], .activation)]),
          gradients[k] * activations[k]
        ))
    }
    let dotSymbol =
      Tex("Σₖ ∂L/∂aₖ", latex: "\\sum_k \\partial L/\\partial a_k") + Notation.layer(l) + Tex("·aₖ", latex: " a_k")
      + Notation.layer(l)
    let dotLine = Formula(
      dotSymbol, role: .gradient, numeric: [Expr.sumOf(Expr.abbreviated(terms, role: .gradient))],
      result: .number(dot, .gradient))
    var deltas: [Int: Formula] = [:]
    for i in 0..<n {
      guard let deltaValue = trace.value(.delta, layer: l, sample: s, i: i) else { continue }
      let symbolic =
        a(l, i) + Tex("(") + Notation.derivative(of: a(l, i))
        + Tex(" − Σₖ ∂L/∂aₖaₖ)", latex: " - \\sum_k \\partial L/\\partial a_k a_k)")
      deltas[i] = Formula(
        delta(l, i), role: .gradient, symbolic: [symbolic],
        numeric: [
          .chain([
            .number(activations[i], .activation),
            .difference(.number(gradients[i], .gradient), .number(dot, .gradient)),
          ])
        ], result: .number(deltaValue, .gradient), comment: "softmax couples its units: ∂aᵢ/∂zₖ = aᵢ(1[i = k] − aₖ)")
    }
    return (gradientLines, dotLine, deltas)
  }
}
