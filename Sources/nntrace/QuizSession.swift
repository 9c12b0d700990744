import Foundation
import Reports
import TraceStore

/// The quiz itself: the givens, then each question, its answer read from standard input, and a verdict.
struct QuizSession {
  let run: RunSummary
  let sheet: ExerciseSheet
  let terminal: Terminal

  /// Ctrl-C during the questions ends the quiz at once: nothing is being written, so nothing is left half-written.
  static func stopOnInterrupt() {
    signal(SIGINT) { received in
      let newline: [UInt8] = [10]
      _ = write(STDOUT_FILENO, newline, 1)
      _exit(128 + received)
    }
  }

  func run(output: inout some TextOutputStream) {
    let text = ExerciseText(sheet: sheet, style: terminal.style)
    let echo = !Terminal.interactive
    let title = TextSafety.terminal(sheet.configuration.title)
    let part = run.part.map { " · part " + TextSafety.terminal($0) } ?? ""
    output.write(terminal.bold("Check my arithmetic: \(title)") + "\n")
    output.write(terminal.dim("Run \(run.id)\(part) · \(text.position)") + "\n\n")
    output.write(
      "Work each value with a pencil and type it. \(Tolerance.statement) Type q to stop.\n\n")
    output.write(terminal.bold("Given") + "\n")
    output.write("  " + text.settings.joined(separator: "   ") + "\n")
    for group in text.givens {
      output.write("  " + terminal.dim(group.heading + ":") + "\n")
      for line in group.lines { output.write("    " + line + "\n") }
    }
    let total = sheet.exercises.count
    var right = 0
    var asked = 0
    questions: for (n, exercise) in sheet.exercises.enumerated() {
      output.write("\n" + terminal.bold("[\(n + 1)/\(total)]") + " " + exercise.prompt + " = ?\n")
      output.write("  " + terminal.dim(text.uses(exercise)) + "\n")
      while true {
        output.write("  › ")
        guard let line = readLine(strippingNewline: true) else {
          output.write("\n\nInput ended after \(asked) of \(total) questions.\n")
          break questions
        }
        let typed = line.trimmingCharacters(in: .whitespaces)
        if echo { output.write(TextSafety.terminal(typed) + "\n") }
        if typed == "q" || typed == "quit" { break questions }
        guard let answer = ExerciseText.number(typed) else {
          output.write(
            "  '\(TextSafety.terminal(String(typed.prefix(40))))' is not a number: type the value (e.g. 0.377500), or q to stop.\n"
          )
          continue
        }
        asked += 1
        let verdict = sheet.judge(answer, for: exercise)
        if verdict == .right {
          right += 1
          output.write("  " + terminal.good("✓ right") + ": " + NumberFormat.value(exercise.value) + "\n")
        } else {
          output.write("  " + terminal.bad("✗ wrong") + ": " + text.diagnosis(verdict) + ".\n")
          output.write("  " + text.workedLine(exercise) + "\n")
        }
        break
      }
    }
    output.write(
      "\n" + terminal.bold("Score: \(right) of \(asked) answered right")
        + (asked < total ? " (\(total) questions)" : "")
        + ".\n")
  }
}
