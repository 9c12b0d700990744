import Foundation
import LessonFormat
import Lessons
import TestSupport
import Testing
import TraceStore
import Tracing

@testable import Reports

/// A live run's typed values and configuration are exactly what a replay reads back from the database.
@Suite struct LiveTraceTests {
  /// Every part of every built-in lesson.
  static let parts: [(id: String, part: Int)] = {
    (try? BuiltInLessons.all().flatMap { lesson in
      let count =
        (try? LessonParser.parseParts(lesson.yaml, file: lesson.id, directory: BuiltInLessons.directory))
        .map(\.count) ?? 0
      return (0..<count).map { (lesson.id, $0) }
    }) ?? []
  }()

  static func spec(_ id: String, part: Int) throws -> LessonSpec {
    let yaml = try #require(try BuiltInLessons.all().first { $0.id == id }).yaml
    return try LessonParser.parseParts(yaml, file: id, directory: BuiltInLessons.directory)[part]
  }

  @Test func everyBuiltInLessonHasItsParts() {
    #expect(Self.parts.count > BuiltInLessons.ids.count, "some lessons have several parts")
  }

  @Test(arguments: parts.map { "\($0.id) \($0.part)" })
  func theConfigurationTakenFromTheLessonIsTheOneStored(part: String) throws {
    let words = part.split(separator: " ")
    let spec = try Self.spec(String(words[0]), part: try #require(Int(words[1])))
    let typed = try RunConfiguration(lesson: spec)
    #expect(typed == (try RunConfiguration(json: try spec.configJSON())))
  }

  @Test(arguments: parts.map { "\($0.id) \($0.part)" })
  func aStepKeptLiveIsTheStepReplayReads(part: String) throws {
    let words = part.split(separator: " ")
    let spec = try Self.spec(String(words[0]), part: try #require(Int(words[1])))
    let runner = try LessonRunner(spec: spec, lessonName: spec.title, directory: BuiltInLessons.directory)
    let last = runner.shape.totalSteps - 1
    let kept: Set<Int> = [0, 1, last]
    let live = LiveCollector(configuration: try RunConfiguration(lesson: spec)) { kept.contains($0) }
    var told: [StepTrace] = []
    live.stepEnded = { _, _, trace in
      if let trace { told.append(trace) }
    }
    let folder = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: folder.path("t.sqlite"))
    // Every value of the kept steps and of the steps before them (where they start from), nothing else.
    let plan = CapturePlan(firstSteps: 2, lastSteps: 2)
    let result = try runner.run(database: database, plan: plan, monitor: TraceRecorder(sink: live))
    let reader = try TraceReader(database: database, runID: result.runID)
    #expect(told.map(\.step) == kept.sorted().filter { $0 <= last })
    let liveStory = RunNarration(configuration: live.statistics.configuration, style: .plain)
    let replayStory = RunNarration(configuration: reader.configuration, style: .plain)
    for trace in told {
      let replayed = try #require(try reader.step(trace.step), "step \(trace.step)")
      #expect(trace.isComplete == replayed.isComplete && trace.count > 0)
      #expect(liveStory.step(trace) == replayStory.step(replayed), "\(part): step \(trace.step) is told otherwise live")
    }
    // The statistics of the steps the database holds.
    let replayed = try reader.statistics()
    func same(_ a: [Double], _ b: [Double], at s: Int) -> Bool {
      s < a.count && s < b.count && (a[s] == b[s] || (a[s].isNaN && b[s].isNaN))
    }
    for s in Set([0, 1, last]) where s < replayed.stepLosses.count {
      #expect(same(live.statistics.stepLosses, replayed.stepLosses, at: s), "\(part): the loss of step \(s)")
      for l in 1..<max(1, spec.layers.count) {
        #expect(
          same(live.statistics.gradientNorms(layer: l), replayed.gradientNorms(layer: l), at: s),
          "\(part): ‖∂L/∂W‖ of layer \(l) at step \(s)")
      }
    }
  }
}
