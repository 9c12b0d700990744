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

  /// Records each held-out row's activations in every layer, its targets and its class after training.
  func recordHeldOutOutputs(into recorder: CaptureObserver, at position: StepPosition) {
    guard let inputs = dataset.testInputs, let targets = dataset.testTargets,
      let activationKind = TraceKind.named("test_a", in: .evaluation),
      let targetKind = TraceKind.named("test_y", in: .evaluation),
      let classKind = TraceKind.named("test_class", in: .evaluation)
    else { return }
    let activations = network.layerActivations(inputs)
    let outputLayer = network.layers.count
    for r in 0..<inputs.rows {
      for (index, layer) in activations.enumerated() {
        recorder.record(activationKind, layer: index + 1, sample: r, shape: .vector, values: layer.row(r), at: position)
      }
      recorder.record(targetKind, layer: outputLayer, sample: r, shape: .vector, values: targets.row(r), at: position)
      if let classes = dataset.testClasses {
        recorder.record(classKind, layer: nil, sample: r, shape: .scalar, values: [classes[r]], at: position)
      }
    }
    recorder.stepDidEnd(at: position, loss: 0)
  }

  /// Records the statistics the targets were standardised with, if they were.
  static func recordTargetScaling(of dataset: Dataset, layer: Int, into recorder: CaptureObserver) {
    guard let scaling = dataset.targetScaling, let meanKind = TraceKind.named("target_mean", in: .initialization),
      let deviationKind = TraceKind.named("target_std", in: .initialization)
    else { return }
    let start = StepPosition(epoch: 0, step: 0)
    recorder.record(meanKind, layer: layer, sample: nil, shape: .vector, values: scaling.means, at: start)
    recorder.record(deviationKind, layer: layer, sample: nil, shape: .vector, values: scaling.deviations, at: start)
  }
}
