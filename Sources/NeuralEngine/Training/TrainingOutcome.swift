/// How training ended.
public struct TrainingOutcome: Sendable, Equatable {
  /// Why training stopped.
  public enum Status: Sendable, Equatable {
    /// Every epoch ran.
    case completed
    /// A NaN or infinity appeared; training stopped at that step.
    case diverged(Divergence)
    /// The caller asked training to stop.
    case interrupted
  }

  /// Why training stopped.
  public var status: Status
  /// Steps completed (a step that diverged is not counted).
  public var steps: Int
  /// Epochs completed in full.
  public var epochs: Int
  /// The batch loss of the last step (for the perceptron, the errors in its last epoch).
  public var finalLoss: Double?

  /// An outcome.
  public init(status: Status, steps: Int, epochs: Int, finalLoss: Double?) {
    self.status = status
    self.steps = steps
    self.epochs = epochs
    self.finalLoss = finalLoss
  }
}

/// Where the first NaN or infinity of a diverged run appeared.
public struct Divergence: Sendable, Equatable, CustomStringConvertible {
  /// The step and epoch.
  public var position: StepPosition
  /// The first non-finite quantity, in the order of computation.
  public var quantity: Quantity
  /// Its layer; `nil` for the loss.
  public var layer: Int?
  /// The offending value.
  public var value: Double

  /// A sentence for people.
  public var description: String {
    let place = layer.map { " in layer \($0)" } ?? ""
    return "\(value) appeared in \(quantity.rawValue)\(place) at step \(position.step) (epoch \(position.epoch))"
  }
}
