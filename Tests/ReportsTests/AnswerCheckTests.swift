import Foundation
import Reports
import Testing

/// `nntrace check`'s reading of an answer file and its verdicts: right, wrong with a diagnosis, carried forward.
@Suite struct AnswerCheckTests {
  /// The filled-in answer file of `fixture`'s whole sheet, with `replacing` values in place of the recorded ones.
  func answers(_ fixture: ExerciseFixture, replacing: [AnswerKey: Double] = [:]) -> String {
    var text = "# answers\nstep \(fixture.trace.step)\n"
    for exercise in fixture.sheet.exercises {
      text += "\(exercise.key): \(replacing[exercise.key] ?? exercise.value)\n"
    }
    return text
  }

  func check(_ fixture: ExerciseFixture, _ text: String) throws -> AnswerCheck {
    let file = try AnswerFile(text: text, file: "answers.txt")
    return try AnswerCheck(
      configuration: fixture.reader.configuration, trace: fixture.trace, answers: file, file: "answers.txt")
  }

  @Test func aCorrectSheetIsAllRight() throws {
    for fixture in [try ExerciseFixture.chainRule, try ExerciseFixture.xor, try ExerciseFixture.adaptive("adam")] {
      let check = try check(fixture, answers(fixture))
      #expect(check.allRight)
      #expect(check.outcomes.count == fixture.sheet.exercises.count)
      #expect(check.text(style: .plain).contains("All \(check.outcomes.count) values are right."))
    }
  }

  @Test func theSheetPrintedByTheKeyIsAllRight() throws {
    let fixture = try ExerciseFixture.chainRule
    let markdown = WorksheetMarkdown(sheet: fixture.sheet, run: fixture.reader.run)
    #expect(try check(fixture, markdown.answerFile(filled: true)).allRight)
    #expect(throws: AnswerFile.Problem.self) { try AnswerFile(text: markdown.answerFile(filled: false), file: "a") }
  }

