import Foundation
import TraceStore

/// A learner's hand-worked values of one step, as a small text file.
///
/// ```
/// # my answers to the chain-rule worksheet
/// step 0
/// z layer 1 unit 1 row 0: 0.3775
/// a layer 1 unit 1 row 0: 0.593270
/// loss row 0: 0.298371
/// grad_w layer 2 from 1 to 1: 0.082167
/// ```
/// Blank lines and `#` comments are ignored. The first other line is `step N`;
/// each line after it is a key (see ``AnswerKey``), a colon and a number
/// (`0.5`, `-0.03`, `−0.03`, `1.2e-05`). A key may appear once.
public struct AnswerFile: Sendable {
  /// One answer and the line it is on.
  public struct Entry: Sendable {
    public var key: AnswerKey
    public var value: Double
    public var line: Int
  }

  /// Why an answer file cannot be read: its file, line and key, and what is wrong.
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var key: String?
    public var message: String

    public var description: String {
      TextSafety.terminal("\(file):\(line)" + (key.map { ": " + $0 } ?? "") + ": " + message)
    }
  }

  /// The largest file read, in bytes: a worksheet's answers take a few kilobytes.
  public static let largestSize = 1 << 20

  /// The step the answers are for.
  public var step: Int
  /// The answers, in the file's order.
  public var entries: [Entry]

  /// Reads `text`, the contents of `file`.
  ///
  /// - Throws: ``Problem`` naming the line and key of the first mistake.
  public init(text: String, file: String) throws(Problem) {
    var step: Int?
    var stepLine = 1
    var entries: [Entry] = []
    var seen: [AnswerKey: Int] = [:]
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var line = Substring(raw)
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
      if content.isEmpty { continue }
      if step == nil {
        let words = content.split(separator: " ")
        guard words.count == 2, words[0] == "step", let n = Int(words[1]), n >= 0 else {
          throw Problem(
            file: file, line: number, key: nil,
            message:
              "expected 'step N' (the step the answers are for) before the answers, found '\(content.prefix(60))'")
        }
        step = n
        stepLine = number
        continue
      }
      guard let colon = content.firstIndex(of: ":") else {
        throw Problem(
          file: file, line: number, key: String(content.prefix(60)),
          message: "expected 'key: value', e.g. 'z layer 1 unit 1 row 0: 0.3775'")
      }
      let keyText = content[..<colon].trimmingCharacters(in: .whitespaces)
      let valueText = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      let key: AnswerKey
      switch AnswerKey.parse(keyText) {
      case .success(let parsed): key = parsed
      case .failure(let error):
        throw Problem(file: file, line: number, key: String(keyText.prefix(60)), message: error.message)
      }
      guard let value = ExerciseText.number(valueText) else {
        throw Problem(
          file: file, line: number, key: key.description,
          message: valueText.isEmpty
            ? "no value after the colon: fill it in, or delete the line"
            : "'\(valueText.prefix(40))' is not a number (write e.g. 0.377500, -0.03 or 1.2e-05)")
      }
      if let earlier = seen[key] {
        throw Problem(file: file, line: number, key: key.description, message: "already given on line \(earlier)")
      }
      seen[key] = number
      entries.append(Entry(key: key, value: value, line: number))
    }
    guard let step else {
      throw Problem(file: file, line: max(1, number), key: nil, message: "no 'step N' line and no answers")
    }
    guard !entries.isEmpty else {
      throw Problem(file: file, line: stepLine, key: nil, message: "no answers after 'step \(step)'")
    }
    self.step = step
    self.entries = entries
  }
}
