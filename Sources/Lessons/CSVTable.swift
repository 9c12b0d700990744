import Foundation

/// A CSV file of numbers, read with line numbers for error messages.
///
/// Accepts a UTF-8 byte-order mark, CRLF line endings, blank lines and
/// fields in double quotes. Every field of a used column must be a finite number.
struct CSVTable {
  /// Column names from the header line, if the file has one.
  let header: [String]?
  /// The rows of fields, each with its 1-based line number in the file.
  let rows: [(line: Int, fields: [String])]
  /// The file, as named in messages.
  let file: String

  /// Reads `path`; `displayName` is used in messages.
  ///
  /// - Throws: ``LessonError`` for a missing or unreadable file, non-UTF-8 text, or no rows.
  init(path: String, displayName: String, hasHeader: Bool) throws {
    file = displayName
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LessonError(
        file: displayName, line: nil, key: "",
        message: "cannot read the CSV file (it does not exist or is not readable)")
    }
    var bytes = data
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw LessonError(
        file: displayName, line: nil, key: "", message: "the CSV file is not UTF-8 text; save it as UTF-8")
    }
    var header: [String]?
    var rows: [(Int, [String])] = []
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = Substring(rawLine)
      if line.hasSuffix("\r") { line = line.dropLast() }
      if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
        var value = field.trimmingCharacters(in: .whitespaces)
        if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
          value = String(value.dropFirst().dropLast())
        }
        return value
      }
      if hasHeader && header == nil {
        header = fields
      } else {
        rows.append((index + 1, fields))
      }
    }
    guard !rows.isEmpty else {
      throw LessonError(file: displayName, line: nil, key: "", message: "the CSV file has no data rows")
    }
    self.header = header
    self.rows = rows
  }

  /// The number in `column` of `row`.
  func number(row: Int, column: Int) throws -> Double {
    let (line, fields) = rows[row]
    guard column < fields.count else {
      throw LessonError(
        file: file, line: line, key: "column \(column)",
        message: "the row has \(fields.count) fields, expected at least \(column + 1)")
    }
    guard let value = Double(fields[column]), value.isFinite else {
      throw LessonError(
        file: file, line: line, key: header.flatMap { column < $0.count ? $0[column] : nil } ?? "column \(column)",
        message: "expected a finite number, found '\(fields[column])'")
    }
    return value
  }
}
