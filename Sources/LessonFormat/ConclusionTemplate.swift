import Foundation

/// A lesson's conclusion with `{finding}` placeholders, filled from the trace when the lesson has run
/// (`render`, in the `Lessons` target, which reads the store).
///
/// `{name}` prints a finding as it is (whole numbers without decimals, other
/// numbers to six significant digits); `{name:%.2f}` uses that printf format,
/// one conversion of a number: `d` or `i` for a whole number (a real one is
/// rounded to the nearest), `f`, `F`, `e`, `E`, `g` or `G` for a real one, with
/// optional flags, width and precision. Text prints as it is, whatever the
/// format. A finding with no value (SQL NULL) prints as `n/a`.
public enum ConclusionTemplate {
  /// Whether `format` is one printf conversion of a number, such as `%.3f`, `%d` or `%+.2e`.
  ///
  /// Anything else (`%s`, `%@`, `%n`, a length modifier, two conversions, text around it) is refused,
  /// since printf would read or write arguments that are not there.
  public static func isNumberFormat(_ format: String) -> Bool {
    format.wholeMatch(of: /%[-+ 0#]*[0-9]{0,3}(\.[0-9]{1,3})?[diFfEeGg]/) != nil
  }

  /// The names used in `text`'s placeholders.
  public static func placeholders(in text: String) -> [String] {
    matches(in: text).map(\.name)
  }

  /// `text`'s placeholders: each name with its format, if it has one.
  public static func placeholdersWithFormats(in text: String) -> [(name: String, format: String?)] {
    matches(in: text).map { ($0.name, $0.format) }
  }

  /// The placeholders of `text`, in one pass: `{` and a name of letters, digits and `_`, then `}`,
  /// or `:`, a format, and the first `}` after it (a format is kept to its first 32 characters).
  public static func matches(in text: String) -> [(range: Range<String.Index>, name: String, format: String?)] {
    var found: [(Range<String.Index>, String, String?)] = []
    var index = text.startIndex
    var close: String.Index?
    while let open = text[index...].firstIndex(of: "{") {
      index = text.index(after: open)
      // The first "}" after the last brace opened is the first after this one too, unless it comes before it.
      if close.map({ $0 <= open }) ?? true { close = text[open...].firstIndex(of: "}") }
      guard let close else { break }
      var cursor = index
      while cursor < close, text[cursor].isLetter || text[cursor].isNumber || text[cursor] == "_" {
        cursor = text.index(after: cursor)
      }
      guard cursor > index else { continue }
      let name = String(text[index..<cursor])
      if cursor == close {
        found.append((open..<text.index(after: close), name, nil))
      } else if text[cursor] == ":" {
        let start = text.index(after: cursor)
        let end = text.index(start, offsetBy: 32, limitedBy: close) ?? close
        let format = String(text[start..<end])
        found.append((open..<text.index(after: close), name, format.isEmpty ? nil : format))
      }
    }
    return found
  }
}
