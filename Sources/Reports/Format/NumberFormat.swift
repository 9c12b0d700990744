import Foundation

/// The fixed number formatting of every report, so transcripts compare byte for byte.
///
/// Three forms, each documented in the narration's legend:
/// ```
/// value:    6 decimal places            0.549834   −0.063000   0.500000
///           6 significant figures       3.14159e-09 when |x| < 0.001 or |x| ≥ 10⁷
///           whole numbers as they are   0   1   −2        (exact)
/// setting:  exact, shortest             0.5   0.9   1e-08   (learning rates, β, ρ, ε)
/// integer:  as is                       4
/// ```
/// A value printed in the first form is within half a unit of its last
/// digit of the number stored; that is the precision to which every line of
/// the narration holds. Zero prints as `0`. Negative numbers use the minus
/// sign (−); NaN and infinity are spelled `NaN`, `∞` and `−∞`.
public enum NumberFormat {
  /// Below this magnitude (and at or above ``largeMagnitude``) values switch to e-notation.
  public static let smallMagnitude = 1e-3
  /// At or above this magnitude values switch to e-notation.
  public static let largeMagnitude = 1e7

  /// A recorded value: 6 decimals, or 6 significant figures in e-notation.
  public static func value(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "∞" : "−∞" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude == magnitude.rounded() && magnitude < largeMagnitude {
      return (x < 0 ? "−" : "") + String(Int(magnitude))
    }
    let text =
      magnitude >= smallMagnitude && magnitude < largeMagnitude
      ? String(format: "%.6f", magnitude) : String(format: "%.5e", magnitude)
    return x < 0 ? "−" + text : text
  }

  /// A setting such as a learning rate: the shortest decimal that reads back exactly.
  public static func setting(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "∞" : "−∞" }
    if x == x.rounded() && abs(x) < 1e15 { return (x < 0 ? "−" : "") + String(Int64(abs(x))) }
    let text = "\(abs(x))"
    return x < 0 ? "−" + text : text
  }

  /// A value for a table or chart label: 4 significant figures, e.g. `0.6932`, `1.25e-05`.
  public static func short(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "∞" : "−∞" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    var text: String
    if magnitude >= 1e-3 && magnitude < 1e6 {
      let decimals = max(0, 3 - Int(floor(log10(magnitude))))
      text = String(format: "%.\(decimals)f", magnitude)
    } else {
      text = String(format: "%.3e", magnitude)
    }
    if let e = text.firstIndex(of: "e") {
      var mantissa = String(text[..<e])
      while mantissa.contains(".") && mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
      text = mantissa + text[e...]
    } else if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return x < 0 ? "−" + text : text
  }

  /// A count and its noun, singular for exactly one: `1 step`, `160,009 values`.
  public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    count(n) + " " + (n == 1 ? noun : plural ?? noun + "s")
  }

  /// A count with thousands separated by commas: `160,009`.
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (k, c) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return n < 0 ? "−" + out : out
  }

  /// `text` (from ``value(_:)`` or ``setting(_:)``) for LaTeX: `-` for −, `×10^{…}` for e-notation.
  public static func latex(_ text: String) -> String {
    var body = text
    var sign = ""
    if body.hasPrefix("−") {
      sign = "-"
      body.removeFirst()
    }
    if body == "∞" { return sign + "\\infty" }
    if body == "NaN" { return "\\text{NaN}" }
    if let e = body.firstIndex(of: "e") {
      let mantissa = body[body.startIndex..<e]
      let exponent = Int(body[body.index(after: e)...]) ?? 0
      if mantissa == "1" { return "\(sign)10^{\(exponent)}" }
      return "\(sign)\(mantissa) \\times 10^{\(exponent)}"
    }
    return sign + body
  }
}
