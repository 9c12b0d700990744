import Foundation
import NeuralEngine
import Testing

/// Four fixed training runs whose final parameters were recorded with the engine as it
/// was before it was optimised for speed (`Fixtures/engine_reference.json`).
///
/// Faster kernels may sum in another order, so the last bits of a value may move; nothing
/// more may. Every final weight, bias and loss must stay within 1e-9 relative of the
/// recorded one. Between them the runs use every activation and loss, every optimizer,
/// full and mini-batches (the last one shorter), shuffling, and layer sizes that are not
/// multiples of any vector width.
///
/// To record the values again (only ever from an engine known to be right), run the tests
/// with `NNTRACE_RECORD_ENGINE_REFERENCE=1`; the file is rewritten and the test fails, so a
/// recording can never pass unnoticed.
struct EngineReferenceTests {
  static let tolerance = 1e-9

  /// One of the recorded runs.
  struct Workload: Sendable {
    var name: String
    var sizes: [Int]
    var activations: [Activation]
    var loss: Loss
    var optimizer: OptimizerKind
    var learningRate: Double
    var samples: Int
    var plan: TrainingPlan
  }

  static let workloads: [Workload] = [
    Workload(
      name: "deep sigmoid, mse, full batch, sgd", sizes: [6, 24, 17, 9, 3],
      activations: [.sigmoid, .sigmoid, .sigmoid, .sigmoid], loss: .mse, optimizer: .sgd, learningRate: 0.8,
      samples: 48, plan: TrainingPlan(epochs: 40)),
    Workload(
      name: "tanh and softmax, cross-entropy, shuffled batches of 16, adam", sizes: [10, 33, 5],
      activations: [.tanh, .softmax], loss: .crossEntropy, optimizer: OptimizerKind.defaultAdam, learningRate: 0.01,
      samples: 70, plan: TrainingPlan(epochs: 15, batchSize: 16, shuffle: true, seed: 5)),
    Workload(
      name: "relu, leaky relu and linear, sse, batches of 8, momentum", sizes: [7, 20, 13, 4],
      activations: [.relu, .leakyReLU(slope: 0.1), .linear], loss: .sse, optimizer: OptimizerKind.defaultMomentum,
      learningRate: 0.05, samples: 30, plan: TrainingPlan(epochs: 20, batchSize: 8)),
    Workload(
      name: "sigmoid, bce, full batch, rmsprop", sizes: [5, 11, 1], activations: [.sigmoid, .sigmoid], loss: .bce,
      optimizer: OptimizerKind.defaultRMSProp, learningRate: 0.01, samples: 25, plan: TrainingPlan(epochs: 30)),
  ]

  /// What a run ends with.
  struct Recorded: Codable, Equatable {
    var name: String
    var steps: Int
    /// The final batch loss.
    var finalLoss: Double
    /// Per layer: the weights row by row, then the biases.
    ///
    /// JSON keeps each double exactly: it is written as the shortest decimal that reads back to the same bits.
    var layers: [[Double]]
  }

  /// Trains `workload` from weights and data drawn from fixed seeds.
  static func run(_ workload: Workload, index: Int) -> (MLP, TrainingOutcome) {
    var random = RandomSource(seed: 1_000 + UInt64(index))
    let network = MLP(
      sizes: workload.sizes, activations: workload.activations, loss: workload.loss, initializer: .xavier,
      random: &random)
    let inputs = uniformMatrix(rows: workload.samples, cols: workload.sizes[0], low: -1, high: 1, random: &random)
    let outputs = workload.sizes[workload.sizes.count - 1]
    var targets = Matrix(rows: workload.samples, cols: outputs)
    for r in 0..<workload.samples {
      switch workload.loss {
      case .crossEntropy: targets[r, Int(random.next() % UInt64(outputs))] = 1
      case .bce: for c in 0..<outputs { targets[r, c] = random.nextUnit() < 0.5 ? 0 : 1 }
      case .mse, .sse: for c in 0..<outputs { targets[r, c] = random.nextUniform(limit: 1) }
      }
    }
    let trainer = makeTrainer(
      network, kind: workload.optimizer, learningRate: workload.learningRate, inputs: inputs, targets: targets,
      plan: workload.plan)
    let outcome = trainer.train(observer: nil)
    return (trainer.network, outcome)
  }

  static func record(_ network: MLP, _ outcome: TrainingOutcome, name: String) -> Recorded {
    Recorded(
      name: name, steps: outcome.steps, finalLoss: outcome.finalLoss ?? .nan,
      layers: network.layers.map { $0.weights.storage + $0.bias })
  }

  static let fixture = Fixtures.directory.appendingPathComponent("engine_reference.json")

  @Test func finalParametersMatchTheUnoptimisedEngine() throws {
    let results = Self.workloads.enumerated().map { index, workload in
      let (network, outcome) = Self.run(workload, index: index)
      return Self.record(network, outcome, name: workload.name)
    }
    if ProcessInfo.processInfo.environment["NNTRACE_RECORD_ENGINE_REFERENCE"] != nil {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(results).write(to: Self.fixture)
      Issue.record("recorded \(Self.fixture.path); run again without NNTRACE_RECORD_ENGINE_REFERENCE to compare")
      return
    }
    let expected = try JSONDecoder().decode([Recorded].self, from: Data(contentsOf: Self.fixture))
    try #require(expected.count == results.count)
    for (actual, recorded) in zip(results, expected) {
      #expect(actual.name == recorded.name)
      #expect(actual.steps == recorded.steps, "\(recorded.name): steps")
      try #require(actual.layers.map(\.count) == recorded.layers.map(\.count), "\(recorded.name): shapes")
      let pairs =
        [(actual.finalLoss, recorded.finalLoss)]
        + zip(actual.layers.joined(), recorded.layers.joined()).map { ($0, $1) }
      let worst = pairs.map { relativeDifference($0, $1) }.max() ?? 0
      #expect(worst <= Self.tolerance, "\(recorded.name): largest relative difference \(worst)")
    }
  }

  @Test func recordedRunsActuallyTrained() throws {
    // The fixture is only a useful guard if the runs move their weights a long way from the start.
    let expected = try JSONDecoder().decode([Recorded].self, from: Data(contentsOf: Self.fixture))
    for (index, workload) in Self.workloads.enumerated() {
      var random = RandomSource(seed: 1_000 + UInt64(index))
      let initial = MLP(
        sizes: workload.sizes, activations: workload.activations, loss: workload.loss, initializer: .xavier,
        random: &random)
      let start = initial.layers.flatMap { $0.weights.storage + $0.bias }
      let end = Array(expected[index].layers.joined())
      #expect(maxAbsDifference(start, end) > 0.01, "\(workload.name) hardly moved")
    }
  }
}

/// `|a − b| / |b|`, 0 when both are equal (including both 0), infinite when only `b` is 0.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
  a == b ? 0 : abs(a - b) / abs(b)
}
