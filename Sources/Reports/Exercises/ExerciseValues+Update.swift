import Foundation

/// The optimizer's update and the perceptron's rule worked by hand, right and in the common wrong ways.
extension ExerciseValues {
  /// How an update is worked, right or in one of the common wrong ways.
  enum UpdateVariant {
    case right
    case sign
    case noLearningRate
    case noBiasCorrection
    case noSquareRoot
    case noOldState
  }

  /// The kind names of a weight's (`w`) or bias's (`b`) values: `grad_w`, `m_w`, `m_hat_w`…
  static func named(_ base: String, _ p: String) -> String { base + "_" + p }

  /// Optimizer state `kind` (`velocity`, `s`, `m`, `v`, `m_hat`, `v_hat`) of a parameter after the step.
  func state(_ kind: String, _ key: AnswerKey, variant: UpdateVariant = .right) -> Double? {
    let p = key.from == nil ? "b" : "w"
    let o = configuration.optimizer
    let l = key.layer ?? 0
    let i = key.unit ?? 0
    guard let g = value(AnswerKey(Self.named("grad", p), layer: l, unit: i, from: key.from)) else { return nil }
    func old(_ name: String) -> Double? {
      variant == .noOldState ? 0 : start(Self.named(name, p), l, i, key.from)
    }
    func stateValue(_ name: String) -> Double? {
      value(AnswerKey(Self.named(name, p), layer: l, unit: i, from: key.from))
    }
    switch kind {
    case "velocity": return old("velocity").map { o.beta * $0 + g }
    case "s": return old("s").map { o.rho * $0 + (1 - o.rho) * g * g }
    case "m": return old("m").map { o.beta1 * $0 + (1 - o.beta1) * g }
    case "v": return old("v").map { o.beta2 * $0 + (1 - o.beta2) * g * g }
    case "m_hat":
      guard let m = stateValue("m") else { return nil }
      return variant == .noBiasCorrection ? m : m / (1 - pow(o.beta1, Double(t)))
    case "v_hat":
      guard let v = stateValue("v") else { return nil }
      return variant == .noBiasCorrection ? v : v / (1 - pow(o.beta2, Double(t)))
    default: return nil
    }
  }

  /// The parameter `key` (a `w` or `b` key) after the optimizer's update.
  func updated(_ key: AnswerKey, variant: UpdateVariant = .right) -> Double? {
    let p = key.kind
    let o = configuration.optimizer
    let l = key.layer ?? 0
    let i = key.unit ?? 0
    guard let old = start(p, l, i, key.from),
      let g = value(AnswerKey(Self.named("grad", p), layer: l, unit: i, from: key.from))
    else { return nil }
    func stateValue(_ name: String) -> Double? {
      value(AnswerKey(Self.named(name, p), layer: l, unit: i, from: key.from))
    }
    let rate = variant == .noLearningRate ? 1 : lr
    let step: Double
    switch o.name {
    case "momentum":
      guard let v = stateValue("velocity") else { return nil }
      step = rate * v
    case "rmsprop":
      guard let s = stateValue("s") else { return nil }
      step = rate * g / ((variant == .noSquareRoot ? s : s.squareRoot()) + o.eps)
    case "adam":
      let m: Double?
      let v: Double?
      if variant == .noBiasCorrection {
        (m, v) = (stateValue("m"), stateValue("v"))
      } else {
        (m, v) = (stateValue("m_hat"), stateValue("v_hat"))
      }
      guard let m, let v else { return nil }
      step = rate * m / ((variant == .noSquareRoot ? v : v.squareRoot()) + o.eps)
    default:
      step = rate * g
    }
    return variant == .sign ? old + step : old - step
  }

  // MARK: The perceptron

  /// The perceptron's error `y − ŷ` (`ŷ − y` when the sign is wrong).
  func perceptronError(row: Int, sign: Bool = false) -> Double? {
    guard let y = y(0, row: row), let a = activation(1, 0, row: row) else { return nil }
    return sign ? a - y : y - a
  }

  /// The perceptron's rule `wⱼ ← wⱼ + η·e·xⱼ` (`b ← b + η·e`), for `key` a `w` or `b` key.
  func perceptronUpdate(_ key: AnswerKey, row: Int, variant: UpdateVariant = .right) -> Double? {
    guard let old = start(key.kind, 1, 0, key.from),
      let e = value(AnswerKey("error", layer: 1, unit: 0, row: row))
    else { return nil }
    var step = (variant == .noLearningRate ? 1 : lr) * e
    if let j = key.from {
      guard let x = x(j, row: row) else { return nil }
      step *= x
    }
    return variant == .sign ? old - step : old + step
  }
}
