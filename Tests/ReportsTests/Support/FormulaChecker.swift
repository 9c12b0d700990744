import Foundation
import Reports

/// Re-does the arithmetic of a narration line from the numbers printed on it, in interval arithmetic.
///
/// Every printed number stands for the interval of values that print that
/// way: ±0.5×10⁻⁶ for six decimals (and for settings such as 0.5, which are
/// exact and so inside it), ±half a unit of the last mantissa digit in
/// e-notation, and exactly itself for a whole number. Each numeric segment
/// of a line is evaluated over those intervals, rounding outward, and must
/// overlap the interval of the printed result.
struct FormulaChecker {
  struct Interval: CustomStringConvertible {
    var lo: Double
    var hi: Double

    init(_ lo: Double, _ hi: Double) {
      self.lo = lo.isNaN ? -.infinity : lo
      self.hi = hi.isNaN ? .infinity : hi
    }

    init(exactly x: Double) { self.init(x, x) }

    /// Widened by two units in the last place each way, for the rounding of the operation that made it.
    var outward: Interval { Interval(lo.nextDown.nextDown, hi.nextUp.nextUp) }

    var description: String { "[\(lo), \(hi)]" }

    static func + (a: Interval, b: Interval) -> Interval { Interval(a.lo + b.lo, a.hi + b.hi).outward }
    static func - (a: Interval, b: Interval) -> Interval { Interval(a.lo - b.hi, a.hi - b.lo).outward }
    static prefix func - (a: Interval) -> Interval { Interval(-a.hi, -a.lo) }
    static func * (a: Interval, b: Interval) -> Interval {
      let products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map { $0.isNaN ? 0 : $0 }
      return Interval(products.min() ?? 0, products.max() ?? 0).outward
    }
    static func / (a: Interval, b: Interval) -> Interval {
      if b.lo <= 0 && b.hi >= 0 { return Interval(-.infinity, .infinity) }
      return a * Interval(1 / b.hi, 1 / b.lo).outward
    }
    func monotone(_ f: (Double) -> Double) -> Interval { Interval(f(lo), f(hi)).outward }
    func power(_ n: Int) -> Interval {
      let a = Foundation.pow(lo, Double(n))
      let b = Foundation.pow(hi, Double(n))
      if n % 2 == 0 && lo <= 0 && hi >= 0 { return Interval(0, max(a, b)).outward }
      return Interval(min(a, b), max(a, b)).outward
    }
  }

  enum Outcome: Equatable {
    /// Not a formula line.
    case notFormula
    /// A formula whose result could not be checked (NaN or infinity printed).
    case notFinite
    /// A formula with no numeric segment.
    case unchecked
    /// Every numeric segment checked.
    case checked(segments: Int)
    /// A segment that does not give the result.
    case failed(String)
  }

  enum Token: Equatable {
    case number(Double, half: Double)
    case minus, plus, times, divide, open, close, comma, caret, root
    case superscript(Int)
    case identifier(String)
    case more(Double, half: Double)
    case symbol
  }

  static let superscriptDigits: [Character: Int] = [
    "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9,
  ]

  /// Checks one line of narration.
  static func check(_ rawLine: String) -> Outcome {
    var line = TextStyle.strip(rawLine).trimmingCharacters(in: .whitespaces)
    if line.hasSuffix("]"), let open = line.range(of: "  [", options: .backwards) {
      line = String(line[..<open.lowerBound])
    }
    line = line.replacingOccurrences(of: " ← ", with: " = ")
    let segments = line.components(separatedBy: " = ")
    guard segments.count >= 2 else { return .notFormula }
    let resultText = segments[segments.count - 1]
    if ["NaN", "∞", "−∞"].contains(resultText) { return .notFinite }
    guard let resultTokens = tokenize(resultText), resultTokens.count == 1 || resultTokens.count == 2,
      let result = Parser.evaluate(resultTokens)
    else { return .notFormula }
    if case .number = resultTokens.last {} else { return .notFormula }
    var checked = 0
    for segment in segments.dropFirst().dropLast() {
      if segment.contains("NaN") || segment.contains("∞") { return .notFinite }
      guard let tokens = tokenize(segment), !tokens.contains(.symbol) else { continue }
      if tokens.contains(where: {
        if case .identifier(let name) = $0 { return !Parser.functions.contains(name) } else { return false }
      }) {
        continue
      }
      guard let value = Parser.evaluate(tokens) else {
        return .failed("cannot parse '\(segment)' in: \(line)")
      }
      guard value.lo <= result.hi && value.hi >= result.lo else {
        return .failed("'\(segment)' gives \(value), not \(resultText) \(result), in: \(line)")
      }
      checked += 1
    }
    return checked == 0 ? .unchecked : .checked(segments: checked)
  }

