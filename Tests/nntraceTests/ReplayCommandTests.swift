import Foundation
import Testing
import TraceStore

@Suite struct ReplayCommandTests {
  @Test func replayByIDAndLatestTellTheSameStory() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let byID = try nntrace.succeed(["replay", "1", "--db", db])
    let latest = try nntrace.succeed(["replay", "latest", "--db", db])

    #expect(byID.stdout == latest.stdout)
    #expect(byID.stdout.hasPrefix("Run 1: Why one neuron is not enough\n"))
    #expect(byID.stdout.contains("error[0]"))
    #expect(byID.stdout.contains("w[1→0]"))
    #expect(byID.stderr == "")
  }

  @Test func latestIsTheNewestRun() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--epochs", "1", "--db", db])
    let latest = try nntrace.succeed(["replay", "latest", "--db", db])
    #expect(latest.stdout.hasPrefix("Run 2: "))
    #expect(latest.stdout.contains("· 4 steps ·"))
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

  @Test func aReplayNeedsNoLessonFile() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let lesson = nntrace.path("my-perceptron.yaml")
    try FileManager.default.copyItem(
      atPath: packageRoot.appendingPathComponent("lessons/01-perceptron.yaml").path, toPath: lesson)
    try nntrace.succeed(["run", lesson, "--quiet", "--db", db])
    let before = try nntrace.succeed(["replay", "1", "--db", db])

    try FileManager.default.removeItem(atPath: lesson)
    let after = try nntrace.succeed(["replay", "1", "--db", db])

    #expect(after.stdout == before.stdout)
    #expect(before.stdout.contains("lesson \(lesson) ·"))
    #expect(before.stdout.contains("error[0]"))
  }

  @Test func filtersNarrowTheReplay() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let result = try nntrace.succeed(["replay", "1", "--step", "5", "--kind", "error", "--db", db])
    let values = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
    #expect(values.count == 1, "\(result.stdout)")
    #expect(values.first?.contains("sample 1") == true)
    #expect(result.stdout.contains("epoch 1 · step 5"))
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
