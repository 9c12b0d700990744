/// The worked arithmetic of one step, in sections, ready to be written as text or Markdown.
public struct StepStory: Sendable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step.
  public var step: Int
  /// `Step 0 · epoch 0 · batch of 4: data rows 0, 1, 2, 3`.
  public var heading: String
  /// The sections in order: initial parameters, forward passes, backward passes, gradients, update.
  public var sections: [NarrationSection]

  /// Every formula of the story, in order.
  public var formulas: [Formula] {
    sections.flatMap { section in
      section.items.compactMap { item in
        if case .formula(let formula) = item { return formula }
        return nil
      }
    }
  }
}

/// A titled group of lines: the forward pass of one data row, the update of the parameters…
public struct NarrationSection: Sendable {
  /// `Forward pass · data row 0 · x = (0, 0) · y = 0`.
  public var title: String
  /// The lines.
  public var items: [NarrationItem]

  /// A section.
  public init(title: String, items: [NarrationItem]) {
    self.title = title
    self.items = items
  }
}

/// One line of a section.
public enum NarrationItem: Sendable {
  /// Worked arithmetic.
  case formula(Formula)
  /// Words.
  case note(String)
  /// A table, such as a layer's weights.
  case table(NarrationTable)
}

/// A small table: a header row and rows of cells, numbers aligned right.
public struct NarrationTable: Sendable, Equatable {
  /// Its caption, e.g. `layer 1 (2 → 2, sigmoid)`.
  public var caption: String
  /// The header cells.
  public var header: [String]
  /// The rows.
  public var rows: [[String]]

  /// A table.
  public init(caption: String, header: [String], rows: [[String]]) {
    self.caption = caption
    self.header = header
    self.rows = rows
  }

  /// The table as aligned text lines: the first column left-aligned, the others right-aligned.
  public func lines() -> [String] {
    let all = [header] + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = Array(repeating: 0, count: columns)
    for row in all {
      for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) }
    }
    return all.map { row in
      var line = ""
      for (c, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        line += c == 0 ? cell + pad : "  " + pad + cell
      }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }
  }
}
