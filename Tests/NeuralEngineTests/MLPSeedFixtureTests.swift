import NeuralEngine
import Testing

/// The seed's NumPy `MLP` on XOR, as recorded by `tools/make_seed_fixtures.py`.
struct MLPSeedFixture: Decodable {
  struct Parameters: Decodable {
    var w1: FixtureMatrix
    var b1: FixtureMatrix
    var w2: FixtureMatrix
    var b2: FixtureMatrix

    enum CodingKeys: String, CodingKey {
      case w1 = "W1"
      case b1
      case w2 = "W2"
      case b2
    }

    /// The parameters as a sigmoid/sigmoid nntrace network with `loss`.
    func network(loss: Loss) -> MLP {
      MLP(
        layers: [
          DenseLayer(weights: w1.exact, bias: b1.exactRow, activation: .sigmoid),
          DenseLayer(weights: w2.exact, bias: b2.exactRow, activation: .sigmoid),
        ], loss: loss)
    }
  }

  var numpySeed: Int
  var hiddenSize: Int
  var lr: Double
  var epochs: Int
  var inputs: [[Double]]
  var targets: [Double]
  var initial: Parameters
  var afterFirstEpoch: Parameters
  var final: Parameters
  var finalOutputs: FixtureMatrix

  static func load() throws -> MLPSeedFixture {
    try Fixtures.load(MLPSeedFixture.self, from: "mlp_xor.json")
  }
}

/// nntrace's trainer against the seed's `MLP` class, from the same initial weights.
///
/// The seed's comment says "assume sigmoid activation, MSE loss", but its output gradient is
/// `dz2 = a2 - y`. That is not the gradient of the MSE: for `L = (a − y)²` after a sigmoid,
/// `∂L/∂z = 2(a − y)·a(1 − a)`. It is exactly the gradient of binary cross-entropy
/// `L = −[y ln a + (1 − y) ln(1 − a)]` with respect to `z` on a sigmoid output:
/// `∂L/∂a = (a − y)/(a(1 − a))` and `∂a/∂z = a(1 − a)`, whose product is `a − y`.
/// So the seed trains with BCE, and nntrace reproduces it with `loss: .bce` (where the engine
/// uses the same cancelled form `δ = a − y`), not with `loss: .mse`.
///
/// Both use full-batch gradient descent with the batch mean, `dW = (1/m)·aᵀ·δ`, and the
/// seed's lr 0.1 and 1000 epochs. Parameters are compared to 1e-10 absolute: the two sum
/// the matrix products in possibly different orders (NumPy through BLAS), so the last bits
/// may differ, but nothing more.
struct MLPSeedFixtureTests {
  static let tolerance = 1e-10

  func train(_ fixture: MLPSeedFixture, loss: Loss, epochs: Int) -> (MLP, TrainingOutcome) {
    let network = fixture.initial.network(loss: loss)
    let trainer = makeTrainer(
      network, kind: .sgd, learningRate: fixture.lr, inputs: Matrix(fixture.inputs),
      targets: Matrix(fixture.targets.map { [$0] }), plan: TrainingPlan(epochs: epochs, batchSize: nil, shuffle: false))
    let outcome = trainer.train(observer: nil)
    return (trainer.network, outcome)
  }

  func expectParameters(_ network: MLP, equal expected: MLPSeedFixture.Parameters, _ label: String) {
    let pairs: [(String, [Double], [Double])] = [
      ("W1", network.layers[0].weights.storage, expected.w1.exact.storage),
      ("b1", network.layers[0].bias, expected.b1.exactRow),
      ("W2", network.layers[1].weights.storage, expected.w2.exact.storage),
      ("b2", network.layers[1].bias, expected.b2.exactRow),
    ]
    for (name, actual, seed) in pairs {
      #expect(
        maxAbsDifference(actual, seed) <= Self.tolerance,
        "\(label) \(name): nntrace \(actual), seed \(seed)")
    }
  }

  @Test func fixtureDescribesTheSeedsXorRun() throws {
    let fixture = try MLPSeedFixture.load()
    #expect(fixture.inputs == [[0, 0], [0, 1], [1, 0], [1, 1]])
    #expect(fixture.targets == [0, 1, 1, 0])
    #expect(fixture.lr == 0.1 && fixture.epochs == 1000)
    #expect(fixture.initial.w1.exact.rows == 2 && fixture.initial.w1.exact.cols == fixture.hiddenSize)
    #expect(fixture.initial.w2.exact.rows == fixture.hiddenSize && fixture.initial.w2.exact.cols == 1)
    // The seed starts its biases at zero.
    #expect(fixture.initial.b1.exactRow.allSatisfy { $0 == 0 } && fixture.initial.b2.exactRow == [0])
    // Decimal and hexadecimal forms agree.
    #expect(fixture.final.w1.exact.nested == fixture.final.w1.values)
  }

  @Test func oneEpochWithBceMatchesTheSeedsFirstStep() throws {
    let fixture = try MLPSeedFixture.load()
    let (network, outcome) = train(fixture, loss: .bce, epochs: 1)
    #expect(outcome.steps == 1)
    expectParameters(network, equal: fixture.afterFirstEpoch, "after one epoch")
  }

  @Test func bceTrainingReproducesTheSeedsFinalWeights() throws {
    let fixture = try MLPSeedFixture.load()
    let (network, outcome) = train(fixture, loss: .bce, epochs: fixture.epochs)
    #expect(outcome.status == .completed)
    #expect(outcome.steps == fixture.epochs)  // full batch: one step per epoch
    expectParameters(network, equal: fixture.final, "after \(fixture.epochs) epochs")
    let outputs = network.predict(Matrix(fixture.inputs))
    #expect(maxAbsDifference(outputs.storage, fixture.finalOutputs.exact.storage) <= Self.tolerance)
  }

  @Test func mseTrainingDoesNotReproduceTheSeed() throws {
    // With MSE, δ = 2(a − y)·a(1 − a) instead of a − y, and training takes another path.
    let fixture = try MLPSeedFixture.load()
    let (network, _) = train(fixture, loss: .mse, epochs: fixture.epochs)
    let differences = [
      maxAbsDifference(network.layers[0].weights.storage, fixture.final.w1.exact.storage),
      maxAbsDifference(network.layers[1].weights.storage, fixture.final.w2.exact.storage),
    ]
    #expect(differences.max()! > 1e-3, "largest difference \(differences.max()!)")
  }
}