  /// The tokens of `text`, or `nil` if it holds a character no formula uses.
  static func tokenize(_ text: String) -> [Token]? {
    var tokens: [Token] = []
    let characters = Array(text)
    var k = 0
    while k < characters.count {
      let c = characters[k]
      if c == " " {
        k += 1
        continue
      }
      if c.isASCII && c.isNumber {
        var end = k
        while end < characters.count && (characters[end].isASCII && characters[end].isNumber || characters[end] == ".")
        {
          end += 1
        }
        let mantissa = String(characters[k..<end])
        var exponent = 0
        var hasExponent = false
        if end + 1 < characters.count && characters[end] == "e"
          && (characters[end + 1] == "-" || characters[end + 1] == "+")
        {
          var digitsEnd = end + 2
          while digitsEnd < characters.count && characters[digitsEnd].isASCII && characters[digitsEnd].isNumber {
            digitsEnd += 1
          }
          exponent = Int(String(characters[(end + 1)..<digitsEnd])) ?? 0
          hasExponent = true
          end = digitsEnd
        }
        guard let m = Double(mantissa) else { return nil }
        let decimals = mantissa.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        let value = m * Foundation.pow(10, Double(exponent))
        let half: Double
        if hasExponent {
          half = 0.5 * Foundation.pow(10, Double(exponent - decimals))
        } else if mantissa.contains(".") {
          half = 0.5e-6
        } else {
          half = 0
        }
        tokens.append(.number(value, half: half))
        k = end
        continue
      }
      if let digit = superscriptDigits[c] {
        var n = digit
        var end = k + 1
        while end < characters.count, let next = superscriptDigits[characters[end]] {
          n = n * 10 + next
          end += 1
        }
        tokens.append(.superscript(n))
        k = end
        continue
      }
      switch c {
      case "−", "-": tokens.append(.minus)
      case "+": tokens.append(.plus)
      case "×": tokens.append(.times)
      case "/": tokens.append(.divide)
      case "(": tokens.append(.open)
      case ")": tokens.append(.close)
      case ",": tokens.append(.comma)
      case "^": tokens.append(.caret)
      case "√": tokens.append(.root)
      case "⟨":
        guard let close = characters[k...].firstIndex(of: "⟩") else { return nil }
        let inside = String(characters[(k + 1)..<close])
        guard let range = inside.range(of: "sum "), let sumTokens = tokenize(String(inside[range.upperBound...])),
          let total = Parser.evaluate(sumTokens)
        else { return nil }
        tokens.append(.more((total.lo + total.hi) / 2, half: (total.hi - total.lo) / 2))
        k = close + 1
        continue
      default:
        if c.isLetter || c == "′" || c == "_" {
          var end = k
          while end < characters.count
            && (characters[end].isLetter || characters[end] == "′" || characters[end] == "_"
              || "₀₁₂₃₄₅₆₇₈₉⁽⁾ᵢⱼₖₛₘ".contains(characters[end]))
          {
            end += 1
          }
          tokens.append(.identifier(String(characters[k..<end])))
          k = end
          continue
        }
        tokens.append(.symbol)
      }
      k += 1
    }
    return tokens
  }

  struct ParseError: Error {}

  struct Parser {
    static let functions: Set<String> = ["σ", "tanh", "ln", "max", "step", "e"]
    let tokens: [Token]
    var position = 0

    init(tokens: [Token]) { self.tokens = tokens }

    static func evaluate(_ tokens: [Token]) -> Interval? {
      var parser = Parser(tokens: tokens)
      return try? parser.parseAll()
    }

    mutating func parseAll() throws -> Interval {
      let value = try expression()
      guard position == tokens.count else { throw ParseError() }
      return value
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func expression() throws -> Interval {
      var value = try term()
      while let token = peek, token == .plus || token == .minus {
        position += 1
        let right = try term()
        value = token == .plus ? value + right : value - right
      }
      return value
    }

    mutating func term() throws -> Interval {
      var value = try unary()
      while let token = peek, token == .times || token == .divide {
        position += 1
        let right = try unary()
        value = token == .times ? value * right : value / right
      }
      return value
    }

    mutating func unary() throws -> Interval {
      if peek == .minus {
        position += 1
        return -(try unary())
      }
      return try postfix()
    }

    mutating func postfix() throws -> Interval {
      var value = try primary()
      while case .superscript(let n) = peek {
        position += 1
        value = value.power(n)
      }
      return value
    }

    mutating func primary() throws -> Interval {
      guard let token = peek else { throw ParseError() }
      position += 1
      switch token {
      case .number(let x, let half), .more(let x, let half):
        return Interval(x - half, x + half)
      case .open:
        let value = try expression()
        guard peek == .close else { throw ParseError() }
        position += 1
        return value
      case .root:
        let value = try postfix()
        return Interval(Swift.max(0, value.lo), Swift.max(0, value.hi)).monotone { $0.squareRoot() }
      case .identifier("e"):
        guard peek == .caret else { throw ParseError() }
        position += 1
        var negative = false
        if peek == .minus {
          negative = true
          position += 1
        }
        var exponent = try primary()
        if negative { exponent = -exponent }
        return exponent.monotone { Foundation.exp($0) }
      case .identifier(let name):
        guard peek == .open else { throw ParseError() }
        position += 1
        var arguments = [try expression()]
        while peek == .comma {
          position += 1
          arguments.append(try expression())
        }
        guard peek == .close else { throw ParseError() }
        position += 1
        let x = arguments[0]
        switch (name, arguments.count) {
        case ("σ", 1): return x.monotone { 1 / (1 + Foundation.exp(-$0)) }
        case ("tanh", 1): return x.monotone { Foundation.tanh($0) }
        case ("ln", 1): return x.monotone { $0 <= 0 ? -.infinity : Foundation.log($0) }
        case ("step", 1): return x.monotone { $0 >= 0 ? 1 : 0 }
        case ("max", 2):
          let y = arguments[1]
          return Interval(Swift.max(x.lo, y.lo), Swift.max(x.hi, y.hi))
        default: throw ParseError()
        }
      default:
        throw ParseError()
      }
    }
  }
}
