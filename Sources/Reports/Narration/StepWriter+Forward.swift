import Foundation
import Tracing

/// The forward pass of one data row: `z = w·x + b`, `a = f(z)`, and the row's loss.
extension StepWriter {
  mutating func forward(sample s: Int) {
    var items: [NarrationItem] = []
    let last = depth
    let xs = (0..<configuration.units(0)).compactMap { activation(0, $0, sample: s) }
    let ys = (0..<configuration.units(last)).compactMap {
      trace.value(.y, layer: last, sample: s, i: $0)
    }
    if let kinds = filter.kinds, filter.sample.map({ $0 == s }) ?? true {
      if kinds.contains("x") && filter.allows(["x"], layer: 0) { items.append(.note("x = \(vector(xs))")) }
      if kinds.contains("y") && filter.allows(["y"], layer: last) { items.append(.note("y = \(vector(ys))")) }
    }
    for l in 1...last {
      if foldedLayers?.lowerBound == l && filter.allows(["z", "a"], layer: l, sample: s) {
        items += foldedLayersNote("is computed", "are computed")
      }
      guard tellsLayer(l) else { continue }
      let units = shownUnits(l)
      for i in units {
        if filter.allows(["z"], layer: l, sample: s), let formula = zFormula(l, i, sample: s) {
          items.append(.formula(formula))
        }
        if filter.allows(["a"], layer: l, sample: s), let formula = aFormula(l, i, sample: s) {
          items.append(.formula(formula))
        }
      }
      let n = configuration.units(l)
      if n > units.count && filter.allows(["z", "a"], layer: l, sample: s) {
        items.append(
          .note("Units \(units.count + 1)–\(n) of layer \(l) are computed the same way (--full tells them all)."))
      }
    }
    if filter.allows(["loss"], layer: nil, sample: s), let formula = lossFormula(sample: s) {
      items.append(.formula(formula))
    }
    append(
      NarrationSection(title: "Forward pass · data row \(s) · x = \(vector(xs)) · y = \(vector(ys))", items: items))
  }

  /// `zᵢ⁽ˡ⁾ = Σⱼ wⱼᵢ⁽ˡ⁾ aⱼ⁽ˡ⁻¹⁾ + bᵢ⁽ˡ⁾`, with the weights the step started from.
  func zFormula(_ l: Int, _ i: Int, sample s: Int) -> Formula? {
    guard let zValue = trace.value(.z, layer: l, sample: s, i: i) else { return nil }
    let nIn = configuration.units(l - 1)
    var terms: [(expr: Expr, value: Double)] = []
    for j in 0..<nIn {
      guard let weight = trace.startValue(.w, layer: l, i: i, j: j), let input = activation(l - 1, j, sample: s)
      else { return nil }
      terms.append((.product([.number(weight, .parameter), .number(input, role(ofLayer: l - 1))]), weight * input))
    }
    guard let bias = trace.startValue(.b, layer: l, i: i) else { return nil }
    let symbolic: Tex
    if nIn <= 3 {
      symbolic = Tex.joined((0..<nIn).map { w(l, $0, i) + a(l - 1, $0) } + [b(l, i)], separator: .plus)
    } else {
      symbolic =
        Tex("Σⱼ ", latex: "\\sum_j ") + summedWeight(l, i) + summedInput(l - 1) + Tex.plus + b(l, i)
    }
    return Formula(
      z(l, i), role: .activation, symbolic: [symbolic],
      numeric: [.sum(Expr.abbreviated(terms, role: .activation) + [.number(bias, .parameter)])],
      result: .number(zValue, .activation))
  }

  /// `wⱼᵢ⁽ˡ⁾` with a letter for the unit below.
  func summedWeight(_ l: Int, _ i: Int) -> Tex {
    Tex("wⱼ" + Notation.subscripted(i + 1), latex: "w_{j\(i + 1)}") + Notation.layer(l)
  }

  /// `xⱼ` or `aⱼ⁽ˡ⁾`.
  func summedInput(_ l: Int) -> Tex {
    l == 0 ? Tex("xⱼ", latex: "x_j") : Tex("aⱼ", latex: "a_j") + Notation.layer(l)
  }

