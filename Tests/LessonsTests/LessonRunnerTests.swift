import Foundation
import Lessons
import Testing
import TraceStore
import Tracing

@Suite struct LessonRunnerTests {
  /// A lesson that uses most of what a lesson file can say, defaults left out on purpose.
  static let kitchenSink = """
    title: "Kitchen sink: \\"quotes\\", ŷ ← w·x + b"
    summary: Every option at once.
    introduction: |
      Two lines,
      with a tab\tinside.
    layers: [3, 4, 3, 2]
    activations: [{name: leaky_relu, slope: 0.2}, tanh, softmax]
    loss: cross_entropy
    optimizer: {name: adam, lr: 0.01, beta1: 0.85}
    init: {name: normal, std: 0.3, seed: 11}
    data:
      inputs: [[0.1, -0.2, 0.3], [1.5, 0.25, -0.75], [-1, 0, 1], [0.5, 0.5, -0.5], [2, -1, 0.125]]
      targets: [[1, 0], [0, 1], [0, 1], [1, 0], [0, 1]]
    training: {epochs: 7, batch_size: 2, shuffle: true}

    """

  private func builtIn(_ id: String) throws -> LessonSpec {
    let catalog = try LessonCatalog(directory: lessonsDirectory)
    let entry = try #require(catalog.entry(id: id))
    return try LessonParser.load(path: entry.path)
  }

  private func readTrace(_ database: TraceDatabase, run: Int64) throws -> [TraceRow] {
    var rows: [TraceRow] = []
    try database.forEachTraceRow(run: run) { rows.append($0) }
    return rows
  }

  /// The specs these tests repeat: the built-in lessons (XOR shortened) and the kitchen sink.
  private func specs() throws -> [(String, LessonSpec)] {
    var xor = try builtIn("xor-mlp")
    xor.training.epochs = 60
    return [
      ("perceptron", try builtIn("perceptron")), ("xor-mlp", xor),
      ("kitchen-sink", try LessonParser.parse(Self.kitchenSink, file: "kitchen-sink.yaml")),
      ("contract example", try LessonParser.parse(contractExample, file: "example.yaml")),
    ]
  }

  @Test func theConfigJSONParsesBackToTheSameLesson() throws {
    for (name, spec) in try specs() {
      let json = try LessonRunner(spec: spec, lessonName: name, directory: ".").configJSON()
      let again = try LessonParser.parse(json, file: "config.json")
      #expect(again == spec, "\(name): \(json)")
    }
  }

  @Test func theConfigJSONIsOneLineWithEveryDefaultFilledIn() throws {
    let spec = try builtIn("perceptron")
    let json = try LessonRunner(spec: spec, lessonName: "perceptron", directory: ".").configJSON()
    #expect(!json.contains("\n"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let optimizer = try #require(object["optimizer"] as? [String: Any])
    let initialization = try #require(object["init"] as? [String: Any])
    let training = try #require(object["training"] as? [String: Any])
    #expect(optimizer["lr"] as? Double == 0.01)
    #expect(initialization["name"] as? String == "zeros")
    #expect(initialization["seed"] as? Int == 0)
    #expect(training["epochs"] as? Int == 15)
    #expect(training["batch_size"] as? Int == 1)
    #expect(training["shuffle"] as? Bool == false)
    #expect(object["activations"] as? [String] == ["step"])
    #expect(object["model"] as? String == "perceptron")
  }

  @Test func theStoredConfigReproducesTheRunExactly() throws {
    for (name, spec) in try specs() {
      let scratch = try TemporaryDirectory()
      let first = try TraceDatabase.open(path: scratch.path("first.sqlite"))
      let original = try LessonRunner(spec: spec, lessonName: name, directory: ".").run(database: first, capture: .all)
      let stored = try #require(try first.run(original.runID))

      // Repeat it from nothing but the stored config, on a fresh database.
      let repeated = try LessonParser.parse(stored.config, file: "config.json")
      let second = try TraceDatabase.open(path: scratch.path("second.sqlite"))
      let again = try LessonRunner(spec: repeated, lessonName: name, directory: ".").run(
        database: second, capture: .all)

      #expect(original.status == .completed, "\(name)")
      #expect(again.status == original.status, "\(name)")
      #expect(again.values == original.values, "\(name)")
      #expect(again.outcome == original.outcome, "\(name)")
      let before = try readTrace(first, run: original.runID)
      let after = try readTrace(second, run: again.runID)
      #expect(before.count == original.values, "\(name)")
      #expect(after.count == before.count, "\(name)")
      var differences = 0
      for (a, b) in zip(before, after) {
        var sameIgnoringValue = a
        sameIgnoringValue.value = b.value
        if sameIgnoringValue != b || a.value.bitPattern != b.value.bitPattern { differences += 1 }
      }
      #expect(differences == 0, "\(name): \(differences) values differ")
    }
  }

