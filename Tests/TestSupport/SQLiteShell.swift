import Foundation

/// Errors of the sqlite3 shell.
public struct ShellError: Error, CustomStringConvertible {
  /// What went wrong, with the shell's own message.
  public var description: String
}

/// Runs SQL through the `sqlite3` command-line shell and returns its standard output: a database
/// looked at from outside, as a user would.
///
/// - Throws: ``ShellError`` when `sqlite3` is missing or exits non-zero.
@discardableResult
public func sqlite3(_ path: String, _ sql: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sqlite3", "-batch", path, sql]
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let text = output.fileHandleForReading.readDataToEndOfFile()
  let problem = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ShellError(
      description:
        "sqlite3 exited \(process.terminationStatus) (is the sqlite3 shell installed?): \(String(decoding: problem, as: UTF8.self))"
    )
  }
  return String(decoding: text, as: UTF8.self)
}
