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

    // Two losses of the first epoch, each named for what it is: on the training rows after the epoch's
    // update (train_loss), and the mean of the epoch's step losses, measured before the update.
    let afterEpoch = try #require(try lesson.rows(TraceFilter(epoch: 0, kinds: ["train_loss"])).first).value
    let steps = try lesson.rows(TraceFilter(epoch: 0, kinds: ["loss"])).filter { $0.sample == nil }.map(\.value)
    let stepMean = steps.reduce(0, +) / Double(steps.count)
    #expect(afterEpoch < stepMean, "after the epoch \(afterEpoch), mean over its steps \(stepMean)")
    let text = try lesson.conclusionText()
    #expect(
      text.contains(
        "measured after each epoch's update, fell from \(String(format: "%.3f", afterEpoch)) after the first epoch"),
      "\(text)")
    #expect(
      text.contains(
        "the mean loss over the epoch's steps, each measured before its update: \(String(format: "%.3f", stepMean)) for the first epoch"
      ), "\(text)")
  }

  @Test func theDiagnosisNetworkClassifiesMoreThanNinetyPercentOfTheHeldOutCases() async throws {
    let lesson = try await CurriculumRuns.shared.run("breast-cancer")
    let test = try heldOut(lesson, rows: 142)
    #expect(test > 0.9, "held-out accuracy \(test)")

    // The conclusion's word on missed cancers (held-out malignant cases, label 0, called benign) fits their count.
    var called: [Int: Double] = [:]
    var label: [Int: Double] = [:]
    for row in try lesson.rows(TraceFilter(layer: 2, kinds: ["test_a", "test_y"])) {
      guard let sample = row.sample else { continue }
      if row.kind == "test_a" { called[sample] = row.value } else { label[sample] = row.value }
    }
    let missed = label.filter { $0.value == 0 && (called[$0.key] ?? 0) >= 0.5 }.count
    let text = try lesson.conclusionText()
    if missed == 0 {
      #expect(text.contains("No malignant case was called benign"), "\(text)")
    } else {
      #expect(text.contains("The \(missed) malignant \(missed == 1 ? "case" : "cases") called benign"), "\(text)")
    }
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

    // The conclusion's shape of sin(x) over the data, from the targets in x order: falls, rises, falls.
    var points: [(x: Double, y: Double)] = []
    var xs: [Int: Double] = [:]
    for row in try lesson.rows(TraceFilter(step: 0, kinds: ["x"]), part: "h1") { xs[row.sample ?? -1] = row.value }
    for row in try lesson.rows(TraceFilter(step: 0, kinds: ["y"]), part: "h1") {
      points.append((try #require(xs[row.sample ?? -1]), row.value))
    }
    #expect(points.count == 40)
    points.sort { $0.x < $1.x }
    var moves: [String] = []
    for (a, b) in zip(points, points.dropFirst()) where a.y != b.y {
      let move = b.y < a.y ? "falls" : "rises"
      if moves.last != move { moves.append(move) }
    }
    #expect(moves == ["falls", "rises", "falls"])
    let text = try lesson.conclusionText()
    #expect(text.contains("sin(x) on [−π, π] falls, rises and falls again"), "\(text)")
    #expect(text.contains("at the last of the 600 steps"), "\(text)")
  }

  @Test func theDigitsNetworkReadsMoreThanNinetyPercentOfTheHeldOutImagesAfterThreeEpochs() async throws {
    let lesson = try await CurriculumRuns.shared.run("digits")
    #expect(lesson.parts.map(\.training.epochs) == [3])
    let test = try heldOut(lesson, rows: 359)
    #expect(test > 0.9, "held-out accuracy \(test)")
  }
}
