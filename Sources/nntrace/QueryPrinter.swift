import ArgumentParser
import Foundation
import TraceStore

/// How `nntrace query` prints a result.
enum QueryFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned columns, numbers to the right, NULL spelled out.
  case table
  /// RFC 4180 CSV with a header line; NULL is an empty field.
  case csv
  /// A JSON array of objects, one per row, keys in column order; NULL is null.
  case json
}

/// Writes a query's rows in a ``QueryFormat``: CSV and JSON as they come; a table aligned on its
/// first ``alignedRows`` rows, then row by row in the same columns, so memory stays bounded
/// whatever the number of rows.
///
/// Numbers are written the same way everywhere: integers in full, reals in the
/// shortest form that reads back to the same double (`0.1`, `1e-07`), so output
/// is deterministic. Infinity (SQLite has no NaN) is `inf`/`-inf`, and in JSON
/// the strings `"Infinity"`/`"-Infinity"`. Blobs are hexadecimal.
final class QueryPrinter {
  private let format: QueryFormat
  private var columns: [String] = []
  private var table: [[String]] = []
  private var numeric: [Bool] = []
  private var rowsWritten = 0
  private var buffer = ""
  /// The table's column widths and right-aligned columns, once its first rows are written.
  private var layout: (widths: [Int], right: Set<Int>)?

  /// The rows a table is aligned on.
  static let alignedRows = 1000

  init(format: QueryFormat) {
    self.format = format
  }

  func header(_ names: [String]) {
    columns = names
    switch format {
    case .table:
      table = [names.map { TextSafety.terminal($0) }]
      numeric = Array(repeating: true, count: names.count)
    case .csv:
      write(names.map(Self.csvField).joined(separator: ",") + "\n")
    case .json:
      var seen: [String: Int] = [:]
      columns = names.map { name in
        seen[name, default: 0] += 1
        return seen[name] == 1 ? name : "\(name)_\(seen[name] ?? 0)"
      }
      write("[")
    }
  }

  func row(_ values: [QueryValue]) {
    switch format {
    case .table:
      for (c, value) in values.enumerated() {
        switch value {
        case .integer, .real, .null: break
        default: numeric[c] = false
        }
      }
      let cells = values.map { value in
        switch value {
        case .text, .blob:
          // A line feed as `\n` keeps a row on one line; other controls are escaped for the terminal.
          let text = Self.text(value, null: "NULL")
          return TextSafety.terminal(text.utf8.contains(10) ? text.replacingOccurrences(of: "\n", with: "\\n") : text)
        default: return Self.text(value, null: "NULL")
        }
      }
      if let layout {
        write(TextTable.line(cells, widths: layout.widths, rightAligned: layout.right))
      } else {
        table.append(cells)
        if table.count > Self.alignedRows { writeTable() }
      }
    case .csv:
      write(values.map { Self.csvField(Self.text($0, null: "")) }.joined(separator: ",") + "\n")
    case .json:
      let members = zip(columns, values).map { "\(Self.jsonString($0)): \(Self.json($1))" }
      write((rowsWritten == 0 ? "\n  {" : ",\n  {") + members.joined(separator: ", ") + "}")
    }
    rowsWritten += 1
  }

  func finish() {
    switch format {
    case .table:
      if layout == nil { writeTable() }
    case .csv:
      break
    case .json:
      write(rowsWritten == 0 ? "]\n" : "\n]\n")
    }
    flush()
  }

  /// Writes the rows held so far, aligned, and keeps their layout for the rows to come.
  private func writeTable() {
    let right = Set(numeric.indices.filter { numeric[$0] })
    let widths = TextTable.widths(table)
    for row in table { write(TextTable.line(row, widths: widths, rightAligned: right)) }
    layout = (widths, right)
    table = []
  }

  private func write(_ text: String) {
    buffer += text
    if buffer.utf8.count >= 1 << 16 { flush() }
  }

  private func flush() {
    guard !buffer.isEmpty else { return }
    FileHandle.standardOutput.write(Data(buffer.utf8))
    buffer = ""
  }

  /// A value as text; `null` stands for SQL NULL.
  static func text(_ value: QueryValue, null: String) -> String {
    switch value {
    case .null: null
    case .integer(let n): String(n)
    case .real(let x): x.isInfinite ? (x > 0 ? "inf" : "-inf") : "\(x)"
    case .text(let s): s
    case .blob(let bytes): "x'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
    }
  }

  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func json(_ value: QueryValue) -> String {
    switch value {
    case .null: "null"
    case .integer(let n): String(n)
    case .real(let x): x.isInfinite ? (x > 0 ? "\"Infinity\"" : "\"-Infinity\"") : "\(x)"
    case .text(let s): jsonString(s)
    case .blob: jsonString(text(value, null: ""))
    }
  }

  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
