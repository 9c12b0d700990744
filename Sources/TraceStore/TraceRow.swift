/// One row of the `trace` view.
public struct TraceRow: Sendable, Equatable {
  /// Order of recording.
  public var seq: Int
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step.
  public var step: Int
  /// Data row, for per-sample values.
  public var sample: Int?
  /// `init`, `forward`, `loss`, `backward`, `update`.
  public var phase: String
  /// 0 for inputs, 1…L, `nil` for the loss.
  public var layer: Int?
  /// The kind name.
  public var kind: String
  /// Unit index.
  public var i: Int?
  /// Unit of the layer below, for weights.
  public var j: Int?
  /// The value; NaN is stored by SQLite as NULL and read back as NaN.
  public var value: Double

  /// A row.
  public init(
    seq: Int, epoch: Int, step: Int, sample: Int?, phase: String, layer: Int?, kind: String, i: Int?, j: Int?,
    value: Double
  ) {
    self.seq = seq
    self.epoch = epoch
    self.step = step
    self.sample = sample
    self.phase = phase
    self.layer = layer
    self.kind = kind
    self.i = i
    self.j = j
    self.value = value
  }
}

/// Which trace rows to read; `nil` fields match everything.
public struct TraceFilter: Sendable, Equatable {
  /// Only this epoch.
  public var epoch: Int?
  /// Only this step.
  public var step: Int?
  /// Only this sample (batch-level values have none and are left out).
  public var sample: Int?
  /// Only this layer.
  public var layer: Int?
  /// Only these kind names.
  public var kinds: [String]?

  /// A filter.
  public init(epoch: Int? = nil, step: Int? = nil, sample: Int? = nil, layer: Int? = nil, kinds: [String]? = nil) {
    self.epoch = epoch
    self.step = step
    self.sample = sample
    self.layer = layer
    self.kinds = kinds
  }
}
