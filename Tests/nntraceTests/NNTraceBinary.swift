import Foundation
// The package root, temporary directories and the sqlite3 shell, for every file of this target.
@_exported import TestSupport
import Testing

// Runs the built `nntrace` executable the way a user or a script does, and
// captures what it prints. These tests hold the command line to the contract.

/// What one run of the executable did.
struct Invocation {
  var arguments: [String]
  var status: Int32
  /// Whether the process was ended by a signal (a trap, a crash), `status` then being the signal.
  var signaled = false
  var stdout: String
  var stderr: String
  /// The most memory the process had resident at once, in bytes, when the run measured it.
  var peakResidentBytes: Int? = nil
}

/// Why the executable could not be run.
struct BinaryError: Error, CustomStringConvertible {
  var description: String
}

/// The built `nntrace`, and a scratch directory to run it in.
final class NNTraceBinary {
  /// The executable.
  let url: URL
  /// A fresh directory, the working directory of every invocation; removed when released.
  let directory: URL

  /// Finds the executable: `$NNTRACE_BIN`, else the `nntrace` built beside this test
  /// bundle (the same `swift build`), else `.build/debug/nntrace` in the package.
  ///
  /// - Throws: ``BinaryError`` naming every place it looked, when there is none.
  init() throws {
    url = try Self.locate()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  private static func locate() throws -> URL {
    let manager = FileManager.default
    func isExecutableFile(_ url: URL) -> Bool {
      var isDirectory: ObjCBool = false
      return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        && manager.isExecutableFile(atPath: url.path)
    }
    if let explicit = ProcessInfo.processInfo.environment["NNTRACE_BIN"], !explicit.isEmpty {
      let url = URL(fileURLWithPath: explicit)
      guard isExecutableFile(url) else {
        throw BinaryError(description: "NNTRACE_BIN is \(explicit), which is not an executable file")
      }
      return url
    }
    var looked: [String] = []
    // The test bundle's own build directory holds the nntrace built with it
    // (…/debug/nntracePackageTests.xctest on Linux; inside a bundle on macOS).
    let testExecutable =
      (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map(URL.init(fileURLWithPath:))
      ?? Bundle.main.executableURL
    if var directory = testExecutable?.deletingLastPathComponent() {
      for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("nntrace")
        looked.append(candidate.path)
        if isExecutableFile(candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
      }
    }
    let fallback = packageRoot.appendingPathComponent(".build/debug/nntrace")
    looked.append(fallback.path)
    if isExecutableFile(fallback) { return fallback }
    throw BinaryError(
      description: """
        cannot find the nntrace executable; build it first (swift build), or set NNTRACE_BIN to its path. \
        Looked at: \(looked.joined(separator: ", "))
        """)
  }

  /// The path of `name` in the scratch directory.
  func path(_ name: String) -> String {
    directory.appendingPathComponent(name).path
  }

  /// Writes `text` to `name` in the scratch directory and returns its path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    let path = path(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Runs `nntrace arguments…` with standard input from /dev/null and output to files.
  ///
  /// The environment is this process's, without `NNTRACE_DB` and `NO_COLOR`,
  /// with `NNTRACE_LESSONS` set to the package's `lessons/`, then `environment` on top.
  /// With `addressSpace`, the process runs under `prlimit --as` (bytes of virtual memory): an
  /// allocation beyond it fails, so a command that tried one would crash rather than pass.
  /// With `measuringPeakMemory`, it runs under GNU `/usr/bin/time`, which gives the invocation's
  /// ``Invocation/peakResidentBytes`` (the kernel's count of the process's largest resident set);
  /// past `timeout`, only `time` is ended then, not the nntrace it waits for.
  func run(
    _ arguments: [String], environment: [String: String] = [:], timeout: Double = 120, addressSpace: Int? = nil,
    measuringPeakMemory: Bool = false
  ) throws -> Invocation {
    let id = UUID().uuidString
    let peakURL = directory.appendingPathComponent(".peak-\(id)")
    var command = [url.path] + arguments
    if let addressSpace { command = ["/usr/bin/prlimit", "--as=\(addressSpace)", "--"] + command }
    if measuringPeakMemory {
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
        throw BinaryError(description: "measuring nntrace's peak memory needs GNU time at /usr/bin/time")
      }
      command = ["/usr/bin/time", "-f", "%M", "-o", peakURL.path, "--"] + command
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    process.currentDirectoryURL = directory
    var merged = ProcessInfo.processInfo.environment
    merged["NNTRACE_DB"] = nil
    merged["NO_COLOR"] = nil
    merged["NNTRACE_LESSONS"] = packageRoot.appendingPathComponent("lessons").path
    merged.merge(environment) { $1 }
    process.environment = merged

    let outURL = directory.appendingPathComponent(".stdout-\(id)")
    let errURL = directory.appendingPathComponent(".stderr-\(id)")
    guard
      FileManager.default.createFile(atPath: outURL.path, contents: nil),
      FileManager.default.createFile(atPath: errURL.path, contents: nil)
    else {
      throw BinaryError(description: "cannot create output files in \(directory.path)")
    }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? FileManager.default.removeItem(at: outURL)
      try? FileManager.default.removeItem(at: errURL)
      try? FileManager.default.removeItem(at: peakURL)
    }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice

    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      process.terminate()
      finished.wait()
      throw BinaryError(description: "nntrace \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
    }
    try out.close()
    try err.close()
    var invocation = Invocation(
      arguments: arguments, status: process.terminationStatus,
      signaled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    if measuringPeakMemory { try Self.readPeak(peakURL, into: &invocation) }
    return invocation
  }

  /// Reads what `/usr/bin/time -f %M` wrote: a line "Command terminated by signal N" when the
  /// process was killed (time then exits 128 + N itself), and last, its peak resident set in KiB.
  private static func readPeak(_ url: URL, into invocation: inout Invocation) throws {
    let lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n")
    guard let last = lines.last, let kibibytes = Int(last.trimmingCharacters(in: .whitespaces)) else {
      throw BinaryError(description: "/usr/bin/time gave no peak memory: \(lines)")
    }
    invocation.peakResidentBytes = kibibytes * 1024
    let killed = "Command terminated by signal "
    if let line = lines.first(where: { $0.hasPrefix(killed) }), let signal = Int32(line.dropFirst(killed.count)) {
      invocation.signaled = true
      invocation.status = signal
    }
  }

  /// Runs `nntrace arguments…` and records an issue unless it exits 0.
  @discardableResult
  func succeed(
    _ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Invocation {
    let result = try run(arguments, environment: environment)
    #expect(
      result.status == 0, "nntrace \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)",
      sourceLocation: sourceLocation)
    return result
  }
}

/// The escape character that starts every ANSI colour code.
let escape = "\u{1B}"
