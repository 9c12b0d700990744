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

  /// What the statistics are made from: activations, the batch loss (the perceptron's errors),
  /// the weight gradients and the weights after the update.
  private static let read = Interest([.a, .loss, .error, .gradW, .w])

  public func interest(at position: StepPosition) -> Interest {
    guard emitter.failure == nil,
      plan.records(step: position.step, epoch: position.epoch, totalSteps: shape.totalSteps)
    else { return .nothing }
    return Self.read
  }

  public func trainingWillStart(_ parameters: StepValues) {
    parameters.forEachValue { value, matrix in
      guard value.quantity == .w, plan.records(layer: value.layer) else { return }
      emitter.emit(
        kind: .initialWeightNorm, layer: value.layer, value: SummaryStatistics.norm(matrix.elements),
        epoch: parameters.position.epoch, step: parameters.position.step)
    }
  }

  public func observe(_ step: StepValues) {
    let (epoch, stepNumber) = (step.position.epoch, step.position.step)
    step.forEachValue { value, matrix in
      guard emitter.failure == nil, plan.records(layer: value.layer) else { return }
      let layer = value.layer
      func emit(_ kind: TraceKind, _ number: Double, sample: Int? = nil) {
        emitter.emit(kind: kind, layer: layer, sample: sample, value: number, epoch: epoch, step: stepNumber)
      }
      let buffer = matrix.elements
      switch value.quantity {
      case .a:
        let activation = layer.flatMap(shape.activation(ofLayer:))
        let summary = SummaryStatistics.activations(buffer, activation: activation)
        emit(.activationMean, summary.mean)
        emit(.activationDeviation, summary.deviation)
        if let share = summary.saturatedShare {
          emit(.saturatedShare, share)
        } else if activation == .relu {
          emit(.deadShare, SummaryStatistics.deadShare(buffer, units: matrix.cols))
        }
      case .loss where !value.perSample:
        emit(TraceKind.of(.loss, in: .loss), buffer.first ?? .nan)
      case .error:
        for (r, sample) in step.samples.enumerated() where r < buffer.count {
          emit(TraceKind.of(.error, in: value.phase), buffer[r], sample: sample)
        }
      case .gradW:
        emit(.gradientWeightNorm, SummaryStatistics.norm(buffer))
      case .w:
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
