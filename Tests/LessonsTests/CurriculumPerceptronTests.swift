import Foundation
import Testing
import TraceStore

/// Lessons 1 and 2: what the perceptron's update rule can and cannot learn, read from the trace.
@Suite struct CurriculumPerceptronTests {
  /// The first epoch without a mistake, checking that none comes after it.
  private func convergence(_ lesson: CurriculumRun, part: String) throws -> Int? {
    let mistakes = mistakesPerEpoch(try lesson.rows(TraceFilter(kinds: ["error"]), part: part))
    #expect(mistakes.keys.sorted() == Array(0..<15), "\(part): one entry per epoch")
    guard let first = mistakes.keys.sorted().first(where: { mistakes[$0] == 0 }) else { return nil }
    for epoch in first..<15 {
      #expect(mistakes[epoch] == 0, "\(part): a mistake in epoch \(epoch), after the clean epoch \(first)")
    }
    return first
  }

  /// The final weights and bias, applied with the step rule to each input, against the targets.
  private func expectFinalParametersClassify(_ lesson: CurriculumRun, part: String) throws {
    let update = try lesson.rows(part: part).filter { $0.phase == "update" }
    let last = try #require(update.map(\.step).max())
    let w0 = try #require(update.first { $0.step == last && $0.kind == "w" && $0.j == 0 }?.value)
    let w1 = try #require(update.first { $0.step == last && $0.kind == "w" && $0.j == 1 }?.value)
    let b = try #require(update.first { $0.step == last && $0.kind == "b" }?.value)
    let spec = try #require(lesson.parts.first { $0.part == part })
    let inputs = try #require(spec.data.inputs)
    let targets = try #require(spec.data.targets)
    for (x, y) in zip(inputs, targets) {
      let answer: Double = w0 * x[0] + w1 * x[1] + b >= 0 ? 1 : 0
      #expect(answer == y[0], "\(part): \(x) gives \(answer), expected \(y[0])")
    }
  }

  @Test func theSeedsPerceptronLearnsANDWithItsFirstCleanEpochAtEpoch5AndOR() async throws {
    let lesson = try await CurriculumRuns.shared.run("perceptron")
    #expect(lesson.results.map(\.status) == [.completed, .completed])
    #expect(try convergence(lesson, part: "and") == 5)
    let or = try convergence(lesson, part: "or")
    #expect(or != nil, "OR never had an error-free epoch")
    try expectFinalParametersClassify(lesson, part: "and")
    try expectFinalParametersClassify(lesson, part: "or")
  }

  @Test func thePerceptronOnXORMakesMistakesInEveryOneOfItsFifteenEpochs() async throws {
    let lesson = try await CurriculumRuns.shared.run("perceptron-xor")
    let mistakes = mistakesPerEpoch(try lesson.rows(TraceFilter(kinds: ["error"])))
    #expect(mistakes.keys.sorted() == Array(0..<15))
    for (epoch, count) in mistakes.sorted(by: { $0.key < $1.key }) {
      #expect(count >= 1, "epoch \(epoch) was error-free")
    }
  }
}
