import Foundation
import NeuralEngine
import Yams

/// Reads a lesson file (YAML, or JSON, which is YAML) into a checked, resolved ``LessonSpec``.
///
/// Every mistake is reported as a ``LessonError`` naming the file, the line,
/// the key, what was found and what was expected. Unknown and duplicate keys
/// are errors, with the nearest known key suggested.
public enum LessonParser {
  /// Keys a lesson file may use at its top level.
  public static let topLevelKeys = [
    "title", "summary", "introduction", "conclusion", "findings", "model", "layers", "activations", "loss",
    "optimizer", "init", "weights", "data", "training", "gradient_check", "metrics", "parts", "part", "part_title",
    "capture",
  ]

  /// Keys a mapping under a top-level key may use (for `activations`, `weights` and `parts`: each element's).
  public static let nestedKeys: [String: [String]] = [
    "activations": ["name", "slope"],
    "optimizer": ["name", "lr", "beta", "rho", "beta1", "beta2", "eps"],
    "init": ["name", "seed", "std", "limit"],
    "weights": ["w", "b"],
    "data": [
      "inputs", "targets", "csv", "header", "features", "label", "target_columns", "class_column", "standardize",
      "standardize_targets", "test_fraction", "rows",
    ],
    "training": ["epochs", "batch_size", "shuffle"],
    "parts": ["name"],
    "capture": CaptureReader.keys,
  ]

  /// Keys that belong to the whole lesson, not to one of its parts (the introduction is told once, before part one).
  static let lessonOnlyKeys: Set = ["summary", "introduction", "conclusion", "findings", "parts", "part", "part_title"]

  /// The most numbers a lesson's inline data and weights may hold.
  static let maximumNumbers = 5_000_000

  /// The most values a step may hold at once per quantity: rows of the batch × units of every layer.
  static let maximumWorkingValues = 20_000_000

  /// The learning rate of a perceptron whose lesson gives none.
  static let defaultLearningRate = 0.01

  /// The most parts a lesson may have (each part reads the lesson's data again, and is a run of its own).
  static let maximumParts = 32

  /// `[2, 4, 1]`, or for a long list its first and last sizes: `[2, 4, 4, …, 4, 1] (1000 sizes)`.
  static func describe(sizes: [Int]) -> String {
    guard sizes.count > 8 else { return "\(sizes)" }
    let head = sizes.prefix(4).map(String.init).joined(separator: ", ")
    let tail = sizes.suffix(2).map(String.init).joined(separator: ", ")
    return "[\(head), …, \(tail)] (\(sizes.count) sizes)"
  }

  /// Parses lesson text into its parts: one ``LessonSpec`` per run (one, unless the lesson has `parts`).
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - file: the name to use in messages.
  ///   - directory: the folder CSV paths are relative to.
  ///   - findings: prepares each finding's SQL against the trace schema (`.store`, from the
  ///     `Lessons` target); `nil` reads findings as text, unchecked.
  /// - Throws: ``LessonError``.
  public static func parseParts(
    _ text: String, file: String, directory: String? = nil, findings: FindingPreparer? = nil
  ) throws -> [LessonSpec] {
    // A JSON lesson is composed by a small JSON reader, without libyaml. Should it hold any
    // mistake at all, the lesson is read again below, so that the message is the YAML path's.
    if let root = JSONLesson.compose(text),
      let specs = try? read(root, file: file, directory: directory, findings: findings)
    {
      return specs
    }
    // Refuses, before a tree is built, what would make building it slow or deep (keys that
    // are alias bombs, thousands of nested lists), with the line and key of each problem.
    try YAMLPreflight.check(text, file: file)
    let root: Node
    do {
      // The basic resolver tags no scalar by regular expression: YAMLValue reads numbers, booleans
      // and nulls from the plain text itself, and matching every scalar against Yams's default
      // patterns (through NSRegularExpression) was most of the time spent reading a lesson.
      guard let node = try Yams.compose(yaml: text, .basic) else {
        throw LessonError(
          file: file, line: 1, key: "",
          message: "found nothing: the file is empty; expected a lesson (title, layers, data, …)")
      }
      root = node
    } catch let error as LessonError {
      throw error
    } catch let error as YamlError {
      throw Self.describe(error, file: file)
    }
    return try read(root, file: file, directory: directory, findings: findings)
  }

