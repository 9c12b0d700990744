/// Which steps a narration tells in full, and after which epochs it prints a one-line summary.
///
/// By default a short run (at most ``smallRun`` steps planned, of at most
/// ``smallRun`` × 4 data rows in all) is told step by step; a longer one tells its first step in full (and the step
/// where it diverged, if it did) and summarises about ten epochs after it: the last step is the same arithmetic
/// with other numbers, and `--step N`, `--epoch N` and `--all` tell any step. `--epoch` and `--step` choose the steps instead;
/// `--all` tells every step.
public struct StepSelection: Sendable, Equatable {
  /// Runs of at most this many steps are told in full by default.
  public static let smallRun = 64

  /// The filter's epoch and step choices.
  public var filter: NarrationFilter
  /// Tell every step.
  public var all: Bool
  /// The run's steps (those expected, for a live run).
  public var totalSteps: Int
  /// The run's epochs.
  public var epochs: Int
  /// A step told too: the one where a run diverged.
  public var finalStep: Int?
  /// Data rows in one step (its batch).
  public var rowsPerStep: Int

  /// A selection; `totalSteps` is the number of steps the run was to take (epochs × steps per epoch).
  public init(
    filter: NarrationFilter, all: Bool, totalSteps: Int, epochs: Int, finalStep: Int? = nil, rowsPerStep: Int = 1
  ) {
    self.rowsPerStep = rowsPerStep
    self.filter = filter
    self.all = all
    self.totalSteps = totalSteps
    self.epochs = epochs
    self.finalStep = finalStep
  }

  /// Whether step `step` (of epoch `epoch`) is told in full.
  public func tellsInFull(step: Int, epoch: Int) -> Bool {
    if filter.choosesSteps { return filter.chooses(step: step, epoch: epoch) }
    let small = totalSteps <= Self.smallRun && totalSteps * rowsPerStep <= 4 * Self.smallRun
    return all || small || step == 0 || step == finalStep
  }

  /// Whether the end of `epoch` gets a summary line.
  public func summarises(epoch: Int) -> Bool {
    guard !filter.choosesSteps else { return false }
    return epoch % Self.interval(epochs: epochs) == 0 || epoch == epochs - 1
  }

  /// Whether `epoch` is a row of the table of epochs after the steps: every epoch up to 20, else about six.
  public func tabulates(epoch: Int) -> Bool {
    guard !filter.choosesSteps else { return false }
    let interval = epochs <= 20 ? 1 : Self.interval(epochs: epochs * 2)
    return epoch % interval == 0 || epoch == epochs - 1
  }

  /// 1 for up to 20 epochs, else the round number (1, 2, 5, 10, 20, 50, …) nearest below a tenth of them.
  public static func interval(epochs: Int) -> Int {
    guard epochs > 20 else { return 1 }
    let target = epochs / 10
    var best = 1
    var base = 1
    while base <= target {
      for factor in [1, 2, 5] where base * factor <= target { best = base * factor }
      base *= 10
    }
    return best
  }
}
