import Foundation

/// Applies an ``OptimizerKind`` to a model's parameters, keeping its state.
///
/// Parameters are addressed by a slot number (the MLP uses `2·(layer − 1)` for
/// weights and `2·(layer − 1) + 1` for biases); each slot keeps its own
/// velocity or moment estimates.
public struct Optimizer: Sendable {
  /// The rule and its hyper-parameters.
  public let kind: OptimizerKind
  /// The learning rate `lr`.
  public let learningRate: Double
  /// Steps taken so far; Adam's `t` during a step.
  public private(set) var stepCount = 0
  private var first: [[Double]]
  private var second: [[Double]]

  /// An optimizer for parameters of the given sizes, state at zero.
  public init(kind: OptimizerKind, learningRate: Double, parameterSizes: [Int]) {
    self.kind = kind
    self.learningRate = learningRate
    let needsFirst: Bool
    let needsSecond: Bool
    switch kind {
    case .sgd: (needsFirst, needsSecond) = (false, false)
    case .momentum: (needsFirst, needsSecond) = (true, false)
    case .rmsprop: (needsFirst, needsSecond) = (false, true)
    case .adam: (needsFirst, needsSecond) = (true, true)
    }
    first = parameterSizes.map { Array(repeating: 0, count: needsFirst ? $0 : 0) }
    second = parameterSizes.map { Array(repeating: 0, count: needsSecond ? $0 : 0) }
  }

  /// Starts a step: advances `t`.
  public mutating func beginStep() {
    stepCount += 1
  }

  /// Updates parameter `slot` in place from its gradient.
  public mutating func update(slot: Int, parameter w: inout [Double], gradient g: [Double]) {
    g.withUnsafeBufferPointer { g in update(slot: slot, parameter: &w, gradient: g) }
  }

  /// Updates parameter `slot` in place from a gradient in someone else's memory (a workspace's).
  mutating func update(slot: Int, parameter w: inout [Double], gradient g: UnsafeBufferPointer<Double>) {
    precondition(w.count == g.count, "parameter has \(w.count) values, gradient \(g.count)")
    let lr = learningRate
    let kind = kind
    let stepCount = stepCount
    w.withUnsafeMutableBufferPointer { w in
      switch kind {
      case .sgd:
        for k in 0..<w.count { w[k] -= lr * g[k] }
      case .momentum(let beta):
        first[slot].withUnsafeMutableBufferPointer { v in
          for k in 0..<w.count {
            v[k] = beta * v[k] + g[k]
            w[k] -= lr * v[k]
          }
        }
      case .rmsprop(let rho, let epsilon):
        second[slot].withUnsafeMutableBufferPointer { s in
          for k in 0..<w.count {
            s[k] = rho * s[k] + (1 - rho) * g[k] * g[k]
            w[k] -= lr * g[k] / (s[k].squareRoot() + epsilon)
          }
        }
      case .adam(let beta1, let beta2, let epsilon):
        // PyTorch's arithmetic: step = lr / (1 − β₁ᵗ); denom = √v / √(1 − β₂ᵗ) + ε.
        let t = Double(stepCount)
        let correction1 = 1 - pow(beta1, t)
        let correction2Root = (1 - pow(beta2, t)).squareRoot()
        let stepSize = lr / correction1
        first[slot].withUnsafeMutableBufferPointer { m in
          second[slot].withUnsafeMutableBufferPointer { v in
            for k in 0..<w.count {
              m[k] = beta1 * m[k] + (1 - beta1) * g[k]
              v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k]
              let denominator = v[k].squareRoot() / correction2Root + epsilon
              w[k] -= stepSize * m[k] / denominator
            }
          }
        }
      }
    }
  }

  /// The first-moment state of `slot` (momentum's velocity, Adam's `m`); empty if unused.
  public func firstMoment(slot: Int) -> [Double] { first[slot] }
  /// The second-moment state of `slot` (RMSprop's `s`, Adam's `v`); empty if unused.
  public func secondMoment(slot: Int) -> [Double] { second[slot] }
}
