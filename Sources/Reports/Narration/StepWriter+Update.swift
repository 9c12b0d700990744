import Foundation
import Tracing

/// The batch's gradients, `∂L/∂w = (1/m) Σₛ a·δ`, and the optimizer's update of every parameter.
extension StepWriter {
  mutating func gradients() {
    let m = trace.samples.count
    for l in stride(from: depth, through: 1, by: -1) {
      if foldedLayers?.upperBound == l && filter.allows(["grad_w", "grad_b"], layer: l) {
        append(NarrationSection(title: "Gradients of the middle layers", items: foldedLayersNote("works", "work")))
      }
      guard tellsLayer(l) else { continue }
      var items: [NarrationItem] = []
      let inputs = 0..<min(configuration.units(l - 1), limits.inputs)
      for i in shownUnits(l) {
        if filter.allows(["grad_w"], layer: l) {
          for j in inputs {
            if let formula = weightGradient(l, i, j) { items.append(.formula(formula)) }
          }
        }
        if filter.allows(["grad_b"], layer: l), let formula = biasGradient(l, i) { items.append(.formula(formula)) }
      }
      if filter.allows(["grad_w", "grad_b"], layer: l) { items += hiddenParametersNote(l, what: "gradients") }
      let mean = m == 1 ? "one data row" : "the mean over the batch of \(m)"
      append(NarrationSection(title: "Gradients of layer \(l) (\(mean))", items: items))
    }
  }

  /// A note for the weights of layer `l` left out by the limits.
  func hiddenParametersNote(_ l: Int, what: String) -> [NarrationItem] {
    let total = configuration.units(l - 1) * configuration.units(l) + configuration.units(l)
    let shown = shownUnits(l).count * (min(configuration.units(l - 1), limits.inputs) + 1)
    guard total > shown else { return [] }
    return [
      .note(
        "The \(what) of the other \(NumberFormat.count(total - shown)) parameters of layer \(l) work the same way (--full tells them all)."
      )
    ]
  }

  /// `∂L/∂wⱼᵢ⁽ˡ⁾ = (1/m) Σₛ aⱼ⁽ˡ⁻¹⁾ δᵢ⁽ˡ⁾`.
  func weightGradient(_ l: Int, _ i: Int, _ j: Int) -> Formula? {
    guard let value = trace.value(.gradW, layer: l, i: i, j: j) else { return nil }
    var terms: [(expr: Expr, value: Double)] = []
    for s in trace.samples {
      guard let input = activation(l - 1, j, sample: s),
        let deltaValue = trace.value(.delta, layer: l, sample: s, i: i)
      else { return nil }
      terms.append(
        (.product([.number(input, role(ofLayer: l - 1)), .number(deltaValue, .gradient)]), input * deltaValue))
    }
    let m = terms.count
    let product = a(l - 1, j) + delta(l, i)
    let symbolic = m == 1 ? product : Tex("(1/\(m)) Σₛ ", latex: "\\tfrac{1}{\(m)}\\sum_s ") + product
    let sum = Expr.sumOf(Expr.abbreviated(terms, role: .gradient))
    return Formula(
      Notation.derivative(of: w(l, j, i)), role: .gradient, symbolic: [symbolic],
      numeric: [m == 1 ? sum : .quotient(sum, .integer(m))], result: .number(value, .gradient))
  }

  /// `∂L/∂bᵢ⁽ˡ⁾ = (1/m) Σₛ δᵢ⁽ˡ⁾`.
  func biasGradient(_ l: Int, _ i: Int) -> Formula? {
    guard let value = trace.value(.gradB, layer: l, i: i) else { return nil }
    var terms: [(expr: Expr, value: Double)] = []
    for s in trace.samples {
      guard let deltaValue = trace.value(.delta, layer: l, sample: s, i: i) else { return nil }
      terms.append((.number(deltaValue, .gradient), deltaValue))
    }
    let m = terms.count
    guard m > 1 else {
      return Formula(
        Notation.derivative(of: b(l, i)), role: .gradient, symbolic: [delta(l, i)], numeric: [],
        result: .number(value, .gradient))
    }
    return Formula(
      Notation.derivative(of: b(l, i)), role: .gradient,
      symbolic: [Tex("(1/\(m)) Σₛ ", latex: "\\tfrac{1}{\(m)}\\sum_s ") + delta(l, i)],
      numeric: [.quotient(Expr.sumOf(Expr.abbreviated(terms, role: .gradient)), .integer(m))],
      result: .number(value, .gradient))
  }

  mutating func update() {
    for l in 1...depth {
      if foldedLayers?.lowerBound == l && filter.allows(["w", "b", "dw", "db"], layer: l) {
        append(
          NarrationSection(title: "Update of the middle layers", items: foldedLayersNote("is updated", "are updated")))
      }
      guard tellsLayer(l) else { continue }
      var items: [NarrationItem] = []
      let inputs = 0..<min(configuration.units(l - 1), limits.inputs)
      for i in shownUnits(l) {
        for j in inputs {
          items += parameterUpdate(l, i, j: j)
        }
        items += parameterUpdate(l, i, j: nil)
      }
      if filter.allows(["w", "b", "dw", "db"], layer: l) { items += hiddenParametersNote(l, what: "updates") }
      append(NarrationSection(title: "Update of layer \(l) (\(configuration.optimizerDescription))", items: items))
    }
  }

