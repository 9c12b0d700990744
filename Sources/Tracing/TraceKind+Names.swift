import NeuralEngine

/// The kinds a narration reads, by name: `TraceKind.z`, `TraceKind.gradW`, `TraceKind.initialW`.
///
/// A name without a phase is the kind's only one, or for a parameter its value after the update
/// (`w`, `b`); the parameters before training are `initialW` and `initialB`.
extension TraceKind {
  /// `w` (init): a weight before training.
  public static let initialW = of(.w, in: .initialization)
  /// `b` (init): a bias before training.
  public static let initialB = of(.b, in: .initialization)
  /// `x`: an input value.
  public static let x = of(.x, in: .forward)
  /// `z`: a pre-activation.
  public static let z = of(.z, in: .forward)
  /// `a`: an activation.
  public static let a = of(.a, in: .forward)
  /// `y`: a target.
  public static let y = of(.y, in: .loss)
  /// `loss`: a sample's loss, or the batch's.
  public static let loss = of(.loss, in: .loss)
  /// `error`: the perceptron's y − ŷ.
  public static let error = of(.error, in: .backward)
  /// `delta`: δ = ∂L/∂z.
  public static let delta = of(.delta, in: .backward)
  /// `grad_w`: the batch gradient of a weight.
  public static let gradW = of(.gradW, in: .backward)
  /// `grad_b`: the batch gradient of a bias.
  public static let gradB = of(.gradB, in: .backward)
  /// `dw`: the change the optimizer applied to a weight.
  public static let dw = of(.dw, in: .update)
  /// `db`: the change the optimizer applied to a bias.
  public static let db = of(.db, in: .update)
  /// `w` (update): a weight after the update.
  public static let w = of(.w, in: .update)
  /// `b` (update): a bias after the update.
  public static let b = of(.b, in: .update)
  /// `derivative`: an activation lesson's f′(z).
  public static let derivative = TraceKind(
    code: 50, name: "derivative", phase: .backward,
    meaning: "activation lessons: f′(z) of unit i for a sample (for softmax, ∂a_i/∂z_i)")

  /// The kinds whose values after a step are where the next step starts: the parameters and the
  /// optimizer state.
  public static let carried: [TraceKind] = [
    Quantity.w, .b, .velocityW, .velocityB, .sW, .sB, .mW, .mB, .vW, .vB,
  ].map { of($0, in: .update) }

  /// The kind of the same name after the update: `w` (init) becomes `w` (update); others are themselves.
  public var updated: TraceKind {
    guard phase == .initialization, let quantity = Quantity(rawValue: name), quantity == .w || quantity == .b
    else { return self }
    return Self.of(quantity, in: .update)
  }

  private static let byName = Dictionary(all.map { (Name(name: $0.name, phase: $0.phase.name), $0) }) { first, _ in
    first
  }

  private struct Name: Hashable {
    var name: String
    var phase: String
  }

  /// The kind the trace view calls `name` in phase `phase` (`init`, `forward`, …), if this build knows it.
  public static func named(_ name: String, phase: String) -> TraceKind? {
    byName[Name(name: name, phase: phase)]
  }
}
