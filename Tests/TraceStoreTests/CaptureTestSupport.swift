import Foundation
import NeuralEngine
import Tracing

// Helpers for the capture-policy tests: small networks trained for real, the
// run shape that describes them, and an observer that feeds several recorders.

/// Hands each of several observers, in order, what it asked of each step.
final class FanOutObserver: TrainingObserver {
  let observers: [TrainingObserver]
  private var interests: [Interest] = []

  init(_ observers: [TrainingObserver]) {
    self.observers = observers
  }

  func interest(at position: StepPosition) -> Interest {
    interests = observers.map { $0.interest(at: position) }
    return interests.reduce(Interest.nothing) { $0.union($1) }
  }

  func trainingWillStart(_ parameters: StepValues) {
    for observer in observers { observer.trainingWillStart(parameters) }
  }

  func observe(_ step: StepValues) {
    for (observer, interest) in zip(observers, interests) where !interest.isEmpty {
      observer.observe(step.restricted(to: interest))
    }
  }

  func stepDidEnd(at position: StepPosition, loss: Double) {
    for observer in observers { observer.stepDidEnd(at: position, loss: loss) }
  }
}

/// A small MLP problem whose shape the tests vary: sizes, activations, rows, batches, shuffling.
struct SmallProblem {
  var sizes: [Int]
  var activations: [Activation]
  var rows: Int
  var epochs: Int
  var batchSize: Int
  var shuffle = false
  var loss: Loss = .mse
  var learningRate = 0.1

  /// The shape a capture plan sees.
  var shape: RunShape {
    RunShape(
      model: .mlp, sizes: sizes, activations: activations, samples: rows, epochs: epochs,
      batchSize: batchSize, shuffle: shuffle)
  }

  /// A trainer over deterministic data: input `(r, c)` is `sin(r + 0.3c)`, targets are in (0, 1).
  func trainer(seed: UInt64 = 3) -> MLPTrainer {
    var random = RandomSource(seed: seed)
    let network = MLP(
      sizes: sizes, activations: activations, loss: loss, initializer: .xavier, random: &random)
    let inputs = Matrix((0..<rows).map { r in (0..<sizes[0]).map { c in Foundation.sin(Double(r) + 0.3 * Double(c)) } })
    let outputs = sizes[sizes.count - 1]
    let targets = Matrix((0..<rows).map { r in (0..<outputs).map { c in Double((r + c) % 2) * 0.8 + 0.1 } })
    let parameterSizes = zip(sizes.dropLast(), sizes.dropFirst()).flatMap { [$0 * $1, $1] }
    return MLPTrainer(
      network: network, optimizer: Optimizer(kind: .sgd, learningRate: learningRate, parameterSizes: parameterSizes),
      inputs: inputs, targets: targets,
      plan: TrainingPlan(epochs: epochs, batchSize: batchSize, shuffle: shuffle, seed: 9))
  }
}
