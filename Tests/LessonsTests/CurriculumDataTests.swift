import Foundation
import Testing
import TraceStore

/// Lessons 11 to 14: real data and function fitting, read from the trace.
@Suite struct CurriculumDataTests {
  /// The value of an evaluation kind (`train_accuracy`, …) after the last epoch.
  private func lastEpoch(_ kind: String, _ lesson: CurriculumRun) throws -> (epoch: Int, value: Double) {
    let rows = try lesson.rows(TraceFilter(kinds: [kind]))
    let last = try #require(rows.max { $0.epoch < $1.epoch }, "no \(kind) recorded")
    return (last.epoch, last.value)
  }

  /// The held-out accuracy computed from the outputs recorded for the held-out rows, checked
  /// against the last epoch's `test_accuracy`.
  private func heldOut(_ lesson: CurriculumRun, rows expected: Int) throws -> Double {
    let (right, total) = heldOutAccuracy(try lesson.rows(TraceFilter(kinds: ["test_a", "test_y"])))
    #expect(total == expected, "held-out rows")
    let accuracy = Double(right) / Double(max(total, 1))
    let recorded = try lastEpoch("test_accuracy", lesson)
    #expect(abs(recorded.value - accuracy) <= 1e-12, "test_accuracy \(recorded.value), outputs give \(accuracy)")
    return accuracy
  }

  @Test func irisEndsAboveNinetyPercentOnTheTrainingAndTheHeldOutFlowers() async throws {
    let lesson = try await CurriculumRuns.shared.run("iris")
    let train = try lastEpoch("train_accuracy", lesson)
    #expect(train.epoch == 99)
    #expect(train.value > 0.9, "training accuracy \(train.value)")
    let test = try heldOut(lesson, rows: 30)
    #expect(test > 0.9, "held-out accuracy \(test)")
  }

  @Test func theDiagnosisNetworkClassifiesMoreThanNinetyPercentOfTheHeldOutCases() async throws {
    let lesson = try await CurriculumRuns.shared.run("breast-cancer")
    let test = try heldOut(lesson, rows: 142)
    #expect(test > 0.9, "held-out accuracy \(test)")
  }

  @Test func theFinalLossFallsStrictlyFromOneToTwoToFourToEightHiddenUnits() async throws {
    let lesson = try await CurriculumRuns.shared.run("universal-approximation")
    var losses: [Double] = []
    for part in ["h1", "h2", "h4", "h8"] {
      let rows = try lesson.rows(TraceFilter(kinds: ["loss"]), part: part).filter { $0.sample == nil }
      let last = try #require(rows.max { $0.step < $1.step })
      #expect(last.step == 599, "\(part)")
      losses.append(last.value)
    }
    #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "final losses for 1, 2, 4, 8 units: \(losses)")
  }

  @Test func theDigitsNetworkReadsMoreThanNinetyPercentOfTheHeldOutImagesAfterThreeEpochs() async throws {
    let lesson = try await CurriculumRuns.shared.run("digits")
    #expect(lesson.parts.map(\.training.epochs) == [3])
    let test = try heldOut(lesson, rows: 359)
    #expect(test > 0.9, "held-out accuracy \(test)")
  }
}
