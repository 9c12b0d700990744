import Foundation
import Lessons
import Testing

/// Every built-in lesson runs to completion and concludes with numbers from its own trace.
@Suite struct CurriculumConclusionTests {
  /// The lessons whose teaching claim a Curriculum…Tests suite asserts.
  static let lessonsWithAClaimTest = [
    "perceptron", "perceptron-xor", "activations", "forward-pass", "chain-rule", "xor-mlp", "vanishing-gradients",
    "initialization", "optimizers", "seed-shortcut", "iris", "breast-cancer", "universal-approximation", "digits",
  ]

  static let builtInLessons: [String] = (try? LessonCatalog(directory: lessonsDirectory).entries.map(\.id)) ?? []

  @Test func everyBuiltInLessonHasATeachingClaimTest() {
    #expect(!Self.builtInLessons.isEmpty)
    #expect(Self.builtInLessons == Self.lessonsWithAClaimTest)
  }

  @Test(arguments: builtInLessons)
  func theConclusionIsFilledInFromTheTraceWithNothingLeftOpen(id: String) async throws {
    let lesson = try await CurriculumRuns.shared.run(id)
    #expect(lesson.results.allSatisfy { $0.status == "completed" }, "\(lesson.results.map(\.status))")
    let template = try #require(lesson.parts.last?.conclusion, "\(id) has no conclusion")
    #expect(!ConclusionTemplate.placeholders(in: template).isEmpty, "\(id): a conclusion with no finding in it")
    let text = try #require(lesson.conclusion)
    let open = text.ranges(of: /\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?\}/).map { String(text[$0]) }
    #expect(open.isEmpty, "\(id): unfilled \(open)")
    #expect(!text.contains("n/a"), "\(id): a finding had no value:\n\(text)")
  }
}
