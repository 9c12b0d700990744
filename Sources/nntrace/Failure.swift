import ArgumentParser
import Foundation
import Lessons
import TraceStore

/// How a command fails: a one-paragraph message on standard error and a distinct exit status.
enum Failure {
  /// Exit statuses, as `nntrace --help` documents them.
  enum Status {
    static let diverged: Int32 = 3
    static let usage: Int32 = 64
    static let badLesson: Int32 = 65
    static let notFound: Int32 = 66
    static let interrupted: Int32 = 130
  }

  /// Prints `message` on standard error (control characters escaped: it may quote a file) and
  /// returns the exit code to throw.
  static func report(_ message: String, status: Int32) -> ExitCode {
    FileHandle.standardError.write(Data("nntrace: \(TextSafety.terminal(message, multiline: true))\n".utf8))
    return ExitCode(status)
  }

  /// A lesson file that cannot be used.
  static func lesson(_ error: LessonError) -> ExitCode {
    report(error.description, status: Status.badLesson)
  }

  /// A database that cannot be opened or read.
  static func database(_ error: Error) -> ExitCode {
    if let error = error as? TraceStoreError {
      switch error.reason {
      case .store: return report(error.message, status: Status.notFound)
      case .refusedWrite, .invalidQuery: return report(error.message, status: Status.usage)
      case .busy, .timeLimit, .corrupt: return report(error.message, status: 1)
      case .interrupted:
        return report(error.message, status: 128 + (StatementStop.signal == 0 ? SIGINT : StatementStop.signal))
      }
    }
    if let explained = TraceStoreError.explaining(error) {
      return report(explained.message, status: 1)
    }
    return report("database error: \(error)", status: 1)
  }
}
