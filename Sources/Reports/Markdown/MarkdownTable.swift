/// A GitHub-flavoured Markdown table: every row has the header's number of cells, pipes escaped.
public struct MarkdownTable: Sendable, Equatable {
  /// The header cells.
  public var header: [String]
  /// The rows; short rows are padded with empty cells, long ones cut.
  public var rows: [[String]]
  /// Columns aligned right (numbers).
  public var rightAligned: Set<Int>

  /// A table.
  public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
    self.header = header
    self.rows = rows
    self.rightAligned = rightAligned
  }

  /// The table's lines, ending in a newline.
  public func render() -> String {
    let columns = header.count
    func line(_ cells: [String]) -> String {
      let fitted = (0..<columns).map { $0 < cells.count ? Self.escape(cells[$0]) : "" }
      return "| " + fitted.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |\n"
    }
    var out = line(header)
    out += "|" + (0..<columns).map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
    for row in rows { out += line(row) }
    return out
  }

  /// A cell's text with `|` escaped and line breaks removed.
  static func escape(_ cell: String) -> String {
    cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
