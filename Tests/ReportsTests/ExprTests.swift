import Reports
import Testing

@Suite struct ExprTests {
  @Test func negativeFactorsAreParenthesisedAndNegativeTermsSubtracted() {
    let z = Expr.sum([
      .product([.number(0.3, .parameter), .number(1, .input)]),
      .product([.number(-0.1, .parameter), .number(2, .input)]),
      .number(-0.1, .parameter),
    ])
    #expect(z.text() == "0.300000×1 + (−0.100000)×2 − 0.100000")
  }

  @Test func sigmoidIsSpelledAsTheIssueWritesIt() {
    let a = Expr.quotient(.integer(1), .sum([.integer(1), .exp(.number(-0.2, .activation))]))
    #expect(a.text() == "1/(1 + e^−0.200000)")
    #expect(a.latex == "\\frac{1}{1 + e^{-0.200000}}")
  }

  @Test func theChainRuleKeepsItsFactorsApart() {
    let delta = Expr.chain([
      .difference(.number(0.7, .activation), .number(1, .input)),
      .product([.number(0.7, .activation), .difference(.integer(1), .number(0.7, .activation))]),
    ])
    #expect(delta.text() == "(0.700000 − 1) × 0.700000×(1 − 0.700000)")
  }

  @Test func updatesReadAsOldValueMinusTheStep() {
    let update = Expr.difference(.number(0.5, .parameter), .product([.setting(0.5), .number(-0.03464, .gradient)]))
    #expect(update.text() == "0.500000 − 0.5×(−0.034640)")
  }

  @Test func powersAndRootsTakeParenthesesOnlyWhenNeeded() {
    #expect(Expr.power(.number(-0.03, .gradient), 2).text() == "(−0.030000)²")
    #expect(Expr.power(.setting(0.9), 12).text() == "0.9¹²")
    #expect(Expr.sqrt(.number(0.25, .update)).text() == "√0.250000")
    #expect(Expr.sqrt(.sum([.number(0.25, .update), .setting(1e-8)])).text() == "√(0.250000 + 1e-08)")
  }

  @Test func coloursPaintOnlyNumbersAndStripCleanly() {
    let expr = Expr.product([.number(0.3, .parameter), .number(1, .input)])
    let colored = expr.text(TextStyle(colored: true))
    #expect(colored.contains("\u{1B}[33m0.300000\u{1B}[0m"))
    #expect(colored.contains("\u{1B}[36m1\u{1B}[0m"))
    #expect(TextStyle.strip(colored) == expr.text())
  }
}
