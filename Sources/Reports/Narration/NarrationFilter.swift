/// Which steps and lines a narration tells: `nil` fields match everything.
///
/// `epoch` and `step` choose the steps told in full. Within a step, `sample`
/// keeps the lines of one data row (the batch's gradients and updates, which
/// combine every row, stay), `layer` the lines of one layer (the loss, which
/// has none, goes), and `kinds` the lines of those trace kinds: `x`, `y`,
/// `z`, `a`, `loss`, `error`, `delta`, `grad_w`, `grad_b`, `w`, `b`, `dw`,
/// `db` and the optimizer-state kinds.
public struct NarrationFilter: Sendable, Equatable {
  /// Only this epoch.
  public var epoch: Int?
  /// Only this step.
  public var step: Int?
  /// Only this data row's per-sample lines.
  public var sample: Int?
  /// Only this layer's lines.
  public var layer: Int?
  /// Only lines of these kinds.
  public var kinds: Set<String>?

  /// A filter.
  public init(epoch: Int? = nil, step: Int? = nil, sample: Int? = nil, layer: Int? = nil, kinds: Set<String>? = nil) {
    self.epoch = epoch
    self.step = step
    self.sample = sample
    self.layer = layer
    self.kinds = kinds
  }

  /// Every kind name a filter accepts.
  public static let knownKinds: [String] = [
    "x", "y", "z", "a", "loss", "error", "delta", "grad_w", "grad_b", "w", "b", "dw", "db", "velocity_w", "velocity_b",
    "s_w", "s_b", "m_w", "m_b", "v_w", "v_b",
  ]

  /// Whether steps are chosen by epoch or step.
  public var choosesSteps: Bool { epoch != nil || step != nil }

  /// Whether the filter narrows lines within a step.
  public var narrowsLines: Bool { sample != nil || layer != nil || kinds != nil }

  /// Whether a line of these kinds, layer and sample is told.
  public func allows(_ kinds: Set<String>, layer: Int?, sample: Int? = nil) -> Bool {
    if let wanted = self.kinds, wanted.isDisjoint(with: kinds) { return false }
    if let wantedLayer = self.layer, layer != wantedLayer { return false }
    if let wantedSample = self.sample, let sample, sample != wantedSample { return false }
    return true
  }

  /// Whether step `step` of epoch `epoch` is chosen (always, when the filter chooses no steps).
  public func chooses(step: Int, epoch: Int) -> Bool {
    (self.step.map { $0 == step } ?? true) && (self.epoch.map { $0 == epoch } ?? true)
  }
}

/// How much of a wide network or a large batch one step's narration tells.
public struct NarrationLimits: Sendable, Equatable {
  /// Data rows of a batch told in full.
  public var samples: Int
  /// Units of a layer told in full.
  public var units: Int
  /// Incoming weights of a unit told in the gradient and update sections.
  public var inputs: Int
  /// Columns (and rows) of a layer's table of initial weights.
  public var columns: Int
  /// Layers told in full by each pass of a deeper network: the first and the last `layers − 1`.
  public var layers: Int

  /// Limits.
  public init(samples: Int, units: Int, inputs: Int, columns: Int = 8, layers: Int = .max) {
    self.samples = samples
    self.units = units
    self.inputs = inputs
    self.columns = columns
    self.layers = max(2, layers)
  }

  /// The default: 4 rows, 4 units, 4 incoming weights per unit.
  public static let brief = NarrationLimits(samples: 4, units: 4, inputs: 4)
  /// Everything.
  public static let full = NarrationLimits(samples: .max, units: .max, inputs: .max, columns: .max)

  /// The limits the default narration tries in turn, from ``brief`` down, until its worked step fits its room.
  public static let focusing: [NarrationLimits] = [
    brief,
    NarrationLimits(samples: 2, units: 4, inputs: 4),
    NarrationLimits(samples: 1, units: 4, inputs: 4),
    NarrationLimits(samples: 1, units: 2, inputs: 2, columns: 4),
    NarrationLimits(samples: 1, units: 2, inputs: 2, columns: 4, layers: 3),
    NarrationLimits(samples: 1, units: 1, inputs: 2, columns: 4, layers: 2),
  ]
}
