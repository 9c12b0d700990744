import Foundation
import Reports
import Testing

/// The exercise sets are listed where a learner looks, and each has its worksheet and key in transcripts/.
@Suite struct ExerciseSetTests {
  let root = URL(fileURLWithPath: BuiltInLessons.directory).deletingLastPathComponent()

  func read(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func everySetIsABuiltInLessonWithItsWorksheetAndKeyInTranscripts() throws {
    #expect(ExerciseSet.all.map(\.lesson) == ["perceptron", "forward-pass", "chain-rule", "xor-mlp", "optimizers"])
    let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("transcripts").path)
    for set in ExerciseSet.all {
      #expect(BuiltInLessons.ids.contains(set.lesson))
      let folder = try #require(folders.first { $0.dropFirst(3) == set.lesson }, "no transcripts of \(set.lesson)")
      let sheet = try read("transcripts/\(folder)/worksheet.md")
      let key = try read("transcripts/\(folder)/worksheet-key.md")
      let part = set.part.map { " (part \($0))" } ?? ""
      let about = "of lesson `\(set.lesson)`\(part) · step \(set.scope.step) · "
      #expect(sheet.contains(about), "\(set.lesson): the sheet is not the set's part and step")
      #expect(key.contains(about))
      #expect(!sheet.contains("## The answer file, filled in") && key.contains("## The answer file, filled in"))
    }
  }

  @Test func everySetIsDocumentedAndTheTranscriptScriptKnowsItsPart() throws {
    let exercises = try read("docs/exercises.md")
    let curriculum = try read("docs/curriculum.md")
    let script = try read("tools/make-transcripts.sh")
    for set in ExerciseSet.all {
      #expect(exercises.contains("| `\(set.lesson)` |"), "docs/exercises.md does not list \(set.lesson)")
      #expect(curriculum.contains("| `\(set.lesson)` |"), "docs/curriculum.md does not list \(set.lesson)")
      let line = script.split(separator: "\n").first { $0.contains(" \(set.lesson)") || $0.contains("\(set.lesson))") }
      #expect(line?.contains("echo \(set.part ?? "-")") == true, "make-transcripts.sh: \(set.lesson)'s part")
    }
    #expect(exercises.contains("## The answer file and `nntrace check RUN ANSWERS`"))
  }
}
