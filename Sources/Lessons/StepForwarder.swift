import NeuralEngine
import Tracing

/// Passes values on to the recorder and the monitor, each what it asked for, and each step's loss to a callback.
final class StepForwarder: TrainingObserver {
  let recorder: CaptureObserver?
  let monitor: CaptureObserver?
  let onStep: ((StepPosition, Double) -> Void)?
  /// Runs after the recorder has seen the end of a step: the lesson's extras.
  var afterStep: ((StepPosition) -> Void)?
  /// What the recorder and the monitor asked of the current step.
  private var interests: (recorder: Interest, monitor: Interest) = (.nothing, .nothing)

  init(recorder: CaptureObserver?, monitor: CaptureObserver?, onStep: ((StepPosition, Double) -> Void)?) {
    self.recorder = recorder
    self.monitor = monitor
    self.onStep = onStep
  }

  func interest(at position: StepPosition) -> Interest {
    let recorded = recorder?.interest(at: position) ?? .nothing
    let monitored = monitor?.interest(at: position) ?? .nothing
    interests = (recorded, monitored)
    return recorded.union(monitored)
  }

  func trainingWillStart(_ parameters: StepValues) {
    recorder?.trainingWillStart(parameters)
    monitor?.trainingWillStart(parameters)
  }

  func observe(_ step: StepValues) {
    if let recorder, !interests.recorder.isEmpty { recorder.observe(step.restricted(to: interests.recorder)) }
    if let monitor, !interests.monitor.isEmpty { monitor.observe(step.restricted(to: interests.monitor)) }
  }

  func stepDidEnd(at position: StepPosition, loss: Double) {
    afterStep?(position)
    recorder?.stepDidEnd(at: position, loss: loss)
    monitor?.stepDidEnd(at: position, loss: loss)
    onStep?(position, loss)
  }
}

extension Matrix {
  /// The given rows, in the given order.
  func selectingRows(_ rows: [Int]) -> Matrix {
    Matrix(rows: rows.count, cols: cols, storage: rows.flatMap { row($0) })
  }
}
