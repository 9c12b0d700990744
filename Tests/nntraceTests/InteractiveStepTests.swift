import Foundation
import Testing

/// `--step` at a real terminal: keys typed into a pseudo-terminal, the screen read back.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux for a pseudo-terminal"))
struct InteractiveStepTests {
  let binary = ReportsCLI.binary.path

  @Test func replayStepsForwardBackJumpsAndContinues() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let recorded = try ReportsCLI.run(["run", "perceptron-xor", "--db", "t.sqlite", "--quiet"], in: directory)
    #expect(recorded.stdout == "1\n")
    let session = try TmuxSession("'\(binary)' replay 1 --db t.sqlite --step", in: directory)

    var screen = try session.wait(for: "step 0 of 0–59 · Enter next")
    #expect(screen.contains("━━ Step 0 · epoch 0 · data row 0 ━━"))
    #expect(!screen.contains("━━ Step 1 "), "it waits after step 0")

    try session.send("Enter")
    screen = try session.wait(for: "step 1 of 0–59")
    #expect(screen.contains("━━ Step 1 · epoch 0 · data row 1 ━━"))

    try session.send("b", "Enter")
    screen = try session.wait(for: "━━ Step 0 · epoch 0 · data row 0 ━━", count: 2)
    #expect(screen.components(separatedBy: "step 0 of 0–59").count - 1 == 2)

    try session.send("42", "Enter")
    screen = try session.wait(for: "step 42 of 0–59")
    #expect(screen.contains("━━ Step 42 · epoch 10 · data row 2 ━━"))

    try session.send("x", "Enter")
    try session.wait(for: "'x' is not a key here")

    try session.send("c", "Enter")
    screen = try session.wait(for: "EXIT=0")
    #expect(screen.contains("━━ Step 59 · epoch 14 · data row 3 ━━"))
    #expect(screen.contains("Completed: 15 epochs, 60 steps."))
    #expect(!screen.contains("step 43 of"), "c goes on without waiting")
  }

  @Test func replayQuitsAtOnceOnQ() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "5"], in: directory)
    let session = try TmuxSession("'\(binary)' replay 1 --db t.sqlite --step", in: directory)
    try session.wait(for: "step 0 of 0–4")
    try session.send("q", "Enter")
    let screen = try session.wait(for: "EXIT=0")
    #expect(!screen.contains("━━ Step 1 "))
    #expect(!screen.contains("Completed"))
  }

  @Test func runWaitsAfterEachStepAndQuitKeepsWhatWasComputed() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession("'\(binary)' run xor-mlp --db t.sqlite --step", in: directory)
    var screen = try session.wait(for: "step 0 of 0–999")
    #expect(screen.contains("Depth solves XOR"))
    #expect(screen.contains("━━ Step 0 · epoch 0 · batch of 4"))
    try session.send("Enter")
    screen = try session.wait(for: "step 1 of 0–999")
    #expect(screen.contains("━━ Step 1 · epoch 1 · batch of 4"))
    try session.send("b", "Enter")
    try session.wait(for: "━━ Step 0 · epoch 0 · batch of 4", count: 2)
    try session.send("Enter")
    try session.wait(for: "━━ Step 1 · epoch 1 · batch of 4", count: 2)
    try session.send("Enter")
    try session.wait(for: "step 2 of 0–999")
    try session.send("500", "Enter")
    screen = try session.wait(for: "step 500 of 0–999")
    #expect(screen.contains("━━ Step 500 · epoch 500"))
    #expect(!screen.contains("━━ Step 499 "), "a jump runs the steps in between without telling them")
    try session.send("q", "Enter")
    screen = try session.wait(for: "EXIT=0")
    #expect(screen.contains("You quit after step 500; the run is recorded as interrupted."))
    let runs = try ReportsCLI.run(["runs", "--db", "t.sqlite"], in: directory)
    #expect(runs.stdout.contains("interrupted"))
  }

  @Test func coloursAtATerminalAndNoneUnderNoColor() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let colored = try TmuxSession("'\(binary)' replay 1 --db t.sqlite --step 3", in: directory)
    try colored.wait(for: "EXIT=0")
    let escapes = try colored.screen(escapes: true)
    #expect(escapes.contains("\u{1B}[33m"), "weights in yellow")
    #expect(escapes.contains("\u{1B}[36m"), "inputs in cyan")
    #expect(escapes.contains("\u{1B}[32m"), "updates in green")
    for command in [
      "NO_COLOR=1 '\(binary)' replay 1 --db t.sqlite --step 3",
      "'\(binary)' replay 1 --db t.sqlite --step 3 --no-color",
    ] {
      let plain = try TmuxSession(command, in: directory)
      try plain.wait(for: "EXIT=0")
      let screen = try plain.screen(escapes: true)
      #expect(!screen.contains("\u{1B}[33m") && !screen.contains("\u{1B}[36m"), "\(command)")
      #expect(screen.contains("━━ Step 3 "))
    }
  }

  @Test func aLongRunDrawsAProgressBarOnItsTerminal() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession(
      "'\(binary)' run xor-mlp --db t.sqlite --quiet --capture none --epochs 3000000", in: directory)
    let screen = try session.wait(for: "/3000000 ", timeout: 20)
    #expect(screen.contains("%"))
    try session.send("C-c")
    let ended = try session.wait(for: "EXIT=")
    #expect(ended.contains("EXIT=130"))
  }
}
