import Foundation

/// How a layer's weights are drawn when a lesson does not give them; biases start at 0.
///
/// Weights are drawn layer by layer, row by row (`w[j][i]` for each input `j`,
/// then each unit `i`), from a ``RandomSource`` seeded by the run's seed.
public enum Initializer: Sendable, Hashable {
  /// Every weight 0. Every hidden unit then computes the same thing and gets
  /// the same gradient: the symmetry is never broken.
  case zeros
  /// Normal with mean 0 and standard deviation `std`.
  case normal(std: Double)
  /// Uniform on `[−limit, limit)`.
  case uniform(limit: Double)
  /// Glorot uniform: limit `√(6 / (n_in + n_out))`, for sigmoid and tanh.
  case xavier
  /// He normal: standard deviation `√(2 / n_in)`, for ReLU.
  case he

  /// `normal`'s standard deviation when none is given ("small random (0.01)", as the seed says).
  public static let defaultStd = 0.01
  /// `uniform`'s limit when none is given.
  public static let defaultLimit = 0.05

  /// The lesson-file name.
  public var name: String {
    switch self {
    case .zeros: "zeros"
    case .normal: "normal"
    case .uniform: "uniform"
    case .xavier: "xavier"
    case .he: "he"
    }
  }

  /// Every name a lesson file may use.
  public static let names = ["zeros", "normal", "uniform", "xavier", "he"]

  /// The initialiser called `name`, with `normal`'s `std` or `uniform`'s `limit`; `nil` for an unknown name.
  public init?(name: String, std: Double = Initializer.defaultStd, limit: Double = Initializer.defaultLimit) {
    switch name {
    case "zeros": self = .zeros
    case "normal": self = .normal(std: std)
    case "uniform": self = .uniform(limit: limit)
    case "xavier": self = .xavier
    case "he": self = .he
    default: return nil
    }
  }

  /// A weight matrix of `inputs` rows and `units` columns.
  public func weights(inputs: Int, units: Int, random: inout RandomSource) -> Matrix {
    var w = Matrix(rows: inputs, cols: units)
    for k in 0..<w.storage.count {
      w.storage[k] =
        switch self {
        case .zeros: 0
        case .normal(let std): std * random.nextNormal()
        case .uniform(let limit): random.nextUniform(limit: limit)
        case .xavier: random.nextUniform(limit: (6 / Double(inputs + units)).squareRoot())
        case .he: (2 / Double(inputs)).squareRoot() * random.nextNormal()
        }
    }
    return w
  }
}
