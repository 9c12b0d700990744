import Foundation
import Lessons
import Testing
import Yams

@testable import LessonFormat

/// The fast path for JSON lessons (``JSONLesson``) builds the tree Yams builds, or declines.
@Suite struct JSONLessonTests {
  /// The bench workloads, which are JSON.
  static let workloads = ["xor", "medium", "deep", "digits"].map {
    packageRoot.appendingPathComponent("bench/workloads/\($0).json").path
  }

  /// The built-in lessons, which are YAML.
  static var builtInLessons: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(lessonsDirectory)/\($0)" }
  }

  /// Whether two trees hold the same nodes: kinds, texts, scalar styles and order (marks and tags aside).
  static func same(_ a: Node, _ b: Node) -> Bool {
    switch (a, b) {
    case (.scalar(let x), .scalar(let y)):
      return x.string == y.string && x.style == y.style
    case (.sequence(let x), .sequence(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.mapping(let x), .mapping(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    default:
      return false
    }
  }

  /// A YAML lesson's tree written as JSON: numbers, booleans and nulls plain, everything else a string.
  static func json(_ node: Node) throws -> String {
    switch node {
    case .scalar(let scalar):
      let text = scalar.string
      if scalar.style == .plain {
        if node.null != nil { return "null" }
        if text == "true" || text == "false" { return text }
        if let value = DecimalText.value(text), value.isFinite { return "\(value)" }
      }
      return String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    case .sequence(let sequence):
      return "[" + (try sequence.map(json).joined(separator: ", ")) + "]"
    case .mapping(let mapping):
      let entries = try mapping.map { "\n  " + (try json($0.key)) + ": " + (try json($0.value)) }
      return "{" + entries.joined(separator: ",") + "\n}"
    case .alias:
      throw LessonError(file: "", line: nil, key: "", message: "no aliases in the built-in lessons")
    }
  }

  /// `text` read through Yams, as the parser reads anything that is not JSON: a comment first makes it so.
  static func throughYams(_ text: String, directory: String) throws -> [LessonSpec] {
    try LessonParser.parseParts("# read by Yams\n" + text, file: "f", directory: directory, findings: .store)
  }

  @Test func everyWorkloadComposesToYamssTreeAndReadsToTheSameSpec() throws {
    for path in Self.workloads {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let fast = try #require(JSONLesson.compose(text), "\(path) declined")
      let yams = try #require(try Yams.compose(yaml: text, .basic))
      let same = Self.same(fast, yams)  // (a bare expression would print both trees on failure)
      #expect(same, "\(path)")
      let directory = (path as NSString).deletingLastPathComponent
      let specs = try LessonParser.parseParts(text, file: "f", directory: directory, findings: .store)
      let sameSpecs = specs == (try Self.throughYams(text, directory: directory))
      #expect(sameSpecs, "\(path)")
    }
  }

  @Test func everyBuiltInLessonWrittenAsJSONReadsToTheSameSpecThroughBothPaths() throws {
    #expect(Self.builtInLessons.count >= 16)
    for path in Self.builtInLessons {
      let yaml = try String(contentsOfFile: path, encoding: .utf8)
      let text = try Self.json(try #require(try Yams.compose(yaml: yaml, .basic)))
      let fast = try #require(JSONLesson.compose(text), "\(path) declined")
      let same = Self.same(fast, try #require(try Yams.compose(yaml: text, .basic)))
      #expect(same, "\(path)")
      let specs = try LessonParser.parseParts(text, file: "f", directory: lessonsDirectory, findings: .store)
      let sameSpecs = specs == (try Self.throughYams(text, directory: lessonsDirectory))
      #expect(sameSpecs, "\(path)")
      // And the JSON says what the YAML says.
      let sameAsYAML =
        specs == (try LessonParser.parseParts(yaml, file: "f", directory: lessonsDirectory, findings: .store))
      #expect(sameAsYAML, "\(path)")
    }
  }

  @Test func whatTheFastPathReadsIsWhatYamsReads() throws {
    let accepted = [
      #"{}"#,
      #"  {"a": 1}  "#,
      "\r\n{\"a\":[1,-2.5,0,-0,1e5,1E+5,0.5e-3,12.0]}\n",
      #"{"a": [], "b": {}, "c": [[]], "d": [{"e": null}]}"#,
      #"{"t": true, "f": false, "n": null}"#,
      #"{"key with spaces": "value with  spaces ", "": ""}"#,
      #"{"e": "quote \" backslash \\ slash \/ b\b f\f n\n r\r t\t"}"#,
      #"{"u": "\u00e9\u2028\u0041\uFFFD\u007f", "raw": "é ü 日本 😀"}"#,
      #"{"sql": "SELECT max(value) FROM trace WHERE kind = 'a' -- # not a comment"}"#,
      "{\n \"a\" : [1,\n  2\n ],\n\"b\":\n\"x\"\n}",
    ]
    for text in accepted {
      let fast = try #require(JSONLesson.compose(text), "declined \(text)")
      let yams = try #require(try Yams.compose(yaml: text, .basic))
      let same = Self.same(fast, yams)
      #expect(same, "\(text)")
    }
  }

  @Test func whatYAMLReadsDifferentlyOrRefusesIsLeftToYams() {
    let declined = [
      "", "   ", "title: x", "[1, 2]", #""text""#, "# comment\n{}",
      "{\t\"a\": 1}", "\t{}", "{}\t", "{} x", "{}}", "{\"a\": 1,}", "{\"a\": [1,]}", "{\"a\" 1}",
      #"{"a": 1, "a": 2}"#, "{\"a\"\n: 1}", #"{a: 1}"#, #"{"a": 'x'}"#, #"{"a": 01}"#, #"{"a": 1.}"#,
      #"{"a": .5}"#, #"{"a": +1}"#, #"{"a": 1x}"#, #"{"a": tru}"#, #"{"a": nan}"#, "{\"a\": 1 # c\n}",
      #"{"a": "\ud83d\ude00"}"#, #"{"a": "\u0000"}"#, #"{"a": "\x41"}"#, #"{"a": "\u12"}"#,
      "{\"a\": \"line\nbreak\"}", "{\"a\": \"tab\there\"}", "{\"a\": \"\u{7F}\"}", "{\"a\": \"\u{85}\"}",
      "{\"a\": \"\u{2028}\"}", "{\"a\": \"\u{2029}\"}", "{\"a\": \"\u{FEFF}\"}", "{\"a\": \"\u{FFFE}\"}",
      "{\"" + String(repeating: "k", count: JSONLesson.maximumKeyLength) + "\": 1}",
      String(repeating: "{\"a\": ", count: YAMLPreflight.maximumDepth + 1) + "1"
        + String(repeating: "}", count: YAMLPreflight.maximumDepth + 1),
    ]
    for text in declined {
      #expect(JSONLesson.compose(text) == nil, "\(text.prefix(80))")
    }
    let deepest =
      String(repeating: "{\"a\": ", count: YAMLPreflight.maximumDepth) + "1"
      + String(repeating: "}", count: YAMLPreflight.maximumDepth)
    #expect(JSONLesson.compose(deepest) != nil)
  }

  /// A lesson whose JSON is well formed but whose content is wrong: the fast path reads it, the
  /// reader refuses it, and it is read again through Yams, whose marks give the line.
  @Test func aMistakeInAJSONLessonIsNamedWithItsLineAsBefore() throws {
    let text = """
      {
        "title": "t",
        "layers": [2, 1],
        "activations": ["sigmoid"],
        "loss": "mse",
        "optimizer": {"name": "sgd", "lr": 0.5},
        "data": {"inputs": [[0, 1], [1, 0]], "targets": [[1], [x]]},
        "training": {"epochs": 1}
      }
      """
    let wrongValue = text.replacingOccurrences(of: "[x]", with: "[\"x\"]")
    #expect(JSONLesson.compose(wrongValue) != nil)
    do {
      _ = try LessonParser.parseParts(wrongValue, file: "bad.json", findings: .store)
      Issue.record("expected a LessonError")
    } catch let error as LessonError {
      #expect(error.line == 7)
      #expect(error.key == "data.targets[1][0]")
      #expect(error.message == "expected a number, found the text \"x\"")
    }
    // Not JSON at all (a plain x): Yams's own message, as before.
    #expect(JSONLesson.compose(text) == nil)
    #expect(throws: LessonError.self) { try LessonParser.parseParts(text, file: "bad.json", findings: .store) }
  }
}
