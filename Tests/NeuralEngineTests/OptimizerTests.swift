import Foundation
import NeuralEngine
import Testing

/// The four update rules, two steps each on two parameters, against values worked by hand
/// from PyTorch's formulas (``OptimizerKind``'s documentation):
///
/// ```
/// sgd:      w ← w − lr·g
/// momentum: v ← β·v + g;                    w ← w − lr·v
/// rmsprop:  s ← ρ·s + (1 − ρ)·g²;           w ← w − lr·g / (√s + ε)
/// adam:     m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²
///           m̂ = m / (1 − β₁ᵗ);      v̂ = v / (1 − β₂ᵗ);   w ← w − lr·m̂ / (√v̂ + ε)
/// ```
///
/// Every case starts from `w = (1, −2)` and takes gradients `g₁ = (0.5, −1)`, then
/// `g₂ = (−0.25, 2)`. Values are compared to 1e-12 absolute: the hand values are written
/// to 12 or more significant digits, and the engine's order of operations (PyTorch's, for
/// Adam) differs from the textbook one only in the last bits.
struct OptimizerTests {
  static let start: [Double] = [1, -2]
  static let gradients: [[Double]] = [[0.5, -1], [-0.25, 2]]
  static let tolerance = 1e-12

  /// The parameters after each of the two steps, and the optimizer at the end.
  func run(_ kind: OptimizerKind, learningRate: Double) -> (steps: [[Double]], optimizer: Optimizer) {
    var optimizer = Optimizer(kind: kind, learningRate: learningRate, parameterSizes: [2])
    var w = Self.start
    var steps: [[Double]] = []
    for g in Self.gradients {
      optimizer.beginStep()
      optimizer.update(slot: 0, parameter: &w, gradient: g)
      steps.append(w)
    }
    return (steps, optimizer)
  }

  @Test func sgdSubtractsTheLearningRateTimesTheGradient() {
    // lr = 0.1
    // step 1: w = (1 − 0.1·0.5, −2 − 0.1·(−1))    = (0.95, −1.9)
    // step 2: w = (0.95 − 0.1·(−0.25), −1.9 − 0.1·2) = (0.975, −2.1)
    let (steps, optimizer) = run(.sgd, learningRate: 0.1)
    #expect(allClose(steps[0], [0.95, -1.9], absolute: Self.tolerance))
    #expect(allClose(steps[1], [0.975, -2.1], absolute: Self.tolerance))
    #expect(optimizer.firstMoment(slot: 0).isEmpty && optimizer.secondMoment(slot: 0).isEmpty)
  }

  @Test func momentumAccumulatesAVelocity() {
    // lr = 0.1, β = 0.9
    // step 1: v = (0.5, −1);                                w = (0.95, −1.9)
    // step 2: v = (0.9·0.5 − 0.25, 0.9·(−1) + 2) = (0.2, 1.1); w = (0.95 − 0.02, −1.9 − 0.11) = (0.93, −2.01)
    let (steps, optimizer) = run(.momentum(beta: 0.9), learningRate: 0.1)
    #expect(allClose(steps[0], [0.95, -1.9], absolute: Self.tolerance))
    #expect(allClose(steps[1], [0.93, -2.01], absolute: Self.tolerance))
    #expect(allClose(optimizer.firstMoment(slot: 0), [0.2, 1.1], absolute: Self.tolerance))
  }

