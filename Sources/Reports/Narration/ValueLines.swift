/// The lines `replay` prints for one value of a step: what the explorable page shows when that
/// value is chosen.
///
/// They are made by the same functions that write the step's story, so each line is, byte for
/// byte, a line of `nntrace replay RUN --step N --full --no-color` (without its two-space indent).
public struct ValueLines: Sendable, Equatable {
  /// What a line explains.
  public enum Subject: Sendable, Hashable {
    /// Unit `unit` (0-based) of layer `layer` (0 for an input) for data row `sample`.
    case unit(layer: Int, unit: Int, sample: Int)
    /// The weight `w[from][to]` of layer `layer`.
    case weight(layer: Int, from: Int, to: Int)
    /// The bias of unit `unit` of layer `layer`.
    case bias(layer: Int, unit: Int)
    /// The loss of data row `sample`, or of the batch when `nil`.
    case loss(sample: Int?)
  }

  /// The part of the step a line belongs to.
  public enum Stage: Int, Sendable, Comparable, CaseIterable {
    case forward, loss, backward, update

    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// The value explained.
  public var subject: Subject
  /// Its lines in the order replay prints them, each with its stage.
  public var lines: [(stage: Stage, text: String)]

  /// Lines for `subject`.
  public init(subject: Subject, lines: [(stage: Stage, text: String)]) {
    self.subject = subject
    self.lines = lines
  }

  public static func == (lhs: ValueLines, rhs: ValueLines) -> Bool {
    lhs.subject == rhs.subject && lhs.lines.map(\.stage) == rhs.lines.map(\.stage)
      && lhs.lines.map(\.text) == rhs.lines.map(\.text)
  }
}

extension StepNarrator {
  /// The lines of every value of `trace` that the limits allow, for the data rows `samples` (every row when
  /// `nil`): units, loss, weights and biases, each as `replay` prints it, in plain text.
  ///
  /// The narrator's filter is ignored: a value's lines are always all of them.
  public func valueLines(for trace: StepTrace, samples: [Int]? = nil) -> [ValueLines] {
    let writer = StepWriter(configuration: configuration, trace: trace, filter: NarrationFilter(), limits: limits)
    return writer.valueLines(samples: samples ?? trace.samples)
  }
}
