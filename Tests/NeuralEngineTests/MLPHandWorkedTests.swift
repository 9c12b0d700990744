import NeuralEngine
import Testing

/// Matt Mazur's classic hand-worked step of backpropagation ("A Step by Step Backpropagation
/// Example", 2015), reproduced number by number.
///
/// A 2-2-2 network, sigmoid everywhere, loss `sse` (½ Σ (a − y)², Mazur's E_total), one sample,
/// one SGD step with lr 0.5:
/// ```
/// inputs  i1 = 0.05, i2 = 0.10              targets o1 → 0.01, o2 → 0.99
/// hidden  w1 = .15 (i1→h1)  w2 = .20 (i2→h1)  w3 = .25 (i1→h2)  w4 = .30 (i2→h2)  b1 = .35
/// output  w5 = .40 (h1→o1)  w6 = .45 (h2→o1)  w7 = .50 (h1→o2)  w8 = .55 (h2→o2)  b2 = .60
/// ```
/// nntrace's `weights[j, i]` runs from unit `j` below to unit `i`, so
/// `W1 = [[w1, w3], [w2, w4]]` and `W2 = [[w5, w7], [w6, w8]]`.
///
/// Mazur's published values are rounded to 8 or 9 decimal places (an error of at most 5e-9);
/// the values he does not publish are worked below by hand to 9 decimal places. Every value is
/// compared to 1e-8 absolute. Mazur leaves the biases alone; nntrace updates them, and their
/// new values are worked by hand too.
struct MLPHandWorkedTests {
  static let tolerance = 1e-8

  /// Runs the one step and returns what the observer saw.
  func runStep() -> (observer: RecordingObserver, outcome: TrainingOutcome) {
    let network = MLP(
      layers: [
        DenseLayer(weights: Matrix([[0.15, 0.25], [0.20, 0.30]]), bias: [0.35, 0.35], activation: .sigmoid),
        DenseLayer(weights: Matrix([[0.40, 0.50], [0.45, 0.55]]), bias: [0.60, 0.60], activation: .sigmoid),
      ], loss: .sse)
    let trainer = makeTrainer(
      network, kind: .sgd, learningRate: 0.5, inputs: Matrix([[0.05, 0.10]]), targets: Matrix([[0.01, 0.99]]),
      plan: TrainingPlan(epochs: 1))
    let observer = RecordingObserver()
    let outcome = trainer.train(observer: observer)
    return (observer, outcome)
  }

