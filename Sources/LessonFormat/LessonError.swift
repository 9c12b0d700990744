/// A mistake in a lesson file, located for the person who has to fix it.
///
/// Its description is one paragraph: `FILE:LINE: KEY: what was found; what was expected.`
public struct LessonError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The lesson file.
  public let file: String
  /// 1-based line, or `nil` when the mistake has no line (an unreadable file).
  public let line: Int?
  /// The dotted key path, e.g. `optimizer.lr` or `weights[1].w[0]`; empty for the whole file.
  public let key: String
  /// What was wrong and what was expected.
  public let message: String

  /// An error.
  public init(file: String, line: Int?, key: String, message: String) {
    self.file = file
    self.line = line
    self.key = key
    self.message = message
  }

  /// One line, whatever the file's name, key or quoted values hold: control characters are escaped.
  public var description: String {
    let place = line.map { "\(TextExcerpt.escape(file)):\($0)" } ?? TextExcerpt.escape(file)
    let message = TextExcerpt.escape(message)
    return key.isEmpty ? "\(place): \(message)" : "\(place): \(TextExcerpt.escape(key)): \(message)"
  }
}
