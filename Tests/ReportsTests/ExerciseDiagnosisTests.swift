import Foundation
import Reports
import Testing
import Tracing

/// Every diagnosis, tested with a wrong value planted by working it the wrong way here, from the recorded values.
@Suite struct ExerciseDiagnosisTests {
  typealias Planted = (key: AnswerKey, wrong: Double, expected: Mistake)

  static func sigma(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

  /// Checks each planted value is diagnosed as the mistake it was computed with; returns the mistakes seen.
  @discardableResult
  func expectDiagnoses(
    _ fixture: ExerciseFixture, _ planted: [Planted], sourceLocation: SourceLocation = #_sourceLocation
  )
    throws -> Set<Mistake>
  {
    var seen = Set<Mistake>()
    for (key, wrong, expected) in planted {
      let exercise = try #require(fixture.sheet.exercises.first { $0.key == key }, "no question \(key)")
      #expect(
        !Tolerance.matches(wrong, exercise.value), "\(key): the planted value is not wrong",
        sourceLocation: sourceLocation)
      let found = try fixture.mistake(key, wrong)
      #expect(
        found == expected, "\(key) = \(wrong): expected \(expected), found \(String(describing: found))",
        sourceLocation: sourceLocation)
      if found == expected { seen.insert(expected) }
    }
    return seen
  }

  func chainRulePlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.chainRule
    let x = [try f.value("x", "forward", layer: 0, row: 0, i: 0), try f.value("x", "forward", layer: 0, row: 0, i: 1)]
    func w(_ l: Int, _ i: Int, _ j: Int) throws -> Double { try f.start("w", layer: l, i: i, j: j) }
    func a(_ l: Int, _ i: Int) throws -> Double { try f.value("a", "forward", layer: l, row: 0, i: i) }
    func z(_ l: Int, _ i: Int) throws -> Double { try f.value("z", "forward", layer: l, row: 0, i: i) }
    func delta(_ l: Int, _ i: Int) throws -> Double { try f.value("delta", "backward", layer: l, row: 0, i: i) }
    let y = [try f.value("y", "loss", layer: 2, row: 0, i: 0), try f.value("y", "loss", layer: 2, row: 0, i: 1)]
    let b20 = try f.start("b", layer: 2, i: 0)
    let (a2, y0) = (try a(2, 0), y[0])
    let newW = [try f.value("w", "update", layer: 2, i: 0, j: 0), try f.value("w", "update", layer: 2, i: 1, j: 0)]
    let g = try f.value("grad_w", "backward", layer: 2, i: 0, j: 0)
    let s = Self.sigma
    let z1 = AnswerKey("z", layer: 1, unit: 0, row: 0)
    let z2 = AnswerKey("z", layer: 2, unit: 0, row: 0)
    let d2 = AnswerKey("delta", layer: 2, unit: 0, row: 0)
    let d1 = AnswerKey("delta", layer: 1, unit: 0, row: 0)
    let planted: [Planted] = [
      (z1, try w(1, 0, 0) * x[0] + w(1, 0, 1) * x[1], .forgotBias),
      (z2, try w(2, 0, 0) * a(1, 0) + w(2, 1, 0) * a(1, 1) + b20, .swappedIndices),
      (z2, try w(2, 0, 0) * z(1, 0) + w(2, 0, 1) * z(1, 1) + b20, .preActivationForActivation),
      (AnswerKey("a", layer: 1, unit: 0, row: 0), try z(1, 0), .forgotActivation),
      (AnswerKey("loss", row: 0), try pow(a(2, 0) - y[0], 2) + pow(a(2, 1) - y[1], 2), .droppedHalf),
      (d2, a2 - y0, .forgotDerivative),
      (d2, (a2 - y0) * s(a2) * (1 - s(a2)), .derivativeOfActivation),
      (d2, (a2 - y0) * y0 * (1 - y0), .targetForActivation),
      (d2, (y0 - a2) * a2 * (1 - a2), .errorSign),
      (d2, 2 * (a2 - y0) * a2 * (1 - a2), .droppedHalf),
      (d1, try (newW[0] * delta(2, 0) + newW[1] * delta(2, 1)) * a(1, 0) * (1 - a(1, 0)), .updatedWeight),
      (d1, try (w(2, 0, 0) * delta(2, 0) + w(2, 0, 1) * delta(2, 1)) * a(1, 0) * (1 - a(1, 0)), .swappedIndices),
      (d1, try w(2, 0, 0) * delta(2, 0) + w(2, 1, 0) * delta(2, 1), .forgotDerivative),
      (AnswerKey("grad_w", layer: 2, unit: 0, from: 1), try a(1, 0) * delta(2, 1), .swappedIndices),
      (AnswerKey("grad_w", layer: 2, unit: 0, from: 0), try z(1, 0) * delta(2, 0), .preActivationForActivation),
      (AnswerKey("w", layer: 2, unit: 0, from: 0), try w(2, 0, 0) + 0.5 * g, .updateSign),
      (AnswerKey("w", layer: 2, unit: 0, from: 0), try w(2, 0, 0) - g, .forgotLearningRate),
    ]
    return try expectDiagnoses(f, planted)
  }

  func xorPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.xor
    let rows = f.trace.samples
    #expect(rows.count == 4)
    let a = try f.value("a", "forward", layer: 2, row: 3, i: 0)
    let y = try f.value("y", "loss", layer: 2, row: 3, i: 0)
    let lossSum = try f.batchSum { try f.value("loss", "loss", layer: nil, row: $0) }
    let gradSum = try f.batchSum {
      try f.value("a", "forward", layer: 1, row: $0, i: 0) * f.value("delta", "backward", layer: 2, row: $0, i: 0)
    }
    let biasSum = try f.batchSum { try f.value("delta", "backward", layer: 1, row: $0, i: 1) }
    let x = [try f.value("x", "forward", layer: 0, row: 3, i: 0), try f.value("x", "forward", layer: 0, row: 3, i: 1)]
    let planted: [Planted] = [
      (
        AnswerKey("z", layer: 1, unit: 0, row: 3),
        try f.start("w", layer: 1, i: 0, j: 0) * x[0] + f.start("w", layer: 1, i: 1, j: 0) * x[1], .swappedIndices
      ),
      (AnswerKey("delta", layer: 2, unit: 0, row: 3), y - a, .errorSign),
      (AnswerKey("delta", layer: 2, unit: 0, row: 3), (a - y) * a * (1 - a), .keptCancelledDerivative),
      (
        AnswerKey("delta", layer: 1, unit: 0, row: 3),
        try f.start("w", layer: 2, i: 0, j: 0) * f.value("delta", "backward", layer: 2, row: 3, i: 0), .forgotDerivative
      ),
      (AnswerKey("loss"), lossSum, .summedBatch),
      (AnswerKey("grad_w", layer: 2, unit: 0, from: 0), gradSum, .summedBatch),
      (AnswerKey("grad_b", layer: 1, unit: 1), biasSum, .summedBatch),
    ]
    return try expectDiagnoses(f, planted)
  }

  func momentumPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.momentum
    let a = try f.value("a", "forward", layer: 2, row: 1, i: 0)
    let y = try f.value("y", "loss", layer: 2, row: 1, i: 0)
    let a1 = try f.value("a", "forward", layer: 2, row: 1, i: 1)
    let y1 = try f.value("y", "loss", layer: 2, row: 1, i: 1)
    var incoming = 0.0
    for k in 0..<2 {
      incoming += try f.start("w", layer: 2, i: k, j: 0) * f.value("delta", "backward", layer: 2, row: 1, i: k)
    }
    let hidden = try f.value("a", "forward", layer: 1, row: 1, i: 0)
    var updatedIncoming = 0.0
    for k in 0..<2 {
      updatedIncoming +=
        try f.value("w", "update", layer: 2, i: k, j: 0) * f.value("delta", "backward", layer: 2, row: 1, i: k)
    }
    let lossSum = try f.batchSum { try f.value("loss", "loss", layer: nil, row: $0) }
    let gradSum = try f.batchSum {
      try f.value("a", "forward", layer: 1, row: $0, i: 1) * f.value("delta", "backward", layer: 2, row: $0, i: 0)
    }
    #expect(f.trace.samples.count == 2)
    let g = try f.value("grad_w", "backward", layer: 1, i: 0, j: 0)
    let v = try f.value("velocity_w", "update", layer: 1, i: 0, j: 0)
    let old = try f.start("w", layer: 1, i: 0, j: 0)
    let x = [try f.value("x", "forward", layer: 0, row: 1, i: 0), try f.value("x", "forward", layer: 0, row: 1, i: 1)]
    let swapped =
      try f.start("w", layer: 1, i: 0, j: 0) * x[0] + f.start("w", layer: 1, i: 1, j: 0) * x[1]
      + f.start("b", layer: 1, i: 0)
    let planted: [Planted] = [
      (AnswerKey("loss", row: 1), pow(a - y, 2) + pow(a1 - y1, 2), .droppedMean),
      (AnswerKey("delta", layer: 2, unit: 0, row: 1), (a - y) / 2 * a * (1 - a), .droppedTwo),
      (AnswerKey("delta", layer: 2, unit: 0, row: 1), 2 * (a - y) * a * (1 - a), .droppedMean),
      (AnswerKey("delta", layer: 1, unit: 0, row: 1), incoming * (1 - pow(tanh(hidden), 2)), .derivativeOfActivation),
      (AnswerKey("z", layer: 1, unit: 0, row: 1), swapped, .swappedIndices),
      (AnswerKey("velocity_w", layer: 1, unit: 0, from: 0), g, .forgotOldState),
      (AnswerKey("w", layer: 1, unit: 0, from: 0), old + 0.3 * v, .updateSign),
      (AnswerKey("delta", layer: 1, unit: 0, row: 1), updatedIncoming * (1 - hidden * hidden), .updatedWeight),
      (AnswerKey("loss"), lossSum, .summedBatch),
      (AnswerKey("grad_w", layer: 2, unit: 0, from: 1), gradSum, .summedBatch),
    ]
    return try expectDiagnoses(f, planted)
  }

  func adamPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.adaptive("adam")
    let (m, v) = (
      try f.value("m_w", "update", layer: 2, i: 0, j: 0), try f.value("v_w", "update", layer: 2, i: 0, j: 0)
    )
    let g = try f.value("grad_w", "backward", layer: 2, i: 0, j: 0)
    let (mHat, vHat) = (m / (1 - pow(0.9, 2)), v / (1 - pow(0.999, 2)))
    let old = try f.start("w", layer: 2, i: 0, j: 0)
    let w = AnswerKey("w", layer: 2, unit: 0, from: 0)
    let r = f.sheet.row
    let (a, y) = (try f.value("a", "forward", layer: 2, row: r, i: 0), try f.value("y", "loss", layer: 2, row: r, i: 0))
    let lossSum = try f.batchSum { try f.value("loss", "loss", layer: nil, row: $0) }
    let biasSum = try f.batchSum { try f.value("delta", "backward", layer: 2, row: $0, i: 0) }
    #expect(f.trace.samples.count == 2)
    let planted: [Planted] = [
      (AnswerKey("m_w", layer: 2, unit: 0, from: 0), 0.1 * g, .forgotOldState),
      (AnswerKey("m_hat_w", layer: 2, unit: 0, from: 0), m, .forgotBiasCorrection),
      (AnswerKey("v_hat_w", layer: 2, unit: 0, from: 0), v, .forgotBiasCorrection),
      (w, old - 0.05 * m / (v.squareRoot() + 1e-8), .forgotBiasCorrection),
      (w, old - 0.05 * mHat / (vHat + 1e-8), .forgotSquareRoot),
      (w, old + 0.05 * mHat / (vHat.squareRoot() + 1e-8), .updateSign),
      (AnswerKey("loss", row: r), pow(a - y, 2), .droppedHalf),
      (AnswerKey("delta", layer: 2, unit: 0, row: r), 2 * (a - y) * a * (1 - a), .droppedHalf),
      (AnswerKey("loss"), lossSum, .summedBatch),
      (AnswerKey("grad_b", layer: 2, unit: 0), biasSum, .summedBatch),
    ]
    return try expectDiagnoses(f, planted)
  }

  func rmspropPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.adaptive("rmsprop")
    let g = try f.value("grad_b", "backward", layer: 2, i: 0)
    #expect(g != 0)
    let s = try f.value("s_b", "update", layer: 2, i: 0)
    let old = try f.start("b", layer: 2, i: 0)
    let r = f.sheet.row
    let (a, y) = (try f.value("a", "forward", layer: 2, row: r, i: 0), try f.value("y", "loss", layer: 2, row: r, i: 0))
    let planted: [Planted] = [
      (AnswerKey("s_b", layer: 2, unit: 0), 0.01 * g * g, .forgotOldState),
      (AnswerKey("b", layer: 2, unit: 0), old - 0.05 * g / (s + 1e-8), .forgotSquareRoot),
      (AnswerKey("loss", row: r), pow(a - y, 2), .droppedHalf),
    ]
    return try expectDiagnoses(f, planted)
  }

  /// A 2-2-3 sigmoid/tanh network with mse over three outputs (so ∂L/∂a = ⅔(a − y)), plain gradient descent.
  func wideMSEPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.wideMSE
    let r = 2
    let rows = f.trace.samples
    #expect(rows.count == 3)
    func w(_ l: Int, _ i: Int, _ j: Int) throws -> Double { try f.start("w", layer: l, i: i, j: j) }
    func a(_ l: Int, _ i: Int, row: Int = r) throws -> Double { try f.value("a", "forward", layer: l, row: row, i: i) }
    func z(_ l: Int, _ i: Int, row: Int = r) throws -> Double { try f.value("z", "forward", layer: l, row: row, i: i) }
    func delta(_ l: Int, _ i: Int, row: Int = r) throws -> Double {
      try f.value("delta", "backward", layer: l, row: row, i: i)
    }
    func y(_ i: Int) throws -> Double { try f.value("y", "loss", layer: 2, row: r, i: i) }
    let n = 3.0
    var squares = 0.0
    var updatedIncoming = 0.0
    for k in 0..<3 {
      squares += try pow(a(2, k) - y(k), 2)
      updatedIncoming += try f.value("w", "update", layer: 2, i: k, j: 0) * delta(2, k)
    }
    let lossSum = try f.batchSum { try f.value("loss", "loss", layer: nil, row: $0) }
    let gradSum = try f.batchSum { try a(1, 0, row: $0) * delta(2, 1, row: $0) }
    let gradZ = try f.batchSum { try z(1, 0, row: $0) * delta(2, 1, row: $0) }
    let biasSum = try f.batchSum { try delta(1, 0, row: $0) }
    let (out, target) = (try a(2, 1), try y(1))
    let hidden = try a(1, 0)
    let d21 = AnswerKey("delta", layer: 2, unit: 1, row: r)
    let w210 = AnswerKey("w", layer: 2, unit: 1, from: 0)
    let planted: [Planted] = [
      (AnswerKey("loss", row: r), squares, .droppedMean),
      (d21, (out - target) / n * (1 - out * out), .droppedTwo),
      (d21, 2 * (out - target) * (1 - out * out), .droppedMean),
      (d21, 2 / n * (out - target) * (1 - target * target), .targetForActivation),
      (d21, 2 / n * (out - target), .forgotDerivative),
      (AnswerKey("delta", layer: 1, unit: 0, row: r), updatedIncoming * hidden * (1 - hidden), .updatedWeight),
      (
        AnswerKey("z", layer: 2, unit: 0, row: r),
        try w(2, 0, 0) * z(1, 0) + w(2, 0, 1) * z(1, 1)
          + f.start("b", layer: 2, i: 0), .preActivationForActivation
      ),
      (AnswerKey("a", layer: 1, unit: 1, row: r), try z(1, 1), .forgotActivation),
      (AnswerKey("loss"), lossSum, .summedBatch),
      (AnswerKey("grad_w", layer: 2, unit: 1, from: 0), gradSum, .summedBatch),
      (AnswerKey("grad_w", layer: 2, unit: 1, from: 0), gradZ / Double(rows.count), .preActivationForActivation),
      (AnswerKey("grad_b", layer: 1, unit: 0), biasSum, .summedBatch),
      (w210, try w(2, 1, 0) - f.value("grad_w", "backward", layer: 2, i: 1, j: 0), .forgotLearningRate),
    ]
    return try expectDiagnoses(f, planted)
  }

  /// A 2-3-1 tanh/sigmoid network with bce and Adam (β₁ = 0.8, β₂ = 0.99), a batch of three; its third step (t = 3).
  func secondAdamPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.secondAdam
    let r = 1
    #expect(f.trace.step == 2)
    let (beta1, beta2, lr, eps, t) = (0.8, 0.99, 0.02, 1e-8, 3.0)
    func state(_ kind: String, _ l: Int, _ i: Int, _ j: Int? = nil) throws -> Double {
      let traceKind = try #require(TraceKind.named(kind, in: .update), "\(kind)")
      return try #require(f.trace.value(traceKind, layer: l, i: i, j: j), "\(kind)")
    }
    let (m, v) = (try state("m_w", 2, 0, 1), try state("v_w", 2, 0, 1))
    let (mHat, vHat) = (m / (1 - pow(beta1, t)), v / (1 - pow(beta2, t)))
    let (mb, vb) = (try state("m_b", 1, 2), try state("v_b", 1, 2))
    let g = try f.value("grad_w", "backward", layer: 2, i: 0, j: 1)
    let old = try f.start("w", layer: 2, i: 0, j: 1)
    let oldB = try f.start("b", layer: 1, i: 2)
    let (a, y) = (try f.value("a", "forward", layer: 2, row: r, i: 0), try f.value("y", "loss", layer: 2, row: r, i: 0))
    let hidden = try f.value("a", "forward", layer: 1, row: r, i: 1)
    let updatedIncoming =
      try f.value("w", "update", layer: 2, i: 0, j: 1) * f.value("delta", "backward", layer: 2, row: r, i: 0)
    let lossSum = try f.batchSum { try f.value("loss", "loss", layer: nil, row: $0) }
    let biasSum = try f.batchSum { try f.value("delta", "backward", layer: 2, row: $0, i: 0) }
    #expect(f.trace.samples.count == 3)
    let w = AnswerKey("w", layer: 2, unit: 0, from: 1)
    let planted: [Planted] = [
      (AnswerKey("m_w", layer: 2, unit: 0, from: 1), (1 - beta1) * g, .forgotOldState),
      (AnswerKey("m_hat_w", layer: 2, unit: 0, from: 1), m, .forgotBiasCorrection),
      (AnswerKey("v_hat_w", layer: 2, unit: 0, from: 1), v, .forgotBiasCorrection),
      (AnswerKey("m_hat_b", layer: 1, unit: 2), mb, .forgotBiasCorrection),
      (w, old - lr * m / (v.squareRoot() + eps), .forgotBiasCorrection),
      (AnswerKey("b", layer: 1, unit: 2), oldB - lr * mb / (vb.squareRoot() + eps), .forgotBiasCorrection),
      (w, old - lr * mHat / (vHat + eps), .forgotSquareRoot),
      (AnswerKey("delta", layer: 2, unit: 0, row: r), (a - y) * a * (1 - a), .keptCancelledDerivative),
      (AnswerKey("delta", layer: 1, unit: 1, row: r), updatedIncoming * (1 - hidden * hidden), .updatedWeight),
      (
        AnswerKey("a", layer: 2, unit: 0, row: r), try f.value("z", "forward", layer: 2, row: r, i: 0),
        .forgotActivation
      ),
      (AnswerKey("loss"), lossSum, .summedBatch),
      (AnswerKey("grad_b", layer: 2, unit: 0), biasSum, .summedBatch),
    ]
    return try expectDiagnoses(f, planted)
  }

  func perceptronPlantings() throws -> Set<Mistake> {
    let f = try ExerciseFixture.perceptron
    #expect(try f.value("error", "backward", layer: 1, row: 3, i: 0) == 1, "step 3 is a wrong answer")
    let old = try f.start("w", layer: 1, i: 0, j: 0)
    let planted: [Planted] = [
      (AnswerKey("error", layer: 1, unit: 0, row: 3), -1, .errorSign),
      (AnswerKey("w", layer: 1, unit: 0, from: 0), old - 0.01 * 1 * 1, .updateSign),
      (AnswerKey("w", layer: 1, unit: 0, from: 0), old + 1 * 1, .forgotLearningRate),
      (AnswerKey("z", layer: 1, unit: 0, row: 3), 0, .forgotBias),
    ]
    return try expectDiagnoses(f, planted)
  }

  @Test func chainRuleMistakesAreDiagnosed() throws { try chainRulePlantings() }
  @Test func batchMistakesAreDiagnosedOnXor() throws { try xorPlantings() }
  @Test func mseAndMomentumMistakesAreDiagnosed() throws { try momentumPlantings() }
  @Test func adamMistakesAreDiagnosedIncludingBiasCorrection() throws { try adamPlantings() }
  @Test func rmspropMistakesAreDiagnosed() throws { try rmspropPlantings() }
  @Test func perceptronMistakesAreDiagnosed() throws { try perceptronPlantings() }
  @Test func mseMistakesAreDiagnosedOverThreeOutputs() throws { try wideMSEPlantings() }
  @Test func adamMistakesAreDiagnosedOnASecondNetwork() throws { try secondAdamPlantings() }

  /// Every fixture's plantings, by the network they are planted on.
  var plantingsByNetwork: [(network: String, plantings: () throws -> Set<Mistake>)] {
    [
      ("chain-rule", chainRulePlantings), ("xor", xorPlantings), ("momentum", momentumPlantings),
      ("adam", adamPlantings), ("rmsprop", rmspropPlantings), ("perceptron", perceptronPlantings),
      ("wide mse", wideMSEPlantings), ("second adam", secondAdamPlantings),
    ]
  }

  @Test func everyMistakeIsDiagnosedOnTwoNetworksAtLeast() throws {
    var networks: [Mistake: Set<String>] = [:]
    for (network, plantings) in plantingsByNetwork {
      for mistake in try plantings() { networks[mistake, default: []].insert(network) }
    }
    let seen = Set(networks.keys)
    #expect(seen == Set(Mistake.allCases), "never diagnosed: \(Set(Mistake.allCases).subtracting(seen))")
    for mistake in Mistake.allCases {
      let on = networks[mistake, default: []]
      #expect(on.count >= 2, "\(mistake) is diagnosed only on \(on.sorted())")
    }
  }

  @Test func aWrongValueNoMistakeExplainsIsSaidSo() throws {
    let f = try ExerciseFixture.chainRule
    let key = AnswerKey("z", layer: 1, unit: 0, row: 0)
    let value = try f.value("z", "forward", layer: 1, row: 0, i: 0)
    #expect(try f.judge(key, value + 0.1234) == .unrecognised)
    #expect(try f.judge(AnswerKey("delta", layer: 2, unit: 0, row: 0), 0.5) == .unrecognised)
    let exercise = try #require(f.sheet.exercises.first { $0.key == key })
    #expect(ExerciseText(sheet: f.sheet, style: .plain).diagnosis(.unrecognised) == "not a mistake I recognise")
    #expect(
      exercise.line?.text()
        == "z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = 0.150000×0.050000 + 0.200000×0.100000 + 0.350000 = 0.377500")
  }

  @Test func rightAnswersCountWithinThePrintedPrecisionOnly() throws {
    let f = try ExerciseFixture.chainRule
    let key = AnswerKey("a", layer: 1, unit: 0, row: 0)
    let value = try f.value("a", "forward", layer: 1, row: 0, i: 0)
    #expect(try f.judge(key, value) == .right)
    #expect(try f.judge(key, 0.593270) == .right)
    #expect(try f.judge(key, value + 0.9e-6) == .right)
    #expect(try f.judge(key, value + 3e-6) != .right)
    #expect(try f.judge(key, 0.5933) != .right, "4 decimals are not the printed precision")
    #expect(Tolerance.of(0.5) == 1e-6)
    #expect(Tolerance.of(4.38568e-04) == 1e-9)
  }

  @Test func everyQuestionsWorkedLineIsReplaysAndEveryAnswerIsTheRecordedValue() throws {
    for fixture in [try ExerciseFixture.chainRule, try ExerciseFixture.xor, try ExerciseFixture.adaptive("adam")] {
      var replay = ""
      let narrator = ReplayNarrator(
        reader: fixture.reader, style: .plain, filter: NarrationFilter(step: fixture.trace.step), limits: .full,
        all: false)
      try narrator.write(to: &replay)
      for exercise in fixture.sheet.exercises {
        let line = try #require(exercise.line, "\(exercise.key) has no worked line")
        #expect(replay.contains("  " + line.text() + "\n"), "\(exercise.key): not replay's line")
        #expect(fixture.sheet.judge(exercise.value, for: exercise) == .right)
        #expect(line.text().hasSuffix(NumberFormat.value(exercise.value)) || line.comment != nil)
      }
    }
  }
}
