import Foundation
import Reports
import Testing
import Tracing

/// Small networks recorded for the exercise tests, and a step of each with its recorded values at hand.
struct ExerciseFixture {
  let run: RecordedRun
  let reader: TraceReader
  let trace: StepTrace
  let sheet: ExerciseSheet

  /// Records `yaml` and builds the sheet of `step` (every unit and weight asked).
  init(_ yaml: String, name: String, step: Int = 0, row: Int? = nil) throws {
    run = try RecordedRun(yaml, name: name)
    reader = try TraceReader(database: run.database, runID: run.runID)
    trace = try #require(try reader.step(step))
    sheet = try ExerciseSheet(
      configuration: reader.configuration, trace: trace,
      scope: ExerciseScope(step: step, row: row, units: .max, inputs: .max))
  }

  /// A recorded value of the step.
  func value(_ kind: String, _ phase: String, layer: Int?, row: Int? = nil, i: Int? = nil, j: Int? = nil) throws
    -> Double
  {
    let traceKind = try #require(TraceKind.named(kind, phase: phase), "\(kind) \(phase)")
    return try #require(trace.value(traceKind, layer: layer, sample: row, i: i, j: j), "\(kind) \(phase)")
  }

  /// `term` of each data row of the batch, summed in the batch's order (as a learner who sums
  /// instead of averaging would).
  func batchSum(_ term: (Int) throws -> Double) rethrows -> Double {
    try trace.samples.reduce(0) { $0 + (try term($1)) }
  }

  /// A parameter or optimizer state as the step started.
  func start(_ kind: String, layer: Int, i: Int, j: Int? = nil) throws -> Double {
    let traceKind = try #require(TraceKind.named(kind, in: .update), "start \(kind)")
    return try #require(trace.startValue(traceKind, layer: layer, i: i, j: j), "start \(kind)")
  }

  /// The verdict on `answer` to the question `key`.
  func judge(_ key: AnswerKey, _ answer: Double) throws -> Verdict {
    let exercise = try #require(sheet.exercises.first { $0.key == key }, "no question \(key)")
    return sheet.judge(answer, for: exercise)
  }

  /// The mistake `answer` is diagnosed as, if any.
  func mistake(_ key: AnswerKey, _ answer: Double) throws -> Mistake? {
    if case .mistake(let mistake, _) = try judge(key, answer) { return mistake }
    return nil
  }

  static func builtIn(_ id: String) throws -> String {
    try #require(try BuiltInLessons.all().first { $0.id == id }?.yaml)
  }

  static var chainRule: ExerciseFixture {
    get throws { try ExerciseFixture(try builtIn("chain-rule"), name: "chain-rule") }
  }

  /// XOR's 2-2-1 sigmoid network with bce (δ = a − y), one step over its batch of four.
  static var xor: ExerciseFixture {
    get throws {
      let yaml = try builtIn("xor-mlp").replacingOccurrences(
        of: "training: {epochs: 1000}", with: "training: {epochs: 1}")
      return try ExerciseFixture(yaml, name: "xor-mlp", row: 3)
    }
  }

  /// A 2-3-2 tanh/sigmoid network with mse over two outputs, momentum, a batch of two; its second step.
  static var momentum: ExerciseFixture {
    get throws {
      try ExerciseFixture(
        """
        title: mse with momentum
        layers: [2, 3, 2]
        activations: [tanh, sigmoid]
        loss: mse
        optimizer: {name: momentum, lr: 0.3}
        init: {name: xavier, seed: 3}
        data:
          inputs: [[0.5, -1.0], [1.5, 0.25]]
          targets: [[1, 0], [0, 1]]
        training: {epochs: 2}
        """, name: "momentum", step: 1, row: 1)
    }
  }

  /// A 3-2-1 relu/sigmoid network with sse and `optimizer`, a batch of two; its second step.
  static func adaptive(_ optimizer: String) throws -> ExerciseFixture {
    try ExerciseFixture(
      """
      title: sse with \(optimizer)
      layers: [3, 2, 1]
      activations: [relu, sigmoid]
      loss: sse
      optimizer: {name: \(optimizer), lr: 0.05}
      init: {name: he, seed: 11}
      data:
        inputs: [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]
        targets: [[1], [0]]
      training: {epochs: 2}
      """, name: optimizer, step: 1)
  }

  /// The seed's perceptron on AND, step 3: its first wrong answer with both inputs on.
  static var perceptron: ExerciseFixture {
    get throws {
      try ExerciseFixture(
        """
        title: perceptron
        model: perceptron
        layers: [2, 1]
        optimizer: {lr: 0.01}
        data:
          inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
          targets: [[0], [0], [0], [1]]
        training: {epochs: 1}
        """, name: "perceptron", step: 3)
    }
  }
}

extension ExerciseFixture {
  /// A 2-2-3 sigmoid/tanh network with mse over three outputs, plain gradient descent, a batch of three; its second
  /// step, row 2. Its targets are not 0 or 1, so y(1 − y²) is not 0.
  static var wideMSE: ExerciseFixture {
    get throws {
      try ExerciseFixture(
        """
        title: mse over three outputs
        layers: [2, 2, 3]
        activations: [sigmoid, tanh]
        loss: mse
        optimizer: {name: sgd, lr: 0.5}
        init: {name: xavier, seed: 5}
        data:
          inputs: [[0.2, 0.9], [-0.7, 0.4], [1.1, -0.3]]
          targets: [[0.5, -0.25, 0.75], [-0.5, 0.3, 0.1], [0.2, 0.6, -0.4]]
        training: {epochs: 2}
        """, name: "wide-mse", step: 1, row: 2)
    }
  }

  /// A 2-3-1 tanh/sigmoid network with bce and Adam (β₁ = 0.8, β₂ = 0.99), a batch of three; its third step, row 1.
  static var secondAdam: ExerciseFixture {
    get throws {
      try ExerciseFixture(
        """
        title: bce with adam
        layers: [2, 3, 1]
        activations: [tanh, sigmoid]
        loss: bce
        optimizer: {name: adam, lr: 0.02, beta1: 0.8, beta2: 0.99}
        init: {name: xavier, seed: 7}
        data:
          inputs: [[0.3, -0.6], [-1.2, 0.8], [0.9, 1.4]]
          targets: [[1], [0], [1]]
        training: {epochs: 3}
        """, name: "second-adam", step: 2, row: 1)
    }
  }
}
