import TraceStore

/// Every recorded value of one optimizer step, with the parameters and optimizer state it started from.
///
/// Built from `trace` rows, whether read back from the database or seen live
/// during a run. The parameters a step starts from are the initial ones for
/// step 0 and the previous step's updated ones after that; optimizer state
/// starts at zero.
public struct StepTrace: Sendable {
  struct Key: Hashable, Sendable {
    var phase: UInt8
    var kind: String
    var layer: Int
    var sample: Int
    var i: Int
    var j: Int
  }

  /// 0-based epoch.
  public private(set) var epoch: Int
  /// 0-based optimizer step.
  public let step: Int
  /// The data rows of the batch, in the order they were computed.
  public private(set) var samples: [Int] = []
  /// Values recorded.
  public private(set) var count = 0
  /// Whether the step reached its update: `false` when its values stop short of it (a run that
  /// diverged or was interrupted in that step).
  public var isComplete: Bool { hasUpdate }
  private var values: [Key: Double] = [:]
  private var start: [Key: Double] = [:]
  private var sampleSet: Set<Int> = []
  private var hasUpdate = false

  /// An empty step.
  public init(epoch: Int, step: Int) {
    self.epoch = epoch
    self.step = step
  }

  static func phaseCode(_ phase: String) -> UInt8 {
    switch phase {
    case "init": 0
    case "forward": 1
    case "loss": 2
    case "backward": 3
    case "update": 4
    default: 5
    }
  }

  /// The kinds that carry a parameter or optimizer state from one step to the next.
  public static let carriedKinds: Set<String> = [
    "w", "b", "velocity_w", "velocity_b", "s_w", "s_b", "m_w", "m_b", "v_w", "v_b",
  ]

  /// Adds one row of this step. Initial parameters also become the parameters the step starts from.
  public mutating func add(_ row: TraceRow) {
    let key = Key(
      phase: Self.phaseCode(row.phase), kind: row.kind, layer: row.layer ?? -1, sample: row.sample ?? -1,
      i: row.i ?? -1, j: row.j ?? -1)
    values[key] = row.value
    count += 1
    epoch = row.epoch
    if key.phase == 0 {
      start[Key(phase: 4, kind: row.kind, layer: key.layer, sample: -1, i: key.i, j: key.j)] = row.value
    } else if key.phase == 4 {
      hasUpdate = true
    }
    if row.kind == "x", let sample = row.sample, sampleSet.insert(sample).inserted {
      samples.append(sample)
    }
  }

  /// Takes the parameters and optimizer state the step starts from: `previous`'s updated values.
  public mutating func start(after previous: StepTrace) {
    for (key, value) in previous.values where key.phase == 4 && Self.carriedKinds.contains(key.kind) {
      start[key] = value
    }
  }

  /// Takes one value the step starts from (an update-phase row of the previous step).
  public mutating func addStart(_ row: TraceRow) {
    guard row.phase == "update", Self.carriedKinds.contains(row.kind) else { return }
    start[Key(phase: 4, kind: row.kind, layer: row.layer ?? -1, sample: -1, i: row.i ?? -1, j: row.j ?? -1)] =
      row.value
  }

  /// A value of this step.
  ///
  /// - Parameters:
  ///   - kind: the trace's kind name.
  ///   - phase: the trace's phase name.
  ///   - layer: the layer, `nil` for the loss.
  ///   - sample: the data row, `nil` for batch values.
  ///   - i: the unit (0-based).
  ///   - j: the unit below, for weights.
  public func value(
    _ kind: String, phase: String, layer: Int?, sample: Int? = nil, i: Int? = nil, j: Int? = nil
  ) -> Double? {
    values[
      Key(
        phase: Self.phaseCode(phase), kind: kind, layer: layer ?? -1, sample: sample ?? -1, i: i ?? -1, j: j ?? -1)]
  }

  /// A parameter or optimizer state at the start of the step; optimizer state
  /// absent at step 0 is 0, as every optimizer starts from zero.
  public func startValue(_ kind: String, layer: Int, i: Int, j: Int? = nil) -> Double? {
    if let value = start[Key(phase: 4, kind: kind, layer: layer, sample: -1, i: i, j: j ?? -1)] { return value }
    if step == 0 && kind != "w" && kind != "b" { return 0 }
    return nil
  }

  /// Whether any value of `kind` was recorded in `phase`.
  public func has(_ kind: String, phase: String) -> Bool {
    let code = Self.phaseCode(phase)
    return values.keys.contains { $0.phase == code && $0.kind == kind }
  }
}
