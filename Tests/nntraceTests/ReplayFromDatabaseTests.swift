import Foundation
import Testing
import TraceStore

/// `replay` by id and `latest`, and its refusals; the narration itself is tested in ReplayCommandTests.
@Suite struct ReplayFromDatabaseTests {
  @Test func replayByIDAndLatestTellTheSameStory() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let byID = try nntrace.succeed(["replay", "1", "--db", db])
    let latest = try nntrace.succeed(["replay", "latest", "--db", db])

    #expect(byID.stdout == latest.stdout)
    #expect(byID.stdout.hasPrefix("Why one neuron is not enough\nRun 1 · lesson perceptron-xor · completed"))
    #expect(byID.stderr == "")
  }

  /// Lessons run twice with the same seed, each into a database of its own: random initial weights,
  /// several parts, shuffled batches with held-out rows and standardisation.
  static let repeatedRuns: [(lesson: String, options: [String])] = [
    ("chain-rule", []),
    ("perceptron", []),
    ("xor-mlp", ["--seed", "11", "--epochs", "20"]),
    ("breast-cancer", ["--seed", "5", "--epochs", "1", "--capture", "all"]),
  ]

  @Test(arguments: repeatedRuns)
  func twoRunsOfTheSameLessonAndSeedReplayIdentically(lesson: String, options: [String]) throws {
    let nntrace = try NNTraceBinary()
    var replays: [[String]] = []
    for name in ["first.sqlite", "second.sqlite"] {
      let db = nntrace.path(name)
      let ids = try nntrace.succeed(["run", lesson, "--quiet", "--db", db] + options).stdout
        .split(separator: "\n").map(String.init)
      #expect(!ids.isEmpty)
      replays.append(try ids.map { try nntrace.succeed(["replay", $0, "--db", db]).stdout })
    }
    #expect(replays[0].allSatisfy { $0.contains(" = ") }, "a replay with no values")
    #expect(replays[0] == replays[1], "\(lesson): the two replays differ")
  }

  @Test func anotherSeedReplaysDifferently() throws {
    let nntrace = try NNTraceBinary()
    let replays = try ["11", "12"].map { seed in
      let db = nntrace.path("seed-\(seed).sqlite")
      try nntrace.succeed(["run", "xor-mlp", "--quiet", "--seed", seed, "--epochs", "2", "--db", db])
      return try nntrace.succeed(["replay", "1", "--db", db]).stdout
    }
    #expect(replays[0] != replays[1])
  }

  @Test func latestIsTheNewestRun() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--epochs", "1", "--db", db])
    let latest = try nntrace.succeed(["replay", "latest", "--db", db])
    #expect(latest.stdout.contains("Run 2 · lesson perceptron-xor · completed · 4 steps"), "\(latest.stdout)")
  }

  @Test func aMissingRunExits66WithAMessageOnStandardError() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let result = try nntrace.run(["replay", "2", "--db", db])
    #expect(result.status == 66)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("no run 2"), "\(result.stderr)")
  }

  @Test func latestInADatabaseWithoutRunsExits66() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    _ = try TraceDatabase.open(path: db)
    let result = try nntrace.run(["replay", "latest", "--db", db])
    #expect(result.status == 66)
    #expect(result.stdout == "")
  }

  @Test func aRunRecordedWithoutValuesSaysSo() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--capture", "none", "--db", db])
    let result = try nntrace.succeed(["replay", "1", "--db", db])
    #expect(result.stdout.contains("--capture none"))
    #expect(!result.stdout.contains("error[0]"))
  }
}
