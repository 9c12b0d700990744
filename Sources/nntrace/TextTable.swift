/// Aligned plain-text tables for the terminal.
enum TextTable {
  /// `rows[0]` is the header; columns in `rightAligned` are aligned right (numbers).
  static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let widths = widths(rows)
    return rows.map { line($0, widths: widths, rightAligned: rightAligned) }.joined()
  }

  /// The width of each column of `rows` (the first row's columns).
  static func widths(_ rows: [[String]]) -> [Int] {
    guard let header = rows.first else { return [] }
    var widths = header.map(\.count)
    for row in rows {
      for (c, cell) in row.enumerated() where c < widths.count {
        widths[c] = max(widths[c], cell.count)
      }
    }
    return widths
  }

  /// One row padded to `widths` (a longer cell widens its line only), with its line feed.
  static func line(_ row: [String], widths: [Int], rightAligned: Set<Int>) -> String {
    let cells = row.enumerated().map { c, cell in
      let pad = String(repeating: " ", count: max(0, (c < widths.count ? widths[c] : 0) - cell.count))
      return rightAligned.contains(c) ? pad + cell : cell + pad
    }
    var line = cells.joined(separator: "  ")
    while line.hasSuffix(" ") { line.removeLast() }
    return line + "\n"
  }
}
