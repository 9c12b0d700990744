import Foundation
import Testing

@Suite struct ReplayCommandTests {
  static let lesson = """
    title: One step of backpropagation, by hand
    introduction: Two inputs, two hidden sigmoid units, one output.
    conclusion: Every number above came from the trace.
    layers: [2, 2, 1]
    activations: [sigmoid, sigmoid]
    loss: sse
    optimizer: {name: sgd, lr: 0.5}
    weights:
      - w: [[0.30, -0.20], [-0.10, 0.40]]
        b: [0.10, -0.10]
      - w: [[0.50], [-0.60]]
        b: [0.20]
    data:
      inputs: [[1.0, 2.0]]
      targets: [[1.0]]
    training: {epochs: 3}
    """

  @Test func aRunReplaysTheSameAfterItsLessonFileIsDeleted() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("by-hand.yaml")
    try Self.lesson.write(to: file, atomically: true, encoding: .utf8)
    let run = try ReportsCLI.run(["run", file.path, "--db", "t.sqlite", "--quiet"], in: directory)
    #expect(run.status == 0 && run.stdout == "1\n")
    let before = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite"], in: directory)
    try FileManager.default.removeItem(at: file)
    let after = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite"], in: directory)
    #expect(before.status == 0 && after.status == 0)
    #expect(after.stdout == before.stdout)
    #expect(
      after.stdout.contains("z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = 0.300000×1 + (−0.100000)×2 + 0.100000 = 0.200000"))
    #expect(after.stdout.contains("a₁⁽¹⁾ = σ(z₁⁽¹⁾) = σ(0.200000) = 1/(1 + e^−0.200000) = 0.549834"))
    #expect(after.stdout.contains("Every number above came from the trace."))
  }

  @Test func theWorkedExampleMatchesAHandComputation() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("by-hand.yaml")
    try Self.lesson.write(to: file, atomically: true, encoding: .utf8)
    _ = try ReportsCLI.run(["run", file.path, "--db", "t.sqlite", "--quiet"], in: directory)
    let replay = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step", "0"], in: directory)
    // By hand: z₂⁽¹⁾ = −0.2·1 + 0.4·2 − 0.1 = 0.5; a₁⁽¹⁾ = σ(0.2), a₂⁽¹⁾ = σ(0.5).
    let a1 = 1 / (1 + exp(-0.2))
    let a2 = 1 / (1 + exp(-0.5))
    let z = 0.5 * a1 - 0.6 * a2 + 0.2
    let out = 1 / (1 + exp(-z))
    let delta = (out - 1) * out * (1 - out)
    let gradient = a1 * delta
    // A formula longer than 100 columns is continued on a line indented four spaces more: join them back.
    var lines: [String] = []
    for line in replay.stdout.split(separator: "\n").map(String.init) {
      if line.hasPrefix("      "), let last = lines.last, last.hasPrefix("  ") && !last.hasPrefix("   ") {
        lines[lines.count - 1] = last + " " + line.drop { $0 == " " }
      } else {
        lines.append(line)
      }
    }
    func result(_ prefix: String) -> Double? {
      guard let line = lines.first(where: { $0.hasPrefix(prefix) }) else { return nil }
      let formula = line.components(separatedBy: "  [").first ?? line
      guard let last = formula.components(separatedBy: " = ").last else { return nil }
      return Double(last.replacingOccurrences(of: "−", with: "-"))
    }
    #expect(abs((result("  z₂⁽¹⁾ = ") ?? .nan) - 0.5) <= 5e-7)
    #expect(abs((result("  a₁⁽²⁾ = ") ?? .nan) - out) <= 5e-7)
    #expect(abs((result("  δ₁⁽²⁾ = ") ?? .nan) - delta) <= 5e-7)
    #expect(abs((result("  ∂L/∂w₁₁⁽²⁾ = ") ?? .nan) - gradient) <= 5e-7)
    #expect(abs((result("  w₁₁⁽²⁾ ← ") ?? .nan) - (0.5 - 0.5 * gradient)) <= 5e-7)
    #expect(lines.contains { $0.hasPrefix("  δ₁⁽²⁾ = ∂L/∂a₁⁽²⁾ × σ′(z₁⁽²⁾) = ") })
    #expect(!replay.stdout.contains("━━ Step 1 "))
  }

  @Test func filtersNarrowTheLinesAndBadFiltersAreRefused() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "3"], in: directory)
    let narrow = try ReportsCLI.run(
      ["replay", "latest", "--db", "t.sqlite", "--epoch", "1", "--layer", "2", "--kind", "a", "--kind", "delta"],
      in: directory)
    #expect(narrow.status == 0)
    let formulas = narrow.stdout.split(separator: "\n").filter {
      ($0.hasPrefix("  a") || $0.hasPrefix("  δ")) && $0.contains(" = ")
    }
    #expect(formulas.count == 8, "a and δ of the output unit for 4 rows: \(formulas)")
    #expect(narrow.stdout.contains("━━ Step 1 · epoch 1"))
    #expect(!narrow.stdout.contains("━━ Step 0 "))
    let unknown = try ReportsCLI.run(["replay", "latest", "--db", "t.sqlite", "--kind", "zz"], in: directory)
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("unknown kind 'zz'"))
    let missing = try ReportsCLI.run(["replay", "9", "--db", "t.sqlite"], in: directory)
    #expect(missing.status == 66)
    let none = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step", "99"], in: directory)
    #expect(none.status == 66)
    #expect(none.stdout.isEmpty)
    #expect(none.stderr.contains("has no step 99: it ran steps 0–2"), "\(none.stderr)")
  }

  @Test func aStepThatWasRunButNotRecordedIsRefusedWithWhatWasRecorded() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(
      ["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "5", "--first-steps", "1"], in: directory)
    let thinned = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step", "3"], in: directory)
    #expect(thinned.status == 66)
    #expect(thinned.stderr.contains("did not record every value of step 3"), "\(thinned.stderr)")
    #expect(thinned.stderr.contains("first 1 step"), "\(thinned.stderr)")
    let recorded = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step", "0"], in: directory)
    #expect(recorded.status == 0, "\(recorded.stderr)")
  }

  @Test func noColourWhenOutputIsNotATerminal() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let replay = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite"], in: directory)
    #expect(!replay.stdout.contains("\u{1B}["))
    #expect(replay.stdout.contains("w₁ ← w₁ + η·e·x₁"))
  }

  @Test func aBareStepNeverWaitsWhenInputIsNotATerminal() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let stepped = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite", "--step"], in: directory)
    let plain = try ReportsCLI.run(["replay", "1", "--db", "t.sqlite"], in: directory)
    #expect(stepped.status == 0)
    #expect(stepped.stdout == plain.stdout)
  }
}
