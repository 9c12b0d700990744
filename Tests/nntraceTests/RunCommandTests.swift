import Foundation
import Testing
import TraceStore

@Suite struct RunCommandTests {
  /// The run's stored config, parsed.
  private func config(of run: RunSummary) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.config.utf8)) as? [String: Any])
  }

  @Test func quietPrintsExactlyTheRunIDAndANewline() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let first = try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    #expect(first.stdout == "1\n")
    #expect(first.stderr == "")
    let second = try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    #expect(second.stdout == "2\n")
  }

  @Test func aLessonOfSeveralPartsPrintsOneRunIDALineInOrder() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.succeed(["run", "perceptron", "--quiet", "--db", db])
    #expect(result.stdout == "1\n2\n")
    let runs = try TraceDatabase.open(path: db, readOnly: true).runs()
    #expect(runs.map(\.part) == ["and", "or"])
    #expect(runs.allSatisfy { $0.lesson == "perceptron" && $0.status == "completed" })
  }

  @Test func theDatabaseComesFromTheEnvironmentWithoutDB() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("from-env.sqlite")
    let result = try nntrace.succeed(["run", "perceptron-xor", "--quiet"], environment: ["NNTRACE_DB": db])
    #expect(result.stdout == "1\n")
    #expect(try TraceDatabase.open(path: db, readOnly: true).runs().count == 1)
    #expect(!FileManager.default.fileExists(atPath: nntrace.path("nntrace.sqlite")))
  }

  @Test func withoutDBOrEnvironmentTheDatabaseIsInTheWorkingDirectory() throws {
    let nntrace = try NNTraceBinary()
    try nntrace.succeed(["run", "perceptron-xor", "--quiet"])
    let db = nntrace.path("nntrace.sqlite")
    #expect(try TraceDatabase.open(path: db, readOnly: true).runs().map(\.lesson) == ["perceptron-xor"])
  }

  @Test func aMalformedLessonExits65NamingFileLineAndKeyAndPrintsNothing() throws {
    let nntrace = try NNTraceBinary()
    let lesson = try nntrace.write(
      """
      title: Broken
      layers: [2, 2, 1]
      activations: [sigmod, sigmoid]
      loss: sse
      optimizer: {name: sgd, lr: 0.5}
      data:
        inputs: [[1.0, 2.0]]
        targets: [[1.0]]
      training: {epochs: 1}

      """, to: "broken.yaml")
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.run(["run", lesson, "--db", db])

    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("\(lesson):3: activations[0]:"), "\(result.stderr)")
    #expect(result.stderr.contains("did you mean 'sigmoid'?"), "\(result.stderr)")
    #expect(result.stderr.hasSuffix("\n"))
    #expect(result.stderr.dropLast().contains("\n") == false, "one paragraph: \(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func anUnknownLessonIDSuggestsTheNearestOne() throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.run(["run", "percepton", "--db", nntrace.path("trace.sqlite")])
    #expect(result.status != 0)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("did you mean 'perceptron'?"), "\(result.stderr)")
  }

  @Test func captureNoneRecordsOnlyTheRunsInputsAndListsTheRun() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--capture", "none", "--db", db])
    #expect(result.stdout == "1\n")

    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(run.status == "completed")
    // Its inputs only: 4 rows of 2 inputs and a target, 2 initial weights and a bias.
    #expect(run.values == 4 * 3 + 3)
    #expect(run.steps == 60)
    let listing = try nntrace.succeed(["runs", "--db", db])
    let row = try #require(listing.stdout.split(separator: "\n").dropFirst().first)
    #expect(row.split(separator: " ").map(String.init)[5] == "15", "\(listing.stdout)")
    #expect(row.split(separator: " ").map(String.init).last == "none", "\(listing.stdout)")
  }

  @Test func anUnknownCapturePolicyIsAUsageError() throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.run(["run", "perceptron-xor", "--capture", "most", "--db", nntrace.path("trace.sqlite")])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--capture"), "\(result.stderr)")
    #expect(result.stdout == "")
  }

  @Test(arguments: [["NO_COLOR": "1"], [:]])
  func outputThatIsNotATerminalHasNoColourCodes(environment: [String: String]) throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try nntrace.succeed(["run", "perceptron-xor", "--db", db], environment: environment)
    #expect(run.stdout.contains("Why one neuron is not enough"))
    #expect(run.stdout.contains("Replay it with: nntrace replay 1\n"), "\(run.stdout)")
    #expect(!run.stdout.contains(escape))
    #expect(!run.stderr.contains(escape))
    for arguments in [["runs", "--db", db], ["replay", "1", "--db", db, "--step", "0"], ["lessons"]] {
      let result = try nntrace.succeed(arguments, environment: environment)
      #expect(!result.stdout.contains(escape), "\(arguments)")
    }
  }

  @Test func stepNeverWaitsWhenStandardInputIsNotATerminal() throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.run(["run", "perceptron-xor", "--step", "--db", nntrace.path("trace.sqlite")])
    #expect(result.status == 0)
    #expect(!result.stdout.contains("(Enter for the next epoch)"))
  }

  @Test func overridesAreStoredInTheRunsConfig() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--epochs", "3", "--lr", "0.5", "--seed", "4", "--db", db])

    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    let config = try config(of: run)
    let training = try #require(config["training"] as? [String: Any])
    let optimizer = try #require(config["optimizer"] as? [String: Any])
    let initialization = try #require(config["init"] as? [String: Any])
    #expect(training["epochs"] as? Int == 3)
    #expect(optimizer["lr"] as? Double == 0.5)
    #expect(initialization["seed"] as? Int == 4)
    #expect(run.steps == 12)
    #expect(run.epochs == 3)
  }

  @Test func theStoredConfigIsTheWholeLessonWithItsDefaults() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    let config = try config(of: run)
    for key in ["title", "model", "layers", "activations", "optimizer", "init", "data", "training"] {
      #expect(config[key] != nil, "config lacks \(key): \(run.config)")
    }
    let initialization = try #require(config["init"] as? [String: Any])
    #expect(initialization["seed"] as? Int == 0)
  }

  @Test func aDivergingRunExits3AndIsMarkedDivergedAtItsStep() throws {
    let nntrace = try NNTraceBinary()
    let lesson = try nntrace.write(
      """
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

      """, to: "fast.yaml")
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.run(["run", lesson, "--quiet", "--db", db])

    #expect(result.status == 3)
    #expect(result.stdout == "1\n")
    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(run.status == "diverged")
    let detail = try #require(run.detail)
    #expect(detail.contains("step 1"), "\(detail)")
    #expect(run.values > 0)

    let narrated = try nntrace.run(["run", lesson, "--db", db])
    #expect(narrated.status == 3)
    #expect(narrated.stdout.contains("Diverged"))
    #expect(narrated.stdout.contains("step 1"))
  }

  @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
    let nntrace = try NNTraceBinary()
    let notes = try nntrace.write("my notes\n", to: "notes.txt")
    let result = try nntrace.run(["run", "perceptron-xor", "--quiet", "--db", notes])
    #expect(result.status != 0)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("not an nntrace database"), "\(result.stderr)")
    #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
  }
}
