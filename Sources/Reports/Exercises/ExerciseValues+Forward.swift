import Foundation

/// The forward pass and the loss worked by hand, right and in the common wrong ways.
extension ExerciseValues {
  /// `Σⱼ wⱼᵢ aⱼ + bᵢ`; without the bias, with the weight's indices swapped, or with z for a below.
  func weightedSum(_ l: Int, _ i: Int, row: Int, bias: Bool = true, swapped: Bool = false, zBelow: Bool = false)
    -> Double?
  {
    let nIn = configuration.units(l - 1)
    guard
      let total = Self.sum(
        nIn,
        { j in
          guard let w = swapped ? start("w", l, j, i) : start("w", l, i, j),
            let input = zBelow ? z(l - 1, j, row: row) : activation(l - 1, j, row: row)
          else { return nil }
          return w * input
        })
    else { return nil }
    guard bias else { return total }
    return start("b", l, i).map { total + $0 }
  }

  /// `f(z)` by layer `l`'s activation (softmax over the layer's z).
  func activate(_ l: Int, _ i: Int, row: Int) -> Double? {
    let f = configuration.activation(l)
    if f.name == "softmax" {
      let n = configuration.units(l)
      var zs: [Double] = []
      for k in 0..<n {
        guard let zk = z(l, k, row: row) else { return nil }
        zs.append(zk)
      }
      let largest = zs.max() ?? 0
      let total = zs.reduce(0) { $0 + exp($1 - largest) }
      return exp(zs[i] - largest) / total
    }
    guard let zi = z(l, i, row: row) else { return nil }
    return Self.apply(f, zi)
  }

  /// `f(z)` for one unit.
  static func apply(_ f: RunConfiguration.Activation, _ z: Double) -> Double {
    switch f.name {
    case "sigmoid": 1 / (1 + exp(-z))
    case "tanh": tanh(z)
    case "relu": max(0, z)
    case "leaky_relu": z > 0 ? z : f.slope * z
    case "step": z >= 0 ? 1 : 0
    default: z
    }
  }

  /// The output layer's (a, y) pairs of `row`.
  func outputs(row: Int) -> [(a: Double, y: Double)]? {
    var pairs: [(a: Double, y: Double)] = []
    for i in 0..<configuration.units(depth) {
      guard let a = activation(depth, i, row: row), let y = y(i, row: row) else { return nil }
      pairs.append((a, y))
    }
    return pairs
  }

  /// A row's loss; `scale` multiplies sse's or mse's sum of squares in place of ½ or 1/n.
  func loss(row: Int, scale: Double? = nil) -> Double? {
    guard let pairs = outputs(row: row) else { return nil }
    let n = Double(pairs.count)
    switch configuration.loss ?? .mse {
    case .sse, .mse:
      let squares = pairs.reduce(0) { $0 + ($1.a - $1.y) * ($1.a - $1.y) }
      return squares * (scale ?? (configuration.loss == .sse ? 0.5 : 1 / n))
    case .bce:
      guard scale == nil else { return nil }
      return -pairs.reduce(0) { total, p in
        total + (p.y != 0 ? p.y * max(log(p.a), -100) : 0) + (p.y != 1 ? (1 - p.y) * max(log(1 - p.a), -100) : 0)
      }
    case .crossEntropy:
      guard scale == nil else { return nil }
      return -pairs.reduce(0) { $0 + ($1.y != 0 ? $1.y * max(log($1.a), -100) : 0) }
    default:
      return nil
    }
  }

  /// The batch's loss: the mean of its rows' losses (their sum when `summed`).
  func batchLoss(summed: Bool = false) -> Double? {
    let rows = trace.samples
    guard let total = Self.sum(rows.count, { value(AnswerKey("loss", row: rows[$0])) }) else { return nil }
    return summed ? total : total / Double(rows.count)
  }
}
