import NeuralEngine
import Testing
import Tracing

/// The estimate made before a run must equal what the recorders then record.
@Suite struct CaptureEstimateTests {
  /// Trains `problem` with the recorder `plan` asks for and counts the values it hands over.
  /// As `nntrace run` does: the run's inputs first, apart, unless the capture is full.
  private func recordedValues(_ plan: CapturePlan, _ problem: SmallProblem) throws -> Int {
    let sink = MemorySink()
    let trainer = problem.trainer()
    let inputs = RunInputs(
      inputs: Matrix(rows: problem.rows, cols: problem.sizes[0]),
      targets: Matrix(rows: problem.rows, cols: problem.sizes[problem.sizes.count - 1]),
      weights: trainer.network.layers.map(\.weights), biases: trainer.network.layers.map(\.bias),
      epochOrders: problem.shuffle
        ? TrainingPlan(epochs: problem.epochs, shuffle: true, seed: 9).epochOrders(samples: problem.rows) : nil)
    guard let recorder = CaptureObservers.make(plan, shape: problem.shape, sink: sink) else {
      try inputs.record(into: sink)
      return sink.events.reduce(0) { $0 + $1.values.count }
    }
    if RunInputs.areRecordedApart(by: plan) { recorder.recordInputs(inputs) }
    let outcome = trainer.train(observer: recorder)
    #expect(outcome.status == .completed)
    #expect(recorder.valuesRecorded == sink.events.reduce(0) { $0 + $1.values.count })
    return recorder.valuesRecorded
  }

  /// Five rows in batches of two (the last batch has one row), three layers of mixed activations.
  private let problem = SmallProblem(
    sizes: [3, 4, 3, 2], activations: [.relu, .tanh, .sigmoid], rows: 5, epochs: 4, batchSize: 2)

  private static func list(_ text: String) -> IndexList? { IndexList(parsing: text) }

  static let plans: [CapturePlan] = [
    CapturePlan(),
    CapturePlan(everyStep: 3),
    CapturePlan(everyEpoch: 2, lastSteps: 2),
    CapturePlan(firstSteps: 4, lastSteps: 4),
    CapturePlan(samples: list("1,4")),
    CapturePlan(layers: list("0,2")),
    CapturePlan(everyStep: 5, samples: list("0-2"), layers: list("1-3")),
    CapturePlan(policy: .summary),
    CapturePlan(policy: .summary, everyStep: 2, layers: list("2")),
    CapturePlan(policy: .none),
  ]

  @Test(arguments: plans)
  func theEstimateIsExactForDataInOrder(_ plan: CapturePlan) throws {
    let estimate = CaptureEstimate.values(plan, shape: problem.shape)
    #expect(estimate == (try recordedValues(plan, problem)))
  }

  @Test func theFullEstimateFollowsTheFormulaOfTheDocs() {
    // Per sample: x 3 + 3·(4 + 3 + 2) for z, a, δ + y 2 + loss 1 = 33.
    // Per step: batch loss 1 + 3·(3·4 + 4 + 4·3 + 3 + 3·2 + 2) for grad, change and value = 118.
    // Initial w and b: 39. Steps: 4 epochs × (2 + 2 + 1 rows).
    #expect(CaptureEstimate.values(CapturePlan(), shape: problem.shape) == 39 + 4 * (3 * 118 + 5 * 33))
  }

  @Test func shuffledDataIsEstimatedExactlyOverWholeEpochs() throws {
    var shuffled = problem
    shuffled.shuffle = true
    let plan = CapturePlan(samples: Self.list("0,3"))
    #expect(CaptureEstimate.values(plan, shape: shuffled.shape) == (try recordedValues(plan, shuffled)))
  }

  @Test func aPerceptronIsEstimatedExactly() throws {
    let shape = RunShape(
      model: .perceptron, sizes: [2, 1], activations: [.step], samples: 4, epochs: 3, batchSize: 1, shuffle: false)
    for plan in [
      CapturePlan(), CapturePlan(everyStep: 5, samples: Self.list("2")), CapturePlan(policy: .summary),
      CapturePlan(layers: Self.list("0")),
    ] {
      let sink = MemorySink()
      let recorder = try #require(CaptureObservers.make(plan, shape: shape, sink: sink))
      if RunInputs.areRecordedApart(by: plan) {
        recorder.recordInputs(
          RunInputs(
            inputs: Matrix(rows: 4, cols: 2), targets: Matrix(rows: 4, cols: 1), weights: [Matrix(rows: 2, cols: 1)],
            biases: [[0]], epochOrders: nil))
      }
      var perceptron = Perceptron(weights: [0, 0], bias: 0, learningRate: 0.1)
      _ = perceptron.train(
        inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), targets: [0, 0, 0, 1], epochs: 3, observer: recorder)
      #expect(CaptureEstimate.values(plan, shape: shape) == recorder.valuesRecorded, "\(plan)")
    }
  }

  @Test func aLongThinnedRunIsEstimatedWithoutVisitingEveryStep() {
    let shape = RunShape(
      model: .mlp, sizes: [2, 2, 1], activations: [.sigmoid, .sigmoid], samples: 4, epochs: 50_000_000,
      batchSize: 4, shuffle: false)
    // 9 initial values; per step 4 samples × (x 2 + z, a, δ 3 × 3 + y 1 + loss 1) + batch loss 1 + 3 × 9.
    let every = CaptureEstimate.values(CapturePlan(), shape: shape)
    #expect(every == 9 + 50_000_000 * (4 * 13 + 1 + 27))
    // Steps 0, 1 000 000, …, 49 000 000 and the last one; the run's inputs apart: 4 rows × (2 + 1) and
    // the 9 initial parameters.
    let thinned = CaptureEstimate.values(CapturePlan(everyStep: 1_000_000, lastSteps: 1), shape: shape)
    #expect(thinned == 4 * 3 + 9 + 51 * 80)
  }
}