  @Test func oneEarlyErrorIsNamedAndWhatItCarriedIntoIsMarked() throws {
    let fixture = try ExerciseFixture.chainRule
    // a₁⁽¹⁾ without the sigmoid (a = z); the learner then works on correctly from that wrong value.
    let z = try fixture.value("z", "forward", layer: 1, row: 0, i: 0)
    let a1 = AnswerKey("a", layer: 1, unit: 0, row: 0)
    var learner: [AnswerKey: Double] = [a1: z]
    var replacing: [AnswerKey: Double] = [a1: z]
    // Every later value, worked from the learner's own a₁⁽¹⁾, in order.
    for exercise in fixture.sheet.exercises.drop(while: { $0.key != a1 }).dropFirst() {
      let own = try #require(fixture.sheet.work(exercise, answers: learner))
      learner[exercise.key] = own
      replacing[exercise.key] = own
    }
    let check = try check(fixture, answers(fixture, replacing: replacing))
    let first = try #require(check.firstWrong)
    #expect(first.entry.key == a1)
    #expect(first.verdict == .mistake(.forgotActivation, gives: z))
    let carried = check.outcomes.filter { $0.verdict == .carried }
    let changed = check.outcomes.filter { !Tolerance.matches($0.entry.value, $0.exercise.value) }
    #expect(carried.count == changed.count - 1, "every changed value but the first is carried")
    #expect(carried.allSatisfy { $0.sources == [a1] })
    for key in ["z layer 2 unit 1 row 0", "loss row 0", "delta layer 1 unit 1 row 0", "w layer 2 from 1 to 1"] {
      #expect(carried.contains { $0.entry.key.description == key }, "\(key) carries a₁⁽¹⁾'s error")
    }
    #expect(!carried.contains { $0.entry.key.description == "z layer 1 unit 2 row 0" }, "independent of a₁⁽¹⁾")
    let text = check.text(style: .plain)
    #expect(
      text.contains(
        "✗ a layer 1 unit 1 row 0: 0.377500 is wrong (line 4): this is what you get when you forget the activation function"
      ))
    #expect(text.contains("a₁⁽¹⁾ = σ(z₁⁽¹⁾) = σ(0.377500) = 1/(1 + e^−0.377500) = 0.593270"))
    #expect(text.contains("→ z layer 2 unit 1 row 0:"))
    #expect(text.contains("The first wrong value is a layer 1 unit 1 row 0 (line 4)"))
    #expect(text.contains("It carried into \(carried.count) later values"))
  }

  @Test func aSecondIndependentErrorIsDiagnosedOnItsOwn() throws {
    let fixture = try ExerciseFixture.chainRule
    let w = AnswerKey("w", layer: 2, unit: 0, from: 0)
    let old = try fixture.start("w", layer: 2, i: 0, j: 0)
    let g = try fixture.value("grad_w", "backward", layer: 2, i: 0, j: 0)
    let check = try check(fixture, answers(fixture, replacing: [w: old + 0.5 * g]))
    #expect(check.outcomes.first { $0.entry.key == w }?.verdict == .mistake(.updateSign, gives: old + 0.5 * g))
    #expect(check.outcomes.filter { $0.verdict != .right }.count == 1)
  }

  @Test func malformedSheetsNameTheLineAndTheKey() throws {
    let cases: [(text: String, line: Int, key: String?, words: String)] = [
      ("z layer 1 unit 1 row 0: 0.3775\n", 1, nil, "expected 'step N'"),
      ("step 0\n\nz layer 1 unit 1 row 0 0.3775\n", 3, "z layer 1 unit 1 row 0 0.3775", "expected 'key: value'"),
      ("step 0\nq layer 1 unit 1 row 0: 1\n", 2, "q layer 1 unit 1 row 0", "unknown kind 'q'"),
      ("step 0\nz layer 1 unit 0 row 0: 1\n", 2, "z layer 1 unit 0 row 0", "units are counted from 1"),
      ("step 0\nz layer 1 unit 1: 1\n", 2, "z layer 1 unit 1", "expected 'z layer L unit I row R'"),
      ("step 0\ngrad_w layer 2 unit 1: 1\n", 2, "grad_w layer 2 unit 1", "expected 'grad_w layer L from J to I'"),
      ("step 0\nz layer 1 unit 1 row 0: abc\n", 2, "z layer 1 unit 1 row 0", "'abc' is not a number"),
      ("step 0\nz layer 1 unit 1 row 0:\n", 2, "z layer 1 unit 1 row 0", "no value after the colon"),
      ("step 0\n# a comment\nloss row 0: 1\nloss row 0: 2\n", 4, "loss row 0", "already given on line 3"),
      ("step 0\n", 1, nil, "no answers"),
    ]
    for (text, line, key, words) in cases {
      do {
        _ = try AnswerFile(text: text, file: "sheet.txt")
        Issue.record("accepted: \(text)")
      } catch {
        #expect(error.line == line, "\(text)")
        #expect(error.key == key, "\(text)")
        #expect(error.description.hasPrefix("sheet.txt:\(line): "), "\(error)")
        #expect(error.description.contains(words), "\(error)")
      }
    }
  }

  @Test func keysTheRunHasNoValueForAreRefusedWithTheirLine() throws {
    let fixture = try ExerciseFixture.chainRule
    for (text, words) in [
      ("step 0\nz layer 1 unit 1 row 0: 0.3775\nz layer 3 unit 1 row 0: 1\n", "has no such value"),
      ("step 0\nz layer 1 unit 1 row 0: 0.3775\nz layer 1 unit 1 row 5: 1\n", "data row 5 is not in step 0's batch"),
    ] {
      #expect {
        try check(fixture, text)
      } throws: { error in
        guard let problem = error as? AnswerFile.Problem else { return false }
        return problem.line == 3 && problem.description.contains(words)
      }
    }
  }

  @Test func controlCharactersFromAFileAreShownNotObeyed() throws {
    do {
      _ = try AnswerFile(text: "step 0\nz\u{1B}[2J layer 1: 1\n", file: "a\u{1B}]0;x\u{07}.txt")
      Issue.record("accepted")
    } catch {
      #expect(!error.description.contains("\u{1B}"))
      #expect(error.description.contains("\\u{1B}"))
    }
  }
}
