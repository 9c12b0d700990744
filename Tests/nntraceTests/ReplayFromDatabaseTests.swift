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
