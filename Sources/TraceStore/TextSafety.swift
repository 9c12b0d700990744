/// Escaping for text read from a file (a lesson, a database) before it is embedded in output.
///
/// A title, a conclusion or a lesson name may come from someone else's file. Printed raw, an
/// escape sequence can retitle the terminal, write the clipboard (OSC 52) or clear the screen; in
/// a handout, raw HTML runs and a fence line closes a code block; in a generated script, a newline
/// starts a line of code. Every place that embeds such text goes through one of these.
public enum TextSafety {
  /// `text` for a terminal: control characters (C0 but line feed and tab when `multiline`, DEL, C1,
  /// and the bidirectional overrides) written as visible `\u{…}` escapes, so no sequence reaches it.
  public static func terminal(_ text: String, multiline: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0, multiline: multiline) }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar, multiline: multiline) {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Text bound for standard output, which mixes nntrace's own colours with data: like
  /// ``terminal(_:multiline:)`` with line feeds and tabs kept, except that a colour sequence
  /// (`ESC [` digits and `;` then `m`, which can only set colours) is passed through.
  public static func terminalOutput(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.contains(where: { isControl($0, multiline: true) }) else { return text }
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "[" {
        var end = index + 2
        while end < scalars.count, scalars[end] == ";" || ("0"..."9").contains(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] == "m" {
          out.append(contentsOf: scalars[index...end])
          index = end + 1
          continue
        }
      }
      if isControl(scalar, multiline: true) {
        out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      } else {
        out.append(scalar)
      }
      index += 1
    }
    return String(out)
  }

  /// `text` for Markdown prose: controls escaped as for a terminal (line feeds kept), `<`, `>` and
  /// `&` as HTML entities (no raw HTML), `$` escaped (no maths: engines that know maths take `$…$`
  /// for it), and a line that would open or close a code fence (three backticks or tildes) with its
  /// first marker escaped.
  public static func markdown(_ text: String) -> String {
    terminal(text, multiline: true).split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var escaped = line.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "$", with: "\\$")
      let body = escaped.drop(while: { $0 == " " })
      if body.hasPrefix("```") || body.hasPrefix("~~~") {
        escaped = String(escaped.prefix(escaped.count - body.count)) + "\\" + body
      }
      return escaped
    }.joined(separator: "\n")
  }

  /// `text` for a Markdown code span between single backticks: one line, controls escaped,
  /// backticks written as `'` (a backtick would end the span).
  public static func inlineCode(_ text: String) -> String {
    terminal(text).replacingOccurrences(of: "`", with: "'")
  }

  /// A fence of backticks longer than any run of backticks in `text`, at least three: a code
  /// block fenced with it cannot be closed from inside.
  public static func fence(for text: String) -> String {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    return String(repeating: "`", count: max(3, longest + 1))
  }

  /// `text` as a Python string literal in double quotes: backslash, quote and every control
  /// character (line feed and carriage return included) escaped, so it stays one token of one line.
  public static func pythonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _
      where isControl(scalar, multiline: false) || scalar.value == 0x85 || scalar.value == 0x2028
        || scalar.value == 0x2029:
        out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, 2) : "\\u" + hex(scalar.value, 4)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Whether `scalar` must not reach a terminal as it is.
  static func isControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: return !multiline
    case 0x00..<0x20, 0x7F..<0xA0: return true
    case 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  private static func hex(_ value: UInt32, _ digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
