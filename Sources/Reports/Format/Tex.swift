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
    Tex(words, latex: "\\text{\(escapeText(words))}")
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
