import Foundation

/// Runs the built `nntrace` binary, as a learner would, for the replay, export, diff and narration tests.
enum ReportsCLI {
  /// What a finished command left.
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The checkout's root, found from this file's path.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The `nntrace` binary beside the test bundle (`$NNTRACE_BIN` wins).
  static var binary: URL {
    if let explicit = ProcessInfo.processInfo.environment["NNTRACE_BIN"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit)
    }
    let candidates = [
      Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ]
    for directory in candidates.compactMap({ $0 }) {
      let binary = directory.appendingPathComponent("nntrace")
      if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
    }
    return root.appendingPathComponent(".build/debug/nntrace")
  }

  /// A fresh empty folder, removed by the caller's `defer`.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nntrace-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `nntrace arguments…` in `directory` and waits for it; output goes through files, never blocking.
  static func run(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:], executable: URL? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable ?? binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NNTRACE_DB"] = nil
    env["NNTRACE_LESSONS"] = root.appendingPathComponent("lessons").path
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let outURL = directory.appendingPathComponent(".out-\(UUID().uuidString)")
    let errURL = directory.appendingPathComponent(".err-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: outURL)
      try? FileManager.default.removeItem(at: errURL)
    }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try process.run()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8))
  }
}
