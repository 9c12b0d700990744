import Foundation

/// What the learner typed after a step: the keys of `--step`.
enum StepCommand: Equatable {
  /// Enter: the next step.
  case next
  /// `b`: the step before.
  case back
  /// A number: that step.
  case jump(Int)
  /// `c`: go on without waiting.
  case proceed
  /// `q`: stop.
  case quit

  /// Reads one typed line; `nil` for anything else.
  init?(typed line: String) {
    let text = line.trimmingCharacters(in: .whitespaces).lowercased()
    switch text {
    case "": self = .next
    case "b", "back": self = .back
    case "c", "continue": self = .proceed
    case "q", "quit": self = .quit
    default:
      guard let number = Int(text), number >= 0 else { return nil }
      self = .jump(number)
    }
  }
}

/// Asks, on the terminal, what to do after a step.
enum StepPrompt {
  /// Shows the keys (on standard error) and reads a line from standard input until it is one of them.
  /// End of input means go on without waiting.
  static func ask(step: Int, of total: Int, terminal: Terminal) -> StepCommand {
    var error = StandardError()
    while true {
      error.write(
        terminal.dim(
          "step \(step) of 0–\(max(0, total - 1)) · Enter next · b back · number jump · c continue · q quit ›")
          + " ")
      guard let line = readLine(strippingNewline: true) else { return .proceed }
      if let command = StepCommand(typed: line) { return command }
      error.write("'\(line)' is not a key here: press Enter, b, c, q, or type a step number.\n")
    }
  }
}
