import Foundation
import Lessons
import Testing
import TraceStore

@testable import Reports

@Suite struct FrameworkScriptTests {
  /// A run of a small network recorded into a fresh database.
  private func record(_ yaml: String, capture: String = "all") throws -> (TraceDatabase, Int64, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-bridge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let database = try TraceDatabase.open(path: folder.appendingPathComponent("trace.sqlite").path)
    let spec = try LessonParser.parse(yaml, file: "bridge.yaml")
    let runner = try LessonRunner(spec: spec, lessonName: "bridge.yaml", directory: folder.path)
    let result = try runner.run(database: database, capture: capture == "all" ? .all : .none)
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
    #expect(pytorch.contains("F.leaky_relu(self.fc1(x), negative_slope=0.1)"))
    #expect(pytorch.contains("torch.optim.Adam(model.parameters(), lr=0.05, betas=(0.9, 0.999), eps=1e-08)"))
    #expect(!keras.contains(".T"))
    #expect(keras.contains("tf.keras.layers.Dense(3, activation=lambda z: tf.nn.leaky_relu(z, alpha=0.1))"))
  }

  @Test func shuffledRunsCarryTheRecordedOrderOfEveryStep() throws {
    let (database, run, _) = try record(network)
    let script = try FrameworkScript.render(run: run, database: database, as: .pytorch)
    // 5 rows in batches of 2: 3 steps an epoch, 3 epochs.
    let batches = script.split(separator: "\n").filter { $0.hasPrefix("    (") && $0.hasSuffix("]),") }
    #expect(batches.count == 9)
    #expect(batches.prefix(3).allSatisfy { $0.hasPrefix("    (0, [") })
    #expect(batches.suffix(3).allSatisfy { $0.hasPrefix("    (2, [") })
  }

  @Test func numbersAreWrittenSoPythonReadsTheSameDoubles() {
    for value in [0.1, -0.25, 1e-05, 1.0 / 3.0, 2.0, -0.0, 6.02214076e23] {
      #expect(Double(PythonLiteral.number(value)) == value)
    }
    #expect(PythonLiteral.number(2) == "2.0")
  }

  @Test func aRunWithoutItsInitialWeightsIsRefusedWithAReason() throws {
    let (database, run, _) = try record(network, capture: "none")
    let error = try #require(throws: TraceStoreError.self) {
      try FrameworkScript.render(run: run, database: database, as: .pytorch)
    }
    #expect(error.message.contains("--capture"))
  }

  @Test func aPerceptronHasNoFrameworkScript() throws {
    let (database, run, _) = try record(
      """
      title: AND
      model: perceptron
      layers: [2, 1]
      data: {inputs: [[0, 0], [1, 1]], targets: [[0], [1]]}
      """)
    let error = try #require(throws: TraceStoreError.self) {
      try FrameworkScript.render(run: run, database: database, as: .keras)
    }
    #expect(error.message.contains("only mlp"))
  }
}
