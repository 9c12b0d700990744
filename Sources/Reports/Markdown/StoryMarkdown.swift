/// Writes step stories as Markdown: a heading per section, formulas in `$$` display-maths blocks.
///
/// A `$$` line, the LaTeX, and a closing `$$` line, with blank lines around
/// them, is display maths to GitHub, GitLab, VS Code, Jupyter and pandoc
/// alike (GitHub's ```` ```math ```` fences are raw text everywhere else). The
/// formulas of a section share one `aligned` environment, aligned on their
/// `=` or `←`; no line of it is blank, which would end the block.
public enum StoryMarkdown {
  /// The story as Markdown, its headings at `level` (`###` for 3).
  public static func render(_ story: StepStory, level: Int = 3) -> String {
    let hashes = String(repeating: "#", count: level)
    var out = ""
    for section in story.sections {
      out += "\(hashes) \(section.title)\n\n"
      var formulas: [String] = []
      func flush() {
        guard !formulas.isEmpty else { return }
        out += "$$\n\\begin{aligned}\n" + formulas.joined(separator: " \\\\\n") + "\n\\end{aligned}\n$$\n\n"
        formulas = []
      }
      for item in section.items {
        switch item {
        case .formula(let formula):
          formulas.append(formula.latex)
        case .note(let note):
          flush()
          out += note + "\n\n"
        case .table(let table):
          flush()
          out += "*\(table.caption)*\n\n"
          out +=
            MarkdownTable(
              header: table.header, rows: table.rows,
              rightAligned: Set(1..<max(1, table.header.count))
            ).render() + "\n"
        }
      }
      flush()
    }
    return out
  }
}
