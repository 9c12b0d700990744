/// One line of worked arithmetic: a symbol, its formula, the formula with numbers, the result.
///
/// Spelled in Unicode it reads
/// ```
/// δ₁⁽²⁾ = ∂L/∂a × σ′(z) = (0.700000 − 1.000000) × 0.700000×(1 − 0.700000) = −0.063000
/// w₁₁⁽²⁾ ← w − η·g = 0.500000 − 0.5×(−0.034640) = 0.500000 + 0.017320 = 0.517320
/// ```
/// Every numeric segment evaluates, from the numbers printed in it, to the
/// printed result within the printed precision; an optional comment in
/// square brackets at the end explains a step in words.
public struct Formula: Sendable, Equatable {
  /// What is computed, e.g. `z₁⁽¹⁾`.
  public var lhs: Tex
  /// The colour of the left-hand side.
  public var role: Role
  /// `←` (a parameter is overwritten) instead of `=`.
  public var assigns: Bool
  /// The formula in symbols, e.g. `w·x + b`; may be empty.
  public var symbolic: [Tex]
  /// The formula with numbers, one or more forms.
  public var numeric: [Expr]
  /// The result: the value recorded in the trace.
  public var result: Expr
  /// Words explaining a step, printed in square brackets after the line.
  public var comment: String?

  /// A formula line.
  public init(
    _ lhs: Tex, role: Role, assigns: Bool = false, symbolic: [Tex] = [], numeric: [Expr], result: Expr,
    comment: String? = nil
  ) {
    self.lhs = lhs
    self.role = role
    self.assigns = assigns
    self.symbolic = symbolic
    self.numeric = numeric
    self.result = result
    self.comment = comment
  }

  /// The numeric forms worth printing: a form that is just the result again (`a = z = 0.5 = 0.5`) is left out.
  var shownNumeric: [Expr] {
    numeric.filter { $0.text() != result.text() }
  }

  /// The line in Unicode, numbers painted by `style`.
  public func text(_ style: TextStyle = .plain) -> String {
    var parts = symbolic.map(\.text)
    parts += shownNumeric.map { $0.text(style) }
    parts.append(result.text(style))
    var line = style.paint(lhs.text, role) + (assigns ? " ← " : " = ") + parts.joined(separator: " = ")
    if let comment { line += "  " + style.dim("[\(comment)]") }
    return line
  }

  /// The line as one row of a LaTeX `aligned` block: `lhs &= … = result`.
  public var latex: String {
    var parts = symbolic.map(\.latex)
    parts += shownNumeric.map(\.latex)
    parts.append(result.latex)
    var line = lhs.latex + (assigns ? " &\\leftarrow " : " &= ") + parts.joined(separator: " = ")
    if let comment { line += " \\quad " + Tex.latexWords("[\(comment)]") }
    return line
  }
}
