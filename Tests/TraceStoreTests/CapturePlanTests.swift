import Foundation
import Testing
import Tracing

@Suite struct CapturePlanTests {
  @Test func withoutStepOptionsEveryStepIsRecorded() {
    let plan = CapturePlan()
    #expect((0..<50).allSatisfy { plan.records(step: $0, epoch: $0 / 5, totalSteps: 50) })
  }

  @Test func stepOptionsEachAddSteps() {
    let plan = CapturePlan(everyStep: 10, firstSteps: 2, lastSteps: 3)
    let recorded = (0..<50).filter { plan.records(step: $0, epoch: 0, totalSteps: 50) }
    #expect(recorded == [0, 1, 10, 20, 30, 40, 47, 48, 49])
  }

  @Test func everyEpochRecordsWholeEpochs() {
    let plan = CapturePlan(everyEpoch: 3)
    // Four steps an epoch.
    let recorded = (0..<28).filter { plan.records(step: $0, epoch: $0 / 4, totalSteps: 28) }
    #expect(recorded == [0, 1, 2, 3, 12, 13, 14, 15, 24, 25, 26, 27])
  }

  @Test func theLayerOptionKeepsItsLayersAndTheLoss() throws {
    let plan = CapturePlan(layers: try #require(IndexList(parsing: "0,2")))
    #expect(plan.records(layer: 0))
    #expect(!plan.records(layer: 1))
    #expect(plan.records(layer: 2))
    #expect(plan.records(layer: nil))
  }

  @Test func theThinningIsDescribedInWords() throws {
    let plan = CapturePlan(
      policy: .summary, everyStep: 2, everyEpoch: 1, firstSteps: 1, lastSteps: 5,
      samples: try #require(IndexList(parsing: "0-3")), layers: try #require(IndexList(parsing: "1")))
    #expect(
      plan.description
        == "summary (every 2nd step, every epoch, first 1 step, last 5 steps, samples 0-3, layers 1)")
    #expect(CapturePlan().description == "all")
    #expect(CapturePlan(everyStep: 11).thinning == "every 11th step")
    #expect(CapturePlan(everyStep: 23).thinning == "every 23rd step")
  }

  @Test func aPlanSurvivesJSONWithOnlyTheOptionsInForce() throws {
    let plan = CapturePlan(policy: .all, everyStep: 10, samples: try #require(IndexList(parsing: "1,3-4")))
    let data = try JSONEncoder().encode(plan)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(object.keys) == ["policy", "every_step", "samples"])
    #expect(object["samples"] as? String == "1,3-4")
    #expect(try JSONDecoder().decode(CapturePlan.self, from: data) == plan)
  }

  @Test func aMalformedListInJSONIsAnError() {
    let data = Data(#"{"policy": "all", "layers": "2-1"}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(CapturePlan.self, from: data) }
  }
}