  /// `aᵢ⁽ˡ⁾ = f(zᵢ⁽ˡ⁾)` with the function's own arithmetic.
  func aFormula(_ l: Int, _ i: Int, sample s: Int) -> Formula? {
    guard let zValue = trace.value(.z, layer: l, sample: s, i: i),
      let aValue = trace.value(.a, layer: l, sample: s, i: i)
    else { return nil }
    let activation = configuration.activation(l)
    let zSymbol = z(l, i)
    let zNumber = Expr.number(zValue, .activation)
    let result = Expr.number(aValue, .activation)
    let lhs = a(l, i)
    switch activation.name {
    case "sigmoid":
      return Formula(
        lhs, role: .activation, symbolic: [Tex("σ(", latex: "\\sigma(") + zSymbol + Tex(")")],
        numeric: [
          .call(.sigma, [zNumber]), .quotient(.integer(1), .sum([.integer(1), .exp(.number(-zValue, .activation))])),
        ], result: result)
    case "tanh":
      return Formula(
        lhs, role: .activation, symbolic: [Tex("tanh(", latex: "\\tanh(") + zSymbol + Tex(")")],
        numeric: abs(zValue) > 20
          ? [.call(.tanh, [zNumber])]
          : [
            .call(.tanh, [zNumber]),
            .quotient(
              .difference(.exp(zNumber), .exp(.number(-zValue, .activation))),
              .sum([.exp(zNumber), .exp(.number(-zValue, .activation))])),
          ], result: result)
    case "relu":
      return Formula(
        lhs, role: .activation, symbolic: [Tex("max(0, ", latex: "\\max(0, ") + zSymbol + Tex(")")],
        numeric: [.call(.max, [.integer(0), zNumber])], result: result)
    case "leaky_relu":
      let positive = zValue > 0
      return Formula(
        lhs, role: .activation,
        symbolic: [Tex("leaky_relu(", latex: "\\operatorname{leaky\\_relu}(") + zSymbol + Tex(")")],
        numeric: [positive ? zNumber : .product([.setting(activation.slope), zNumber])], result: result,
        comment: positive
          ? "z > 0, so a = z" : "z ≤ 0, so a = \(NumberFormat.setting(activation.slope))·z")
    case "softmax":
      return softmaxFormula(l, i, sample: s, result: result)
    case "step":
      return Formula(
        lhs, role: .activation, symbolic: [Tex("step(", latex: "\\operatorname{step}(") + zSymbol + Tex(")")],
        numeric: [.call(.step, [zNumber])], result: result, comment: "1 if z ≥ 0, else 0")
    default:
      return Formula(lhs, role: .activation, symbolic: [zSymbol], numeric: [zNumber], result: result)
    }
  }

  /// `aᵢ = e^zᵢ / Σₖ e^zₖ`, shifted by the largest z when the exponentials would be huge.
  func softmaxFormula(_ l: Int, _ i: Int, sample s: Int, result: Expr) -> Formula? {
    let n = configuration.units(l)
    var zs: [Double] = []
    for k in 0..<n {
      guard let value = trace.value(.z, layer: l, sample: s, i: k) else { return nil }
      zs.append(value)
    }
    let largest = zs.max() ?? 0
    let shift = largest > 30
    func power(_ k: Int) -> (expr: Expr, value: Double) {
      let zk = Expr.number(zs[k], .activation)
      if shift {
        return (.exp(.difference(zk, .number(largest, .activation))), Foundation.exp(zs[k] - largest))
      }
      return (.exp(zk), Foundation.exp(zs[k]))
    }
    let denominator = Expr.sumOf(Expr.abbreviated((0..<n).map(power), role: .activation))
    let symbolic =
      Tex("e^", latex: "e^{") + z(l, i) + Tex(" / Σₖ e^", latex: "} / \\sum_k e^{")
      + Tex("zₖ", latex: "z_k") + Notation.layer(l) + Tex("", latex: "}")
    return Formula(
      a(l, i), role: .activation, symbolic: [symbolic], numeric: [.quotient(power(i).expr, denominator)],
      result: result,
      comment: shift ? "every z shifted by the largest, \(NumberFormat.value(largest)): same ratio" : nil)
  }

  /// `ln(x)`, clamped at −100 as the loss clamps it when x is so small that ln x < −100.
  func ln(_ argument: Expr, value: Double) -> Expr {
    let log = Expr.call(.ln, [argument])
    return Foundation.log(value) < -100 ? .call(.max, [log, .integer(-100)]) : log
  }

