/// Breaks long lines of narration at spaces, never inside a number or a symbol.
///
/// A formula longer than the width is continued on the next line, indented four
/// spaces more than the line it continues, so it keeps every term and its result
/// and still reads as one formula. Prose (a line that ends a sentence: `.`, `:`,
/// `;`, `,`, `?` or `!`) is wrapped as prose, its lines flush with the first.
/// Colour sequences take no room. A single word longer than the room left is kept
/// whole on its own line.
public enum LineWrapper {
  /// How far a continuation is indented beyond its line.
  public static let continuation = 4

  /// `line` (without its newline) as lines of at most `width` visible characters where it can be broken.
  public static func wrap(_ line: String, width: Int) -> [String] {
    guard visibleCount(line) > width, width > 20 else { return [line] }
    let indent = line.prefix { $0 == " " }.count
    let words = line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false)
    let pad = String(repeating: " ", count: indent)
    let more = String(repeating: " ", count: indent + (isProse(line) ? 0 : continuation))
    var lines: [String] = []
    var current = pad
    var length = indent
    var empty = true
    for word in words {
      let size = visibleCount(word)
      if !empty && length + 1 + size > width {
        lines.append(current)
        current = more
        length = more.count
        empty = true
      }
      if !empty {
        current += " "
        length += 1
      }
      current += word
      length += size
      empty = false
    }
    lines.append(current)
    return lines
  }

  /// Whether `line` is prose, wrapped flush: it ends a sentence (colour sequences and closing brackets aside).
  public static func isProse(_ line: String) -> Bool {
    var end = line
    while end.hasSuffix("m"), let escape = end.lastIndex(of: "\u{1B}"), !end[escape...].contains(" ") {
      end = String(end[..<escape])
    }
    // A closing bracket or quote after the sentence's end: `(… it takes.)`.
    while let last = end.last, ")]”’\"'".contains(last) { end.removeLast() }
    guard let last = end.last else { return false }
    return ".:;,?!".contains(last)
  }

  /// `text` with each of its lines wrapped.
  public static func wrapLines(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .flatMap { wrap(String($0), width: width) }
      .joined(separator: "\n")
  }

  /// Characters that take room on a terminal: all but ANSI colour sequences (`ESC [ … m`).
  public static func visibleCount(_ text: some StringProtocol) -> Int {
    var count = 0
    var escape = false
    for scalar in text.unicodeScalars {
      if escape {
        if scalar == "m" { escape = false }
      } else if scalar == "\u{1B}" {
        escape = true
      } else if !(0x300...0x36F).contains(scalar.value) {
        count += 1
      }
    }
    return count
  }
}