  @Test func aRunIsRecordedWithItsLessonTitleAndConfig() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let spec = try builtIn("perceptron")
    let runner = try LessonRunner(spec: spec, lessonName: "perceptron", directory: ".")
    let result = try runner.run(database: database, capture: .all)

    let run = try #require(try database.run(result.runID))
    #expect(run.lesson == "perceptron")
    #expect(run.title == spec.title)
    #expect(run.status == "completed")
    #expect(run.config == (try runner.configJSON()))
    #expect(run.capture == "all")
    #expect(run.steps == 60)
    #expect(run.epochs == 15)
    #expect(run.values == result.values)
    // Every row of the contract, for every step: the perceptron's x 2, z, a, y, error, dw 2, w 2, db, b.
    var counts: [String: Int] = [:]
    try database.forEachTraceRow(run: result.runID) { counts["\($0.step) \($0.phase) \($0.kind)", default: 0] += 1 }
    let perStep = [
      "forward x": 2, "forward z": 1, "forward a": 1, "loss y": 1, "backward error": 1, "update dw": 2,
      "update w": 2, "update db": 1, "update b": 1,
    ]
    for step in [0, 31, 59] {
      for (name, count) in perStep {
        #expect(counts["\(step) \(name)"] == count, "step \(step) \(name)")
      }
    }
    #expect(counts["0 init w"] == 2)
    #expect(counts["0 init b"] == 1)
    #expect(run.finalLoss == 0)
  }

  @Test func captureNoneRecordsTheRunAndOnlyItsInputs() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let result = try LessonRunner(spec: try builtIn("perceptron"), lessonName: "perceptron", directory: ".").run(
      database: database, capture: .none)

    // The perceptron's 4 rows (2 inputs and a target each), its 2 initial weights and its bias.
    #expect(result.values == 4 * 3 + 3)
    #expect(result.status == .completed)
    let run = try #require(try database.run(result.runID))
    #expect(run.capture == "none")
    #expect(run.steps == 60)
    let rows = try readTrace(database, run: result.runID)
    #expect(Set(rows.map(\.kind)) == ["w", "b", "data_x", "data_y"])
    #expect(rows.allSatisfy { $0.phase == "init" && $0.step == 0 })
  }

  @Test func stepsAreReportedAsTheyEnd() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    var steps: [Int] = []
    var errors = 0.0
    _ = try LessonRunner(spec: try builtIn("perceptron"), lessonName: "perceptron", directory: ".").run(
      database: database, capture: .none,
      onStep: { position, loss in
        steps.append(position.step)
        errors += loss
      })
    #expect(steps == Array(0..<60))
    #expect(errors > 0)
  }

  @Test func aDivergingLessonIsMarkedDivergedWithItsTraceKept() throws {
    let text = """
      title: Far too fast
      layers: [1, 1]
      activations: [linear]
      loss: mse
      optimizer: {name: sgd, lr: 1e200}
      weights: [{w: [[1.0]], b: [0.0]}]
      data:
        inputs: [[1.0]]
        targets: [[0.0]]
      training: {epochs: 5}

      """
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let spec = try LessonParser.parse(text, file: "fast.yaml")
    let result = try LessonRunner(spec: spec, lessonName: "fast.yaml", directory: ".").run(
      database: database, capture: .all)

    #expect(result.status == .diverged)
    let run = try #require(try database.run(result.runID))
    #expect(run.status == "diverged")
    let detail = try #require(run.detail)
    #expect(detail.contains("step 1"), "\(detail)")
    #expect(run.steps == 1)
    #expect(run.values > 0)
    let rows = try readTrace(database, run: result.runID)
    #expect(rows.count == run.values)
    #expect(rows.contains { $0.step == 1 && $0.kind == "loss" && $0.value == .infinity })
  }

  @Test func aStopRequestEndsTheRunAsInterrupted() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    var polls = 0
    let result = try LessonRunner(spec: try builtIn("perceptron"), lessonName: "perceptron", directory: ".").run(
      database: database, capture: .all,
      shouldStop: {
        polls += 1
        return polls > 10
      })

    #expect(result.status == .interrupted)
    let run = try #require(try database.run(result.runID))
    #expect(run.status == "interrupted")
    #expect(run.steps == 10)
    #expect(try readTrace(database, run: result.runID).map(\.step).max() == 9)
  }
}