  @Test func rmspropDividesByTheRootMeanSquare() {
    // lr = 0.01, ρ = 0.99, ε = 1e-8
    // step 1: s = 0.01·g²        = (0.0025, 0.01);  √s = (0.05, 0.1)
    //         w₁ = 1 − 0.01·0.5 / (0.05 + 1e-8)    = 1 − 0.0999999800000004  = 0.900000019999996
    //         w₂ = −2 + 0.01·1 / (0.1 + 1e-8)      = −2 + 0.0999999900000001 = −1.900000009999999
    // step 2: s = (0.99·0.0025 + 0.01·0.0625, 0.99·0.01 + 0.01·4) = (0.0031, 0.0499)
    //         √s = (0.0556776436283002, 0.223383079036887)
    //         w₁ = 0.900000019999996 + 0.0025 / (0.0556776436283002 + 1e-8) = 0.944901337442175
    //         w₂ = −1.900000009999999 − 0.02 / (0.223383079036887 + 1e-8)    = −1.989532302199152
    let (steps, optimizer) = run(.rmsprop(rho: 0.99, epsilon: 1e-8), learningRate: 0.01)
    #expect(allClose(steps[0], [0.900000019999996, -1.900000009999999], absolute: Self.tolerance))
    #expect(allClose(steps[1], [0.944901337442175, -1.989532302199152], absolute: Self.tolerance))
    #expect(allClose(optimizer.secondMoment(slot: 0), [0.0031, 0.0499], absolute: Self.tolerance))
  }

  @Test func adamCorrectsItsMomentsForBias() {
    // lr = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8
    // step 1 (t = 1): m = 0.1·g = (0.05, −0.1); v = 0.001·g² = (0.00025, 0.001)
    //         m̂ = m / 0.1 = (0.5, −1);  v̂ = v / 0.001 = (0.25, 1);  √v̂ = (0.5, 1)
    //         w = (1 − 0.1·0.5/(0.5 + 1e-8), −2 + 0.1·1/(1 + 1e-8)) = (0.900000002, −1.900000001)
    // step 2 (t = 2): m = (0.9·0.05 − 0.025, 0.9·(−0.1) + 0.2) = (0.02, 0.11)
    //         v = (0.999·0.00025 + 0.001·0.0625, 0.999·0.001 + 0.001·4) = (0.00031225, 0.004999)
    //         m̂ = m / 0.19 = (0.105263157894737, 0.578947368421053)
    //         v̂ = v / 0.001999 = (0.156203101550775, 2.500750375187594)
    //         √v̂ = (0.395225380701664, 1.581376101750496)
    //         w₁ = 0.900000002 − 0.1·0.105263157894737 / (0.395225380701664 + 1e-8) = 0.873366298707846
    //         w₂ = −1.900000001 − 0.1·0.578947368421053 / (1.581376101750496 + 1e-8) = −1.936610353472075
    let (steps, optimizer) = run(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.1)
    #expect(allClose(steps[0], [0.900000002, -1.900000001], absolute: Self.tolerance))
    #expect(allClose(steps[1], [0.873366298707846, -1.936610353472075], absolute: Self.tolerance))
    #expect(allClose(optimizer.firstMoment(slot: 0), [0.02, 0.11], absolute: Self.tolerance))
    #expect(allClose(optimizer.secondMoment(slot: 0), [0.00031225, 0.004999], absolute: Self.tolerance))
    #expect(optimizer.stepCount == 2)
  }

  @Test func adamFirstStepMovesEachWeightByAboutTheLearningRate() {
    // At t = 1, m̂ = g and √v̂ = |g|, so the step is lr·g/(|g| + ε) ≈ lr·sign(g) whatever |g| is.
    var optimizer = Optimizer(kind: OptimizerKind.defaultAdam, learningRate: 0.001, parameterSizes: [3])
    var w: [Double] = [0, 0, 0]
    optimizer.beginStep()
    optimizer.update(slot: 0, parameter: &w, gradient: [1000, -0.5, 0.003])
    #expect(allClose(w, [-0.001, 0.001, -0.001], absolute: 1e-8))
  }

  @Test func rmspropAddsEpsilonOutsideTheSquareRootAsPyTorchDoes() {
    // g = 1e-8: s = 0.01·1e-16 = 1e-18, √s = 1e-9, so the step is lr·1e-8 / (1e-9 + 1e-8) = lr/1.1.
    // (With ε inside the root, √(1e-18 + 1e-8) ≈ 1e-4 and the step would be ~1e4 times smaller.)
    var optimizer = Optimizer(kind: OptimizerKind.defaultRMSProp, learningRate: 0.1, parameterSizes: [1])
    var w: [Double] = [1]
    optimizer.beginStep()
    optimizer.update(slot: 0, parameter: &w, gradient: [1e-8])
    #expect(abs(w[0] - (1 - 0.1 / 1.1)) < 1e-12)
  }

