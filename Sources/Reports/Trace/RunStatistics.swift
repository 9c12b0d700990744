import Tracing

/// A run's loss and gradient sizes, step by step and epoch by epoch: what the summaries and charts show.
///
/// Fed with values one at a time, from the database (``TraceReader/statistics()``)
/// or live during a run. These are the one definition of each figure that the
/// narration, replay, export, diff and the comparison of a lesson's parts show:
///
/// - the weight-gradient norm of layer `l` at a step, ``weightGradientNorm``,
///   `‖∂L/∂W⁽ˡ⁾‖ = √(Σ (∂L/∂wⱼᵢ⁽ˡ⁾)²)` over the layer's weights only (biases
///   excluded), as the store's `layer_grad_norm` view and the summary kind
///   `grad_w_norm` define it;
/// - an epoch's loss, ``epochLoss``, the mean of the batch losses of the epoch's
///   steps (each taken before its step's update), which is not the loss after the epoch.
///
/// For the perceptron, which has no loss, a step's loss is its |y − ŷ| and an
/// epoch counts its mistakes.
public struct RunStatistics: Sendable {
  /// One epoch's summary.
  public struct Epoch: Sendable, Equatable {
    /// 0-based epoch.
    public var epoch: Int
    /// The mean of the batch losses of the epoch's steps, ``RunStatistics/epochLoss`` (`nil` for the perceptron).
    public var meanLoss: Double?
    /// The perceptron's wrong answers in the epoch.
    public var mistakes: Int
    /// Data rows seen.
    public var samples: Int
    /// Steps taken.
    public var steps: Int
  }

  /// The name of ``Epoch/meanLoss`` wherever it is shown.
  public static let epochLoss = "mean loss over the epoch's steps"

  /// `‖∂L/∂W⁽ˡ⁾‖`, the name of ``gradientNorms(layer:)`` wherever it is shown.
  public static func weightGradientNorm(layer l: Int) -> String {
    "‖∂L/∂W" + "⁽" + Notation.superscripted(l) + "⁾‖"
  }

  /// What ``weightGradientNorm(layer:)`` is, in one line.
  public static let weightGradientNormDefinition =
    "‖∂L/∂W⁽ˡ⁾‖ is the size of layer l's weight gradient, √(Σ (∂L/∂wⱼᵢ⁽ˡ⁾)²), biases excluded."

  /// The run's configuration.
  public let configuration: RunConfiguration
  /// The batch loss of each step (the perceptron's |y − ŷ|); NaN where none was recorded.
  public private(set) var stepLosses: [Double] = []
  /// The epoch of each step.
  public private(set) var stepEpochs: [Int] = []
  private var squaredGradients: [[Double]]
  private var epochTable: [Int: Epoch] = [:]

  /// Empty statistics for a run of `configuration`.
  public init(configuration: RunConfiguration) {
    self.configuration = configuration
    squaredGradients = Array(repeating: [], count: configuration.depth)
  }

  private mutating func reach(_ step: Int, epoch: Int) {
    while stepLosses.count <= step {
      stepLosses.append(.nan)
      stepEpochs.append(epoch)
      for l in squaredGradients.indices { squaredGradients[l].append(.nan) }
    }
    stepEpochs[step] = epoch
    if epochTable[epoch] == nil {
      epochTable[epoch] = Epoch(epoch: epoch, meanLoss: nil, mistakes: 0, samples: 0, steps: 0)
    }
  }

  /// The kinds ``add(_:epoch:step:sample:layer:value:)`` takes.
  public static let kinds: [TraceKind] = [.loss, .error, .gradW, .gradientWeightNorm]

  /// Takes one recorded value; kinds other than ``kinds`` are ignored.
  public mutating func add(_ kind: TraceKind, epoch: Int, step: Int, sample: Int?, layer: Int?, value: Double) {
    switch kind {
    case .loss:
      reach(step, epoch: epoch)
      if sample == nil {
        stepLosses[step] = value
        epochTable[epoch]?.steps += 1
        if let entry = epochTable[epoch] {
          let previous = entry.meanLoss ?? 0
          epochTable[epoch]?.meanLoss = previous + (value - previous) / Double(entry.steps)
        }
      } else {
        epochTable[epoch]?.samples += 1
      }
    case .error:
      reach(step, epoch: epoch)
      stepLosses[step] = abs(value)
      epochTable[epoch]?.steps += 1
      epochTable[epoch]?.samples += 1
      if value != 0 { epochTable[epoch]?.mistakes += 1 }
    case .gradientWeightNorm:
      guard let layer, layer >= 1, layer <= squaredGradients.count else { return }
      reach(step, epoch: epoch)
      squaredGradients[layer - 1][step] = value * value
    case .gradW:
      guard let layer, layer >= 1, layer <= squaredGradients.count else { return }
      reach(step, epoch: epoch)
      let previous = squaredGradients[layer - 1][step]
      squaredGradients[layer - 1][step] = (previous.isNaN ? 0 : previous) + value * value
    default:
      return
    }
  }

  /// Steps seen.
  public var steps: Int { stepLosses.count }

  /// The epochs seen, in order.
  public var epochs: [Epoch] { epochTable.keys.sorted().compactMap { epochTable[$0] } }

  /// The summary of `epoch`, if it was seen.
  public func epoch(_ epoch: Int) -> Epoch? { epochTable[epoch] }

  /// `‖∂L/∂W⁽ˡ⁾‖` (weights only) at every step for layer `l` (1…L); NaN where no gradient was recorded.
  public func gradientNorms(layer l: Int) -> [Double] {
    guard l >= 1, l <= squaredGradients.count else { return [] }
    return squaredGradients[l - 1].map { $0.isNaN ? .nan : $0.squareRoot() }
  }

  /// Whether any gradient was recorded.
  public var hasGradients: Bool {
    squaredGradients.contains { layer in layer.contains { !$0.isNaN } }
  }
}
