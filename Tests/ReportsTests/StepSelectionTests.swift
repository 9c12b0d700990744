import Reports
import Testing

@Suite struct StepSelectionTests {
  @Test func aShortRunIsToldStepByStep() {
    let selection = StepSelection(filter: NarrationFilter(), all: false, totalSteps: 60, epochs: 15)
    #expect((0..<60).allSatisfy { selection.tellsInFull(step: $0, epoch: $0 / 4) })
    #expect((0..<15).allSatisfy { selection.summarises(epoch: $0) })
  }

  @Test func aLongRunTellsItsFirstStepAndAboutTenEpochs() {
    let selection = StepSelection(filter: NarrationFilter(), all: false, totalSteps: 2000, epochs: 2000)
    let told = (0..<2000).filter { selection.tellsInFull(step: $0, epoch: $0) }
    #expect(told == [0])
    let summarised = (0..<2000).filter { selection.summarises(epoch: $0) }
    #expect(summarised == [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 1999])
  }

  @Test func epochAndStepFiltersChooseTheSteps() {
    let byEpoch = StepSelection(filter: NarrationFilter(epoch: 3), all: false, totalSteps: 40, epochs: 10)
    #expect((0..<40).filter { byEpoch.tellsInFull(step: $0, epoch: $0 / 4) } == [12, 13, 14, 15])
    #expect(!byEpoch.summarises(epoch: 3))
    let byStep = StepSelection(filter: NarrationFilter(step: 7), all: true, totalSteps: 40, epochs: 10)
    #expect((0..<40).filter { byStep.tellsInFull(step: $0, epoch: $0 / 4) } == [7])
  }

  @Test func intervalsAreRoundNumbers() {
    #expect(StepSelection.interval(epochs: 20) == 1)
    #expect(StepSelection.interval(epochs: 100) == 10)
    #expect(StepSelection.interval(epochs: 350) == 20)
    #expect(StepSelection.interval(epochs: 600) == 50)
  }
}
