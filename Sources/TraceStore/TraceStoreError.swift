/// Why the trace store could not do what was asked, in words for the person at the terminal.
public struct TraceStoreError: Error, CustomStringConvertible, Sendable {
  /// What kind of trouble, for choosing an exit status.
  public enum Reason: Sendable, Equatable {
    /// The database is missing, foreign, too new, or a run does not exist.
    case store
    /// `nntrace query` was asked to change something.
    case refusedWrite
    /// `nntrace query` was given SQL that SQLite cannot run.
    case invalidQuery
    /// Another process is recording a run that the request would disturb.
    case busy
    /// A signal stopped a statement (``StatementStop``).
    case interrupted
    /// A statement ran past its time limit.
    case timeLimit
    /// The file or a value in it is damaged: not what nntrace wrote.
    case corrupt
  }

  /// What went wrong.
  public let message: String
  /// What kind of trouble.
  public let reason: Reason

  /// An error with a message.
  public init(_ message: String, reason: Reason = .store) {
    self.message = message
    self.reason = reason
  }

  public var description: String { message }
}
