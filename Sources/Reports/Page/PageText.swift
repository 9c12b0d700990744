/// Text made safe for the explorable page: JSON for its data block and escaped HTML for its words.
///
/// Titles, parts and formula lines come from lesson files and databases that nobody vouches for,
/// so nothing of theirs may end the `<script>` block or open a tag: in JSON strings `<`, `>` and
/// `&` are written `\u003c`, `\u003e` and `\u0026` (JSON.parse reads them back unchanged), and
/// in HTML text `<`, `>`, `&`, `"` and `'` become character references.
enum PageText {
  /// `text` as a JSON string literal that is safe inside `<script type="application/json">`.
  static func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// An optional string: the literal, or `null`.
  static func json(_ text: String?) -> String { text.map { json($0) } ?? "null" }

  /// A recorded value as the narration prints it (`−0.690113`), as a JSON string, or `null`.
  static func value(_ x: Double?) -> String {
    guard let x else { return "null" }
    return json(NumberFormat.value(x))
  }

  /// `[a,b,c]`.
  static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

  /// `{"k":v,…}` in the order given.
  static func object(_ fields: [(String, String)]) -> String {
    "{" + fields.map { json($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
  }

  /// `text` escaped for HTML text and attribute values.
  static func html(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
