import NeuralEngine

/// Turns what the engine offers into trace events, numbered in order, and hands them to a sink: `--capture all`.
///
/// The plan's thinning is applied here: unrecorded steps, layers and samples
/// never reach the sink. The first error the sink throws is kept in
/// ``failure``; after it the recorder drops everything and ``shouldStop``
/// turns true, so training can end cleanly instead of computing values nobody
/// can store.
public final class TraceRecorder: CaptureObserver {
  private let emitter: TraceEmitter
  private let plan: CapturePlan
  private let totalSteps: Int
  /// `sampleKept[row]`, when only some samples are recorded.
  private let sampleKept: [Bool]?
  private var stepCache = (step: -1, recorded: true)
  /// Whether ``recordInputs(_:)`` has recorded the initial parameters, which the engine offers again.
  private var inputsRecorded = false

  /// A recorder of every value of every step.
  public init(sink: TraceSink) {
    emitter = TraceEmitter(sink: sink)
    plan = CapturePlan()
    totalSteps = Int.max
    sampleKept = nil
  }

  /// A recorder of the values `plan` selects in a run of `shape`.
  public init(sink: TraceSink, plan: CapturePlan, shape: RunShape) {
    emitter = TraceEmitter(sink: sink)
    self.plan = plan
    totalSteps = shape.totalSteps
    sampleKept = plan.samples.map { list in (0..<shape.samples).map(list.contains) }
  }

  /// Values handed to the sink so far.
  public var valuesRecorded: Int { emitter.valuesRecorded }
  /// The sink's first error, if any.
  public var failure: Error? { emitter.failure }

  private func records(_ position: StepPosition) -> Bool {
    if stepCache.step != position.step {
      stepCache = (position.step, plan.records(step: position.step, epoch: position.epoch, totalSteps: totalSteps))
    }
    return stepCache.recorded
  }

  public func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    guard emitter.failure == nil, phase == .initialization || records(position), plan.records(layer: layer),
      !(phase == .initialization && inputsRecorded)
    else {
      return
    }
    let kind = TraceKind.of(quantity, in: phase)
    values.storage.withUnsafeBufferPointer { buffer in
      if let samples {
        // One event per sample: a row of the batch matrix.
        let shape: TraceEvent.Shape = quantity == .loss ? .scalar : .vector
        for (r, sample) in samples.enumerated() {
          if let sampleKept, !(sampleKept.indices.contains(sample) && sampleKept[sample]) { continue }
          let row = UnsafeBufferPointer(rebasing: buffer[(r * values.cols)..<((r + 1) * values.cols)])
          emitter.emit(
            kind: kind, layer: layer, sample: sample, shape: shape, values: row, epoch: position.epoch,
            step: position.step)
        }
      } else {
        let shape: TraceEvent.Shape =
          switch quantity {
          case .loss: .scalar
          case .w, .gradW, .dw, .velocityW, .sW, .mW, .vW: .matrix(cols: values.cols)
          default: .vector
          }
        emitter.emit(
          kind: kind, layer: layer, sample: nil, shape: shape, values: buffer, epoch: position.epoch,
          step: position.step)
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
