import TraceStore

/// A worksheet of one step as Markdown, and its answer key: the same questions, each with replay's worked line.
///
/// The sheet gives the numbers to work from, then a numbered blank for each
/// value in the order it is computed, then an answer file to fill in for
/// `nntrace check`. The key repeats the questions with their worked lines
/// and ends with the filled-in answer file, which `check` accepts as all right.
public struct WorksheetMarkdown: Sendable {
  /// The sheet.
  public let sheet: ExerciseSheet
  /// The run.
  public let run: RunSummary

  /// A worksheet of `sheet`, a step of `run`.
  public init(sheet: ExerciseSheet, run: RunSummary) {
    self.sheet = sheet
    self.run = run
  }

  private var text: ExerciseText { ExerciseText(sheet: sheet, style: .plain) }

  /// The lesson's title, safe in Markdown prose.
  private var title: String { TextSafety.markdown(sheet.configuration.title) }

  /// Which run and step, and how to get a fresh sheet.
  private var about: String {
    let c = sheet.configuration
    let lesson = TextSafety.inlineCode(run.lesson)
    let part = run.part.map { " (part \(TextSafety.markdown($0)))" } ?? ""
    var out = "Run \(run.id) of lesson `\(lesson)`\(part) · \(text.position).\n"
    let seed = c.seed.map(String.init) ?? "0"
    if c.givesWeights {
      out +=
        "The lesson gives its initial weights, so every run of it asks the same numbers (the run's seed is \(seed)).\n"
    } else if c.initializer == "zeros" || c.isPerceptron {
      out += "The network starts from zero weights, so every run of this lesson asks the same numbers.\n"
    } else {
      out +=
        "The run's seed is \(seed). For a fresh sheet per student, record a run with another seed, "
        + "`nntrace run \(lesson) --seed N`, and export its worksheet.\n"
    }
    return out
  }

  /// The worksheet.
  public var worksheet: String {
    var out = "# Worksheet: \(title)\n\n" + about + "\n"
    out +=
      "Work each value in order, with a pencil, from the numbers given and the values you worked before it. "
      + Tolerance.statement + "\n\n"
    out += "## Given\n\n```text\n" + text.settings.joined(separator: "   ") + "\n"
    for group in text.givens {
      out += "\n" + group.heading + ":\n" + group.lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
    out += "```\n\n"
    out += "## Work out\n\n```text\n"
    let width = String(sheet.exercises.count).count
    for (n, exercise) in sheet.exercises.enumerated() {
      out += number(n + 1, width) + exercise.prompt + " = ____________\n"
    }
    out += "```\n\n## Your answers\n\n"
    out += "Fill in each value and check them all with `nntrace check \(run.id) answers.txt`:\n\n"
    out += "```text\n" + answerFile(filled: false) + "```\n"
    return out
  }

  /// The answer key.
  public var key: String {
    var out = "# Answer key: \(title)\n\n" + about + "\n"
    out += "Each line is the one `nntrace replay \(run.id) --step \(sheet.trace.step) --full` prints.\n\n"
    out += "```text\n"
    let width = String(sheet.exercises.count).count
    for (n, exercise) in sheet.exercises.enumerated() {
      out += number(n + 1, width) + text.workedLine(exercise) + "\n"
    }
    out += "```\n\n## The answer file, filled in\n\n```text\n" + answerFile(filled: true) + "```\n"
    return out
  }

  /// `step N`, then a line per question: its key and, when `filled`, its value.
  public func answerFile(filled: Bool) -> String {
    var out = "step \(sheet.trace.step)\n"
    for exercise in sheet.exercises {
      out += exercise.key.description + ":" + (filled ? " " + NumberFormat.value(exercise.value) : "") + "\n"
    }
    return out
  }

  private func number(_ n: Int, _ width: Int) -> String {
    String(repeating: " ", count: width - String(n).count) + "\(n). "
  }
}
