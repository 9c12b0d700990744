/// Why a report could not be made, in words for the person at the terminal.
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What went wrong.
  public let message: String

  /// An error with a message.
  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}
