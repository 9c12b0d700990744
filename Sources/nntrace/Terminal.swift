import Foundation
import Reports
import TraceStore

/// Colour and terminal facts for output: colour only on a terminal, never under `NO_COLOR` or `--no-color`.
struct Terminal {
  /// Whether to write ANSI colours.
  let colored: Bool

  /// Decides from the flag, the environment and whether standard output is a terminal.
  init(noColor: Bool) {
    let environment = ProcessInfo.processInfo.environment
    colored = !noColor && environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
  }

  /// Whether standard input is a terminal someone can type at.
  static var interactive: Bool { isatty(STDIN_FILENO) == 1 }

  /// Whether standard error is a terminal (for the progress bar).
  static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// The report style matching these facts.
  var style: TextStyle { TextStyle(colored: colored) }

  /// `text` in bold.
  func bold(_ text: String) -> String { style.bold(text) }
  /// `text` dimmed.
  func dim(_ text: String) -> String { style.dim(text) }
  /// `text` in a colour for good news.
  func good(_ text: String) -> String { style.good(text) }
  /// `text` in a colour for bad news.
  func bad(_ text: String) -> String { style.bad(text) }
}

/// Standard output as a `TextOutputStream`, for report writers.
///
/// Everything nntrace prints there passes through ``TextSafety/terminalOutput(_:)``: text from a
/// lesson or a database (a title, a conclusion) reaches the terminal with its control characters
/// escaped, and only nntrace's own colour sequences pass.
struct StandardOutput: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardOutput.write(Data(TextSafety.terminalOutput(string).utf8))
  }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}
