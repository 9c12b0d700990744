import NeuralEngine

/// Turns what the engine offers into trace events, numbered in order, and hands them to a sink: `--capture all`.
///
/// The plan's thinning is its interest: of a step it does not record it asks
/// nothing, and of the others every quantity of the layers it records, so
/// unrecorded steps and layers are never read; unrecorded samples are skipped. The first error the sink throws is kept in
/// ``failure``; after it the recorder drops everything and ``shouldStop``
/// turns true, so training can end cleanly instead of computing values nobody
/// can store.
public final class TraceRecorder: CaptureObserver {
  private let emitter: TraceEmitter
  private let plan: CapturePlan
  private let totalSteps: Int
  /// `sampleKept[row]`, when only some samples are recorded.
  private let sampleKept: [Bool]?
  /// What it wants of a step it records.
  private let recorded: Interest
  /// Whether ``recordInputs(_:)`` has recorded the initial parameters, which the engine offers again.
  private var inputsRecorded = false

  /// A recorder of every value of every step.
  public init(sink: TraceSink) {
    emitter = TraceEmitter(sink: sink)
    plan = CapturePlan()
    totalSteps = Int.max
    sampleKept = nil
    recorded = .everything
  }

  /// A recorder of the values `plan` selects in a run of `shape`.
  public init(sink: TraceSink, plan: CapturePlan, shape: RunShape) {
    emitter = TraceEmitter(sink: sink)
    self.plan = plan
    totalSteps = shape.totalSteps
    sampleKept = plan.samples.map { list in (0..<shape.samples).map(list.contains) }
    recorded = Interest(
      Quantity.allCases, layers: plan.layers.map { _ in Set(shape.sizes.indices.filter(plan.records(layer:))) })
  }

  /// Values handed to the sink so far.
  public var valuesRecorded: Int { emitter.valuesRecorded }
  /// The sink's first error, if any.
  public var failure: Error? { emitter.failure }

  public func interest(at position: StepPosition) -> Interest {
    guard emitter.failure == nil,
      plan.records(step: position.step, epoch: position.epoch, totalSteps: totalSteps)
    else { return .nothing }
    return recorded
  }

  public func trainingWillStart(_ parameters: StepValues) {
    guard !inputsRecorded else { return }
    record(parameters)
  }

  public func observe(_ step: StepValues) {
    record(step)
  }

  private func record(_ step: StepValues) {
    let (epoch, stepNumber) = (step.position.epoch, step.position.step)
    step.forEachValue { value, matrix in
      guard emitter.failure == nil, plan.records(layer: value.layer) else { return }
      let kind = TraceKind.of(value.quantity, in: value.phase)
      if value.perSample {
        // One event per sample: a row of the batch matrix.
        let shape: TraceEvent.Shape = value.quantity == .loss ? .scalar : .vector
        for (r, sample) in step.samples.enumerated() {
          if let sampleKept, !(sampleKept.indices.contains(sample) && sampleKept[sample]) { continue }
          emitter.emit(
            kind: kind, layer: value.layer, sample: sample, shape: shape, values: matrix.row(r), epoch: epoch,
            step: stepNumber)
        }
      } else {
        let shape: TraceEvent.Shape =
          switch value.quantity {
          case .loss: .scalar
          case .w, .gradW, .dw, .velocityW, .sW, .mW, .vW: .matrix(cols: matrix.cols)
          default: .vector
          }
        emitter.emit(
          kind: kind, layer: value.layer, sample: nil, shape: shape, values: matrix.elements, epoch: epoch,
          step: stepNumber)
      }
    }
  }

  public func stepDidEnd(at position: StepPosition, loss: Double) {
    emitter.stepDidEnd(step: position.step)
  }

  /// Records the run's inputs, every layer's included; the engine's own offer of the initial
  /// parameters is then dropped, so they are recorded once.
  public func recordInputs(_ inputs: RunInputs) {
    inputs.emit(into: emitter)
    inputsRecorded = true
  }

  /// Records values the engine does not offer itself (gradient checks, evaluations), in order with the rest.
  ///
  /// The plan's layer option applies; its step and sample options do not, since
  /// the runner asks for these few values on purpose.
  public func record(
    _ kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: [Double], at position: StepPosition
  ) {
    guard plan.records(layer: layer) else { return }
    values.withUnsafeBufferPointer { buffer in
      emitter.emit(
        kind: kind, layer: layer, sample: sample, shape: shape, values: buffer, epoch: position.epoch,
        step: position.step)
    }
  }
}
