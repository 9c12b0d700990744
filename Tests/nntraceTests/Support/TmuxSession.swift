import Foundation

/// A program running in a real pseudo-terminal under tmux, on a private server: keys in, screen out.
final class TmuxSession {
  /// Whether tmux is installed.
  static var available: Bool { FileManager.default.isExecutableFile(atPath: tmux) }
  static let tmux =
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    } ?? "/usr/bin/tmux"

  private let socket = "nntrace-test-\(UUID().uuidString.prefix(8))"

  /// Starts `command` (a shell line) in `directory`, in a 200×60 terminal; when it ends the
  /// pane shows `EXIT=<status>` and stays open.
  init(_ command: String, in directory: URL) throws {
    let line = "cd '\(directory.path)' && \(command); echo EXIT=$?; sleep 600"
    try run(["new-session", "-d", "-x", "200", "-y", "60", "-s", "main", line])
  }

  deinit {
    try? run(["kill-server"])
  }

  /// Runs tmux through the shell with `system`: Foundation's `Process` would wait for the tmux
  /// server, which inherits the descriptor it watches for the child's exit.
  @discardableResult
  private func run(_ arguments: [String]) throws -> String {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    let words = [Self.tmux, "-L", socket, "-f", "/dev/null"] + arguments
    let line =
      "env -u TMUX -u NO_COLOR -u NNTRACE_DB TERM=xterm-256color "
      + words.map(Self.quote).joined(separator: " ") + " >" + Self.quote(output.path) + " 2>/dev/null </dev/null"
    _ = system(line)
    return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
  }

  /// `text` in single quotes for the shell.
  static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Types `keys` (tmux key names such as `Enter`, or literal text).
  func send(_ keys: String...) throws {
    try run(["send-keys", "-t", "main"] + keys)
  }

  /// The whole screen and its scroll-back, as plain text (`escapes` keeps the colour codes).
  func screen(escapes: Bool = false) throws -> String {
    try run(["capture-pane", "-p", "-J", "-t", "main", "-S", "-5000"] + (escapes ? ["-e"] : []))
  }

  /// Waits until the screen shows `text` `count` times (at most `timeout` seconds); returns the screen.
  @discardableResult
  func wait(for text: String, count: Int = 1, timeout: Double = 30) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    while Date() < deadline {
      screen = try self.screen()
      if screen.components(separatedBy: text).count - 1 >= count { return screen }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw TimedOut(text: text, screen: screen)
  }

  struct TimedOut: Error, CustomStringConvertible {
    var text: String
    var screen: String
    var description: String { "the screen never showed '\(text)'; it showed:\n\(screen)" }
  }
}
