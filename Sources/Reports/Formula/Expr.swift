/// The arithmetic of one narration segment, spelled out with the numbers that went into it.
///
/// An expression is spelled in Unicode for the terminal and in LaTeX for the
/// Markdown report. Unicode spelling follows fixed rules a reader (or a
/// test) can parse back: `×` and `/` bind tighter than `+` and `−`, a
/// negative number inside a product is put in parentheses (`0.5×(−0.03)`),
/// `e^x` is the exponential, `√x` the square root, `x²` a power, and
/// `⟨n more terms, sum s⟩` stands for the `n` terms of a long sum that are
/// not shown, `s` being their total.
public indirect enum Expr: Sendable, Equatable {
  /// A recorded value (6 decimals), in the colour of its role.
  case number(Double, Role)
  /// A setting such as the learning rate, printed exactly.
  case setting(Double)
  /// An exact integer.
  case integer(Int)
  /// `a + b + c` (negative plain terms are written as subtractions).
  case sum([Expr])
  /// `a − b`.
  case difference(Expr, Expr)
  /// `a×b×c`.
  case product([Expr])
  /// `a × b`: a product written with spaces, for the chain rule's factors.
  case chain([Expr])
  /// `a/b`.
  case quotient(Expr, Expr)
  /// `f(x)` or `f(x, y)`.
  case call(Function, [Expr])
  /// `e^x`.
  case exp(Expr)
  /// `x²`.
  case power(Expr, Int)
  /// `√x`.
  case sqrt(Expr)
  /// `−x`.
  case negate(Expr)
  /// `(x)`: parentheses kept whatever the context.
  case group(Expr)
  /// `⟨n more terms, sum s⟩`: the terms of a long sum left out, and their total.
  case more(count: Int, sum: Double, Role)

  /// The functions a narration line may call.
  public enum Function: String, Sendable, Equatable {
    /// The logistic sigmoid `1/(1 + e^−z)`.
    case sigma = "σ"
    /// The hyperbolic tangent.
    case tanh
    /// The natural logarithm.
    case ln
    /// The larger argument.
    case max
    /// The perceptron's threshold: 1 if z ≥ 0 else 0.
    case step

    var latex: String {
      switch self {
      case .sigma: "\\sigma"
      case .tanh: "\\tanh"
      case .ln: "\\ln"
      case .max: "\\max"
      case .step: "\\operatorname{step}"
      }
    }
  }

  /// Where an expression sits, which decides whether it needs parentheses.
  enum Context {
    case top, sumTerm, factor, numerator, denominator, base, exponent, radicand, subtrahend, negated
  }

  /// The terms of a sum, the middle ones folded into `⟨n more terms, sum s⟩`
  /// when there are more than `limit`: the first three and the last stay.
  ///
  /// - Parameters:
  ///   - terms: the terms with the value each stands for.
  ///   - limit: the most terms written out.
  ///   - role: the colour of the folded total.
  static func abbreviated(_ terms: [(expr: Expr, value: Double)], limit: Int = 8, role: Role = .plain) -> [Expr] {
    guard terms.count > limit else { return terms.map(\.expr) }
    let middle = terms.dropFirst(3).dropLast()
    var total = 0.0
    for term in middle { total += term.value }
    return terms.prefix(3).map(\.expr) + [.more(count: middle.count, sum: total, role), terms[terms.count - 1].expr]
  }

  /// A sum of `terms`, or the term itself when there is one.
  static func sumOf(_ terms: [Expr]) -> Expr {
    terms.count == 1 ? terms[0] : .sum(terms)
  }

  /// Whether a sum was folded by ``abbreviated(_:limit:role:)``.
  var isAbbreviated: Bool {
    switch self {
    case .more: return true
    case .sum(let terms): return terms.contains { $0.isAbbreviated }
    case .difference(let a, let b), .quotient(let a, let b): return a.isAbbreviated || b.isAbbreviated
    case .product(let factors), .chain(let factors): return factors.contains { $0.isAbbreviated }
    case .call(_, let arguments): return arguments.contains { $0.isAbbreviated }
    case .exp(let x), .power(let x, _), .sqrt(let x), .negate(let x), .group(let x): return x.isAbbreviated
    case .number, .setting, .integer: return false
    }
  }

  private var isNegativeLiteral: Bool {
    switch self {
    case .number(let x, _), .setting(let x): x < 0
    case .integer(let n): n < 0
    default: false
    }
  }

  private var isNonNegativeLiteral: Bool {
    switch self {
    case .number, .setting, .integer: !isNegativeLiteral
    default: false
    }
  }

  /// The expression negated, for writing `a + (−b)` as `a − b`.
  private var magnitude: Expr? {
    switch self {
    case .number(let x, let role) where x < 0: .number(-x, role)
    case .setting(let x) where x < 0: .setting(-x)
    case .integer(let n) where n < 0: .integer(-n)
    case .negate(let x): x
    default: nil
    }
  }

  // MARK: Unicode

  /// The Unicode spelling, numbers painted by `style`.
  public func text(_ style: TextStyle = .plain) -> String {
    text(in: .top, style)
  }

  func text(in context: Context, _ style: TextStyle) -> String {
    let body: String
    var needsParentheses = false
    switch self {
    case .number(let x, let role):
      body = style.paint(NumberFormat.value(x), role)
      needsParentheses = x < 0 && [.factor, .base, .denominator, .subtrahend, .negated, .radicand].contains(context)
    case .setting(let x):
      body = style.paint(NumberFormat.setting(x), .setting)
      needsParentheses = x < 0 && [.factor, .base, .denominator, .subtrahend, .negated, .radicand].contains(context)
    case .integer(let n):
      body = (n < 0 ? "−" : "") + String(abs(n))
      needsParentheses = n < 0 && [.factor, .base, .denominator, .subtrahend, .negated, .radicand].contains(context)
    case .sum(let terms):
      var out = ""
      for (k, term) in terms.enumerated() {
        if k == 0 {
          out = term.text(in: .sumTerm, style)
        } else if let positive = term.magnitude {
          out += " − " + positive.text(in: .subtrahend, style)
        } else {
          out += " + " + term.text(in: .sumTerm, style)
        }
      }
      body = out
      needsParentheses = [.factor, .base, .denominator, .subtrahend, .negated, .radicand, .numerator, .exponent]
        .contains(context)
    case .difference(let a, let b):
      body = a.text(in: .sumTerm, style) + " − " + b.text(in: .subtrahend, style)
      needsParentheses = [.factor, .base, .denominator, .subtrahend, .negated, .radicand, .numerator, .exponent]
        .contains(context)
    case .product(let factors):
      body = factors.map { $0.text(in: .factor, style) }.joined(separator: "×")
      needsParentheses = [.base, .denominator, .negated, .radicand, .exponent].contains(context)
    case .chain(let factors):
      body = factors.map { $0.text(in: .factor, style) }.joined(separator: " × ")
      needsParentheses = [.factor, .base, .denominator, .negated, .radicand, .exponent].contains(context)
    case .quotient(let a, let b):
      body = a.text(in: .numerator, style) + "/" + b.text(in: .denominator, style)
      needsParentheses = [.factor, .base, .denominator, .negated, .radicand, .exponent].contains(context)
    case .call(let function, let arguments):
      body = function.rawValue + "(" + arguments.map { $0.text(in: .top, style) }.joined(separator: ", ") + ")"
    case .exp(let x):
      body = "e^" + x.text(in: .exponent, style)
      needsParentheses = [.base].contains(context)
    case .power(let x, let n):
      body = x.text(in: .base, style) + Notation.superscripted(n)
    case .sqrt(let x):
      body = "√" + x.text(in: .radicand, style)
    case .negate(let x):
      body = "−" + x.text(in: .negated, style)
      needsParentheses = [.factor, .base, .denominator, .subtrahend, .negated, .radicand].contains(context)
    case .group(let x):
      body = "(" + x.text(in: .top, style) + ")"
    case .more(let count, let sum, let role):
      body = "⟨\(count) more terms, sum \(style.paint(NumberFormat.value(sum), role))⟩"
    }
    if case .exponent = context, !isLiteral, !needsParentheses {
      switch self {
      case .group, .call: return body
      default: return "(" + body + ")"
      }
    }
    return needsParentheses ? "(" + body + ")" : body
  }

  private var isLiteral: Bool {
    switch self {
    case .number, .setting, .integer: true
    default: false
    }
  }

  // MARK: LaTeX

  /// The LaTeX spelling, for GitHub's math blocks.
  public var latex: String { latex(in: .top) }

  func latex(in context: Context) -> String {
    let body: String
    var needsParentheses = false
    switch self {
    case .number(let x, _):
      body = NumberFormat.latex(NumberFormat.value(x))
      needsParentheses = x < 0 && [.factor, .base, .subtrahend, .negated].contains(context)
    case .setting(let x):
      body = NumberFormat.latex(NumberFormat.setting(x))
      needsParentheses = x < 0 && [.factor, .base, .subtrahend, .negated].contains(context)
    case .integer(let n):
      body = String(n)
      needsParentheses = n < 0 && [.factor, .base, .subtrahend, .negated].contains(context)
    case .sum(let terms):
      var out = ""
      for (k, term) in terms.enumerated() {
        if k == 0 {
          out = term.latex(in: .sumTerm)
        } else if let positive = term.magnitude {
          out += " - " + positive.latex(in: .subtrahend)
        } else {
          out += " + " + term.latex(in: .sumTerm)
        }
      }
      body = out
      needsParentheses = [.factor, .base, .subtrahend, .negated].contains(context)
    case .difference(let a, let b):
      body = a.latex(in: .sumTerm) + " - " + b.latex(in: .subtrahend)
      needsParentheses = [.factor, .base, .subtrahend, .negated].contains(context)
    case .product(let factors), .chain(let factors):
      body = factors.map { $0.latex(in: .factor) }.joined(separator: " \\times ")
      needsParentheses = [.base, .negated].contains(context)
    case .quotient(let a, let b):
      body = "\\frac{" + a.latex(in: .top) + "}{" + b.latex(in: .top) + "}"
    case .call(let function, let arguments):
      body = function.latex + "\\left(" + arguments.map { $0.latex(in: .top) }.joined(separator: ", ") + "\\right)"
    case .exp(let x):
      body = "e^{" + x.latex(in: .top) + "}"
    case .power(let x, let n):
      body = "{" + x.latex(in: .base) + "}^{\(n)}"
    case .sqrt(let x):
      body = "\\sqrt{" + x.latex(in: .top) + "}"
    case .negate(let x):
      body = "-" + x.latex(in: .negated)
      needsParentheses = [.factor, .base, .subtrahend, .negated].contains(context)
    case .group(let x):
      body = "\\left(" + x.latex(in: .top) + "\\right)"
    case .more(let count, let sum, _):
      body =
        "\\langle \\text{\(count) more terms, sum } " + NumberFormat.latex(NumberFormat.value(sum)) + " \\rangle"
    }
    return needsParentheses ? "\\left(" + body + "\\right)" : body
  }
}
