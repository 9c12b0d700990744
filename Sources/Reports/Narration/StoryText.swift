/// Writes step stories as terminal text.
///
/// ```
/// ━━ Step 0 · epoch 0 · batch of 4: data rows 0, 1, 2, 3 ━━
///
/// Forward pass · data row 0 · x = (0, 0) · y = 0
///   z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = 0.466967×0 + (−0.690113)×0 + 0 = 0
/// ```
public enum StoryText {
  /// The story as text lines ending in newlines.
  public static func render(_ story: StepStory, style: TextStyle) -> String {
    var out = style.bold("━━ \(story.heading) ━━") + "\n"
    if story.sections.isEmpty {
      out += "\n  " + style.dim("(no line of this step matches the filter)") + "\n"
    }
    for section in story.sections {
      out += "\n" + style.bold(section.title) + "\n"
      for item in section.items {
        switch item {
        case .formula(let formula): out += "  " + formula.text(style) + "\n"
        case .note(let note): out += "  " + style.dim(note) + "\n"
        case .table(let table):
          out += "  " + table.caption + "\n"
          for line in table.lines() { out += "    " + line + "\n" }
        }
      }
    }
    return out
  }
}
