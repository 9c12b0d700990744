import Foundation

/// The engine written plainly: read this first.
///
/// It is the seed's NumPy `MLP` (`forward`, `backward`, `update`, `fit`), grown to any depth and to
/// every activation, loss and optimizer of the engine, with loops where NumPy has `@`, and Foundation's
/// `exp`. Nothing on the hot path uses it; the tests train it beside ``MLPTrainer`` (the fast engine,
/// with its tiled products and its vectorised exponential) and hold the two to 1e-12. Weights are
/// `w[j][i]`, from unit `j` below to unit `i`, as in the seed's `W1 = randn(input_size, hidden_size)`.
public struct ReferenceNetwork {
  /// `weights[l][j][i]`: layer `l + 1`'s weight from unit `j` below to unit `i`.
  public var weights: [[[Double]]]
  /// `biases[l][i]`: layer `l + 1`'s bias of unit `i`.
  public var biases: [[Double]]
  let activations: [Activation]
  let loss: Loss

  /// The same network as `network`, same parameters.
  public init(_ network: MLP) {
    weights = network.layers.map { layer in (0..<layer.inputs).map { layer.weights.row($0) } }
    biases = network.layers.map(\.bias)
    activations = network.layers.map(\.activation)
    loss = network.loss
  }

  /// `z = a·W + b; a = f(z)`, layer by layer, for each row of `x`: every layer's `z` and `a` (`a[0]` is `x`).
  func forward(_ x: [[Double]]) -> (z: [[[Double]]], a: [[[Double]]]) {
    var zs: [[[Double]]] = [[]]
    var activated = [x]
    for (l, w) in weights.enumerated() {
      let z = activated[l].map { row in
        biases[l].indices.map { i in
          var sum = 0.0
          for j in row.indices { sum += row[j] * w[j][i] }
          return sum + biases[l][i]
        }
      }
      zs.append(z)
      activated.append(z.map { Self.apply(activations[l], $0) })
    }
    return (zs, activated)
  }

  /// `f(z)` of one row.
  static func apply(_ f: Activation, _ z: [Double]) -> [Double] {
    switch f {
    case .step: return z.map { $0 >= 0 ? 1 : 0 }
    case .linear: return z
    case .sigmoid: return z.map { 1 / (1 + exp(-$0)) }
    case .tanh: return z.map { tanh($0) }
    case .relu: return z.map { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }
    case .leakyReLU(let slope): return z.map { $0 > 0 ? $0 : slope * $0 }
    case .softmax:
      let largest = z.max() ?? 0
      let e = z.map { exp($0 - largest) }
      let sum = e.reduce(0, +)
      return e.map { $0 / sum }
    }
  }

  /// `dz = da ⊙ f′(z)`, or for softmax `dz_i = a_i (da_i − Σ_k da_k a_k)`.
  static func backward(_ f: Activation, da: [Double], z: [Double], a: [Double]) -> [Double] {
    let slope: (Int) -> Double
    switch f {
    case .step: slope = { _ in 0 }
    case .linear: slope = { _ in 1 }
    case .sigmoid: slope = { a[$0] * (1 - a[$0]) }
    case .tanh: slope = { 1 - a[$0] * a[$0] }
    case .relu: slope = { z[$0] > 0 ? 1 : 0 }
    case .leakyReLU(let s): slope = { z[$0] > 0 ? 1 : s }
    case .softmax:
      var dot = 0.0
      for k in a.indices { dot += da[k] * a[k] }
      return a.indices.map { a[$0] * (da[$0] - dot) }
    }
    return da.indices.map { da[$0] * slope($0) }
  }

  /// The loss of one sample, and `∂L/∂a`.
  static func loss(_ loss: Loss, a: [Double], y: [Double]) -> (value: Double, da: [Double]) {
    let n = Double(a.count)
    let clampedLog = { (x: Double) in max(log(x), -100) }
    var sum = 0.0
    switch loss {
    case .mse:
      for k in a.indices { sum += (a[k] - y[k]) * (a[k] - y[k]) }
      return (sum / n, a.indices.map { 2 * (a[$0] - y[$0]) / n })
    case .sse:
      for k in a.indices { sum += (a[k] - y[k]) * (a[k] - y[k]) }
      return (0.5 * sum, a.indices.map { a[$0] - y[$0] })
    case .bce:
      for k in a.indices {
        if y[k] != 0 { sum += y[k] * clampedLog(a[k]) }
        if y[k] != 1 { sum += (1 - y[k]) * clampedLog(1 - a[k]) }
      }
      return (-sum, a.indices.map { (a[$0] - y[$0]) / (a[$0] * (1 - a[$0])) })
    case .crossEntropy:
      for k in a.indices where y[k] != 0 { sum += y[k] * clampedLog(a[k]) }
      return (-sum, a.indices.map { -y[$0] / a[$0] })
    }
  }

