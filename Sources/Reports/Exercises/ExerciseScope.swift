/// Which values of a run a worksheet asks for: one step, one data row in full, some layers, units and kinds.
public struct ExerciseScope: Sendable, Equatable {
  /// The step (0-based).
  public var step: Int
  /// The data row whose forward and backward pass is asked; `nil` for the step's first row.
  /// The other rows of a batch are given where the batch's loss and gradients need them.
  public var row: Int?
  /// Only this layer's values (the loss, which has none, is then left out).
  public var layer: Int?
  /// Only values of these kinds (see ``AnswerKey/kinds``).
  public var kinds: Set<String>?
  /// Units of each layer asked (the others are given).
  public var units: Int
  /// Incoming weights of each unit asked, in the gradients and the update.
  public var inputs: Int

  /// A scope; by default step 0, its first row, every layer and kind, 2 units and 2 incoming weights.
  public init(
    step: Int = 0, row: Int? = nil, layer: Int? = nil, kinds: Set<String>? = nil, units: Int = 2, inputs: Int = 2
  ) {
    self.step = step
    self.row = row
    self.layer = layer
    self.kinds = kinds
    self.units = units
    self.inputs = inputs
  }

  /// Whether a value of `kind` in `layer` is asked.
  func asks(_ kind: String, layer: Int?) -> Bool {
    if let kinds, !kinds.contains(kind) { return false }
    if let wanted = self.layer, layer != wanted { return false }
    return true
  }
}
