import Foundation
import Lessons
import Testing
import TraceStore
import Tracing

@testable import Reports

@Suite struct FrameworkScriptTests {
  /// A run of a small network recorded into a fresh database.
  private func record(_ yaml: String, plan: CapturePlan = CapturePlan()) throws -> (TraceDatabase, Int64, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-bridge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let database = try TraceDatabase.open(path: folder.appendingPathComponent("trace.sqlite").path)
    let spec = try LessonParser.parse(yaml, file: "bridge.yaml")
    let runner = try LessonRunner(spec: spec, lessonName: "bridge.yaml", directory: folder.path)
    let result = try runner.run(database: database, plan: plan)
    return (database, result.runID, folder)
  }

  private let network = """
    title: A small network
    layers: [2, 3, 2]
    activations: [{name: leaky_relu, slope: 0.1}, softmax]
    loss: cross_entropy
    optimizer: {name: adam, lr: 0.05}
    init: {name: xavier, seed: 3}
    data:
      inputs: [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.25]]
      targets: [[1, 0], [0, 1], [0, 1], [1, 0], [1, 0]]
    training: {epochs: 3, batch_size: 2, shuffle: true}
    """

  /// `python3 -m py_compile FILE`'s exit status.
  private func compiles(_ script: String, in folder: URL, name: String) throws -> Int32 {
    let file = folder.appendingPathComponent(name)
    try script.write(to: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-m", "py_compile", file.path]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test(arguments: FrameworkScript.Framework.allCases)
  func theScriptIsValidPython(framework: FrameworkScript.Framework) throws {
    let (database, run, folder) = try record(network)
    let script = try FrameworkScript.render(run: run, database: database, as: framework)
    #expect(try compiles(script, in: folder, name: "\(framework.rawValue).py") == 0)
  }

  @Test func theScriptsCarryTheRunsExactInitialWeightsAndOnlyPyTorchTransposes() throws {
    let (database, run, _) = try record(network)
    let pytorch = try FrameworkScript.render(run: run, database: database, as: .pytorch)
    let keras = try FrameworkScript.render(run: run, database: database, as: .keras)
    var first = Array(repeating: Array(repeating: Double.nan, count: 3), count: 2)
    try database.forEachTraceRow(run: run, filter: TraceFilter(step: 0, layer: 1, kinds: ["w"])) { row in
      if row.phase == "init", let i = row.i, let j = row.j { first[j][i] = row.value }
    }
    for row in first {
      #expect(pytorch.contains(PythonLiteral.list(row)))
      #expect(keras.contains(PythonLiteral.list(row)))
    }
    #expect(pytorch.contains("nn.Linear(2, 3)") && pytorch.contains("nn.Linear(3, 2)"))
    #expect(pytorch.contains(".T)"))
    #expect(pytorch.contains("x = F.leaky_relu(self.z[-1], negative_slope=0.1)"))
    #expect(pytorch.contains("torch.optim.Adam(model.parameters(), lr=0.05, betas=(0.9, 0.999), eps=1e-08)"))
    #expect(!keras.contains(".T"))
    #expect(keras.contains("\n    Dense(3, activation=lambda z: ops.where(z > 0, z, 0.1 * z)),"))
  }

  @Test func numbersAreWrittenSoPythonReadsTheSameDoubles() {
    for value in [0.1, -0.25, 1e-05, 1.0 / 3.0, 2.0, -0.0, 6.02214076e23] {
      #expect(Double(PythonLiteral.number(value)) == value)
    }
    #expect(PythonLiteral.number(2) == "2.0")
  }

  /// The five data rows of ``network`` as the script writes them.
  private let rows = ["[0.0, 0.0]", "[0.0, 1.0]", "[1.0, 0.0]", "[1.0, 1.0]", "[0.5, 0.25]"]

  @Test(arguments: [
    CapturePlan(policy: .none), CapturePlan(policy: .summary), CapturePlan(everyStep: 2),
    CapturePlan(samples: IndexList(parsing: "0,1")), CapturePlan(layers: IndexList(parsing: "2")),
    CapturePlan(lastSteps: 1),
  ])
  func everyCaptureExportsAllRowsTheInitialWeightsAndTheShuffledOrder(plan: CapturePlan) throws {
    let (database, run, _) = try record(network, plan: plan)
    let (full, fullRun, _) = try record(network)
    for framework in FrameworkScript.Framework.allCases {
      let script = try FrameworkScript.render(run: run, database: database, as: framework)
      let reference = try FrameworkScript.render(run: fullRun, database: full, as: framework)
      for row in rows { #expect(script.contains(row), "\(plan): \(framework.rawValue) lacks row \(row)") }
      // The same weights and the same order of rows in every epoch as a run that recorded everything.
      let orders = { (text: String) in
        text.split(separator: "\n").filter { $0.hasPrefix("    [") && $0.hasSuffix("],") }
      }
      #expect(orders(script) == orders(reference), "\(plan): \(framework.rawValue)")
      #expect(orders(script).count >= 3 + 2 + 3)  // 3 epoch orders, 2 weight rows of layer 1, 3 of layer 2
    }
  }

  @Test func theShuffledOrderRecordedIsTheOrderTheEngineTook() throws {
    let (full, fullRun, _) = try record(network)
    var taken: [Int] = []
    try full.forEachTraceRow(run: fullRun, filter: TraceFilter(layer: 0, kinds: ["x"])) { row in
      if row.i == 0, let sample = row.sample { taken.append(sample) }
    }
    // A run that does not capture every step records the order apart, before its first step.
    let (database, run, _) = try record(network, plan: CapturePlan(policy: .summary))
    var recorded: [Int: Int] = [:]
    try database.forEachTraceRow(run: run, filter: TraceFilter(kinds: ["order"])) { row in
      recorded[(row.j ?? 0) * 5 + (row.i ?? 0)] = Int(row.value)
    }
    #expect(taken.count == 15)
    #expect((0..<15).map { recorded[$0] ?? -1 } == taken)
  }

  @Test func aPerceptronExportsAsTheSeedsClassAndIsRefusedByFrameworksWithTheReason() throws {
    let (database, run, folder) = try record(
      """
      title: AND
      model: perceptron
      layers: [2, 1]
      data: {inputs: [[0, 0], [1, 1]], targets: [[0], [1]]}
      """, plan: CapturePlan(policy: .none))
    let script = try FrameworkScript.render(run: run, database: database, as: .numpy)
    #expect(script.contains("class Perceptron:") && script.contains("model = Perceptron(lr=0.01, epochs=15)"))
    #expect(try compiles(script, in: folder, name: "perceptron.py") == 0)
    for framework in [FrameworkScript.Framework.pytorch, .keras] {
      let error = try #require(throws: TraceStoreError.self) {
        try FrameworkScript.render(run: run, database: database, as: framework)
      }
      #expect(error.message.contains("no gradient") && error.message.contains("--as numpy"))
    }
  }

  @Test func anActivationLessonIsRefusedBecauseItTrainsNothing() throws {
    let (database, run, _) = try record(
      """
      title: Sigmoid
      model: activation
      layers: [3, 3]
      activations: [sigmoid]
      data: {inputs: [[-1, 0, 1]]}
      """)
    let error = try #require(throws: TraceStoreError.self) {
      try FrameworkScript.render(run: run, database: database, as: .numpy)
    }
    #expect(error.message.contains("trains nothing"))
  }

  @Test(arguments: FrameworkScript.Framework.allCases)
  func aTitleWithLineBreaksNeverBecomesCode(framework: FrameworkScript.Framework) throws {
    let hostile = network.replacingOccurrences(
      of: "title: A small network", with: "title: \"A\\nimport shutil\\rprint('owned') \\\" \\u2028x\"")
    let (database, run, folder) = try record(hostile)
    let script = try FrameworkScript.render(run: run, database: database, as: framework)
    let lines = script.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" }
    #expect(!lines.contains { $0.hasPrefix("import shutil") || $0.hasPrefix("print('owned')") })
    #expect(script.hasPrefix("# nntrace run \(run): \"A\\nimport shutil\\rprint('owned') \\\" \\u2028x\""))
    #expect(try compiles(script, in: folder, name: "hostile.py") == 0)
  }

  @Test func theKerasScriptRunsOnAnyBackendInDoublePrecision() throws {
    let (database, run, _) = try record(network)
    let keras = try FrameworkScript.render(run: run, database: database, as: .keras)
    #expect(!keras.contains("import tensorflow") && !keras.contains("tf."))
    let x64 = try #require(keras.range(of: "os.environ[\"JAX_ENABLE_X64\"] = \"1\""))
    let importKeras = try #require(keras.range(of: "import keras"))
    #expect(x64.upperBound < importKeras.lowerBound)
    #expect(keras.contains("keras.config.set_floatx(\"float64\")"))
    // nntrace's Adam, written out: ε added to √v / √(1 − β₂ᵗ), not to the uncorrected √v.
    #expect(keras.contains("step_size * m / (ops.sqrt(v) / correction2_root + c(1e-08))"))
    #expect(!keras.contains("keras.optimizers.Adam("))
    // Keras 3.15 computes these in float32 on JAX or torch even for float64 inputs; the script keeps off them.
    for op in ["ops.mean(", "ops.matmul(", "ops.maximum(", "ops.tanh(", "ops.divide_no_nan("] {
      #expect(!keras.contains(op), "\(op)")
    }
    #expect(keras.contains("class Dense(keras.layers.Dense):"))
    #expect(keras.contains("z = ops.einsum(\"nj,ji->ni\", inputs, self.kernel) + self.bias"))
    #expect(keras.contains("model.compile(optimizer=NNTraceOptimizer(), loss=batch_loss)"))
  }

  @Test func scriptsCarryTheTracesFirstStepsForTheirSelfCheck() throws {
    let (database, run, _) = try record(network)
    let numpy = try FrameworkScript.render(run: run, database: database, as: .numpy)
    var loss0 = Double.nan
    try database.forEachTraceRow(run: run, filter: TraceFilter(step: 0, kinds: ["loss"])) { row in
      if row.sample == nil { loss0 = row.value }
    }
    #expect(numpy.contains("    (0, \"loss\", None, None, None, None, \(PythonLiteral.number(loss0))),"))
    #expect(numpy.contains("(0, \"delta\", 2, "))
    #expect(numpy.contains("(2, \"w\", 1, None, 0, 0, "))
    #expect(!numpy.contains("(3, \"w\""))
    let keras = try FrameworkScript.render(run: run, database: database, as: .keras)
    #expect(!keras.contains("\"delta\", 2"))
  }

  @Test func exactLossesAreComputedFromTheLogits() throws {
    let (database, run, _) = try record(network)
    let pytorch = try FrameworkScript.render(run: run, database: database, as: .pytorch)
    #expect(pytorch.contains("F.log_softmax(z, dim=1)"))
    #expect(!pytorch.contains("clamp"))
    let numpy = try FrameworkScript.render(run: run, database: database, as: .numpy)
    #expect(numpy.contains("lse = top + np.log(np.exp(z - top).sum(axis=1, keepdims=True))"))
  }
}
