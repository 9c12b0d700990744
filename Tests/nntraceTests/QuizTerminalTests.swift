import Foundation
import Testing

/// `nntrace quiz` at a real terminal: answers typed into a pseudo-terminal, the screen read back.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux for a pseudo-terminal"))
struct QuizTerminalTests {
  let binary = ReportsCLI.binary.path

  @Test func typedAnswersAreCheckedDiagnosedAndScoredInColour() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession("'\(binary)' quiz chain-rule --db t.sqlite", in: directory)
    var screen = try session.wait(for: "[1/37] z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = ?")
    #expect(screen.contains("as the step starts (parameters and optimizer state):"))
    try session.send("0.3775", "Enter")
    screen = try session.wait(for: "[2/37] a₁⁽¹⁾ = σ(z₁⁽¹⁾) = ?")
    #expect(screen.contains("✓ right: 0.377500"))
    #expect(!screen.contains("› 0.3775\n0.3775"), "a terminal's answer is not echoed twice")
    try session.send("0.3775", "Enter")
    screen = try session.wait(for: "[3/37]")
    #expect(screen.contains("✗ wrong: this is what you get when you forget the activation function: a = z"))
    #expect(screen.contains("a₁⁽¹⁾ = σ(z₁⁽¹⁾) = σ(0.377500) = 1/(1 + e^−0.377500) = 0.593270"))
    try session.send("q", "Enter")
    screen = try session.wait(for: "EXIT=0")
    #expect(screen.contains("Score: 1 of 2 answered right (37 questions)."))
    let escapes = try session.screen(escapes: true)
    #expect(escapes.contains("\u{1B}[32m✓ right"), "right in green")
    #expect(escapes.contains("\u{1B}[31m✗ wrong"), "wrong in red")
  }

  @Test func noColorAtATerminalUnderNoColor() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    for command in ["NO_COLOR=1 '\(binary)' quiz 1 --db t.sqlite", "'\(binary)' quiz 1 --db t.sqlite --no-color"] {
      let session = try TmuxSession(command, in: directory)
      try session.wait(for: "[1/6] z = w₁x₁ + w₂x₂ + b = ?")
      try session.send("−0.01", "Enter")
      try session.wait(for: "[2/6]")
      try session.send("q", "Enter")
      try session.wait(for: "EXIT=0")
      let escapes = try session.screen(escapes: true)
      #expect(!escapes.contains("\u{1B}[32m") && !escapes.contains("\u{1B}[1m"), "\(command)")
      #expect(escapes.contains("✓ right: −0.010000"))
    }
  }

  @Test func ctrlCEndsTheQuizAtOnceAndTheRecordedRunIsWhole() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession("'\(binary)' quiz xor-mlp --db t.sqlite", in: directory)
    try session.wait(for: "[1/29]")
    try session.send("C-c")
    let screen = try session.wait(for: "EXIT=")
    #expect(screen.contains("EXIT=130"))
    #expect(!screen.contains("Score"))
    let runs = try ReportsCLI.run(["runs", "--db", "t.sqlite"], in: directory)
    #expect(runs.stdout.contains("completed"))
    let replay = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step", "999"], in: directory)
    #expect(replay.status == 0)
    #expect(replay.stdout.contains("━━ Step 999 "))
  }
}
