import Foundation
import Lessons
import NeuralEngine
import Testing
import TraceStore
import Tracing

/// docs/lesson-format.md and docs/curriculum.md keep up with the parser, the engine and the catalogue.
@Suite struct DocumentationTests {
  private func document(_ name: String) throws -> String {
    let path = packageRoot.appendingPathComponent("docs").appendingPathComponent(name).path
    return try #require(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) })
  }

  /// The ```yaml blocks of a Markdown text.
  private func yamlBlocks(_ text: String) -> [String] {
    text.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
  }

  @Test func everyTopLevelKeyOfTheParserIsDocumented() throws {
    let text = try document("lesson-format.md")
    for key in LessonParser.topLevelKeys {
      #expect(text.contains("`\(key)`"), "docs/lesson-format.md does not mention `\(key)`")
    }
  }

  @Test func everyNestedKeyAndEveryNameALessonMayUseIsDocumented() throws {
    let text = try document("lesson-format.md")
    let names =
      LessonParser.nestedKeys.values.flatMap { $0 } + LessonSpec.Model.allCases.map(\.rawValue) + Activation.names
      + Loss.allCases.map(\.name) + OptimizerKind.names + Initializer.names + ["loss", "accuracy"]
    for name in Set(names).sorted() {
      #expect(text.contains("`\(name)`"), "docs/lesson-format.md does not mention `\(name)`")
    }
  }

  @Test func everyKindALessonAddsToTheTraceIsDocumented() throws {
    let text = try document("lesson-format.md")
    let added = TraceKind.all.filter { $0.code >= 40 }
    #expect(!added.isEmpty)
    for kind in added {
      #expect(text.contains("`\(kind.name)`"), "docs/lesson-format.md does not mention `\(kind.name)`")
    }
  }

  @Test func theCompleteExamplesRunAndTheirConclusionsAreFilledIn() throws {
    let examples = yamlBlocks(try document("lesson-format.md")).filter { $0.hasPrefix("title:") }
    #expect(examples.count >= 3)
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    for (index, text) in examples.enumerated() {
      // The examples' CSV paths are those of a lesson in lessons/.
      let path = try scratch.write(text, to: "example-\(index).yaml")
      let parts = try LessonParser.parseParts(text, file: path, directory: lessonsDirectory)
      var runs: [Int64] = []
      for spec in parts {
        let result = try LessonRunner(spec: spec, lessonName: path, directory: lessonsDirectory).run(
          database: database, capture: .all)
        #expect(result.status == .completed, "example \(index)")
        runs.append(result.runID)
      }
      let session = LessonSession(reference: try LessonReference.resolve(path, catalog: nil), parts: parts)
      if let conclusion = try session.conclusion(database: database, runs: runs) {
        #expect(!conclusion.contains("n/a") && !conclusion.contains("{"), "example \(index): \(conclusion)")
      }
    }
  }

  @Test func theCurriculumDescribesEveryBuiltInLessonInOrder() throws {
    let text = try document("curriculum.md")
    let ids = try LessonCatalog(directory: lessonsDirectory).entries.map(\.id)
    let headings = text.components(separatedBy: "\n").filter { $0.hasPrefix("### ") }.map { line in
      line.split(separator: "`").dropFirst().first.map(String.init) ?? line
    }
    #expect(headings == ids)
  }
}
