import Foundation
import TraceStore

/// A lesson's conclusion with `{finding}` placeholders filled from the trace.
///
/// `{name}` prints a finding as it is (whole numbers without decimals, other
/// numbers to six significant digits); `{name:%.2f}` uses that printf format.
/// A finding with no value (SQL NULL) prints as `n/a`.
public enum ConclusionTemplate {
  /// The names used in `text`'s placeholders.
  public static func placeholders(in text: String) -> [String] {
    matches(in: text).map(\.name)
  }

  /// `text` with each placeholder replaced by its finding.
  public static func render(_ text: String, findings: [String: SQLValue]) -> String {
    var result = ""
    var rest = Substring(text)
    for match in matches(in: text) {
      result += text[rest.startIndex..<match.range.lowerBound]
      result += (findings[match.name] ?? .null).formatted(match.format)
      rest = text[match.range.upperBound...]
    }
    return result + rest
  }

  private static func matches(in text: String) -> [(range: Range<String.Index>, name: String, format: String?)] {
    var found: [(Range<String.Index>, String, String?)] = []
    var index = text.startIndex
    while let open = text[index...].firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}") {
      let inside = text[text.index(after: open)..<close]
      let pieces = inside.split(separator: ":", maxSplits: 1)
      if let name = pieces.first, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
        found.append((open..<text.index(after: close), String(name), pieces.count > 1 ? String(pieces[1]) : nil))
      }
      index = text.index(after: open)
    }
    return found
  }
}

extension SQLValue {
  /// The value as text, with an optional printf format for numbers.
  func formatted(_ format: String?) -> String {
    switch self {
    case .integer(let value):
      return format.map { String(format: $0, Double(value)) } ?? String(value)
    case .real(let value):
      if let format { return String(format: format, value) }
      if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
      return String(format: "%.6g", value)
    case .text(let value):
      return value
    case .null:
      return "n/a"
    }
  }
}
