import NeuralEngine
import Tracing

/// Passes values on to the recorder and the monitor, and each step's loss to a callback.
final class StepForwarder: TrainingObserver {
  let recorder: CaptureObserver?
  let monitor: TrainingObserver?
  let onStep: ((StepPosition, Double) -> Void)?
  /// Runs after the recorder has seen the end of a step: the lesson's extras.
  var afterStep: ((StepPosition) -> Void)?

  init(recorder: CaptureObserver?, monitor: TrainingObserver?, onStep: ((StepPosition, Double) -> Void)?) {
    self.recorder = recorder
    self.monitor = monitor
    self.onStep = onStep
  }

  func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    recorder?.observe(quantity, phase: phase, layer: layer, values: values, samples: samples, at: position)
    monitor?.observe(quantity, phase: phase, layer: layer, values: values, samples: samples, at: position)
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
