import Foundation
import Lessons
import Testing

/// Every built-in lesson runs to completion and concludes with numbers from its own trace.
@Suite struct CurriculumConclusionTests {
  /// The lessons whose teaching claim a Curriculum…Tests suite asserts.
  static let lessonsWithAClaimTest = [
    "perceptron", "perceptron-xor", "activations", "forward-pass", "chain-rule", "xor-mlp", "vanishing-gradients",
    "initialization", "optimizers", "seed-shortcut", "iris", "breast-cancer", "universal-approximation", "digits",
    "diabetes-regression", "autoencoder",
  ]

  static let builtInLessons: [String] = (try? LessonCatalog(directory: lessonsDirectory).entries.map(\.id)) ?? []

  @Test func everyBuiltInLessonHasATeachingClaimTest() {
    #expect(!Self.builtInLessons.isEmpty)
    #expect(Self.builtInLessons == Self.lessonsWithAClaimTest)
  }

  /// The whole numbers written in `text` outside its placeholders (not the digits of decimals such as 0.5).
  private func typedWholeNumbers(_ text: String) -> Set<Int> {
    let prose = text.replacing(/\{[^{}]*\}/, with: " ")
    let tokens = prose.split { !($0.isASCII && ($0.isNumber || $0 == ".")) }
    return Set(tokens.filter { !$0.contains(".") }.compactMap { Int($0) })
  }

  @Test(arguments: builtInLessons)
  func theConclusionTypesNoEpochOrStepCountThatAnOverrideWouldFalsify(id: String) throws {
    let entry = try #require(try LessonCatalog(directory: lessonsDirectory).entry(id: id))
    let parts = try LessonParser.loadParts(path: entry.path)
    let typed = typedWholeNumbers(parts.last?.conclusion ?? "")
    for spec in parts where spec.model != .activation {
      let rows = try Dataset.load(
        spec.data, layers: spec.layers, seed: spec.initialization.seed, directory: lessonsDirectory
      ).inputs.rows
      let epochs = spec.training.epochs
      let steps = epochs * ((rows + spec.training.batchSize - 1) / spec.training.batchSize)
      for count in [epochs, epochs - 1, steps] where count > 1 {
        #expect(!typed.contains(count), "\(id): the conclusion types \(count); make it a finding")
      }
    }
  }

  @Test(arguments: builtInLessons)
  func theConclusionIsFilledInFromTheTraceWithNothingLeftOpen(id: String) async throws {
    let lesson = try await CurriculumRuns.shared.run(id)
    #expect(lesson.results.allSatisfy { $0.status == .completed }, "\(lesson.results.map(\.status))")
    let template = try #require(lesson.parts.last?.conclusion, "\(id) has no conclusion")
    #expect(!ConclusionTemplate.placeholders(in: template).isEmpty, "\(id): a conclusion with no finding in it")
    let text = try #require(lesson.conclusion)
    let open = text.ranges(of: /\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?\}/).map { String(text[$0]) }
    #expect(open.isEmpty, "\(id): unfilled \(open)")
    #expect(!text.contains("n/a"), "\(id): a finding had no value:\n\(text)")
  }
}
