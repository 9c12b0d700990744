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
    var line = ""
    var pending = 0  // spaces owed before the next cell: trailing ones are never written
    for (c, cell) in row.enumerated() {
      let pad = max(0, (c < widths.count ? widths[c] : 0) - cell.count)
      if c > 0 { pending += 2 }
      if rightAligned.contains(c) { pending += pad }
      if !cell.isEmpty {
        line += String(repeating: " ", count: pending) + cell
        pending = 0
      }
      if !rightAligned.contains(c) { pending += pad }
    }
    while line.hasSuffix(" ") { line.removeLast() }
    return line + "\n"
  }
}
