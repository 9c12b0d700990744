/// A piece of notation in two spellings: Unicode for the terminal, LaTeX for Markdown math.
public struct Tex: Sendable, Equatable {
  /// The Unicode spelling, e.g. `w₁₂⁽²⁾`.
  public var text: String
  /// The LaTeX spelling, e.g. `w_{12}^{(2)}`.
  public var latex: String

  /// Notation spelled differently in each form.
  public init(_ text: String, latex: String) {
    self.text = text
    self.latex = latex
  }

  /// Notation spelled the same in both forms (plain letters, digits and ASCII operators).
  public init(_ plain: String) {
    self.text = plain
    self.latex = plain
  }

  /// The two pieces side by side.
  public static func + (lhs: Tex, rhs: Tex) -> Tex {
    Tex(lhs.text + rhs.text, latex: lhs.latex + rhs.latex)
  }

  /// The pieces joined by `separator`.
  public static func joined(_ pieces: [Tex], separator: Tex) -> Tex {
    guard var result = pieces.first else { return Tex("") }
    for piece in pieces.dropFirst() { result = result + separator + piece }
    return result
  }

  /// ` + `
  public static let plus = Tex(" + ")
  /// ` − `
  public static let minus = Tex(" − ", latex: " - ")
  /// ` × `
  public static let times = Tex(" × ", latex: " \\times ")
  /// `·`
  public static let dot = Tex("·", latex: " \\cdot ")
  /// `η`, the learning rate.
  public static let eta = Tex("η", latex: "\\eta ")
  /// `σ`
  public static let sigma = Tex("σ", latex: "\\sigma")
  /// `Σ`
  public static let sum = Tex("Σ", latex: "\\sum")

  /// Text in LaTeX's `\text{…}`, the same words in Unicode.
  public static func words(_ words: String) -> Tex {
    Tex(words, latex: latexWords(words))
  }

  /// Words with Unicode math in them (`1 if z ≥ 0`, `σ′(z) = a(1 − a)`) as LaTeX:
  /// the words in `\text{…}`, the symbols in math mode.
  static func latexWords(_ words: String) -> String {
    var out = ""
    var text = ""
    func flushText() {
      if !text.isEmpty { out += "\\text{\(escapeText(text))}" }
      text = ""
    }
    var k = words.startIndex
    while k < words.endIndex {
      let c = words[k]
      if let digits = Self.scripted(words, from: k, table: Self.subscriptDigits) {
        flushText()
        out += "_{\(digits.text)}"
        k = digits.end
        continue
      }
      if let digits = Self.scripted(words, from: k, table: Self.superscriptDigits) {
        flushText()
        out += "^{\(digits.text)}"
        k = digits.end
        continue
      }
      if let symbol = Self.mathSymbols[c] {
        flushText()
        out += symbol
      } else if c.isASCII {
        text.append(c)
      } else {
        flushText()
        out += "\\text{?}"
      }
      k = words.index(after: k)
    }
    flushText()
    return out
  }

  private static let subscriptDigits: [Character: Character] = [
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9", "ᵢ": "i",
    "ⱼ": "j", "ₖ": "k", "ₛ": "s", "ₘ": "m",
  ]
  private static let superscriptDigits: [Character: Character] = [
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁽": "(",
    "⁾": ")", "ᵗ": "t",
  ]
  private static let mathSymbols: [Character: String] = [
    "≥": "\\geq ", "≤": "\\leq ", "≠": "\\neq ", "∂": "\\partial ", "σ": "\\sigma", "′": "'", "×": "\\times ",
    "−": "-", "η": "\\eta ", "ρ": "\\rho ", "β": "\\beta ", "ε": "\\varepsilon ", "δ": "\\delta ",
    "ŷ": "\\hat{y}", "·": "\\cdot ", "Σ": "\\sum ", "→": "\\to ", "∞": "\\infty ", "√": "\\surd ", "½": "\\tfrac{1}{2}",
  ]

  private static func scripted(_ words: String, from start: String.Index, table: [Character: Character]) -> (
    text: String, end: String.Index
  )? {
    var k = start
    var text = ""
    while k < words.endIndex, let mapped = table[words[k]] {
      text.append(mapped)
      k = words.index(after: k)
    }
    return text.isEmpty ? nil : (text, k)
  }

  /// Escapes characters that LaTeX's text mode treats specially.
  static func escapeText(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "_": out += "\\_"
      case "%": out += "\\%"
      case "&": out += "\\&"
      case "#": out += "\\#"
      case "$": out += "\\$"
      case "{": out += "\\{"
      case "}": out += "\\}"
      case "−": out += "-"
      default: out.append(c)
      }
    }
    return out
  }
}
