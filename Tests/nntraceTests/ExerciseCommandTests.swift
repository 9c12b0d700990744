import Foundation
import Testing

/// `quiz` through a pipe, `check` and `export --worksheet`, run as a learner runs them.
@Suite struct ExerciseCommandTests {
  /// Runs `nntrace arguments…` in `directory` with `input` on standard input (a pipe, not a terminal).
  func run(_ arguments: [String], in directory: URL, input: String) throws -> ReportsCLI.Result {
    let inputURL = directory.appendingPathComponent(".in-\(UUID().uuidString)")
    let outURL = directory.appendingPathComponent(".out-\(UUID().uuidString)")
    let errURL = directory.appendingPathComponent(".err-\(UUID().uuidString)")
    try Data(input.utf8).write(to: inputURL)
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
      for url in [inputURL, outURL, errURL] { try? FileManager.default.removeItem(at: url) }
    }
    let process = Process()
    process.executableURL = ReportsCLI.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NNTRACE_DB"] = nil
    environment["NNTRACE_LESSONS"] = ReportsCLI.root.appendingPathComponent("lessons").path
    process.environment = environment
    process.standardInput = try FileHandle(forReadingFrom: inputURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return ReportsCLI.Result(
      status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8))
  }

  /// The lines of `replay` (without indentation).
  func replayLines(_ directory: URL, run: String = "1", step: Int = 0) throws -> Set<String> {
    let replay = try ReportsCLI.run(
      ["replay", run, "--db", "t.sqlite", "--step", String(step), "--full", "--no-color"], in: directory)
    // The narration wraps a formula longer than 100 columns onto lines indented four more spaces: join them back.
    var lines: [String] = []
    for line in replay.stdout.split(separator: "\n").map(String.init) {
      if line.hasPrefix("      "), let last = lines.last, last.hasPrefix("  ") && !last.hasPrefix("   ") {
        lines[lines.count - 1] = last + " " + line.drop { $0 == " " }
      } else {
        lines.append(line)
      }
    }
    return Set(lines.map { $0.trimmingCharacters(in: .whitespaces) })
  }

  @Test func quizThroughAPipeDiagnosesEachAnswerAndEndsAtEndOfInput() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // z₁⁽¹⁾ right; a₁⁽¹⁾ = z (no sigmoid); not a number; z₂⁽¹⁾ without its bias; a₂⁽¹⁾ nothing known; end of input.
    let quiz = try run(
      ["quiz", "chain-rule", "--db", "t.sqlite"], in: directory, input: "0.3775\n0.3775\nabc\n0.0425\n0.5\n")
    #expect(quiz.status == 0, "\(quiz.stderr)")
    let out = quiz.stdout
    #expect(!out.contains("\u{1B}"), "no colour through a pipe")
    #expect(out.hasPrefix("Check my arithmetic: The chain rule\nRun 1 · step 0 · epoch 0 · data row 0\n"))
    #expect(out.contains("within ±0.000001 of the value"))
    #expect(out.contains("[1/37] z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = ?\n"))
    #expect(out.contains("  › 0.3775\n  ✓ right: 0.377500\n"))
    #expect(out.contains("✗ wrong: this is what you get when you forget the activation function: a = z"))
    #expect(out.contains("'abc' is not a number"))
    #expect(out.contains("✗ wrong: this is what you get when you forget the bias"))
    #expect(out.contains("✗ wrong: not a mistake I recognise.\n"))
    #expect(out.contains("Input ended after 4 of 37 questions."))
    #expect(out.hasSuffix("Score: 1 of 4 answered right (37 questions).\n"))
    // The worked lines are replay's.
    let replay = try replayLines(directory)
    for line in [
      "a₁⁽¹⁾ = σ(z₁⁽¹⁾) = σ(0.377500) = 1/(1 + e^−0.377500) = 0.593270",
      "z₂⁽¹⁾ = w₁₂⁽¹⁾x₁ + w₂₂⁽¹⁾x₂ + b₂⁽¹⁾ = 0.250000×0.050000 + 0.300000×0.100000 + 0.350000 = 0.392500",
    ] {
      #expect(out.contains("  " + line + "\n"))
      #expect(replay.contains(line))
    }
    let runs = try ReportsCLI.run(["runs", "--db", "t.sqlite"], in: directory)
    #expect(runs.stdout.contains("completed"), "the lesson was recorded first, whole")
  }

  @Test func quizOfARecordedRunTakesTheStepAndKindsAskedFor() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "3"], in: directory)
    let quiz = try run(
      ["quiz", "1", "--db", "t.sqlite", "--step", "2", "--kind", "delta", "--row", "1"], in: directory, input: "q\n")
    #expect(quiz.status == 0)
    #expect(quiz.stdout.contains("step 2 · epoch 2 · data row 1 of the batch (0, 1, 2, 3)"))
    #expect(quiz.stdout.contains("[1/3] δ₁⁽²⁾ = a₁⁽²⁾ − y₁ = ?"))
    #expect(quiz.stdout.contains("Score: 0 of 0 answered right (3 questions)."))
    let missing = try run(["quiz", "1", "--db", "t.sqlite", "--step", "9"], in: directory, input: "")
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("run 1 has no recorded step 9 (it has steps 0–2)"))
    let row = try run(["quiz", "1", "--db", "t.sqlite", "--row", "7"], in: directory, input: "")
    #expect(row.status == 64)
    #expect(row.stderr.contains("data row 7 is not in step 0's batch"))
  }

  @Test func quizOfALessonOfSeveralPartsWorksTheExerciseSetsPart() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let quiz = try run(
      ["quiz", "perceptron", "--db", "t.sqlite"], in: directory, input: "−0.01\n0\n1\n0.01\n0.01\n0\n")
    #expect(quiz.status == 0)
    #expect(quiz.stdout.contains("Run 1 · part and · step 3 · epoch 0 · data row 3"))
    #expect(quiz.stdout.contains("Score: 6 of 6 answered right."), "\(quiz.stdout)")
    let wrong = try run(["quiz", "perceptron", "--db", "t.sqlite", "--part", "xor"], in: directory, input: "")
    #expect(wrong.status == 64)
    #expect(wrong.stderr.contains("has no part 'xor': its parts are and, or"))
  }

  @Test func worksheetAndKeyAreWrittenAndTheKeysAnswersCheckAllRight() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "chain-rule", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(
      ["export", "1", "--db", "t.sqlite", "--worksheet", "-o", "sheet.md"], in: directory)
    #expect(export.status == 0, "\(export.stderr)")
    #expect(export.stderr.contains("and, beside it, its answer key sheet-key.md"))
    let sheet = try String(contentsOf: directory.appendingPathComponent("sheet.md"), encoding: .utf8)
    let key = try String(contentsOf: directory.appendingPathComponent("sheet-key.md"), encoding: .utf8)
    #expect(sheet.contains(" 1. z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾ = ____________\n"))
    #expect(!sheet.contains("0.377500"), "the sheet does not give the answers away")
    let replay = try replayLines(directory)
    let worked = key.split(separator: "\n").filter {
      $0.contains(". ") && $0.first == " " || $0.first?.isNumber == true
    }
    .map { String($0.drop { $0 != "." }.dropFirst(2)) }.filter { $0.contains(" = ") }
    #expect(worked.count == 37)
    for line in worked { #expect(replay.contains(line), "not replay's line: \(line)") }
    // The key's filled-in answer file passes `check`.
    let filled = try #require(key.components(separatedBy: "## The answer file, filled in\n\n```text\n").last)
    try Data(filled.replacingOccurrences(of: "```\n", with: "").utf8).write(
      to: directory.appendingPathComponent("a.txt"))
    let check = try ReportsCLI.run(["check", "1", "a.txt", "--db", "t.sqlite"], in: directory)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("All 37 values are right."))
    let again = try ReportsCLI.run(["export", "1", "--db", "t.sqlite", "--worksheet", "-o", "sheet.md"], in: directory)
    #expect(again.status == 64)
    #expect(again.stderr.contains("sheet.md already exists"))
    #expect(try String(contentsOf: directory.appendingPathComponent("sheet-key.md"), encoding: .utf8) == key)
    let forced = try ReportsCLI.run(
      ["export", "1", "--db", "t.sqlite", "--worksheet", "-o", "sheet.md", "--force", "--kind", "z"], in: directory)
    #expect(forced.status == 0)
    #expect(try String(contentsOf: directory.appendingPathComponent("sheet-key.md"), encoding: .utf8) != key)
    let stdout = try ReportsCLI.run(["export", "1", "--db", "t.sqlite", "--worksheet", "--kind", "z"], in: directory)
    #expect(stdout.stdout.hasPrefix("# Worksheet: The chain rule\n"))
    #expect(stdout.stdout.contains("\n---\n\n# Answer key: The chain rule\n"))
  }

  @Test func checkNamesTheFirstErrorAndWhatItCarriedInto() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "chain-rule", "--db", "t.sqlite", "--quiet"], in: directory)
    // δ₁⁽²⁾ without σ′ (= a − y = 0.741365); then ∂L/∂w₁₁⁽²⁾ = a₁⁽¹⁾ × that, and the update from it.
    let sheet = """
      step 0
      delta layer 2 unit 1 row 0: 0.741365
      delta layer 2 unit 2 row 0: -0.038098
      grad_w layer 2 from 1 to 1: 0.439830   # 0.593270 × 0.741365
      grad_b layer 2 unit 1: 0.741365
      w layer 2 from 1 to 1: 0.180085        # 0.4 − 0.5 × 0.439830
      w layer 2 from 1 to 2: 0.511301
      """
    try Data(sheet.utf8).write(to: directory.appendingPathComponent("answers.txt"))
    let check = try ReportsCLI.run(["check", "1", "answers.txt", "--db", "t.sqlite"], in: directory)
    #expect(check.status == 2)
    let out = check.stdout
    #expect(
      out.contains(
        "✗ delta layer 2 unit 1 row 0: 0.741365 is wrong (line 2): this is what you get when you forget the activation's derivative"
      ))
    #expect(out.contains("δ₁⁽²⁾ = ∂L/∂a₁⁽²⁾ × σ′(z₁⁽²⁾) = (0.751365 − 0.010000) × 0.751365×(1 − 0.751365)"))
    for key in ["grad_w layer 2 from 1 to 1", "grad_b layer 2 unit 1", "w layer 2 from 1 to 1"] {
      #expect(out.contains("→ \(key): "), "\(key) carries the error")
    }
    #expect(out.contains("✓ delta layer 2 unit 2 row 0: −0.038098"))
    #expect(out.contains("✓ w layer 2 from 1 to 2: 0.511301"))
    #expect(out.contains("2 of 6 values right. The first wrong value is delta layer 2 unit 1 row 0 (line 2)"))
    #expect(
      out.contains(
        "It carried into 3 later values, right from your own numbers: grad_w layer 2 from 1 to 1; grad_b layer 2 unit 1; w layer 2 from 1 to 1."
      ))
  }

  @Test func malformedSheetsAreRefusedByFileLineAndKeyAndNothingIsWritten() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "chain-rule", "--db", "t.sqlite", "--quiet"], in: directory)
    let cases: [(String, String)] = [
      ("z layer 1 unit 1 row 0: 0.3775\n", "bad.txt:1: expected 'step N'"),
      ("step 0\nz layer 1 unit 1 row 0: 0,3775\n", "bad.txt:2: z layer 1 unit 1 row 0: '0,3775' is not a number"),
      ("step 0\n\nz layer one: 1\n", "bad.txt:3: z layer one: 'layer' must be followed by a whole number"),
      (
        "step 0\nz layer 3 unit 1 row 0: 1\n", "bad.txt:2: z layer 3 unit 1 row 0: step 0 of this run has no such value"
      ),
    ]
    for (text, message) in cases {
      try Data(text.utf8).write(to: directory.appendingPathComponent("bad.txt"))
      let before = try snapshot(directory)
      let check = try ReportsCLI.run(["check", "1", "bad.txt", "--db", "t.sqlite"], in: directory)
      #expect(check.status == 65, "\(text)")
      #expect(check.stderr.hasPrefix("nntrace: \(message)"), "\(check.stderr)")
      #expect(check.stdout.isEmpty)
      let after = try snapshot(directory)
      #expect(after == before, "\(text): \(after.filter { before[$0.key] != $0.value }.keys.sorted())")
    }
    let huge = String(repeating: "# padding\n", count: 120_000)
    try Data(huge.utf8).write(to: directory.appendingPathComponent("bad.txt"))
    let big = try ReportsCLI.run(["check", "1", "bad.txt", "--db", "t.sqlite"], in: directory)
    #expect(big.status == 65)
    #expect(big.stderr.contains("bad.txt:1: the file is larger than 1024 KiB"))
    let missing = try ReportsCLI.run(["check", "1", "nope.txt", "--db", "t.sqlite"], in: directory)
    #expect(missing.status == 66)
  }

  /// Every file in `directory` with its contents, for "nothing written". SQLite's shared-memory index
  /// (`-shm`) and an empty write-ahead log, which any reader of the database may create, are left out.
  func snapshot(_ directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
    where !name.hasPrefix(".") && !name.hasSuffix("-shm") {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      if name.hasSuffix("-wal") && data.isEmpty { continue }
      files[name] = data
    }
    return files
  }
}