  /// The optimizer's lines for one weight (`j` given) or bias (`j` nil): its state, then the new value.
  func parameterUpdate(_ l: Int, _ i: Int, j: Int?) -> [NarrationItem] {
    let weight = j != nil
    let kind: TraceKind = weight ? .w : .b
    let changeKind: TraceKind = weight ? .dw : .db
    guard let old = trace.startValue(kind, layer: l, i: i, j: j),
      let new = trace.value(kind, layer: l, i: i, j: j),
      let change = trace.value(changeKind, layer: l, i: i, j: j),
      let gradient = trace.value(weight ? .gradW : .gradB, layer: l, i: i, j: j)
    else { return [] }
    let symbol = weight ? w(l, j ?? 0, i) : b(l, i)
    let p = weight ? "w" : "b"
    let o = configuration.optimizer
    let g = Expr.number(gradient, .gradient)
    let lr = Expr.setting(o.lr)
    let oldNumber = Expr.number(old, .parameter)
    let moved = Expr.sum([oldNumber, .number(change, .update)])
    var items: [NarrationItem] = []
    let showUpdate = filter.allows([kind.name, changeKind.name], layer: l)
    func state(_ name: String) -> (old: Double, new: Double)? {
      guard let stateKind = TraceKind.named(name + (weight ? "_w" : "_b"), in: .update),
        let new = trace.value(stateKind, layer: l, i: i, j: j),
        let old = trace.startValue(stateKind, layer: l, i: i, j: j)
      else { return nil }
      return (old, new)
    }
    func stateLine(_ kind: String, _ formula: Formula) {
      if filter.allows([kind + (weight ? "_w" : "_b")], layer: l) { items.append(.formula(formula)) }
    }
    func updateLine(symbolic: Tex, step: Expr, comment: String? = nil) {
      guard showUpdate else { return }
      items.append(
        .formula(
          Formula(
            symbol, role: .update, assigns: true, symbolic: [symbolic], numeric: [.difference(oldNumber, step), moved],
            result: .number(new, .update), comment: comment)))
    }
    switch o.name {
    case "momentum":
      guard let v = state("velocity") else { return [] }
      stateLine(
        "velocity",
        Formula(
          Notation.state("v", of: symbol), role: .update, assigns: true,
          symbolic: [Tex("β·v + g", latex: "\\beta v + g")],
          numeric: [.sum([.product([.setting(o.beta), .number(v.old, .update)]), g])], result: .number(v.new, .update)))
      updateLine(symbolic: Tex("\(p) − η·v", latex: "\(p) - \\eta v"), step: .product([lr, .number(v.new, .update)]))
    case "rmsprop":
      guard let sq = state("s") else { return [] }
      stateLine(
        "s",
        Formula(
          Notation.state("s", of: symbol), role: .update, assigns: true,
          symbolic: [Tex("ρ·s + (1 − ρ)·g²", latex: "\\rho s + (1 - \\rho) g^2")],
          numeric: [
            .sum([
              .product([.setting(o.rho), .number(sq.old, .update)]),
              .product([.difference(.integer(1), .setting(o.rho)), .power(g, 2)]),
            ])
          ], result: .number(sq.new, .update)))
      updateLine(
        symbolic: Tex("\(p) − η·g/(√s + ε)", latex: "\(p) - \\eta g / (\\sqrt{s} + \\varepsilon)"),
        step: .quotient(.product([lr, g]), .sum([.sqrt(.number(sq.new, .update)), .setting(o.eps)])))
    case "adam":
      guard let m = state("m"), let v = state("v") else { return [] }
      let t = trace.step + 1
      stateLine(
        "m",
        Formula(
          Notation.state("m", of: symbol), role: .update, assigns: true,
          symbolic: [Tex("β₁·m + (1 − β₁)·g", latex: "\\beta_1 m + (1 - \\beta_1) g")],
          numeric: [
            .sum([
              .product([.setting(o.beta1), .number(m.old, .update)]),
              .product([.difference(.integer(1), .setting(o.beta1)), g]),
            ])
          ], result: .number(m.new, .update)))
      stateLine(
        "v",
        Formula(
          Notation.state("v", of: symbol), role: .update, assigns: true,
          symbolic: [Tex("β₂·v + (1 − β₂)·g²", latex: "\\beta_2 v + (1 - \\beta_2) g^2")],
          numeric: [
            .sum([
              .product([.setting(o.beta2), .number(v.old, .update)]),
              .product([.difference(.integer(1), .setting(o.beta2)), .power(g, 2)]),
            ])
          ], result: .number(v.new, .update)))
      let mHat = m.new / (1 - pow(o.beta1, Double(t)))
      let vHat = v.new / (1 - pow(o.beta2, Double(t)))
      if showUpdate {
        items.append(
          .formula(
            Formula(
              Notation.state("m̂", of: symbol), role: .update,
              symbolic: [Tex("m/(1 − β₁ᵗ)", latex: "m / (1 - \\beta_1^t)")],
              numeric: [.quotient(.number(m.new, .update), .difference(.integer(1), .power(.setting(o.beta1), t)))],
              result: .number(mHat, .update), comment: "t = \(t): bias correction")))
        items.append(
          .formula(
            Formula(
              Notation.state("v̂", of: symbol), role: .update,
              symbolic: [Tex("v/(1 − β₂ᵗ)", latex: "v / (1 - \\beta_2^t)")],
              numeric: [.quotient(.number(v.new, .update), .difference(.integer(1), .power(.setting(o.beta2), t)))],
              result: .number(vHat, .update))))
      }
      updateLine(
        symbolic: Tex("\(p) − η·m̂/(√v̂ + ε)", latex: "\(p) - \\eta \\hat{m} / (\\sqrt{\\hat{v}} + \\varepsilon)"),
        step: .quotient(
          .product([lr, .number(mHat, .update)]), .sum([.sqrt(.number(vHat, .update)), .setting(o.eps)])))
    default:
      updateLine(symbolic: Tex("\(p) − η·g", latex: "\(p) - \\eta g"), step: .product([lr, g]))
    }
    return items
  }
}
