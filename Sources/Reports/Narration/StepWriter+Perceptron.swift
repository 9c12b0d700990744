import Tracing

/// One step of Rosenblatt's perceptron: one data row, its answer, its error and the rule's update.
///
/// ```
/// z = w·x + b,   ŷ = step(z),   e = y − ŷ
/// wⱼ ← wⱼ + η·e·xⱼ,   b ← b + η·e
/// ```
extension StepWriter {
  mutating func perceptronStep() {
    guard let s = trace.samples.first else { return }
    let n = configuration.units(0)
    let xs = (0..<n).compactMap { activation(0, $0, sample: s) }
    let yValue = trace.value(.y, layer: 1, sample: s, i: 0)
    let errorValue = trace.value(.error, layer: 1, sample: s, i: 0)
    var items: [NarrationItem] = []
    if let kinds = filter.kinds {
      if kinds.contains("x") { items.append(.note("x = \(vector(xs))")) }
      if kinds.contains("y"), let yValue { items.append(.note("y = \(NumberFormat.value(yValue))")) }
    }
    if filter.allows(["z"], layer: 1, sample: s), let formula = zFormula(1, 0, sample: s) {
      items.append(.formula(formula))
    }
    if filter.allows(["a"], layer: 1, sample: s), let formula = aFormula(1, 0, sample: s) {
      items.append(.formula(formula))
    }
    if filter.allows(["error"], layer: 1, sample: s), let formula = perceptronError(sample: s) {
      items.append(.formula(formula))
    }
    let yText = yValue.map(NumberFormat.value) ?? "?"
    append(NarrationSection(title: "Data row \(s) · x = \(vector(xs)) · y = \(yText)", items: items))

    guard errorValue != nil else { return }
    var update: [NarrationItem] = []
    for j in 0..<min(n, limits.inputs) where filter.allows(["w", "dw"], layer: 1, sample: s) {
      if let formula = perceptronWeightUpdate(j, sample: s) { update.append(.formula(formula)) }
    }
    if n > limits.inputs && filter.allows(["w", "dw"], layer: 1, sample: s) {
      update.append(.note("The other \(n - limits.inputs) weights move the same way (--full tells them all)."))
    }
    if filter.allows(["b", "db"], layer: 1, sample: s), let formula = perceptronBiasUpdate(sample: s) {
      update.append(.formula(formula))
    }
    append(NarrationSection(title: "Update (\(configuration.optimizerDescription))", items: update))
  }

  /// `e = y − ŷ` for the step's data row.
  func perceptronError(sample s: Int) -> Formula? {
    guard let yValue = trace.value(.y, layer: 1, sample: s, i: 0),
      let errorValue = trace.value(.error, layer: 1, sample: s, i: 0),
      let prediction = trace.value(.a, layer: 1, sample: s, i: 0)
    else { return nil }
    return Formula(
      Tex("e"), role: .gradient, symbolic: [Tex("y − ŷ", latex: "y - \\hat{y}")],
      numeric: [.difference(.number(yValue, .input), .number(prediction, .activation))],
      result: .number(errorValue, .gradient),
      comment: errorValue == 0 ? "right answer: nothing changes" : "wrong answer: the weights move")
  }

  /// `wⱼ ← wⱼ + η·e·xⱼ`.
  func perceptronWeightUpdate(_ j: Int, sample s: Int) -> Formula? {
    guard let errorValue = trace.value(.error, layer: 1, sample: s, i: 0),
      let input = activation(0, j, sample: s),
      let old = trace.startValue(.w, layer: 1, i: 0, j: j),
      let new = trace.value(.w, layer: 1, i: 0, j: j),
      let change = trace.value(.dw, layer: 1, i: 0, j: j)
    else { return nil }
    let lr = Expr.setting(configuration.optimizer.lr)
    return Formula(
      w(1, j, 0), role: .update, assigns: true,
      symbolic: [w(1, j, 0) + Tex(" + η·e·", latex: " + \\eta e ") + x(j)],
      numeric: [
        .sum([.number(old, .parameter), .product([lr, .number(errorValue, .gradient), .number(input, .input)])]),
        .sum([.number(old, .parameter), .number(change, .update)]),
      ], result: .number(new, .update))
  }

  /// `b ← b + η·e`.
  func perceptronBiasUpdate(sample s: Int) -> Formula? {
    guard let errorValue = trace.value(.error, layer: 1, sample: s, i: 0),
      let old = trace.startValue(.b, layer: 1, i: 0),
      let new = trace.value(.b, layer: 1, i: 0),
      let change = trace.value(.db, layer: 1, i: 0)
    else { return nil }
    let lr = Expr.setting(configuration.optimizer.lr)
    return Formula(
      Tex("b"), role: .update, assigns: true, symbolic: [Tex("b + η·e", latex: "b + \\eta e")],
      numeric: [
        .sum([.number(old, .parameter), .product([lr, .number(errorValue, .gradient)])]),
        .sum([.number(old, .parameter), .number(change, .update)]),
      ], result: .number(new, .update))
  }
}
