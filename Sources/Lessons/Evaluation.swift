import NeuralEngine
import Tracing

/// How well the network does on whole data sets: loss and accuracy, recorded between epochs.
///
/// Accuracy counts a row as right when the largest output is the target's
/// largest (several outputs), or when output and target fall on the same side
/// of 0.5 (one output).
struct Evaluation {
  let network: MLP
  let dataset: Dataset
  let metrics: [String]

  /// Share of `inputs` rows whose outputs classify them as `targets` do.
  static func accuracy(outputs: Matrix, targets: Matrix) -> Double {
    var right = 0
    for r in 0..<outputs.rows {
      if outputs.cols == 1 {
        if (outputs[r, 0] >= 0.5) == (targets[r, 0] >= 0.5) { right += 1 }
      } else if argmax(outputs.row(r)) == argmax(targets.row(r)) {
        right += 1
      }
    }
    return Double(right) / Double(max(outputs.rows, 1))
  }

  static func argmax(_ values: [Double]) -> Int {
    values.indices.max { values[$0] < values[$1] } ?? 0
  }

  /// Records `train_loss`/`train_accuracy` (and the `test_` ones with held-out rows) after an epoch.
  func recordEpoch(into recorder: CaptureObserver, at position: StepPosition) {
    var sets = [("train", dataset.inputs, dataset.targets)]
    if let inputs = dataset.testInputs, let targets = dataset.testTargets { sets.append(("test", inputs, targets)) }
    for (name, inputs, targets) in sets {
      if metrics.contains("loss"), let kind = TraceKind.named("\(name)_loss", in: .evaluation) {
        let loss = network.meanLoss(inputs: inputs, targets: targets)
        recorder.record(kind, layer: nil, sample: nil, shape: .scalar, values: [loss], at: position)
      }
      if metrics.contains("accuracy"), let kind = TraceKind.named("\(name)_accuracy", in: .evaluation) {
        let accuracy = Self.accuracy(outputs: network.predict(inputs), targets: targets)
        recorder.record(kind, layer: nil, sample: nil, shape: .scalar, values: [accuracy], at: position)
      }
    }
  }

  /// Records each held-out row's outputs and targets after training.
  func recordHeldOutOutputs(into recorder: CaptureObserver, at position: StepPosition) {
    guard let inputs = dataset.testInputs, let targets = dataset.testTargets,
      let outputKind = TraceKind.named("test_a", in: .evaluation),
      let targetKind = TraceKind.named("test_y", in: .evaluation)
    else { return }
    let outputs = network.predict(inputs)
    let layer = network.layers.count
    for r in 0..<inputs.rows {
      recorder.record(outputKind, layer: layer, sample: r, shape: .vector, values: outputs.row(r), at: position)
      recorder.record(targetKind, layer: layer, sample: r, shape: .vector, values: targets.row(r), at: position)
    }
    recorder.stepDidEnd(at: position, loss: 0)
  }
}
