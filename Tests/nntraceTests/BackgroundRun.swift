import Foundation
import Testing
import TraceStore

// Starting nntrace without waiting for it, so a test can signal it, kill it,
// or run several at once, then collect what it did.

/// A running `nntrace` process and the files its output goes to.
final class BackgroundRun {
  let process = Process()
  let arguments: [String]
  private let outURL: URL
  private let errURL: URL

  /// Starts `nntrace arguments…` in the binary's scratch directory, environment as ``NNTraceBinary/run``.
  init(_ nntrace: NNTraceBinary, _ arguments: [String]) throws {
    self.arguments = arguments
    let id = UUID().uuidString
    outURL = nntrace.directory.appendingPathComponent(".bg-out-\(id)")
    errURL = nntrace.directory.appendingPathComponent(".bg-err-\(id)")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.executableURL = nntrace.url
    process.arguments = arguments
    process.currentDirectoryURL = nntrace.directory
    var environment = ProcessInfo.processInfo.environment
    environment["NNTRACE_DB"] = nil
    environment["NNTRACE_LESSONS"] = packageRoot.appendingPathComponent("lessons").path
    process.environment = environment
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// Sends `signal` to the process.
  func send(_ signal: Int32) {
    kill(process.processIdentifier, signal)
  }

  /// Waits for the process to end (at most `timeout` seconds) and returns what it did.
  func finish(timeout: Double = 120) throws -> Invocation {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      guard Date() < deadline else {
        process.terminate()
        throw BinaryError(description: "nntrace \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    process.waitUntilExit()
    return Invocation(
      arguments: arguments, status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }

  /// How the process ended: `.exit` with a status, or `.uncaughtSignal` with the signal.
  var terminationReason: Process.TerminationReason { process.terminationReason }
}

/// Waits until `condition` holds, checking every 20 ms for at most `timeout` seconds.
func waitUntil(timeout: Double = 60, _ what: String, _ condition: () throws -> Bool) throws {
  let deadline = Date().addingTimeInterval(timeout)
  while try !condition() {
    guard Date() < deadline else { throw BinaryError(description: "waited \(timeout) s for \(what)") }
    Thread.sleep(forTimeInterval: 0.02)
  }
}

/// Values committed for `run`, as another process sees them (nothing is written by looking).
func committedValues(_ path: String, run: Int64) -> Int {
  guard FileManager.default.fileExists(atPath: path) else { return 0 }
  do {
    let database = try TraceDatabase.open(path: path, readOnly: true)
    return try database.run(run)?.values ?? 0
  } catch {
    return 0  // not created yet, or busy: look again
  }
}
