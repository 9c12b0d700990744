import Foundation
import Lessons
import Testing

/// What the start-up work on lesson files must not change: how scalars are read, and the stored `config`.
struct LessonConfigAndScalarTests {
  static let lesson = """
    title: Scalars
    layers: [2, 3, 1]
    activations: [sigmoid, sigmoid]
    loss: mse
    optimizer: {name: sgd, lr: 0.5}
    init: {name: xavier, seed: 3}
    data:
      inputs: [[0, 1.5], [-2.25, 1e-7], [123456789012, 0.1]]
      targets: [[1], [0], [0.0625]]
    training: {epochs: 2, shuffle: yes}
    """

  @Test func plainScalarsReadAsNumbersAndBooleans() throws {
    let spec = try LessonParser.parse(Self.lesson, file: "scalars.yaml")
    #expect(spec.data.inputs == [[0, 1.5], [-2.25, 1e-7], [123_456_789_012, 0.1]])
    #expect(spec.data.targets == [[1], [0], [0.0625]])
    #expect(spec.training.shuffle == true)
    #expect(spec.optimizer.lr == 0.5 && spec.training.epochs == 2 && spec.initialization.seed == 3)
  }

  @Test func booleansAcceptYamlSpellingsButNotQuotedText() throws {
    for (text, expected) in [("true", true), ("False", false), ("on", true), ("no", false)] {
      let spec = try LessonParser.parse(
        Self.lesson.replacingOccurrences(of: "shuffle: yes", with: "shuffle: \(text)"), file: "b.yaml")
      #expect(spec.training.shuffle == expected, "shuffle: \(text)")
    }
    #expect(throws: LessonError.self) {
      try LessonParser.parse(
        Self.lesson.replacingOccurrences(of: "shuffle: yes", with: "shuffle: \"true\""), file: "q.yaml")
    }
  }

  @Test func aNonNumberInTheDataIsNamedWithItsPathAndLine() throws {
    let broken = Self.lesson.replacingOccurrences(of: "[-2.25, 1e-7]", with: "[-2.25, x7]")
    do {
      _ = try LessonParser.parse(broken, file: "broken.yaml")
      Issue.record("expected a LessonError")
    } catch let error as LessonError {
      #expect(error.key == "data.inputs[1][1]")
      #expect(error.line == 8)  // the `inputs:` line
    }
  }

  @Test func configJSONIsWhatJSONEncoderWrites() throws {
    let spec = try LessonParser.parse(Self.lesson, file: "scalars.yaml")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let expected = String(decoding: try encoder.encode(spec), as: UTF8.self)
    #expect(try LessonRunner(spec: spec, lessonName: "scalars", directory: ".").configJSON() == expected)
  }
}