  @Test func adamAddsEpsilonAfterTheBiasCorrectedRootAsPyTorchDoes() {
    // t = 1, g = 1e-9: m̂ = 1e-9, √v̂ = 1e-9, step = lr·1e-9 / (1e-9 + 1e-8) = lr/11.
    var optimizer = Optimizer(kind: OptimizerKind.defaultAdam, learningRate: 0.1, parameterSizes: [1])
    var w: [Double] = [1]
    optimizer.beginStep()
    optimizer.update(slot: 0, parameter: &w, gradient: [1e-9])
    #expect(abs(w[0] - (1 - 0.1 / 11)) < 1e-12)
  }

  @Test func defaultsArePyTorchs() {
    // torch.optim.RMSprop: alpha = 0.99, eps = 1e-8; torch.optim.Adam: betas = (0.9, 0.999), eps = 1e-8.
    // torch.optim.SGD's momentum has no non-zero default; the contract fixes 0.9, PyTorch's usual value.
    #expect(OptimizerKind.defaultMomentum == .momentum(beta: 0.9))
    #expect(OptimizerKind.defaultRMSProp == .rmsprop(rho: 0.99, epsilon: 1e-8))
    #expect(OptimizerKind.defaultAdam == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
  }

  @Test func namesAreTheLessonFileNames() {
    #expect(OptimizerKind.names == ["sgd", "momentum", "rmsprop", "adam"])
    #expect(OptimizerKind.sgd.name == "sgd")
    #expect(OptimizerKind.defaultMomentum.name == "momentum")
    #expect(OptimizerKind.defaultRMSProp.name == "rmsprop")
    #expect(OptimizerKind.defaultAdam.name == "adam")
  }

  @Test func eachSlotKeepsItsOwnState() {
    // Two slots updated in the same steps behave exactly as if each were alone.
    let kinds: [OptimizerKind] = [.defaultMomentum, .defaultRMSProp, .defaultAdam]
    for kind in kinds {
      var shared = Optimizer(kind: kind, learningRate: 0.05, parameterSizes: [2, 1])
      var aloneA = Optimizer(kind: kind, learningRate: 0.05, parameterSizes: [2])
      var aloneB = Optimizer(kind: kind, learningRate: 0.05, parameterSizes: [1])
      var (wA, wB, vA, vB): ([Double], [Double], [Double], [Double]) = ([1, 2], [3], [1, 2], [3])
      for g in [[0.5, -1.0, 4.0], [0.2, 0.3, -2.0], [-0.7, 0.1, 0.5]] {
        shared.beginStep()
        shared.update(slot: 0, parameter: &wA, gradient: [g[0], g[1]])
        shared.update(slot: 1, parameter: &wB, gradient: [g[2]])
        aloneA.beginStep()
        aloneA.update(slot: 0, parameter: &vA, gradient: [g[0], g[1]])
        aloneB.beginStep()
        aloneB.update(slot: 0, parameter: &vB, gradient: [g[2]])
      }
      #expect(wA == vA, "\(kind.name)")
      #expect(wB == vB, "\(kind.name)")
    }
  }

  @Test func stateStartsAtZero() {
    let momentum = Optimizer(kind: .defaultMomentum, learningRate: 0.1, parameterSizes: [3])
    #expect(momentum.firstMoment(slot: 0) == [0, 0, 0])
    let adam = Optimizer(kind: .defaultAdam, learningRate: 0.1, parameterSizes: [2])
    #expect(adam.firstMoment(slot: 0) == [0, 0])
    #expect(adam.secondMoment(slot: 0) == [0, 0])
    #expect(adam.stepCount == 0)
  }
}
