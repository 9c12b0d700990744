import Foundation
import Testing

/// `nntrace run` narrates live what `nntrace replay` re-tells.
@Suite struct RunNarrationTests {
  @Test func theLiveNarrationIsTheReplayItself() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for lesson in ["perceptron", "xor-mlp"] {
      let run = try ReportsCLI.run(["run", lesson, "--db", "t.sqlite", "--epochs", "30"], in: directory)
      #expect(run.status == 0)
      let id = try #require(
        run.stdout.split(separator: "\n").last { $0.hasPrefix("Recorded run ") }?.split(separator: " ")[2])
      let replay = try ReportsCLI.run(["replay", String(id), "--db", "t.sqlite"], in: directory)
      var live = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      var told = replay.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      // The replay names the run under the title; the live run names it at the end.
      told.remove(at: 1)
      live.removeLast(4)
      told.removeLast()
      #expect(live == told, "\(lesson): run and replay tell different stories")
      #expect(run.stdout.contains("━━ Step 0 · epoch 0"))
    }
  }

  @Test func quietPrintsOnlyTheRunIdAndNoProgressWithoutATerminal() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet"], in: directory)
    #expect(run.stdout == "1\n")
    #expect(run.stderr.isEmpty)
  }

  @Test func aLongRunTellsItsFirstAndLastStepsWithSparklines() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--epochs", "300"], in: directory)
    let steps = run.stdout.split(separator: "\n").filter { $0.hasPrefix("━━ Step ") }
    #expect(steps.map { String($0.prefix(11)) } == ["━━ Step 0 ·", "━━ Step 299"])
    #expect(run.stdout.contains("epoch 100  mean loss "))
    #expect(run.stdout.contains("loss per step  "))
    #expect(run.stdout.contains("‖g⁽¹⁾‖ per step"))
    #expect(run.stdout.contains("▁") || run.stdout.contains("█"))
    #expect(run.stderr.isEmpty, "no progress bar when standard error is not a terminal")
  }

  @Test func stepNarratesOneChosenStepOfALiveRun() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(
      ["run", "xor-mlp", "--db", "t.sqlite", "--epochs", "10", "--step", "4", "--kind", "loss"], in: directory)
    #expect(run.status == 0)
    let steps = run.stdout.split(separator: "\n").filter { $0.hasPrefix("━━ Step ") }
    #expect(steps.count == 1 && steps[0].hasPrefix("━━ Step 4 · epoch 4"))
    let formulas = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  L") }
    #expect(formulas.count == 5, "four rows' losses and the batch's: \(formulas)")
  }
}
