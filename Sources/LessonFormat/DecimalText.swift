/// Numbers as lesson files and CSV files write them: plain decimals only.
///
/// `0.5`, `-3`, `+1e-3`, `.5` and `1E2` are numbers. Hexadecimal (`0x10`, which
/// `Double.init(_:)` would read as 16), underscores (`1_000`), YAML 1.1's
/// sexagesimal `1:30`, and words (`nan`, `inf`) are not.
enum DecimalText {
  /// The value of `text` if it is a plain decimal; it may be infinite when it overflows (`1e999`).
  static func value(_ text: some StringProtocol) -> Double? {
    var digits = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
      case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
      default: return nil
      }
    }
    guard digits else { return nil }
    return Double(text)
  }

  /// `value` as a message shows it: whole numbers without a decimal point (`2`, not `2.0`).
  static func text(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  /// The spellings of infinity and NaN that YAML and spreadsheets use: `.inf`, `-.Inf`, `.nan`, `inf`, `NaN`, `infinity`…
  static func spellsNonFinite(_ text: some StringProtocol) -> Bool {
    var word = text.lowercased()
    if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
    if word.hasPrefix(".") { word.removeFirst() }
    return ["inf", "infinity", "nan"].contains(word)
  }

  /// Why a spelled non-finite value or an overflowing number is refused: "not a number" or "infinite".
  static func nonFiniteReason(_ text: some StringProtocol) -> String {
    if text.lowercased().contains("nan") { return "which is not a number" }
    if spellsNonFinite(text) { return "which is infinite" }
    return "which is too large for a double (it overflows to infinity)"
  }
}
