import Foundation

/// The backward pass worked by hand: ∂L/∂a, δ and the batch's gradients, right and in the common wrong ways.
extension ExerciseValues {
  /// How a δ is worked, right or in one of the common wrong ways.
  enum DeltaVariant {
    case right
    case noDerivative
    case derivativeOfA
    case targetForA
    case errorSign
    case lossScale(Double)
    case updatedWeights
    case swapped
    case keepsCancelled
  }

  /// Whether the output layer's loss and activation cancel to δ = a − y.
  var cancels: Bool {
    StepNarrator.cancels(loss: configuration.loss, activation: configuration.activation(depth).function)
  }

  /// `∂L/∂aᵢ` of the output layer; `scale` replaces sse's 1 (= 2·½) or mse's 2/n.
  func lossGradient(_ i: Int, row: Int, scale: Double? = nil, errorSign: Bool = false) -> Double? {
    guard let a = activation(depth, i, row: row), let y = y(i, row: row) else { return nil }
    let e = errorSign ? y - a : a - y
    let n = Double(configuration.units(depth))
    switch configuration.loss ?? .mse {
    case .sse: return (scale ?? 1) * e
    case .bce: return scale == nil ? e / (a * (1 - a)) : nil
    case .crossEntropy: return scale == nil ? -y / a : nil
    default: return (scale ?? 2 / n) * e
    }
  }

  /// `f′(z)` of unit `i` of layer `l`, from its a (or from y, or as σ(a)(1 − σ(a)), when wrong).
  func derivative(_ l: Int, _ i: Int, row: Int, variant: DeltaVariant = .right) -> Double? {
    let f = configuration.activation(l)
    guard let zi = z(l, i, row: row), var a = activation(l, i, row: row) else { return nil }
    switch variant {
    case .derivativeOfA:
      guard f.name == "sigmoid" || f.name == "tanh" else { return nil }
      a = Self.apply(f, a)
    case .targetForA:
      guard l == depth, f.name == "sigmoid" || f.name == "tanh", let y = y(i, row: row)
      else { return nil }
      a = y
    default: break
    }
    switch f.name {
    case "sigmoid": return a * (1 - a)
    case "tanh": return 1 - a * a
    case "relu": return zi > 0 ? 1 : 0
    case "leaky_relu": return zi > 0 ? 1 : f.slope
    case "step": return 0
    default: return 1
    }
  }

  /// δ of unit `i` of layer `l`, worked as `variant` says.
  func delta(_ l: Int, _ i: Int, row: Int, variant: DeltaVariant) -> Double? {
    let f = configuration.activation(l)
    if l == depth {
      if cancels {
        guard let a = activation(l, i, row: row), let y = y(i, row: row) else { return nil }
        var targets = 1.0
        if f.name == "softmax" {
          guard let total = Self.sum(configuration.units(l), { self.y($0, row: row) }) else { return nil }
          targets = total
        }
        switch variant {
        case .right: return a * targets - y
        case .errorSign: return y - a * targets
        case .keepsCancelled: return f.name == "sigmoid" ? (a - y) * a * (1 - a) : nil
        default: return nil
        }
      }
      if f.name == "softmax" {
        guard case .right = variant else { return nil }
        let n = configuration.units(l)
        var dot = 0.0
        for k in 0..<n {
          guard let g = lossGradient(k, row: row), let ak = activation(l, k, row: row) else { return nil }
          dot += g * ak
        }
        guard let g = lossGradient(i, row: row), let a = activation(l, i, row: row) else { return nil }
        return a * (g - dot)
      }
      let gradient: Double?
      switch variant {
      case .lossScale(let scale): gradient = lossGradient(i, row: row, scale: scale)
      case .errorSign: gradient = lossGradient(i, row: row, errorSign: true)
      case .updatedWeights, .swapped, .keepsCancelled: return nil
      default: gradient = lossGradient(i, row: row)
      }
      guard let gradient else { return nil }
      if case .noDerivative = variant { return gradient }
      return derivative(l, i, row: row, variant: variant).map { gradient * $0 }
    }
    guard f.name != "softmax" else { return nil }
    let above = l + 1
    let n = configuration.units(above)
    let incoming = Self.sum(n) { k -> Double? in
      let weight: Double?
      switch variant {
      case .updatedWeights: weight = value(AnswerKey("w", layer: above, unit: k, from: i))
      case .swapped: weight = start("w", above, i, k)
      default: weight = start("w", above, k, i)
      }
      guard let weight, let d = delta(above, k, row: row) else { return nil }
      return weight * d
    }
    guard let incoming else { return nil }
    switch variant {
    case .right, .updatedWeights, .swapped, .derivativeOfA:
      return derivative(l, i, row: row, variant: variant).map { incoming * $0 }
    case .noDerivative: return incoming
    default: return nil
    }
  }

  /// `∂L/∂wⱼᵢ⁽ˡ⁾ = (1/m) Σₛ aⱼ⁽ˡ⁻¹⁾ δᵢ⁽ˡ⁾`; summed, with indices swapped, or with z below, when wrong.
  func weightGradient(_ l: Int, _ i: Int, _ j: Int, summed: Bool = false, swapped: Bool = false, zBelow: Bool = false)
    -> Double?
  {
    let rows = trace.samples
    let total = Self.sum(rows.count) { k -> Double? in
      let s = rows[k]
      let input = zBelow ? z(l - 1, swapped ? i : j, row: s) : activation(l - 1, swapped ? i : j, row: s)
      guard let input, let d = delta(l, swapped ? j : i, row: s) else { return nil }
      return input * d
    }
    guard let total else { return nil }
    return summed ? total : total / Double(rows.count)
  }

  /// `∂L/∂bᵢ⁽ˡ⁾ = (1/m) Σₛ δᵢ⁽ˡ⁾` (summed when wrong).
  func biasGradient(_ l: Int, _ i: Int, summed: Bool = false) -> Double? {
    let rows = trace.samples
    guard let total = Self.sum(rows.count, { delta(l, i, row: rows[$0]) }) else { return nil }
    return summed ? total : total / Double(rows.count)
  }
}
