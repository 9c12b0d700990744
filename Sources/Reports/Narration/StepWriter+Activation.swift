import Tracing

/// An activation lesson's values: at each z, `a = f(z)` and its derivative `f′(z)`.
extension StepWriter {
  mutating func activationValues() {
    for s in trace.samples where filter.sample.map({ $0 == s }) ?? true {
      var items: [NarrationItem] = []
      for i in 0..<configuration.units(1) {
        if filter.allows(["a"], layer: 1, sample: s), let formula = aFormula(1, i, sample: s) {
          items.append(.formula(formula))
        }
        if filter.allows(["derivative"], layer: 1, sample: s), let line = derivativeLine(i, sample: s) {
          items.append(.note(line))
        }
      }
      let zs = (0..<configuration.units(1)).compactMap {
        trace.value(.z, layer: 1, sample: s, i: $0)
      }
      append(NarrationSection(title: "Row \(s) · z = \(vector(zs))", items: items))
    }
  }

  /// The derivative at one z of an activation lesson, with the rule that gives it.
  func derivativeLine(_ i: Int, sample s: Int) -> String? {
    guard let z = trace.value(.z, layer: 1, sample: s, i: i),
      let a = trace.value(.a, layer: 1, sample: s, i: i),
      let d = trace.value(.derivative, layer: 1, sample: s, i: i)
    else { return nil }
    let activation = configuration.activation(1)
    let (zText, aText, dText) = (NumberFormat.value(z), NumberFormat.value(a), NumberFormat.value(d))
    return switch activation.name {
    case "sigmoid": "σ′(z) = a(1 − a) = \(aText)×(1 − \(aText)) = \(dText)"
    case "tanh": "tanh′(z) = 1 − a² = 1 − \(aText)² = \(dText)"
    case "relu": "relu′(z) = \(dText)  [1 if z > 0, else 0; here z = \(zText)]"
    case "leaky_relu":
      "leaky_relu′(z) = \(dText)  [1 if z > 0, else \(NumberFormat.setting(activation.slope)); here z = \(zText)]"
    case "softmax": "∂aᵢ/∂zᵢ = aᵢ(1 − aᵢ) = \(aText)×(1 − \(aText)) = \(dText)"
    case "step": "step′(z) = \(dText)  [0 wherever it is defined: no gradient passes]"
    default: "f′(z) = \(dText)"
    }
  }
}
