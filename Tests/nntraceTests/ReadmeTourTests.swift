import Foundation
import Testing

/// The README's short tour, run command by command in order on a fresh database, as a newcomer would.
@Suite(.serialized) struct ReadmeTourTests {
  /// The commands of the tour's `sh` block, each as its arguments (continuation lines joined, comments dropped).
  static func tourCommands() throws -> [[String]] {
    let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    guard let heading = readme.range(of: "## A short tour"),
      let open = readme.range(of: "```sh\n", range: heading.upperBound..<readme.endIndex),
      let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
    else { throw BinaryError(description: "README.md has no sh block under “## A short tour”") }
    var commands: [[String]] = []
    var pending = ""
    for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n") {
      pending += (pending.isEmpty ? "" : " ") + line.trimmingCharacters(in: .whitespaces)
      guard pending.filter({ $0 == "\"" }).count % 2 == 0 else { continue }
      commands.append(words(pending))
      pending = ""
    }
    return commands
  }

  /// Shell words: split at spaces outside double quotes, a `#` outside quotes starting a comment.
  static func words(_ line: String) -> [String] {
    var words: [String] = []
    var word = ""
    var quoted = false
    var started = false
    for c in line {
      if c == "\"" {
        quoted.toggle()
        started = true
      } else if c == "#" && !quoted && word.isEmpty {
        break
      } else if c == " " && !quoted {
        if started { words.append(word) }
        word = ""
        started = false
      } else {
        word.append(c)
        started = true
      }
    }
    if started { words.append(word) }
    return words
  }

  @Test func theTourRunsInOrderOnAFreshDatabase() throws {
    let binary = try NNTraceBinary()
    let commands = try Self.tourCommands()
    #expect(commands.count >= 12, "\(commands)")
    var outputs: [String: String] = [:]
    for command in commands {
      let text = command.joined(separator: " ")
      let result: Invocation
      if command.starts(with: ["swift", "run", "nntrace", "check"]), let file = command.last {
        // The learner's hand-worked answers: the worksheet key's filled-in answer file.
        try Self.fillAnswers(from: binary.directory.appendingPathComponent("sheet-key.md"), to: binary.path(file))
      }
      if command.starts(with: ["swift", "run", "nntrace"]) {
        result = try binary.run(Array(command.dropFirst(3)))
      } else {
        #expect(command.first == "sqlite3", "an unexpected command in the tour: \(text)")
        result = try Self.sqlite3(Array(command.dropFirst()), in: binary.directory)
      }
      #expect(result.status == 0 && !result.signaled, "\(text) exited \(result.status): \(result.stderr)")
      // Every command but the one writing a file (`-o`) has something to say.
      #expect(command.contains("-o") || !result.stdout.isEmpty, "\(text) printed nothing")
      outputs[text] = result.stdout
    }
    // What the comments promise.
    let runs = try #require(outputs["swift run nntrace runs"])
    #expect(runs.contains("perceptron/and") && runs.contains("perceptron/or") && runs.contains("chain-rule"))
    let diff = try #require(outputs.first { $0.key.hasPrefix("swift run nntrace diff") }?.value)
    #expect(diff.contains("run 1") && diff.contains("run 2"), "\(diff)")
    let mistakes = try #require(outputs.first { $0.key.hasPrefix("sqlite3") }?.value)
    // Fifteen epochs of AND, and the perceptron stops making mistakes: the last epoch has none.
    let rows = mistakes.split(separator: "\n")
    #expect(rows.count == 15, "\(mistakes)")
    #expect(rows.last.map { $0.hasSuffix("|0") || $0.hasSuffix("|0.0") } == true, "\(mistakes)")
    #expect(FileManager.default.fileExists(atPath: binary.path("handout.md")))
  }

  /// Writes the answer file a worksheet's key shows filled in, as a learner who worked every value would.
  static func fillAnswers(from key: URL, to path: String) throws {
    let text = try String(contentsOf: key, encoding: .utf8)
    guard let filled = text.components(separatedBy: "## The answer file, filled in\n\n```text\n").dropFirst().first
    else { throw BinaryError(description: "\(key.path) shows no filled-in answer file") }
    let answers = filled.components(separatedBy: "```\n").first ?? filled
    try Data(answers.utf8).write(to: URL(fileURLWithPath: path))
  }

  @Test func nntraceNamesItsVersion() throws {
    let binary = try NNTraceBinary()
    let result = try binary.succeed(["--version"])
    #expect(result.stdout.hasPrefix("nntrace "), "\(result.stdout)")
  }

  /// Runs the system's `sqlite3` in `directory`.
  static func sqlite3(_ arguments: [String], in directory: URL) throws -> Invocation {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3"] + arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Invocation(
      arguments: arguments, status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}
