import TraceStore
import Tracing

/// Every recorded value of one optimizer step, with the parameters and optimizer state it started from.
///
/// Values are found by their ``TraceKind``, never by name. A live run adds them as the recorder
/// hands them to the database; a replay adds the `trace` rows it reads back. The parameters a
/// step starts from are the initial ones for step 0 and the previous step's updated ones after
/// that; optimizer state starts at zero.
public struct StepTrace: Sendable {
  struct Key: Hashable, Sendable {
    var kind: Int
    var layer: Int
    var sample: Int
    var i: Int
    var j: Int

    init(_ kind: TraceKind, layer: Int?, sample: Int?, i: Int?, j: Int?) {
      self.kind = kind.code
      self.layer = layer ?? -1
      self.sample = sample ?? -1
      self.i = i ?? -1
      self.j = j ?? -1
    }
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
  public private(set) var isComplete = false
  private var values: [Key: Double] = [:]
  /// The parameters and optimizer state the step starts from, under their update-phase kinds.
  private var start: [Key: Double] = [:]
  private var sampleSet: Set<Int> = []

  /// An empty step.
  public init(epoch: Int, step: Int) {
    self.epoch = epoch
    self.step = step
  }

  /// The names of the kinds that carry a parameter or optimizer state from one step to the next,
  /// for reading them back from the `trace` view.
  public static let carriedKinds: Set<String> = Set(TraceKind.carried.map(\.name))
  /// Their codes (all of the update phase).
  static let carriedCodes: Set<Int> = Set(TraceKind.carried.map(\.code))

  /// Adds one value of this step. Initial parameters also become the parameters the step starts from.
  public mutating func add(_ kind: TraceKind, layer: Int?, sample: Int?, i: Int?, j: Int?, value: Double) {
    values[Key(kind, layer: layer, sample: sample, i: i, j: j)] = value
    count += 1
    switch kind.phase {
    case .initialization: start[Key(kind.updated, layer: layer, sample: nil, i: i, j: j)] = value
    case .update: isComplete = true
    default: break
    }
    if kind == .x, let sample, sampleSet.insert(sample).inserted {
      samples.append(sample)
    }
  }

  /// Adds the values of one recorded event, as the database will hold them.
  public mutating func add(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) {
    epoch = event.epoch
    for k in values.indices {
      let (i, j) = event.shape.indices(of: k)
      add(event.kind, layer: event.layer, sample: event.sample, i: i, j: j, value: values[k])
    }
  }

  /// Adds one row of this step, as the `trace` view gives it; rows of kinds this build does not know are counted only.
  public mutating func add(_ row: TraceRow) {
    epoch = row.epoch
    guard let kind = TraceKind.named(row.kind, phase: row.phase) else {
      count += 1
      return
    }
    add(kind, layer: row.layer, sample: row.sample, i: row.i, j: row.j, value: row.value)
  }

  /// Takes the parameters and optimizer state the step starts from: `previous`'s updated values.
  public mutating func start(after previous: StepTrace) {
    for (key, value) in previous.values where Self.carriedCodes.contains(key.kind) {
      start[key] = value
    }
  }

  /// Takes one value the step starts from (an update-phase row of the previous step).
  public mutating func addStart(_ row: TraceRow) {
    guard let kind = TraceKind.named(row.kind, phase: row.phase), Self.carriedCodes.contains(kind.code) else { return }
    start[Key(kind, layer: row.layer, sample: nil, i: row.i, j: row.j)] = row.value
  }

  /// A value of this step.
  ///
  /// - Parameters:
  ///   - kind: what the value is.
  ///   - layer: the layer, `nil` for the loss.
  ///   - sample: the data row, `nil` for batch values.
  ///   - i: the unit (0-based).
  ///   - j: the unit below, for weights.
  public func value(_ kind: TraceKind, layer: Int?, sample: Int? = nil, i: Int? = nil, j: Int? = nil) -> Double? {
    values[Key(kind, layer: layer, sample: sample, i: i, j: j)]
  }

  /// A parameter or optimizer state at the start of the step, by its update-phase kind (``TraceKind/w``,
  /// the optimizer state's); optimizer state absent at step 0 is 0, as every optimizer starts from zero.
  public func startValue(_ kind: TraceKind, layer: Int, i: Int, j: Int? = nil) -> Double? {
    if let value = start[Key(kind, layer: layer, sample: nil, i: i, j: j)] { return value }
    if step == 0 && kind != .w && kind != .b { return 0 }
    return nil
  }

  /// Whether any value of `kind` was recorded.
  public func has(_ kind: TraceKind) -> Bool {
    values.keys.contains { $0.kind == kind.code }
  }
}

extension TraceEvent.Shape {
  /// The trace's `i` and `j` of value `k` of an event of this shape.
  public func indices(of k: Int) -> (i: Int?, j: Int?) {
    switch self {
    case .scalar: (nil, nil)
    case .vector: (k, nil)
    case .matrix(let cols): (k % cols, k / cols)
    }
  }

  /// The positions of an event's `count` values in the trace's order, by `i` then `j`.
  public func traceOrder(count: Int) -> [Int] {
    guard case .matrix(let cols) = self, cols > 0 else { return Array(0..<count) }
    let rows = count / cols
    return (0..<cols).flatMap { i in (0..<rows).map { j in j * cols + i } }
  }
}
