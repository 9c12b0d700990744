/// The symbols of the narration: units numbered from 1, layers as superscripts.
///
/// Formulas number units from 1, as textbooks do, while the trace's `i` and
/// `j` count from 0: `w₁₂⁽²⁾` is the weight from unit 1 of layer 1 to unit 2
/// of layer 2, the trace row with `layer = 2, j = 0, i = 1`.
public enum Notation {
  private static let subscripts: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
  private static let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]

  /// `n` in subscript digits.
  public static func subscripted(_ n: Int) -> String {
    String(String(n).map { c in c.wholeNumberValue.map { subscripts[$0] } ?? c })
  }

  /// `n` in superscript digits.
  public static func superscripted(_ n: Int) -> String {
    String(String(n).map { c in c.wholeNumberValue.map { superscripts[$0] } ?? c })
  }

  /// Unit indices (already 1-based) as a subscript: `₁₂`, or `₁₂,₃` when one has several digits.
  static func indices(_ numbers: [Int]) -> Tex {
    guard !numbers.isEmpty else { return Tex("") }
    let separator = numbers.contains { $0 >= 10 } ? "," : ""
    return Tex(
      numbers.map(subscripted).joined(separator: separator),
      latex: "_{" + numbers.map(String.init).joined(separator: separator) + "}")
  }

  /// The layer superscript `⁽ˡ⁾`.
  static func layer(_ l: Int) -> Tex {
    Tex("⁽" + superscripted(l) + "⁾", latex: "^{(\(l))}")
  }

  /// A symbol with 1-based indices and an optional layer: `w₁₂⁽²⁾`.
  public static func symbol(_ base: String, _ indices: [Int], layer: Int?) -> Tex {
    let latexBase = latexNames[base] ?? base
    var tex = Tex(base, latex: latexBase) + Self.indices(indices)
    if let layer { tex = tex + Self.layer(layer) }
    return tex
  }

  /// `∂L/∂s`, the derivative of the loss with respect to the symbol `s`.
  public static func derivative(of symbol: Tex) -> Tex {
    Tex("∂L/∂", latex: "\\partial L/\\partial ") + symbol
  }

  /// A symbol's optimizer state, e.g. `v[w₁₂⁽²⁾]`.
  public static func state(_ name: String, of symbol: Tex) -> Tex {
    Tex(name + "[", latex: (latexNames[name] ?? name) + "[") + symbol + Tex("]")
  }

  private static let latexNames: [String: String] = [
    "δ": "\\delta", "ŷ": "\\hat{y}", "m̂": "\\hat{m}", "v̂": "\\hat{v}", "η": "\\eta", "β": "\\beta",
    "ρ": "\\rho", "ε": "\\varepsilon", "σ": "\\sigma", "Σ": "\\sum", "∂L/∂a": "\\partial L/\\partial a",
  ]
}
