import NeuralEngine

/// Writes out the arithmetic of one recorded step: every number in its formula.
///
/// The story is rendered from stored values only: the step's own values and
/// the parameters it started from, named and explained by the run's
/// configuration. The narrator does arithmetic a reader could do with a
/// pencil (the partial sums of a long sum, the factors of the chain rule),
/// never the network's computation: every result it prints is the value the
/// trace recorded, so a line that did not hold would show.
///
/// Units are numbered from 1 in formulas; the trace's `i` and `j` count from 0.
public struct StepNarrator: Sendable {
  /// The run's resolved lesson.
  public let configuration: RunConfiguration
  /// Which lines to tell.
  public var filter: NarrationFilter
  /// How much of wide layers and large batches to tell.
  public var limits: NarrationLimits

  /// A narrator for runs of `configuration`.
  public init(
    configuration: RunConfiguration, filter: NarrationFilter = NarrationFilter(), limits: NarrationLimits = .brief
  ) {
    self.configuration = configuration
    self.filter = filter
    self.limits = limits
  }

  /// The worked arithmetic of `trace`.
  public func story(for trace: StepTrace) -> StepStory {
    var writer = StepWriter(configuration: configuration, trace: trace, filter: filter, limits: limits)
    return writer.story()
  }

  /// Whether the output layer's loss and activation cancel to `δ = a − y`
  /// (sigmoid with binary cross-entropy, softmax with cross-entropy).
  public static func cancels(loss: Loss?, activation: Activation) -> Bool {
    loss?.cancels(with: activation) ?? false
  }
}
