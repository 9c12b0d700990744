/// Where a value arises in training.
public enum Phase: Int, Sendable, CaseIterable {
  /// Initial parameters, before the first step.
  case initialization
  /// Inputs, pre-activations and activations.
  case forward
  /// Targets and losses.
  case loss
  /// Errors, deltas and gradients.
  case backward
  /// Parameter changes and new values.
  case update
  /// Measurements of the network between epochs and after training (accuracy, held-out loss).
  case evaluation

  /// The trace's name for the phase: `init`, `forward`, `loss`, `backward`, `update`.
  public var name: String {
    switch self {
    case .initialization: "init"
    case .forward: "forward"
    case .loss: "loss"
    case .backward: "backward"
    case .update: "update"
    case .evaluation: "evaluate"
    }
  }
}

/// What a value is, in the trace's vocabulary.
public enum Quantity: String, Sendable, CaseIterable {
  /// An input value (layer 0).
  case x
  /// A pre-activation `z = w·x + b`.
  case z
  /// An activation `a = f(z)`.
  case a
  /// A target.
  case y
  /// A loss: per sample, or the batch mean.
  case loss
  /// The perceptron's `y − ŷ`.
  case error
  /// `δ = ∂L/∂z` of one sample.
  case delta
  /// The batch gradient `∂L/∂w`.
  case gradW = "grad_w"
  /// The batch gradient `∂L/∂b`.
  case gradB = "grad_b"
  /// The change the optimizer applied to a weight (new − old).
  case dw
  /// The change the optimizer applied to a bias (new − old).
  case db
  /// A weight.
  case w
  /// A bias.
  case b
  /// Momentum's velocity of a weight after the update: `v ← β·v + g`.
  case velocityW = "velocity_w"
  /// Momentum's velocity of a bias after the update.
  case velocityB = "velocity_b"
  /// RMSprop's running mean of squared gradients of a weight after the update: `s ← ρ·s + (1 − ρ)·g²`.
  case sW = "s_w"
  /// RMSprop's running mean of squared gradients of a bias after the update.
  case sB = "s_b"
  /// Adam's first moment of a weight after the update: `m ← β₁·m + (1 − β₁)·g`.
  case mW = "m_w"
  /// Adam's first moment of a bias after the update.
  case mB = "m_b"
  /// Adam's second moment of a weight after the update: `v ← β₂·v + (1 − β₂)·g²`.
  case vW = "v_w"
  /// Adam's second moment of a bias after the update.
  case vB = "v_b"
}

/// The position of an observed value in training.
public struct StepPosition: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based optimizer step, counted over the whole run.
  public var step: Int

  /// A position.
  public init(epoch: Int, step: Int) {
    self.epoch = epoch
    self.step = step
  }
}

/// What an observer wants of a step: some quantities, of some layers.
///
/// The engine asks before each step and offers, after it, only what was asked:
/// for a step nobody wants nothing is read and nothing is copied.
public struct Interest: Sendable, Equatable {
  /// The quantities wanted, a bit each (``Quantity/bit``).
  private var bits: UInt32
  /// The layers wanted (0 for the inputs), or `nil` for every layer. Values that belong to no
  /// layer (the loss) come whenever their quantity is wanted.
  public var layers: Set<Int>?

  /// An interest in `quantities` of `layers` (`nil`: every layer).
  public init(_ quantities: some Sequence<Quantity>, layers: Set<Int>? = nil) {
    bits = quantities.reduce(0) { $0 | $1.bit }
    self.layers = layers
  }

  private init(bits: UInt32, layers: Set<Int>?) {
    self.bits = bits
    self.layers = layers
  }

  /// Nothing: the observer hears only that the step ended.
  public static let nothing = Interest([])
  /// The loss of each sample and of the batch.
  public static let loss = Interest([.loss])
  /// Every value of every layer.
  public static let everything = Interest(Quantity.allCases)

  /// Whether nothing is wanted.
  public var isEmpty: Bool { bits == 0 }

  /// Whether `quantity` is wanted, of some layer.
  public func wants(_ quantity: Quantity) -> Bool { bits & quantity.bit != 0 }

  /// Whether `quantity` of `layer` is wanted.
  public func wants(_ quantity: Quantity, layer: Int?) -> Bool {
    guard bits & quantity.bit != 0 else { return false }
    guard let layer, let layers else { return true }
    return layers.contains(layer)
  }

  /// What either interest wants.
  public func union(_ other: Interest) -> Interest {
    if isEmpty { return other }
    if other.isEmpty { return self }
    let layers: Set<Int>? =
      if let mine = self.layers, let theirs = other.layers { mine.union(theirs) } else { nil }
    return Interest(bits: bits | other.bits, layers: layers)
  }

  /// What both interests want.
  public func intersection(_ other: Interest) -> Interest {
    let layers: Set<Int>? =
      switch (self.layers, other.layers) {
      case (nil, nil): nil
      case (let mine?, nil): mine
      case (nil, let theirs?): theirs
      case (let mine?, let theirs?): mine.intersection(theirs)
      }
    return Interest(bits: bits & other.bits, layers: layers)
  }
}

extension Quantity {
  /// The quantity's bit in an ``Interest``.
  var bit: UInt32 {
    let index: UInt32 =
      switch self {
      case .x: 0
      case .z: 1
      case .a: 2
      case .y: 3
      case .loss: 4
      case .error: 5
      case .delta: 6
      case .gradW: 7
      case .gradB: 8
      case .dw: 9
      case .db: 10
      case .w: 11
      case .b: 12
      case .velocityW: 13
      case .velocityB: 14
      case .sW: 15
      case .sB: 16
      case .mW: 17
      case .mB: 18
      case .vW: 19
      case .vB: 20
      }
    return 1 << index
  }
}

/// Hears how training goes, without the engine knowing who listens.
///
/// Before each step the engine asks what the observer wants of it
/// (``interest(at:)``); after the step's update it offers those values once,
/// read in place from its own buffers (``observe(_:)``), and then says that the
/// step ended. A step whose loss is not finite is offered up to its loss and
/// does not end: training stops there. The initial parameters are offered
/// once, before the first step, to ``trainingWillStart(_:)``. Training
/// without an observer asks nothing and offers nothing.
public protocol TrainingObserver: AnyObject {
  /// What the observer wants of the step at `position`.
  func interest(at position: StepPosition) -> Interest

  /// The initial parameters, `w` and `b` of every layer, before the first step.
  func trainingWillStart(_ parameters: StepValues)

  /// The values of a step the observer asked for; they may be read only during the call.
  func observe(_ step: StepValues)

  /// A step has finished; `loss` is its batch loss (the perceptron reports its error count).
  func stepDidEnd(at position: StepPosition, loss: Double)
}

extension TrainingObserver {
  /// Takes no notice of the initial parameters.
  public func trainingWillStart(_ parameters: StepValues) {}
}
