/// Text from a database or a file made safe to print on a terminal: control characters shown, never obeyed.
///
/// A title or a key read from a file could hold escape sequences that move the
/// cursor, retitle the window or hide what follows; each control character
/// (C0, DEL, C1, and the line and paragraph separators) is written as `\u{…}`.
public enum TerminalText {
  /// `text` with every control character written as `\u{hex}`.
  public static func escape(_ text: some StringProtocol) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
        out += "\\u{" + String(v, radix: 16) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
