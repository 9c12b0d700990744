import Foundation

/// A progress bar on standard error for runs that take more than a second, only on a terminal.
///
/// `step 1234/2000 ━━━━━━━━━━━━━━━━━━╺━━━━━━━━━━━ 62% · loss 0.693147`. It
/// appears after the first second, redraws at most ten times a second, and
/// is erased before anything is written to standard output and at the end.
final class ProgressBar {
  private let total: Int
  private let start = Date()
  private var lastDraw: Date?
  private var shown = false

  /// A bar for `total` steps, or `nil` when standard error is not a terminal.
  init?(total: Int) {
    guard Terminal.errorIsTerminal, total > 1 else { return nil }
    self.total = total
  }

  /// Draws the bar for `step` steps done, if a second has passed.
  func update(done step: Int, loss: Double?) {
    let now = Date()
    guard now.timeIntervalSince(start) >= 1 else { return }
    if let lastDraw, now.timeIntervalSince(lastDraw) < 0.1 { return }
    lastDraw = now
    let fraction = min(1, Double(step) / Double(total))
    let width = 30
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    var text = "step \(step)/\(total) \(bar) \(Int((fraction * 100).rounded(.down)))%"
    if let loss, loss.isFinite { text += " · loss " + String(format: "%.6f", loss) }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    shown = true
  }

  /// Erases the bar, so that other output starts on a clean line.
  func clear() {
    guard shown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    shown = false
  }
}
