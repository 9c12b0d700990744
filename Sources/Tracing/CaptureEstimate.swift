import NeuralEngine

/// How many values a run will record, worked out before it starts from its shape and capture plan.
///
/// For a network with sizes `n₀ … n_L`, one recorded step of `all` writes, per
/// recorded sample, `x` (n₀), `z`, `a` and `δ` (3·n_l for each layer), `y`
/// (n_L) and the sample's loss (1); per step, the batch loss (1) and, for each
/// layer, `grad_w`, `dw` and `w` (3·n_{l−1}·n_l) and `grad_b`, `db` and `b`
/// (3·n_l). The initial `w` and `b` come once. Every other run, whatever its
/// policy, records its inputs apart (the training rows, the initial `w` and `b` of
/// every layer and, when shuffled, the order of every epoch:
/// ``RunInputs/valueCount(shape:)``). The layer and sample options remove their
/// share of the rest. When the data is shuffled and only some samples are
/// kept, the per-step share is the expected one, so the estimate is exact for
/// whole epochs and close otherwise. A run that is interrupted or diverges
/// records fewer; a lesson's extras (a gradient check of the first step, metrics
/// after each epoch, held-out outputs) add a few more, not counted here.
public enum CaptureEstimate {
  /// Past this many values, `nntrace run` asks for `--force` (or a lighter capture).
  public static let refusalThreshold = 20_000_000

  /// The values `plan` records over the whole run.
  public static func values(_ plan: CapturePlan, shape: RunShape) -> Int {
    let inputs = RunInputs.areRecordedApart(by: plan) ? RunInputs.valueCount(shape: shape) : 0
    guard plan.policy != .none, shape.sizes.count >= 2 else { return inputs }
    let counts = Counts(plan: plan, shape: shape)
    var total = Double(counts.initial + inputs)
    let perEpoch = shape.stepsPerEpoch
    if !plan.thinsSteps {
      var epochTotal = 0.0
      for index in 0..<perEpoch { epochTotal += counts.step(batch: index) }
      total += epochTotal * Double(shape.epochs)
    } else {
      var stepValues: [Double] = []
      stepValues.reserveCapacity(perEpoch)
      for index in 0..<perEpoch { stepValues.append(counts.step(batch: index)) }
      forEachSelectedStep(plan, shape: shape) { total += stepValues[$0 % perEpoch] }
    }
    return Int(total.rounded())
  }

  /// Calls `body` with each step a thinned plan records, once, visiting only those (not every step of the run).
  static func forEachSelectedStep(_ plan: CapturePlan, shape: RunShape, _ body: (Int) -> Void) {
    let steps = shape.totalSteps
    let perEpoch = shape.stepsPerEpoch
    var generators: [(selects: (Int) -> Bool, steps: AnySequence<Int>)] = []
    if let n = plan.everyStep {
      generators.append(({ $0 % n == 0 }, AnySequence(stride(from: 0, to: steps, by: n))))
    }
    if let n = plan.everyEpoch {
      let epochs = stride(from: 0, to: shape.epochs, by: n)
      generators.append(
        ({ ($0 / perEpoch) % n == 0 }, AnySequence(epochs.lazy.flatMap { ($0 * perEpoch)..<(($0 + 1) * perEpoch) })))
    }
    if let n = plan.firstSteps {
      generators.append(({ $0 < n }, AnySequence(0..<Swift.min(n, steps))))
    }
    if let n = plan.lastSteps {
      generators.append(({ $0 >= steps - n }, AnySequence(Swift.max(0, steps - n)..<steps)))
    }
    for (index, generator) in generators.enumerated() {
      let earlier = generators[..<index]
      for step in generator.steps where !earlier.contains(where: { $0.selects(step) }) {
        body(step)
      }
    }
  }

  /// Values per step by kind of value, for one batch.
  private struct Counts {
    let plan: CapturePlan
    let shape: RunShape
    /// Recorded values per recorded sample.
    let perSample: Int
    /// Recorded values per step that do not depend on samples.
    let perStep: Int
    /// Initial parameters.
    let initial: Int

    init(plan: CapturePlan, shape: RunShape) {
      self.plan = plan
      self.shape = shape
      let n = shape.sizes
      let last = n.count - 1
      let on = { (layer: Int) in plan.records(layer: layer) }
      let layers = (1...last).filter(on)
      let parameters = layers.map { n[$0 - 1] * n[$0] + n[$0] }.reduce(0, +)
      switch (plan.policy, shape.model) {
      case (.none, _):
        (perSample, perStep, initial) = (0, 0, 0)
      case (.all, .mlp):
        let units = layers.map { 3 * n[$0] }.reduce(0, +)
        perSample = (on(0) ? n[0] : 0) + units + (on(last) ? n[last] : 0) + 1
        perStep = 1 + 3 * parameters
        // Thinned, the initial parameters are among the run's inputs, recorded apart.
        initial = RunInputs.areRecordedApart(by: plan) ? 0 : parameters
      case (.all, .perceptron):
        perSample = (on(0) ? n[0] : 0) + (on(1) ? 4 : 0)
        perStep = on(1) ? 2 * n[0] + 2 : 0
        initial = RunInputs.areRecordedApart(by: plan) ? 0 : parameters
      case (.summary, .mlp):
        perSample = 0
        perStep = 1 + layers.map { 4 + Self.activationStatistics(shape.activation(ofLayer: $0)) }.reduce(0, +)
        initial = layers.count
      case (.summary, .perceptron):
        perSample = 0
        perStep = on(1) ? 4 : 0
        initial = on(1) ? 1 : 0
      case (.all, .activation):
        perSample = (on(0) ? n[0] : 0) + (on(1) ? 3 * n[1] : 0)
        (perStep, initial) = (0, 0)
      case (.summary, .activation):
        perSample = 0
        perStep = on(1) ? 2 + Self.activationStatistics(shape.activation(ofLayer: 1)) : 0
        initial = 0
      }
    }

    /// `saturated_share` for sigmoid and tanh, `dead_share` for ReLU.
    static func activationStatistics(_ activation: Activation?) -> Int {
      switch activation {
      case .sigmoid, .tanh, .relu: 1
      default: 0
      }
    }

    /// Values of batch `index` of an epoch.
    func step(batch index: Int) -> Double {
      guard perSample > 0 else { return Double(perStep) }
      let rows = shape.batchRows(index)
      let kept: Double
      if plan.policy == .summary || plan.samples == nil {
        kept = Double(rows.count)
      } else if let samples = plan.samples, !shape.shuffle {
        kept = Double(samples.count(below: rows.upperBound) - samples.count(below: rows.lowerBound))
      } else {
        let share = Double(plan.samples?.count(below: shape.samples) ?? shape.samples) / Double(shape.samples)
        kept = Double(rows.count) * share
      }
      return Double(perStep) + Double(perSample) * kept
    }
  }
}
