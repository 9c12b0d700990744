/// A fully connected layer: `z = x·W + b`, then `a = f(z)`.
public struct DenseLayer: Sendable, Equatable {
  /// `n_in × n_out`: `weights[j, i]` connects unit `j` below to unit `i` here.
  public var weights: Matrix
  /// One bias per unit.
  public var bias: [Double]
  /// The layer's activation function.
  public let activation: Activation

  /// A layer from its parameters.
  public init(weights: Matrix, bias: [Double], activation: Activation) {
    precondition(
      bias.count == weights.cols,
      "bias has \(bias.count) values but the weights are \(weights.rows)×\(weights.cols)")
    self.weights = weights
    self.bias = bias
    self.activation = activation
  }

  /// Number of inputs.
  public var inputs: Int { weights.rows }
  /// Number of units.
  public var units: Int { weights.cols }
}
