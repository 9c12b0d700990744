/// Text from a user's file, made fit to quote in a one-paragraph message.
///
/// Control characters are written as escapes (`\n`, `\t`, `\u{1B}`), so a quoted
/// value never breaks the message over lines, and long text is cut short with
/// its length given, so a message never repeats a whole file.
enum TextExcerpt {
  /// The most characters quoted from a value.
  static let limit = 60

  /// `text`, escaped and, past ``limit`` characters, shortened: `abc… (12345 characters)`.
  static func quote(_ text: some StringProtocol, limit: Int = TextExcerpt.limit) -> String {
    var result = ""
    var count = 0
    for character in text {
      count += 1
      if count <= limit { result += escaped(character) }
    }
    return count <= limit ? result : result + "… (\(count) characters)"
  }

  /// `text` with its control characters escaped, at any length.
  static func escape(_ text: some StringProtocol) -> String {
    text.contains(where: { $0.unicodeScalars.contains(where: isControl) }) ? text.map(escaped).joined() : String(text)
  }

  private static func escaped(_ character: Character) -> String {
    guard character.unicodeScalars.contains(where: isControl) else { return String(character) }
    return character.unicodeScalars.map { scalar -> String in
      switch scalar {
      case "\n": return "\\n"
      case "\r": return "\\r"
      case "\t": return "\\t"
      default:
        return isControl(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
      }
    }.joined()
  }

  /// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
  }
}