  /// The batch loss and the batch-mean gradients `dW = aᵀ·δ / m`, `db = Σ δ / m`.
  func gradients(_ x: [[Double]], _ y: [[Double]]) -> (loss: Double, dw: [[[Double]]], db: [[Double]]) {
    let (z, a) = forward(x)
    let last = weights.count
    let m = Double(x.count)
    var total = 0.0
    // The output δ: where the loss cancels the activation, the seed's `dz2 = a2 - y` (softmax: a·Σy − y).
    var delta = x.indices.map { r -> [Double] in
      let (value, da) = Self.loss(loss, a: a[last][r], y: y[r])
      total += value
      guard loss.cancels(with: activations[last - 1]) else {
        return Self.backward(activations[last - 1], da: da, z: z[last][r], a: a[last][r])
      }
      let targetSum = activations[last - 1] == .softmax ? y[r].reduce(0, +) : 1
      return a[last][r].indices.map { a[last][r][$0] * targetSum - y[r][$0] }
    }
    var dw = weights.map { $0.map { $0.map { _ in 0.0 } } }
    var db = biases.map { $0.map { _ in 0.0 } }
    for l in stride(from: last, through: 1, by: -1) {
      for j in dw[l - 1].indices {
        for i in dw[l - 1][j].indices {
          var sum = 0.0
          for r in x.indices { sum += a[l - 1][r][j] * delta[r][i] }
          dw[l - 1][j][i] = sum / m
        }
      }
      for i in db[l - 1].indices {
        var sum = 0.0
        for r in x.indices { sum += delta[r][i] }
        db[l - 1][i] = sum / m
      }
      guard l > 1 else { break }
      delta = x.indices.map { r in
        let da = weights[l - 1].indices.map { j in
          var sum = 0.0
          for i in delta[r].indices { sum += delta[r][i] * weights[l - 1][j][i] }
          return sum
        }
        return Self.backward(activations[l - 2], da: da, z: z[l - 1][r], a: a[l - 1][r])
      }
    }
    return (total / m, dw, db)
  }

  /// Trains as ``MLPTrainer`` does (same batches, same shuffled order) and returns each step's batch loss.
  public mutating func train(
    inputs: [[Double]], targets: [[Double]], optimizer kind: OptimizerKind, learningRate lr: Double,
    plan: TrainingPlan
  ) -> [Double] {
    var state = [String: [Double]]()  // momentum's v, RMSprop's s, Adam's m and v, per parameter
    var shuffler = plan.shuffleSource()
    var losses: [Double] = []
    var t = 0.0
    for _ in 0..<plan.epochs {
      let order = plan.shuffle ? shuffler.permutation(inputs.count) : Array(inputs.indices)
      for batch in plan.batches(of: order) {
        let (loss, dw, db) = gradients(batch.map { inputs[$0] }, batch.map { targets[$0] })
        losses.append(loss)
        t += 1
        // w ← w − lr·(the rule's step), for every weight row and every bias, each with its own state.
        func update(_ w: inout [Double], _ g: [Double], _ key: String) {
          var first = state["1" + key] ?? g.map { _ in 0 }
          var second = state["2" + key] ?? g.map { _ in 0 }
          for k in w.indices {
            switch kind {
            case .sgd: w[k] -= lr * g[k]
            case .momentum(let beta):
              first[k] = beta * first[k] + g[k]
              w[k] -= lr * first[k]
            case .rmsprop(let rho, let eps):
              second[k] = rho * second[k] + (1 - rho) * g[k] * g[k]
              w[k] -= lr * g[k] / (second[k].squareRoot() + eps)
            case .adam(let beta1, let beta2, let eps):
              first[k] = beta1 * first[k] + (1 - beta1) * g[k]
              second[k] = beta2 * second[k] + (1 - beta2) * g[k] * g[k]
              let mHat = first[k] / (1 - pow(beta1, t))
              let vHat = second[k] / (1 - pow(beta2, t))
              w[k] -= lr * mHat / (vHat.squareRoot() + eps)
            }
          }
          (state["1" + key], state["2" + key]) = (first, second)
        }
        for l in weights.indices {
          for j in weights[l].indices { update(&weights[l][j], dw[l][j], "w\(l).\(j)") }
          update(&biases[l], db[l], "b\(l)")
        }
      }
    }
    return losses
  }
}
