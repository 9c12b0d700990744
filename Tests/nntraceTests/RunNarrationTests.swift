import Foundation
import Testing

/// `nntrace run` narrates live what `nntrace replay` re-tells.
@Suite struct RunNarrationTests {
  @Test func theLiveNarrationIsTheReplayItself() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for lesson in ["perceptron-xor", "xor-mlp"] {
      let run = try ReportsCLI.run(["run", lesson, "--db", "t.sqlite", "--epochs", "30"], in: directory)
      #expect(run.status == 0)
      let id = try #require(
        run.stdout.split(separator: "\n").last { $0.hasPrefix("Recorded run ") }?.split(separator: " ")[2])
      let replay = try ReportsCLI.run(["replay", String(id), "--db", "t.sqlite"], in: directory)
      // Everything before the closing lines (where the run was recorded) is the replay, line for line.
      let live = try LiveReplayAgreementTests.story(of: run.stdout).text
      let told = replay.stdout
      #expect(live == told, "\(lesson): run and replay tell different stories")
      #expect(run.stdout.contains("━━ Step 0 · epoch 0"))
    }
  }

  @Test func aRunThatDivergesTellsTheStepWhereItDidAsTheReplayDoes() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let lesson = """
      title: Too fast
      layers: [2, 2, 1]
      activations: [linear, linear]
      loss: mse
      optimizer: {name: sgd, lr: 0.35}
      init: {name: xavier, seed: 1}
      data: {inputs: [[1, 2], [3, -1]], targets: [[1], [0]]}
      training: {epochs: 200}
      """
    try lesson.write(to: directory.appendingPathComponent("fast.yaml"), atomically: true, encoding: .utf8)
    let run = try ReportsCLI.run(["run", "fast.yaml", "--db", "t.sqlite"], in: directory)
    #expect(run.status == 3)
    let replay = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite"], in: directory)
    let live = try LiveReplayAgreementTests.story(of: run.stdout).text
    let told = replay.stdout
    #expect(live == told)
    let steps = run.stdout.split(separator: "\n").filter { $0.hasPrefix("━━ Step ") }
    #expect(steps.count == 2 && steps[1].hasPrefix("━━ Step 7 "), "the first step and the one that diverged")
    #expect(run.stdout.contains("The step stops here"))
    #expect(run.stdout.contains("Diverged: "))
  }

  @Test func quietPrintsOnlyTheRunIdAndNoProgressWithoutATerminal() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet"], in: directory)
    #expect(run.stdout == "1\n")
    #expect(run.stderr.isEmpty)
  }

  @Test func aLongRunTellsItsFirstStepThenATableOfEpochsAndSparklines() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--epochs", "300"], in: directory)
    let steps = run.stdout.split(separator: "\n").filter { $0.hasPrefix("━━ Step ") }
    #expect(
      steps.map { String($0.prefix(11)) } == ["━━ Step 0 ·"], "the first step; the others by --step, --epoch or --all")
    #expect(run.stdout.contains("Steps 1–299 are not worked here: `nntrace replay 1 --step N` works one"))
    #expect(run.stdout.contains("Epochs: the mean loss over the epoch's steps\n  epoch  mean loss\n  0  "))
    #expect(run.stdout.contains("\n  250    "))
    #expect(run.stdout.contains("loss per step  "))
    #expect(run.stdout.contains("‖∂L/∂W⁽¹⁾‖ per step"))
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
