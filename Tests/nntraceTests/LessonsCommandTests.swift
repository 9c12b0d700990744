import Foundation
import Testing

@Suite struct LessonsCommandTests {
  @Test func theBuiltInLessonsAreListedInCurriculumOrder() throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.succeed(["lessons"])
    let ids = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    #expect(Array(ids.prefix(2)) == ["perceptron", "perceptron-xor"], "\(result.stdout)")
    #expect(result.stdout.contains("The perceptron update rule"))
    #expect(result.stderr == "")
  }
}