  func expectClose(_ actual: Matrix?, _ expected: [Double], _ what: String) {
    guard let actual else {
      Issue.record("\(what) was not observed")
      return
    }
    #expect(
      allClose(actual.storage, expected, absolute: Self.tolerance),
      "\(what): got \(actual.storage), expected \(expected)")
  }

  @Test func forwardPassGivesMazursHiddenValues() {
    let (observer, _) = runStep()
    // z_h1 = w1·i1 + w2·i2 + b1 = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.3775
    // z_h2 = w3·i1 + w4·i2 + b1 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.3925
    expectClose(observer.value(.z, phase: .forward, layer: 1, step: 0), [0.3775, 0.3925], "z hidden")
    // a_h1 = σ(0.3775) = 0.593269992 (published), a_h2 = σ(0.3925) = 0.596884378 (published)
    expectClose(observer.value(.a, phase: .forward, layer: 1, step: 0), [0.593269992, 0.596884378], "a hidden")
  }

  @Test func forwardPassGivesMazursOutputValues() {
    let (observer, _) = runStep()
    // z_o1 = w5·a_h1 + w6·a_h2 + b2 = 0.40·0.593269992 + 0.45·0.596884378 + 0.60 = 1.105905967 (published)
    // z_o2 = w7·a_h1 + w8·a_h2 + b2 = 0.50·0.593269992 + 0.55·0.596884378 + 0.60 = 1.224921404
    expectClose(observer.value(.z, phase: .forward, layer: 2, step: 0), [1.105905967, 1.224921404], "z output")
    // a_o1 = σ(1.105905967) = 0.75136507 (published), a_o2 = σ(1.224921404) = 0.772928465 (published)
    expectClose(observer.value(.a, phase: .forward, layer: 2, step: 0), [0.75136507, 0.772928465], "a output")
  }

  @Test func lossIsMazursTotalError() {
    let (observer, outcome) = runStep()
    // E_o1 = ½(0.01 − 0.75136507)² = 0.274811083, E_o2 = ½(0.99 − 0.772928465)² = 0.023560026
    // E_total = 0.274811083 + 0.023560026 = 0.298371109 (published)
    let losses = observer.records(.loss, phase: .loss)
    #expect(losses.count == 2)  // per sample, then the batch mean
    expectClose(losses.first?.values, [0.298371109], "per-sample loss")
    expectClose(losses.last?.values, [0.298371109], "batch loss")
    #expect(abs((outcome.finalLoss ?? .nan) - 0.298371109) < Self.tolerance)
    #expect(outcome.status == .completed && outcome.steps == 1)
  }

  @Test func outputDeltasAndGradientsAreMazurs() {
    let (observer, _) = runStep()
    // δ_o1 = (a_o1 − y_o1)·a_o1(1 − a_o1) = (0.75136507 − 0.01)·0.75136507·(1 − 0.75136507)
    //      = 0.74136507 · 0.186815602 = 0.138498562 (published)
    // δ_o2 = (0.772928465 − 0.99)·0.772928465·(1 − 0.772928465)
    //      = −0.217071535 · 0.175510053 = −0.038098237
    expectClose(observer.value(.delta, phase: .backward, layer: 2, step: 0), [0.138498562, -0.038098237], "δ output")
    // ∂E/∂w5 = δ_o1·a_h1 = 0.138498562·0.593269992 = 0.082167041 (published)
    // ∂E/∂w6 = δ_o1·a_h2 = 0.138498562·0.596884378 = 0.082667628
    // ∂E/∂w7 = δ_o2·a_h1 = −0.038098237·0.593269992 = −0.022602540
    // ∂E/∂w8 = δ_o2·a_h2 = −0.038098237·0.596884378 = −0.022740242
    // laid out [[w5, w7], [w6, w8]]
    expectClose(
      observer.value(.gradW, phase: .backward, layer: 2, step: 0),
      [0.082167041, -0.022602540, 0.082667628, -0.022740242], "∂E/∂W2")
    // ∂E/∂b2 = δ_o (one sample)
    expectClose(observer.value(.gradB, phase: .backward, layer: 2, step: 0), [0.138498562, -0.038098237], "∂E/∂b2")
  }

  @Test func hiddenDeltasAndGradientsAreMazurs() {
    let (observer, _) = runStep()
    // ∂E/∂a_h1 = δ_o1·w5 + δ_o2·w7 = 0.055399425 − 0.019049118 = 0.036350306 (published)
    // δ_h1 = 0.036350306 · a_h1(1 − a_h1) = 0.036350306 · 0.241300709 = 0.008771355
    // ∂E/∂a_h2 = δ_o1·w6 + δ_o2·w8 = 0.062324353 − 0.020954030 = 0.041370323
    // δ_h2 = 0.041370323 · a_h2(1 − a_h2) = 0.041370323 · 0.240613417 = 0.009954255
    expectClose(observer.value(.delta, phase: .backward, layer: 1, step: 0), [0.008771355, 0.009954255], "δ hidden")
    // ∂E/∂w1 = δ_h1·i1 = 0.008771355·0.05 = 0.000438568 (published)
    // ∂E/∂w2 = δ_h1·i2 = 0.008771355·0.10 = 0.000877135
    // ∂E/∂w3 = δ_h2·i1 = 0.009954255·0.05 = 0.000497713
    // ∂E/∂w4 = δ_h2·i2 = 0.009954255·0.10 = 0.000995425
    // laid out [[w1, w3], [w2, w4]]
    expectClose(
      observer.value(.gradW, phase: .backward, layer: 1, step: 0),
      [0.000438568, 0.000497713, 0.000877135, 0.000995425], "∂E/∂W1")
    expectClose(observer.value(.gradB, phase: .backward, layer: 1, step: 0), [0.008771355, 0.009954255], "∂E/∂b1")
  }

  @Test func updatedWeightsAreMazurs() {
    let (observer, _) = runStep()
    // w5⁺ = 0.40 − 0.5·0.082167041 = 0.35891648 (published)
    // w6⁺ = 0.45 − 0.5·0.082667628 = 0.408666186 (published)
    // w7⁺ = 0.50 + 0.5·0.022602540 = 0.511301270 (published)
    // w8⁺ = 0.55 + 0.5·0.022740242 = 0.561370121 (published)
    expectClose(
      observer.value(.w, phase: .update, layer: 2, step: 0), [0.35891648, 0.511301270, 0.408666186, 0.561370121],
      "new W2")
    // w1⁺ = 0.15 − 0.5·0.000438568 = 0.149780716 (published)
    // w2⁺ = 0.20 − 0.5·0.000877135 = 0.19956143 (published)
    // w3⁺ = 0.25 − 0.5·0.000497713 = 0.24975114 (published)
    // w4⁺ = 0.30 − 0.5·0.000995425 = 0.29950229 (published)
    expectClose(
      observer.value(.w, phase: .update, layer: 1, step: 0), [0.149780716, 0.24975114, 0.19956143, 0.29950229],
      "new W1")
  }

  @Test func updatedBiasesFollowTheSameRule() {
    let (observer, _) = runStep()
    // b⁺ = b − lr·δ (one sample): output 0.60 − 0.5·0.138498562 = 0.530750719,
    //                                     0.60 + 0.5·0.038098237 = 0.619049118
    //                             hidden 0.35 − 0.5·0.008771355 = 0.345614323,
    //                                     0.35 − 0.5·0.009954255 = 0.345022873
    expectClose(observer.value(.b, phase: .update, layer: 2, step: 0), [0.530750719, 0.619049118], "new b2")
    expectClose(observer.value(.b, phase: .update, layer: 1, step: 0), [0.345614323, 0.345022873], "new b1")
  }

  @Test func weightChangesAreMinusLearningRateTimesGradient() {
    let (observer, _) = runStep()
    // dw5 = −0.5·0.082167041 = −0.041083520, dw7 = +0.011301270, dw6 = −0.041333814, dw8 = +0.011370121
    expectClose(
      observer.value(.dw, phase: .update, layer: 2, step: 0), [-0.041083520, 0.011301270, -0.041333814, 0.011370121],
      "dW2")
  }
}
