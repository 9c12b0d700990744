import Foundation

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

  /// `text` in bold.
  func bold(_ text: String) -> String { paint(text, "1") }
  /// `text` dimmed.
  func dim(_ text: String) -> String { paint(text, "2") }
  /// `text` in a colour for good news.
  func good(_ text: String) -> String { paint(text, "32") }
  /// `text` in a colour for bad news.
  func bad(_ text: String) -> String { paint(text, "31") }

  private func paint(_ text: String, _ code: String) -> String {
    colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// Standard output as a `TextOutputStream`, for report writers.
struct StandardOutput: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardOutput.write(Data(string.utf8))
  }
}
