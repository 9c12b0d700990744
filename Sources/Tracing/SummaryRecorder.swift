import NeuralEngine

/// Records per-step, per-layer statistics instead of every value: `--capture summary`.
///
/// For each recorded step: the batch loss (the perceptron: its error), and for
/// each layer the mean and spread of its activations, the share of saturated
/// (sigmoid, tanh) or dead (ReLU) units, and the norms of the weight gradient
/// and of the weights after the update. The initial weights' norm is recorded
/// once. Each statistic is one scalar value under a kind of its own (codes
/// 100–106, see ``TraceKind/summaryKinds``). Statistics cover the whole batch;
/// the plan's step and layer options apply, its sample option does not.
/// Biases and update sizes are left out to keep the cost per step low (a
/// summary run should cost little more than `none`); `--capture all` has them.
public final class SummaryRecorder: CaptureObserver {
  private let emitter: TraceEmitter
  private let plan: CapturePlan
  private let shape: RunShape
  private var stepCache = (step: -1, recorded: true)

  /// A recorder of the statistics `plan` selects in a run of `shape`.
  public init(sink: TraceSink, plan: CapturePlan, shape: RunShape) {
    emitter = TraceEmitter(sink: sink)
    self.plan = plan
    self.shape = shape
  }

  /// Values handed to the sink so far.
  public var valuesRecorded: Int { emitter.valuesRecorded }
  /// The sink's first error, if any.
  public var failure: Error? { emitter.failure }

  private func records(_ position: StepPosition) -> Bool {
    if stepCache.step != position.step {
      let recorded = plan.records(step: position.step, epoch: position.epoch, totalSteps: shape.totalSteps)
      stepCache = (position.step, recorded)
    }
    return stepCache.recorded
  }

  public func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    guard emitter.failure == nil, phase == .initialization || records(position), plan.records(layer: layer) else {
      return
    }
    let (epoch, step) = (position.epoch, position.step)
    func emit(_ kind: TraceKind, _ value: Double, sample: Int? = nil) {
      emitter.emit(kind: kind, layer: layer, sample: sample, value: value, epoch: epoch, step: step)
    }
    values.storage.withUnsafeBufferPointer { buffer in
      switch (quantity, phase) {
      case (.w, .initialization):
        emit(.initialWeightNorm, SummaryStatistics.norm(buffer))
      case (.a, _):
        let activation = layer.flatMap(shape.activation(ofLayer:))
        let summary = SummaryStatistics.activations(buffer, activation: activation)
        emit(.activationMean, summary.mean)
        emit(.activationDeviation, summary.deviation)
        if let share = summary.saturatedShare {
          emit(.saturatedShare, share)
        } else if activation == .relu {
          emit(.deadShare, SummaryStatistics.deadShare(buffer, units: values.cols))
        }
      case (.loss, _) where samples == nil:
        emit(TraceKind.of(.loss, in: .loss), buffer.first ?? .nan)
      case (.error, _):
        for (r, sample) in (samples ?? []).enumerated() where r < buffer.count {
          emit(TraceKind.of(.error, in: phase), buffer[r], sample: sample)
        }
      case (.gradW, _):
        emit(.gradientWeightNorm, SummaryStatistics.norm(buffer))
      case (.w, .update):
        emit(.weightNorm, SummaryStatistics.norm(buffer))
      default:
        break
      }
    }
  }

  /// Keeps the extras that are one number (per-epoch metrics such as `train_loss`); drops
  /// vectors such as gradient checks and per-sample outputs, as a summary should.
  /// Records what a lesson measures itself (metrics after each epoch, held-out outputs, target
  /// statistics) as it is: those are what a summary's conclusions are drawn from. The
  /// gradient check, which repeats the first step's gradients, is left to `--capture all`.
  public func record(
    _ kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: [Double], at position: StepPosition
  ) {
    guard kind.phase == .evaluation || kind.phase == .initialization, plan.records(layer: layer) else { return }
    values.withUnsafeBufferPointer { buffer in
      emitter.emit(
        kind: kind, layer: layer, sample: sample, shape: shape, values: buffer, epoch: position.epoch,
        step: position.step)
    }
  }

  /// Records the run's inputs in full, next to the statistics: a summary run can be exported too.
  public func recordInputs(_ inputs: RunInputs) {
    inputs.emit(into: emitter)
  }

  public func stepDidEnd(at position: StepPosition, loss: Double) {
    emitter.stepDidEnd(step: position.step)
  }
}
