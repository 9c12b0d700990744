import Foundation
import LessonFormat
import TraceStore

extension ConclusionTemplate {
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
}

extension SQLValue {
  /// The value as text, with an optional printf format for numbers (ignored unless it is
  /// ``ConclusionTemplate/isNumberFormat(_:)``).
  func formatted(_ format: String?) -> String {
    let format = format.flatMap { ConclusionTemplate.isNumberFormat($0) ? $0 : nil }
    // A whole-number conversion gets the `l` length modifier, to match the 64-bit `Int` it is given.
    let integerFormat = format.flatMap { $0.hasSuffix("d") || $0.hasSuffix("i") ? String($0.dropLast()) + "ld" : nil }
    switch self {
    case .integer(let value):
      if let integerFormat { return String(format: integerFormat, Int(value)) }
      return format.map { String(format: $0, Double(value)) } ?? String(value)
    case .real(let value):
      if let integerFormat {
        guard value.isFinite && abs(value) < 9e18 else { return String(value) }
        return String(format: integerFormat, Int(value.rounded()))
      }
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
