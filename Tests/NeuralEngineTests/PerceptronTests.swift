import NeuralEngine
import Testing

/// The seed's `Perceptron(lr=0.01, epochs=15)` on AND, as recorded by `tools/make_seed_fixtures.py`.
struct PerceptronFixture: Decodable {
  struct Update: Decodable {
    var epoch: Int
    var sample: Int
    var prediction: Int
    var weights: [Double]
    var bias: Double
    var weightsHex: [String]
    var biasHex: String
  }

  var lr: Double
  var epochs: Int
  var inputs: [[Double]]
  var targets: [Double]
  var updates: [Update]
  var epochErrors: [Int]
  var firstErrorFreeEpoch: Int
  var predictions: [Int]

  static func load() throws -> PerceptronFixture {
    try Fixtures.load(PerceptronFixture.self, from: "perceptron_and.json")
  }
}

/// Rosenblatt's perceptron, held to the seed's NumPy code bit for bit.
struct PerceptronTests {
  static let and = (inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), targets: [0.0, 0, 0, 1])

  /// Trains a zero-initialised perceptron on AND, as the seed's `fit` does.
  func trainOnAnd(lr: Double = 0.01, epochs: Int = 15, observer: TrainingObserver?) -> (Perceptron, TrainingOutcome) {
    var perceptron = Perceptron(weights: [0, 0], bias: 0, learningRate: lr)
    let outcome = perceptron.train(
      inputs: Self.and.inputs, targets: Self.and.targets, epochs: epochs, observer: observer)
    return (perceptron, outcome)
  }

  @Test func fixtureIsTheSeedsAndProblem() throws {
    let fixture = try PerceptronFixture.load()
    #expect(fixture.lr == 0.01 && fixture.epochs == 15)
    #expect(Matrix(fixture.inputs) == Self.and.inputs)
    #expect(fixture.targets == Self.and.targets)
    #expect(fixture.updates.count == 15 * 4)
    // The decimal and the hexadecimal forms in the fixture are the same numbers.
    for update in fixture.updates {
      #expect(update.weightsHex.map { Double($0)! } == update.weights)
      #expect(Double(update.biasHex)! == update.bias)
    }
  }

  @Test func reproducesEverySeedWeightAndBiasExactly() throws {
    let fixture = try PerceptronFixture.load()
    let observer = RecordingObserver()
    let (_, outcome) = trainOnAnd(observer: observer)
    #expect(outcome.status == .completed)
    #expect(outcome.steps == fixture.updates.count)

    let weights = observer.records(.w, phase: .update)
    let biases = observer.records(.b, phase: .update)
    try #require(weights.count == fixture.updates.count && biases.count == fixture.updates.count)
    for (k, update) in fixture.updates.enumerated() {
      // Exact equality: the perceptron must keep the seed's arithmetic to the last bit.
      let seedWeights = update.weightsHex.map { Double($0)! }
      let seedBias = Double(update.biasHex)!
      #expect(weights[k].values.storage == seedWeights, "update \(k) (epoch \(update.epoch), sample \(update.sample))")
      #expect(biases[k].values.storage == [seedBias], "update \(k) (epoch \(update.epoch), sample \(update.sample))")
      #expect(weights[k].position == StepPosition(epoch: update.epoch, step: k))
    }
  }

  @Test func predictionsMatchTheSeedsAtEveryStep() throws {
    let fixture = try PerceptronFixture.load()
    let observer = RecordingObserver()
    _ = trainOnAnd(observer: observer)
    let predictions = observer.records(.a, phase: .forward).map { Int($0.values.storage[0]) }
    #expect(predictions == fixture.updates.map(\.prediction))
  }

  @Test func errorCountsPerEpochMatchTheSeed() throws {
    let fixture = try PerceptronFixture.load()
    let observer = RecordingObserver()
    let (_, outcome) = trainOnAnd(observer: observer)
    var counts = Array(repeating: 0, count: 15)
    for record in observer.records(.error, phase: .backward) where record.values.storage[0] != 0 {
      counts[record.position.epoch] += 1
    }
    #expect(counts == fixture.epochErrors)
    #expect(counts == [2, 3, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    #expect(outcome.finalLoss == 0)
  }

  @Test func firstErrorFreeEpochIsEpochFive() throws {
    let fixture = try PerceptronFixture.load()
    let observer = RecordingObserver()
    _ = trainOnAnd(observer: observer)
    let errorsByStep = observer.stepEnds.map(\.loss)  // |y − ŷ| of each sample
    let firstClean = (0..<15).first { epoch in errorsByStep[(4 * epoch)..<(4 * epoch + 4)].allSatisfy { $0 == 0 } }
    #expect(firstClean == 5)
    #expect(fixture.firstErrorFreeEpoch == 5)
  }

  @Test func finalPerceptronComputesAnd() throws {
    let fixture = try PerceptronFixture.load()
    let (perceptron, _) = trainOnAnd(observer: nil)
    let predictions = (0..<4).map { perceptron.predict(Self.and.inputs.storage[(2 * $0)..<(2 * $0 + 2)]) }
    #expect(predictions == Self.and.targets)
    #expect(predictions.map { Int($0) } == fixture.predictions)
    // The seed ends at w = (0.02, 0.01), b = −0.03 (decimal; the last update's bits are exact above).
    #expect(perceptron.weights == fixture.updates.last!.weightsHex.map { Double($0)! })
  }

  @Test func trainingWithoutAnObserverGivesTheSameParameters() {
    let (silent, silentOutcome) = trainOnAnd(observer: nil)
    let (watched, watchedOutcome) = trainOnAnd(observer: RecordingObserver())
    #expect(silent == watched)
    #expect(silentOutcome == watchedOutcome)
  }

  @Test func updateIsLearningRateTimesErrorTimesInput() {
    // One sample x = (1, 1), y = 0 from zero weights: z = 0, ŷ = 1, error = −1,
    // update = 0.01·(−1), so w = (−0.01, −0.01) and b = −0.01; dw and db are those changes.
    var perceptron = Perceptron(weights: [0, 0])
    let observer = RecordingObserver()
    _ = perceptron.train(inputs: Matrix([[1, 1]]), targets: [0], epochs: 1, observer: observer)
    #expect(perceptron.weights == [-0.01, -0.01])
    #expect(perceptron.bias == -0.01)
    #expect(observer.value(.error, phase: .backward, layer: 1, step: 0)?.storage == [-1])
    #expect(observer.value(.dw, phase: .update, layer: 1, step: 0)?.storage == [-0.01, -0.01])
    #expect(observer.value(.db, phase: .update, layer: 1, step: 0)?.storage == [-0.01])
  }

  @Test func observerReceivesQuantitiesInOrder() {
    let observer = RecordingObserver()
    var perceptron = Perceptron(weights: [0, 0])
    _ = perceptron.train(inputs: Matrix([[1, 0]]), targets: [1], epochs: 1, observer: observer)
    let names = observer.events.map { $0.map { "\($0.phase.name):\($0.quantity.rawValue)" } ?? "end" }
    #expect(
      names == [
        "init:w", "init:b", "forward:x", "forward:z", "forward:a", "loss:y", "backward:error", "update:dw",
        "update:w", "update:db", "update:b", "end",
      ])
    #expect(observer.records(.x, phase: .forward).first?.samples == [0])
  }

  @Test func cannotLearnXor() {
    // XOR is not linearly separable: every epoch keeps at least one mistake.
    var perceptron = Perceptron(weights: [0, 0])
    let observer = RecordingObserver()
    let outcome = perceptron.train(
      inputs: Self.and.inputs, targets: [0, 1, 1, 0], epochs: 50, observer: observer)
    let errors = observer.stepEnds.map(\.loss)
    for epoch in 0..<50 {
      #expect(errors[(4 * epoch)..<(4 * epoch + 4)].contains { $0 != 0 }, "epoch \(epoch)")
    }
    #expect((outcome.finalLoss ?? 0) > 0)
  }

  @Test func shouldStopInterruptsTraining() {
    var perceptron = Perceptron(weights: [0, 0])
    var polls = 0
    let outcome = perceptron.train(
      inputs: Self.and.inputs, targets: Self.and.targets, epochs: 15, observer: nil,
      shouldStop: {
        polls += 1
        return polls > 6
      })
    #expect(outcome.status == .interrupted)
    #expect(outcome.steps == 6)
    #expect(outcome.epochs == 1)
  }

  @Test func overflowingWeightsEndAsDiverged() {
    // x = 1e308, lr = 10: the first update is −10·1e308 = −∞.
    var perceptron = Perceptron(weights: [0], learningRate: 10)
    let outcome = perceptron.train(inputs: Matrix([[1e308]]), targets: [0], epochs: 3, observer: nil)
    guard case .diverged(let divergence) = outcome.status else {
      Issue.record("expected divergence, got \(outcome.status)")
      return
    }
    #expect(divergence.position == StepPosition(epoch: 0, step: 0))
    #expect(divergence.quantity == .w)
    #expect(divergence.layer == 1)
    #expect(divergence.value == -.infinity)
    #expect(outcome.steps == 0)
  }
}
