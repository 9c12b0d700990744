import Testing

/// The checker used by the narration's truth test must be able to fail.
@Suite struct FormulaCheckerTests {
  @Test func acceptsTheIssuesExamples() {
    for line in [
      "z₁⁽¹⁾ = w·x + b = 0.300000×1 + (−0.100000)×2 + 0.100000 = 0.200000",
      "a₁⁽¹⁾ = σ(z) = σ(0.200000) = 1/(1 + e^−0.200000) = 0.549834",
      "δ₁⁽²⁾ = ∂L/∂a × σ′(z) = (0.700000 − 1) × 0.700000×(1 − 0.700000) = (−0.300000) × 0.210000 = −0.063000",
      "∂L/∂w₁₁⁽²⁾ = a₁⁽¹⁾δ₁⁽²⁾ = 0.549834×(−0.063000) = −0.034640",
      "w₁₁⁽²⁾ ← w − η·g = 0.500000 − 0.5×(−0.034640) = 0.500000 + 0.017320 = 0.517320",
      "L = −ln(1 − 0.438130) = 0.576485  [y = 0: only ln(1 − a) remains]",
      "x = ⟨12 more terms, sum 1.500000⟩ + 0.250000 = 1.750000",
    ] {
      guard case .checked = FormulaChecker.check(line) else {
        Issue.record("not checked: \(line) → \(FormulaChecker.check(line))")
        continue
      }
    }
  }

  @Test func rejectsAWrongResult() {
    let outcome = FormulaChecker.check("a₁⁽¹⁾ = σ(z) = σ(0.200000) = 1/(1 + e^−0.200000) = 0.549900")
    guard case .failed = outcome else {
      Issue.record("a result off by 7e-5 passed: \(outcome)")
      return
    }
  }

  @Test func rejectsAWrongOperandInOneSegment() {
    let outcome = FormulaChecker.check(
      "w₁₁⁽²⁾ ← w − η·g = 0.500000 − 0.5×(−0.034640) = 0.500000 + 0.017330 = 0.517320")
    guard case .failed = outcome else {
      Issue.record("a wrong change passed: \(outcome)")
      return
    }
  }

  @Test func roundingWithinThePrintedPrecisionIsAccepted() {
    // 0.1234565 × 2 = 0.246913, printed operands are off by up to 5e-7 each.
    #expect(FormulaChecker.check("p = 0.123457×2 = 0.246913") == .checked(segments: 1))
  }

  @Test func linesWithoutArithmeticAreNotFormulas() {
    #expect(FormulaChecker.check("Forward pass · data row 0 · x = (0, 0)") == .notFormula)
    #expect(FormulaChecker.check("∂L/∂b₁⁽²⁾ = δ₁⁽²⁾ = 0.131104") == .unchecked)
  }
}
