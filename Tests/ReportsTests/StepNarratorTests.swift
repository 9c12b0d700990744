import Foundation
import NeuralEngine
import Reports
import Testing
import Tracing

/// The narration cannot lie: every formula line of a replayed run recomputes from its own printed numbers.
@Suite struct StepNarratorTests {
  /// Replays every step of `yaml` in full and checks every line.
  func checkEveryLine(of yaml: String, name: String) throws -> (lines: [String], checked: Int) {
    let run = try RecordedRun(yaml, name: name)
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let narrator = ReplayNarrator(reader: reader, style: .plain, filter: NarrationFilter(), limits: .full, all: true)
    var text = ""
    try narrator.write(to: &text)
    let lines = text.split(separator: "\n").map(String.init)
    var checked = 0
    // Formula lines are the items of a section: indented by two spaces (tables by four).
    for line in lines where line.hasPrefix("  ") && !line.hasPrefix("    ") {
      switch FormulaChecker.check(line) {
      case .failed(let reason):
        Issue.record("\(name): \(reason)")
      case .checked(let segments):
        checked += segments
      case .unchecked:
        // Only identities may carry no arithmetic: `∂L/∂b = δ = v` (one row), `a = z = v` (linear).
        let formula = line.components(separatedBy: "  [").first ?? line
        #expect(
          formula.components(separatedBy: " = ").count == 3,
          "\(name): a formula line with no arithmetic to check: \(line)")
      case .notFinite:
        Issue.record("\(name): a non-finite value in a run that did not diverge: \(line)")
      case .notFormula:
        break
      }
    }
    return (lines, checked)
  }

  @Test(arguments: FixtureLessons.all.map(\.name))
  func everyFormulaLineRecomputesFromItsPrintedNumbers(lesson: String) throws {
    let yaml = try #require(FixtureLessons.all.first { $0.name == lesson }?.yaml)
    let (lines, checked) = try checkEveryLine(of: yaml, name: lesson)
    #expect(checked >= 30, "\(lesson): only \(checked) segments checked")
    #expect(lines.contains { $0.contains("━━ Step 0 ") })
  }

  @Test func narrationCoversEveryOptimizerStateAndEveryActivation() throws {
    var all: [String] = []
    for (name, yaml) in FixtureLessons.all {
      all += try checkEveryLine(of: yaml, name: name).lines
    }
    let text = all.joined(separator: "\n")
    for expected in [
      "σ(", "tanh(", "max(0, ", "leaky_relu(", "e^", "step(", "v[w", "s[w", "m[w", "m̂[w", "v̂[b", "⟨", "ln(",
      "relu′(z) = ", "∂L/∂a = 2(a − y)/2", "∂L/∂a = a − y", "cancels to a − y", "Σₖ ∂L/∂aₖ", "e = y − ŷ",
      "w₁ ← w₁ + η·e·x₁",
    ] {
      #expect(text.contains(expected), "no narration line contains \(expected)")
    }
  }

  @Test func wideLayersFoldTheirSumsAndSaySo() throws {
    let run = try RecordedRun(FixtureLessons.wide, name: "wide")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let step = try #require(try reader.step(0))
    let story = StepNarrator(configuration: reader.configuration).story(for: step)
    let lines = StoryText.render(story, style: .plain).split(separator: "\n").map(String.init)
    let z = try #require(lines.first { $0.hasPrefix("  z₁⁽¹⁾ = ") })
    #expect(z.contains("Σⱼ wⱼ₁⁽¹⁾xⱼ + b₁⁽¹⁾"))
    #expect(z.contains("⟨8 more terms, sum "), "12 inputs: 3 shown, 8 folded, 1 shown: \(z)")
    #expect(lines.contains { $0.contains("Units 5–10 of layer 1 are computed the same way") })
    #expect(lines.contains { $0.contains("The forward pass of the other 6 rows of this batch") })
    let gradient = try #require(lines.first { $0.hasPrefix("  ∂L/∂w₁₁⁽¹⁾ = ") })
    #expect(gradient.contains("⟨6 more terms, sum "), "a batch of 10: 3 shown, 6 folded, 1 shown: \(gradient)")
    #expect(lines.contains { $0.contains("parameters of layer 1 work the same way") })
  }

  @Test func unitsPrintOneBasedWhileTheTraceCountsFromZero() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let step = try #require(try reader.step(0))
    let story = StepNarrator(configuration: reader.configuration).story(for: step)
    let text = StoryText.render(story, style: .plain)
    // The weight from unit 1 of layer 1 to unit 1 of layer 2 is the trace row layer 2, j 0, i 0.
    let w = try #require(step.value(kind("w", .update), layer: 2, i: 0, j: 0))
    let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  w₁₁⁽²⁾ ← ") })
    #expect(line.hasSuffix(" = " + NumberFormat.value(w)))
    let w12 = try #require(step.value(kind("w", .initialization), layer: 1, i: 1, j: 0))
    let z2 = try #require(text.split(separator: "\n").first { $0.hasPrefix("  z₂⁽¹⁾ = ") })
    #expect(z2.contains(NumberFormat.value(w12) + "×"), "z₂⁽¹⁾ uses w₁₂⁽¹⁾, the trace's j 0 i 1: \(z2)")
  }

  @Test func filtersKeepOnlyTheChosenLines() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let step = try #require(try reader.step(1))
    let narrator = StepNarrator(
      configuration: reader.configuration, filter: NarrationFilter(sample: 2, layer: 1, kinds: ["z", "delta"]))
    let lines = StoryText.render(narrator.story(for: step), style: .plain).split(separator: "\n").map(String.init)
    let formulas = lines.filter { $0.hasPrefix("  ") && $0.contains(" = ") }
    #expect(formulas.count == 4, "z and δ of the two units of layer 1, data row 2 only: \(formulas)")
    #expect(formulas.allSatisfy { $0.hasPrefix("  z") || $0.hasPrefix("  δ") })
    #expect(formulas.allSatisfy { $0.contains("⁽¹⁾ = ") })
    #expect(lines.contains { $0.hasPrefix("Forward pass · data row 2") })
    #expect(!lines.contains { $0.hasPrefix("Forward pass · data row 0") })
  }

  @Test func anIncompleteStepSaysWhereItStops() throws {
    let yaml = """
      title: Explodes
      layers: [2, 2, 1]
      activations: [linear, linear]
      loss: mse
      optimizer: {name: sgd, lr: 1.0e10}
      init: {name: xavier, seed: 1}
      data: {inputs: [[1, 2], [3, -1]], targets: [[1], [0]]}
      training: {epochs: 20}
      """
    let run = try RecordedRun(yaml, name: "diverges")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    #expect(reader.run.status == "diverged")
    var text = ""
    try ReplayNarrator(reader: reader, style: .plain, filter: NarrationFilter(), limits: .full, all: true)
      .write(to: &text)
    #expect(text.contains("Diverged: "))
    for line in text.split(separator: "\n") {
      if case .failed(let reason) = FormulaChecker.check(String(line)) { Issue.record("\(reason)") }
    }
  }
}

private func kind(_ name: String, _ phase: Phase) -> TraceKind {
  guard let kind = TraceKind.named(name, in: phase) else { preconditionFailure("this build has no kind \(name)") }
  return kind
}
