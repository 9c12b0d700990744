/// The header of one recorded vector: where it arose and how its values are indexed.
///
/// An event carries one sample's values of a layer (a vector over units `i`),
/// a parameter matrix (`j` rows by `i` columns), or one scalar (a loss).
/// Its values share the event's `seq`; `ORDER BY seq, i, j` in the trace view
/// replays them in order.
public struct TraceEvent: Sendable, Equatable {
  /// How the values of an event map to the trace's `i` and `j`.
  public enum Shape: Sendable, Equatable {
    /// One value; `i` and `j` are NULL.
    case scalar
    /// Values over units: value `k` has `i = k`, `j` NULL.
    case vector
    /// A weight-shaped matrix with `cols` units: value `k` has `j = k / cols`, `i = k % cols`.
    case matrix(cols: Int)
  }

  /// Order of recording within the run.
  public var seq: Int
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based optimizer step over the whole run.
  public var step: Int
  /// The data row, for per-sample values.
  public var sample: Int?
  /// What the values are.
  public var kind: TraceKind
  /// 0 for inputs, 1…L for layers with weights, `nil` for the loss.
  public var layer: Int?
  /// How values are indexed.
  public var shape: Shape

  /// An event header.
  public init(seq: Int, epoch: Int, step: Int, sample: Int?, kind: TraceKind, layer: Int?, shape: Shape) {
    self.seq = seq
    self.epoch = epoch
    self.step = step
    self.sample = sample
    self.kind = kind
    self.layer = layer
    self.shape = shape
  }
}
