import Foundation
import Reports

/// Standard output for narration: each line wrapped to the terminal's width (100 columns when
/// standard output is not a terminal), long formulas continued on an indented line.
struct NarrationOutput: TextOutputStream {
  /// The width lines are wrapped to.
  let width: Int
  private var base = StandardOutput()
  private var pending = ""

  init() {
    width = Self.columns() ?? 100
  }

  /// Standard output's columns, when it is a terminal that says.
  static func columns() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return nil }
    return Int(size.ws_col)
  }

  mutating func write(_ string: String) {
    pending += string
    guard let last = pending.lastIndex(of: "\n") else { return }
    let complete = pending[...last]
    pending = String(pending[pending.index(after: last)...])
    base.write(LineWrapper.wrapLines(String(complete.dropLast()), width: width) + "\n")
  }

  /// Writes what is left of an unfinished line.
  mutating func flush() {
    guard !pending.isEmpty else { return }
    base.write(LineWrapper.wrapLines(pending, width: width))
    pending = ""
  }
}
