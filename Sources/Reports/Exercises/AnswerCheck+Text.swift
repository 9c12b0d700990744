/// The check told as terminal text: one line per answer, the diagnosis and worked line of each wrong one, a summary.
extension AnswerCheck {
  /// The report, in `style`.
  public func text(style: TextStyle) -> String {
    guard let first = sheets.first else { return "" }
    let teller = ExerciseText(sheet: first, style: style)
    var out = ""
    for outcome in outcomes {
      let key = outcome.entry.key.description
      let typed = NumberFormat.value(outcome.entry.value)
      switch outcome.verdict {
      case .right:
        out += "  " + style.good("✓") + " \(key): \(typed)\n"
      case .carried:
        let sources = outcome.sources.map(\.description).joined(separator: "; ")
        out +=
          "  " + style.dim("→") + " \(key): \(typed) is wrong only because it carries forward "
          + (sources.isEmpty ? "an earlier wrong value" : sources) + ": from your own numbers it is right\n"
      case .mistake, .unrecognised:
        out += "  " + style.bad("✗") + " \(key): \(typed) is wrong (line \(outcome.entry.line)): "
        out += teller.diagnosis(outcome.verdict) + ".\n"
        out += "      " + teller.workedLine(outcome.exercise) + "\n"
      }
    }
    let right = outcomes.filter { $0.verdict == .right }.count
    let carried = outcomes.filter { $0.verdict == .carried }.count
    let wrong = outcomes.count - right - carried
    out += "\n"
    guard let firstWrong else {
      out += style.bold("All \(outcomes.count) values are right.") + "\n"
      return out
    }
    let carriedFromFirst = outcomes.filter { $0.verdict == .carried && $0.sources.contains(firstWrong.entry.key) }
    out += style.bold("\(right) of \(outcomes.count) values right.") + " "
    out += "The first wrong value is \(firstWrong.entry.key.description) (line \(firstWrong.entry.line))"
    if case .mistake(let mistake, _) = firstWrong.verdict {
      out += ": it matches what you get when you \(mistake.explanation)"
    }
    out += "."
    if !carriedFromFirst.isEmpty {
      out +=
        " It carried into \(carriedFromFirst.count) later value\(carriedFromFirst.count == 1 ? "" : "s"), "
        + "right from your own numbers: " + carriedFromFirst.map(\.entry.key.description).joined(separator: "; ")
        + "."
    }
    if wrong > 1 {
      out += " \(wrong - 1) other value\(wrong == 2 ? " is" : "s are") wrong on \(wrong == 2 ? "its" : "their") own."
    }
    if carried > carriedFromFirst.count {
      out += " \(carried - carriedFromFirst.count) more carried later errors forward."
    }
    return out + "\n"
  }
}
