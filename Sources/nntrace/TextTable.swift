/// Aligned plain-text tables for the terminal.
enum TextTable {
  /// `rows[0]` is the header; columns in `rightAligned` are aligned right (numbers).
  static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    guard let header = rows.first else { return "" }
    var widths = header.map(\.count)
    for row in rows {
      for (c, cell) in row.enumerated() where c < widths.count {
        widths[c] = max(widths[c], cell.count)
      }
    }
    var text = ""
    for row in rows {
      let cells = row.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return rightAligned.contains(c) ? pad + cell : cell + pad
      }
      var line = cells.joined(separator: "  ")
      while line.hasSuffix(" ") { line.removeLast() }
      text += line + "\n"
    }
    return text
  }
}