  /// The loss of one data row, by the run's loss function.
  func lossFormula(sample s: Int) -> Formula? {
    let last = depth
    guard let lossValue = trace.value(.loss, layer: nil, sample: s) else { return nil }
    let n = configuration.units(last)
    var pairs: [(a: Double, y: Double)] = []
    for i in 0..<n {
      guard let aValue = trace.value(.a, layer: last, sample: s, i: i),
        let yValue = trace.value(.y, layer: last, sample: s, i: i)
      else { return nil }
      pairs.append((aValue, yValue))
    }
    let result = Expr.number(lossValue, .loss)
    let single = n == 1
    let aL = single ? a(last, 0) : Tex("aᵢ", latex: "a_i") + Notation.layer(last)
    let yL = single ? y(0) : Tex("yᵢ", latex: "y_i")
    func aNumber(_ i: Int) -> Expr { .number(pairs[i].a, .activation) }
    func yNumber(_ i: Int) -> Expr { .number(pairs[i].y, .input) }
    switch configuration.loss ?? .mse {
    case .sse, .mse:
      let squares = (0..<n).map { i -> (expr: Expr, value: Double) in
        let e = pairs[i].a - pairs[i].y
        return (.power(.difference(aNumber(i), yNumber(i)), 2), e * e)
      }
      let sum = Expr.sumOf(Expr.abbreviated(squares, role: .loss))
      let squared = Tex("(") + aL + Tex.minus + yL + Tex(")²", latex: ")^2")
      if configuration.loss == .sse {
        let symbolic =
          single ? Tex("½", latex: "\\tfrac{1}{2}") + squared : Tex("½ Σᵢ ", latex: "\\tfrac{1}{2}\\sum_i ") + squared
        return Formula(
          Tex("L"), role: .loss, symbolic: [symbolic], numeric: [.product([.setting(0.5), sum])], result: result)
      }
      let symbolic = single ? squared : Tex("(1/\(n)) Σᵢ ", latex: "\\tfrac{1}{\(n)}\\sum_i ") + squared
      return Formula(
        Tex("L"), role: .loss, symbolic: [symbolic], numeric: [single ? sum : .quotient(sum, .integer(n))],
        result: result)
    case .bce:
      var terms: [(expr: Expr, value: Double)] = []
      for i in 0..<n {
        let (aValue, yValue) = pairs[i]
        var parts: [Expr] = []
        if yValue != 0 {
          let log = ln(aNumber(i), value: aValue)
          parts.append(yValue == 1 ? log : .product([yNumber(i), log]))
        }
        if yValue != 1 {
          let log = ln(.difference(.integer(1), aNumber(i)), value: 1 - aValue)
          parts.append(yValue == 0 ? log : .product([.difference(.integer(1), yNumber(i)), log]))
        }
        let value =
          (yValue != 0 ? yValue * max(Foundation.log(aValue), -100) : 0)
          + (yValue != 1 ? (1 - yValue) * max(Foundation.log(1 - aValue), -100) : 0)
        terms.append((Expr.sumOf(parts), value))
      }
      let inner = Expr.sumOf(Expr.abbreviated(terms, role: .loss))
      let symbolic =
        Tex(single ? "−[" : "−Σᵢ [", latex: single ? "-[" : "-\\sum_i [") + yL + Tex(" ln ", latex: " \\ln ") + aL
        + Tex(" + (1 − ", latex: " + (1 - ") + yL + Tex(") ln(1 − ", latex: ") \\ln(1 - ") + aL + Tex(")]")
      let dropped = pairs.allSatisfy { $0.y == 0 || $0.y == 1 }
      return Formula(
        Tex("L"), role: .loss, symbolic: [symbolic], numeric: [.negate(inner)], result: result,
        comment: dropped
          ? (single
            ? (pairs[0].y == 0 ? "y = 0: only ln(1 − a) remains" : "y = 1: only ln a remains")
            : "a term whose y factor is 0 drops out") : nil)
    case .crossEntropy:
      var terms: [Expr] = []
      for i in 0..<n where pairs[i].y != 0 {
        let log = ln(aNumber(i), value: pairs[i].a)
        terms.append(pairs[i].y == 1 ? log : .product([yNumber(i), log]))
      }
      let symbolic = Tex("−Σᵢ ", latex: "-\\sum_i ") + Tex("yᵢ ln aᵢ", latex: "y_i \\ln a_i") + Notation.layer(last)
      guard !terms.isEmpty else {
        return Formula(Tex("L"), role: .loss, symbolic: [symbolic], numeric: [.integer(0)], result: result)
      }
      return Formula(
        Tex("L"), role: .loss, symbolic: [symbolic], numeric: [.negate(Expr.sumOf(terms))], result: result,
        comment: n > 1 ? "only outputs with y ≠ 0 count" : nil)
    }
  }

  /// `L(batch) = (1/m) Σₛ L`: the mean of the rows' losses.
  mutating func batchLoss() {
    guard filter.allows(["loss"], layer: nil), filter.sample == nil, let formula = batchLossFormula() else { return }
    append(NarrationSection(title: "Loss of the batch", items: [.formula(formula)]))
  }

  /// The batch's loss as the mean of its rows' losses, for a batch of more than one row.
  func batchLossFormula() -> Formula? {
    let m = trace.samples.count
    guard m > 1, let value = trace.value(.loss, layer: nil) else { return nil }
    var terms: [(expr: Expr, value: Double)] = []
    for s in trace.samples {
      guard let loss = trace.value(.loss, layer: nil, sample: s) else { return nil }
      terms.append((.number(loss, .loss), loss))
    }
    return Formula(
      Tex("L(batch)", latex: "L_{\\text{batch}}"), role: .loss,
      symbolic: [Tex("(1/\(m)) Σₛ L", latex: "\\tfrac{1}{\(m)}\\sum_s L")],
      numeric: [.quotient(Expr.sumOf(Expr.abbreviated(terms, role: .loss)), .integer(m))],
      result: .number(value, .loss))
  }
}
