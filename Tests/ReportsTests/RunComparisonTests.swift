import Reports
import Testing
import TraceStore

@Suite struct RunComparisonTests {
  /// Records both lessons in one database and compares them.
  func compare(_ first: String, _ second: String) throws -> (RunComparison, String) {
    let a = try RecordedRun(first, name: "a")
    let b = try a.record(second)
    let comparison = RunComparison(
      try TraceReader(database: a.database, runID: a.runID), try TraceReader(database: a.database, runID: b),
      tolerance: 1e-9)
    return (comparison, try comparison.render(style: .plain))
  }

  @Test func identicalRunsAgreeValueForValue() throws {
    let (_, text) = try compare(FixtureLessons.xor, FixtureLessons.xor)
    #expect(text.contains("The same configuration."))
    #expect(text.contains("They agree, value for value, at every step."))
  }

  @Test func aDifferentLearningRateFirstShowsInTheFirstUpdate() throws {
    let (comparison, text) = try compare(
      FixtureLessons.xor, FixtureLessons.xor.replacingOccurrences(of: "lr: 0.5", with: "lr: 0.25"))
    let differences = comparison.configurationDifferences()
    #expect(differences.map(\.key) == ["optimizer.lr"])
    #expect(differences.first?.first == "0.5" && differences.first?.second == "0.25")
    #expect(text.contains("They first differ at step 0: the weight change Δw, layer 1"), "\(text)")
  }

  @Test func differentNetworksAreComparedByTheirLoss() throws {
    let wider = FixtureLessons.xor.replacingOccurrences(of: "layers: [2, 2, 1]", with: "layers: [2, 3, 1]")
    let (_, text) = try compare(FixtureLessons.xor, wider)
    #expect(text.contains("layers  [2, 2, 1]  [2, 3, 1]"))
    #expect(text.contains("They first differ at step 0: the batch loss is"), "\(text)")
  }

  @Test func aLooseToleranceHidesSmallDifferences() throws {
    let a = try RecordedRun(FixtureLessons.xor, name: "a")
    let b = try a.record(FixtureLessons.xor.replacingOccurrences(of: "lr: 0.5", with: "lr: 0.5000001"))
    let loose = RunComparison(
      try TraceReader(database: a.database, runID: a.runID), try TraceReader(database: a.database, runID: b),
      tolerance: 1e-3)
    #expect(try loose.render(style: .plain).contains("They agree"))
  }

  @Test func lossesOfDifferentKindsAreShownSideBySideNeverSubtracted() throws {
    let (_, text) = try compare(
      FixtureLessons.xor, FixtureLessons.xor.replacingOccurrences(of: "loss: bce", with: "loss: mse"))
    #expect(text.contains("The runs' losses are not the same kind (run 1: bce, run 2: mse)"), "\(text)")
    #expect(text.contains("step  run 1 (bce)  run 2 (mse)"), "\(text)")
    #expect(!text.contains("difference"), "no bce − mse column: \(text)")
    // Same weights, same forward pass: they part where the gradients do, not at the losses.
    #expect(text.contains("They first differ at step 0: the δ of data row 0, layer 2, unit 1 (trace i 0)"), "\(text)")
    #expect(!text.contains("loss loss"))
  }

  @Test func theFirstDifferenceReadsAsWords() {
    let row = TraceRow(
      seq: 0, epoch: 0, step: 0, sample: 0, phase: "loss", layer: nil, kind: "loss", i: nil, j: nil, value: 1)
    #expect(RunComparison.describe(row) == "the loss of data row 0")
  }
}