  /// Reads a lesson's tree into its parts.
  ///
  /// - Throws: ``LessonError``.
  static func read(
    _ root: Node, file: String, directory: String?, findings: FindingPreparer?
  ) throws -> [LessonSpec] {
    let top = YAMLValue(node: root, path: "", file: file)
    guard case .mapping = root else {
      throw top.error("expected a lesson: a mapping of keys such as title, layers and data, found \(top.found)")
    }
    let lesson = try top.mapping(allowed: topLevelKeys)
    let folder = directory ?? FileManager.default.currentDirectoryPath
    let rows = RowCache()
    guard let partsValue = lesson["parts"] else {
      let spec = try LessonReader(lesson: lesson, directory: folder, part: nil, rows: rows).read()
      // A part's stored configuration names only its own part: its siblings' runs cannot be checked here.
      if let findings {
        try FindingCheck.check(lesson["findings"], parts: spec.part == nil ? [] : nil, preparer: findings)
      }
      return [spec]
    }
    let partKeys = (nestedKeys["parts"] ?? []) + topLevelKeys.filter { !lessonOnlyKeys.contains($0) }
    let parts = try partsValue.sequence(what: "a list of parts, each with a name")
    guard !parts.isEmpty else { throw partsValue.error("found an empty list; expected at least one part") }
    guard parts.count <= maximumParts else {
      throw partsValue.error("found \(parts.count) parts; expected at most \(maximumParts)")
    }
    var names: Set<String> = []
    let specs = try parts.map { partValue in
      let part = try partValue.mapping(allowed: partKeys, what: "a part: a mapping with a name and lesson keys")
      let nameValue = try part.required("name", expected: "a short name for the part, e.g. sigmoid")
      let name = try nameValue.string()
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        throw nameValue.error(
          "expected a short name of letters, digits, - and _, found '\(TextExcerpt.quote(name))'")
      }
      guard names.insert(name).inserted else {
        throw nameValue.error(
          "found '\(TextExcerpt.quote(name))', but another part is already called '\(TextExcerpt.quote(name))'; expected a name of its own"
        )
      }
      var entries = lesson.entries.filter { $0.key != "parts" }
      for (key, value) in part.entries where key != "name" { entries[key == "title" ? "part_title" : key] = value }
      return try LessonReader(
        lesson: YAMLMapping(owner: top, entries: entries), directory: folder, part: name, rows: rows
      ).read()
    }
    if let findings {
      try FindingCheck.check(lesson["findings"], parts: specs.compactMap(\.part), preparer: findings)
    }
    return specs
  }

  /// Parses the bytes of a lesson file into its parts: UTF-8 text (a byte-order mark is skipped).
  ///
  /// - Throws: ``LessonError``, for text that is not UTF-8 too (with the line of the first bad byte).
  public static func parseParts(
    data: Data, file: String, directory: String? = nil, findings: FindingPreparer? = nil
  ) throws -> [LessonSpec] {
    let text = try SourceFile.decode(data, file: file, kind: .lesson)
    return try parseParts(text, file: file, directory: directory, findings: findings)
  }

  /// Parses the text of a lesson; for a lesson of several parts, its first part.
  ///
  /// - Throws: ``LessonError``.
  public static func parse(
    _ text: String, file: String, directory: String? = nil, findings: FindingPreparer? = nil
  ) throws -> LessonSpec {
    try parseParts(text, file: file, directory: directory, findings: findings)[0]
  }

  /// Reads a lesson file from disk into its parts.
  ///
  /// - Throws: ``LessonError`` for unreadable files and mistakes in them.
  public static func loadParts(
    path: String, displayName: String? = nil, findings: FindingPreparer? = nil
  ) throws -> [LessonSpec] {
    let name = displayName ?? path
    let data = try SourceFile.read(path: path, displayName: name, kind: .lesson, limit: SourceFile.lessonLimit)
    let directory = (path as NSString).deletingLastPathComponent
    return try parseParts(
      data: data, file: name, directory: directory.isEmpty ? "." : directory, findings: findings)
  }

  /// Reads a lesson file from disk; for a lesson of several parts, its first part.
  ///
  /// - Throws: ``LessonError`` for unreadable files and mistakes in them.
  public static func load(path: String, displayName: String? = nil, findings: FindingPreparer? = nil) throws
    -> LessonSpec
  {
    try loadParts(path: path, displayName: displayName, findings: findings)[0]
  }

  static func describe(_ error: YamlError, file: String) -> LessonError {
    switch error {
    case .duplicatedKeysInMapping(let duplicates, let context):
      // YAMLPreflight finds duplicates first, with the line of the repetition; this is a fallback.
      let keys = duplicates.map { "'\(TextExcerpt.quote($0))'" }.joined(separator: ", ")
      return LessonError(
        file: file, line: context.mark.line, key: TextExcerpt.quote(duplicates.first ?? ""),
        message: "duplicate key \(keys): found more than once; expected each key once in a mapping")
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return LessonError(
        file: file, line: mark.line, key: "",
        message: "found text that is not valid YAML: \(problem); expected YAML text")
    case .reader(let problem, _, _, _):
      return LessonError(
        file: file, line: nil, key: "", message: "found \(problem) in the text; expected printable YAML text")
    default:
      return LessonError(
        file: file, line: nil, key: "",
        message:
          "found text that is not valid YAML: \(TextExcerpt.quote(String(describing: error), limit: 200)); expected YAML text"
      )
    }
  }
}
