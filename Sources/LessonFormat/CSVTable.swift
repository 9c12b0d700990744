import Foundation

/// A CSV file of numbers, read with line numbers for error messages.
///
/// Fields are separated by commas. Accepts a UTF-8 byte-order mark, CRLF and
/// CR line endings, blank lines, spaces around fields, and fields in double
/// quotes (which may hold commas, and `""` for a quote). Every field of a used
/// column must be a finite decimal number.
struct CSVTable {
  /// Column names from the header line, if the file has one.
  let header: [String]?
  /// The rows of fields, each with its 1-based line number in the file.
  let rows: [(line: Int, fields: [String])]
  /// The file, as named in messages.
  let file: String

  /// Reads `path`; `displayName` is used in messages.
  ///
  /// - Throws: ``LessonError``: without a line for a missing, unreadable or too large file, or one
  ///   without data rows; with the line and column of the first byte that is not UTF-8 text, or
  ///   of a quote left open.
  init(path: String, displayName: String, hasHeader: Bool) throws {
    let data = try SourceFile.read(path: path, displayName: displayName, kind: .csv, limit: SourceFile.csvLimit)
    let text = try SourceFile.decode(data, file: displayName, kind: .csv)
    try self.init(text: text, file: displayName, hasHeader: hasHeader)
  }

  /// Parses CSV `text`; `file` names it in messages.
  ///
  /// - Throws: ``LessonError`` for a quote left open, text after a closing quote, or no data rows.
  init(text: String, file: String, hasHeader: Bool) throws {
    self.file = file
    let bytes = Array(text.utf8)
    var header: [String]?
    var rows: [(Int, [String])] = []
    var start = 0
    var line = 1
    while start <= bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != UInt8(ascii: "\n") && bytes[end] != UInt8(ascii: "\r") { end += 1 }
      if bytes[start..<end].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
        let fields = try Self.fields(bytes[start..<end], file: file, line: line)
        if hasHeader && header == nil {
          header = fields
        } else {
          rows.append((line, fields))
        }
      }
      guard end < bytes.count else { break }
      let crlf = bytes[end] == UInt8(ascii: "\r") && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "\n")
      start = end + (crlf ? 2 : 1)
      line += 1
    }
    guard !rows.isEmpty else {
      let found = header == nil ? "an empty file" : "only the header line"
      throw LessonError(
        file: file, line: nil, key: "", message: "found \(found); expected at least one row of data in the CSV file")
    }
    self.header = header
    self.rows = rows
  }

  /// The fields of one line, unquoted and without the spaces around them.
  private static func fields(_ line: ArraySlice<UInt8>, file: String, line number: Int) throws -> [String] {
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    var fields: [String] = []
    var i = line.startIndex
    while true {
      while i < line.endIndex && isSpace(line[i]) { i += 1 }
      if i < line.endIndex && line[i] == quote {
        var value: [UInt8] = []
        var j = i + 1
        var closed = false
        while j < line.endIndex {
          if line[j] == quote {
            if j + 1 < line.endIndex && line[j + 1] == quote {
              value.append(quote)
              j += 2
              continue
            }
            closed = true
            break
          }
          value.append(line[j])
          j += 1
        }
        guard closed else {
          throw LessonError(
            file: file, line: number, key: "column \(fields.count)",
            message:
              "found a quote that is never closed; expected a field in quotes to end with a quote on the same line")
        }
        j += 1
        while j < line.endIndex && isSpace(line[j]) { j += 1 }
        guard j == line.endIndex || line[j] == comma else {
          let rest = String(decoding: line[j...].prefix { $0 != comma }, as: UTF8.self)
          throw LessonError(
            file: file, line: number, key: "column \(fields.count)",
            message:
              "found '\(TextExcerpt.quote(rest))' after the closing quote; expected a comma or the end of the line")
        }
        fields.append(String(decoding: value, as: UTF8.self))
        guard j < line.endIndex else { return fields }
        i = j + 1
      } else {
        var j = i
        while j < line.endIndex && line[j] != comma { j += 1 }
        var last = j
        while last > i && isSpace(line[last - 1]) { last -= 1 }
        fields.append(String(decoding: line[i..<last], as: UTF8.self))
        guard j < line.endIndex else { return fields }
        i = j + 1
      }
    }
  }

  /// The number in `column` of `row`.
  ///
  /// - Throws: ``LessonError`` naming the line and the column (by its header name, if it has one).
  func number(row: Int, column: Int) throws -> Double {
    let (line, fields) = rows[row]
    let name = header.flatMap { column < $0.count && !$0[column].isEmpty ? $0[column] : nil }
    let key = name.map { "column \(column) (\(TextExcerpt.quote($0)))" } ?? "column \(column)"
    guard column < fields.count else {
      throw LessonError(
        file: file, line: line, key: key,
        message: "found \(fields.count) fields on this line; expected at least \(column + 1)")
    }
    let field = fields[column]
    if let value = DecimalText.value(field) {
      guard value.isFinite else {
        throw LessonError(
          file: file, line: line, key: key,
          message:
            "expected a finite number, found '\(TextExcerpt.quote(field))', \(DecimalText.nonFiniteReason(field))")
      }
      return value
    }
    if DecimalText.spellsNonFinite(field) {
      throw LessonError(
        file: file, line: line, key: key,
        message: "expected a finite number, found '\(TextExcerpt.quote(field))', \(DecimalText.nonFiniteReason(field))")
    }
    var hint = ""
    if field.contains(";") {
      hint = " (the line is separated by semicolons; expected commas: export the sheet as comma-separated CSV)"
    } else if field.contains(",") {
      hint = " (write decimals with a point, as in 1.5)"
    } else if field.contains("\t") {
      hint = " (the line is separated by tabs; expected commas)"
    }
    let found = field.isEmpty ? "an empty field" : "'\(TextExcerpt.quote(field))'"
    throw LessonError(
      file: file, line: line, key: key, message: "expected a finite decimal number, found \(found)\(hint)")
  }
}
