/// Why the trace store could not do what was asked, in words for the person at the terminal.
public struct TraceStoreError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public let message: String

  /// An error with a message.
  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}
