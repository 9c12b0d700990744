import Foundation
import Lessons
import Testing
import Tracing

/// The lesson file's `capture:` key.
@Suite struct CaptureReaderTests {
  /// The contract's example with a `capture:` key (and its value) appended.
  private func lesson(capture: String) -> String {
    contractExample + "\ncapture: " + capture + "\n"
  }

  @Test func withoutTheKeyTheLessonSaysNothingAboutCapture() throws {
    #expect(try LessonParser.parse(contractExample, file: "l.yaml").capture == nil)
  }

  @Test(arguments: CapturePolicy.allCases)
  func aPolicyNameAloneIsThePlan(_ policy: CapturePolicy) throws {
    let spec = try LessonParser.parse(lesson(capture: policy.name), file: "l.yaml")
    #expect(spec.capture == CapturePlan(policy: policy))
  }

  @Test func aMappingSetsThePolicyAndEveryThinningOption() throws {
    let spec = try LessonParser.parse(
      lesson(
        capture:
          "{policy: summary, every_step: 10, every_epoch: 2, first_steps: 3, last_steps: 4, samples: [1, \"0\"], layers: \"1-2\"}"
      ), file: "l.yaml")
    #expect(
      spec.capture
        == CapturePlan(
          policy: .summary, everyStep: 10, everyEpoch: 2, firstSteps: 3, lastSteps: 4,
          samples: IndexList(parsing: "0-1"), layers: IndexList(parsing: "1,2")))
  }

  @Test func thePolicyDefaultsToAllAndAllMeansEveryIndex() throws {
    let spec = try LessonParser.parse(lesson(capture: "{every_step: 5, samples: all}"), file: "l.yaml")
    #expect(spec.capture == CapturePlan(policy: .all, everyStep: 5))
  }

  struct Mistake: CustomTestStringConvertible, Sendable {
    var capture: String
    var key: String
    var says: String
    var testDescription: String { capture }
  }

  static let mistakes: [Mistake] = [
    Mistake(capture: "most", key: "capture", says: "unknown capture policy 'most'"),
    Mistake(capture: "summry", key: "capture", says: "did you mean 'summary'"),
    Mistake(capture: "{policy: al}", key: "capture.policy", says: "expected all, summary or none"),
    Mistake(capture: "{every_steps: 3}", key: "capture.every_steps", says: "unknown key"),
    Mistake(capture: "{every_step: 0}", key: "capture.every_step", says: "at least 1"),
    Mistake(capture: "{last_steps: 2.5}", key: "capture.last_steps", says: "whole number"),
    Mistake(capture: "{samples: [0, 2]}", key: "capture.samples[1]", says: "2 is out of range: this lesson has 2"),
    Mistake(capture: "{layers: \"0-3\"}", key: "capture.layers", says: "3 is out of range: this lesson has 3 layers"),
    Mistake(capture: "{layers: \"2-1\"}", key: "capture.layers", says: "such as 0,2,5-9"),
    Mistake(capture: "{samples: []}", key: "capture.samples", says: "empty list"),
    Mistake(capture: "[all]", key: "capture", says: "a policy name"),
  ]

  @Test(arguments: mistakes)
  func aMistakeNamesTheFileLineAndKey(_ mistake: Mistake) {
    do {
      _ = try LessonParser.parse(lesson(capture: mistake.capture), file: "l.yaml")
      Issue.record("capture: \(mistake.capture) was accepted")
    } catch let error as LessonError {
      #expect(error.file == "l.yaml")
      // The key is on the line after the contract's example.
      #expect(error.line == contractExample.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
      #expect(error.key == mistake.key, "\(error)")
      #expect(error.message.contains(mistake.says), "\(error)")
    } catch {
      Issue.record("expected a LessonError, got \(error)")
    }
  }

  @Test func theStoredConfigWithItsPlanParsesBackToTheSameLesson() throws {
    var spec = try LessonParser.parse(contractExample, file: "l.yaml")
    spec.capture = CapturePlan(policy: .all, lastSteps: 2, layers: IndexList(parsing: "0,2"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(spec), as: UTF8.self)
    #expect(json.contains(#""capture":{"last_steps":2,"layers":"0,2","policy":"all"}"#))
    #expect(try LessonParser.parse(json, file: "config.json").capture == spec.capture)
  }
}
