import Yams

/// A node of a lesson file with the key path that leads to it, so every
/// complaint can name the file, the line and the key.
struct YAMLValue {
  let node: Node
  let file: String
  /// The path of the node that holds this one, and the step from there: the
  /// dotted path is only spelled out when a message needs it, not for each of
  /// the many thousands of numbers a data set can have.
  private let parent: String
  private let step: Step

  private enum Step {
    case none
    case key(String)
    case index(Int)
  }

  init(node: Node, path: String, file: String) {
    self.init(node: node, file: file, parent: path, step: .none)
  }

  private init(node: Node, file: String, parent: String, step: Step) {
    self.node = node
    self.file = file
    self.parent = parent
    self.step = step
  }

  /// Dotted key path, e.g. `optimizer.lr`, `weights[0].w[1][0]`.
  var path: String {
    switch step {
    case .none: parent
    case .key(let key): parent.isEmpty ? key : "\(parent).\(key)"
    case .index(let index): "\(parent)[\(index)]"
    }
  }

  var line: Int { node.mark?.line ?? 1 }

  func error(_ message: String) -> LessonError {
    LessonError(file: file, line: line, key: path, message: message)
  }

  func child(_ node: Node, key: String) -> YAMLValue {
    YAMLValue(node: node, file: file, parent: path, step: .key(key))
  }

  func element(_ node: Node, index: Int) -> YAMLValue {
    YAMLValue(node: node, file: file, parent: path, step: .index(index))
  }

  /// How the node looks, for "found …" in messages.
  var found: String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence(let sequence): return "a list of \(sequence.count)"
    case .alias: return "an alias"
    case .scalar(let scalar):
      if scalar.style == .plain {
        if node.null != nil { return "nothing (null)" }
        return TextExcerpt.quote(scalar.string)
      }
      return "the text \"\(TextExcerpt.quote(scalar.string))\""
    }
  }

  /// The entries of a mapping whose keys must all be among `allowed`.
  func mapping(allowed: [String], what: String = "a mapping") throws -> YAMLMapping {
    guard case .mapping(let mapping) = node else {
      throw error("expected \(what), found \(found)")
    }
    var entries: [String: YAMLValue] = [:]
    for (keyNode, valueNode) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        let keyValue = YAMLValue(node: keyNode, path: path, file: file)
        throw keyValue.error("found a key that is \(keyValue.found); expected keys that are plain words")
      }
      let key = scalar.string
      guard allowed.contains(key) else {
        let place = path.isEmpty ? "" : " in \(path)"
        let shown = TextExcerpt.quote(key)
        throw YAMLValue(node: keyNode, path: path.isEmpty ? shown : "\(path).\(shown)", file: file).error(
          "unknown key '\(shown)'\(place)\(NearMiss.hint(for: key, among: allowed)); expected one of: \(allowed.joined(separator: ", "))"
        )
      }
      entries[key] = child(valueNode, key: key)
    }
    return YAMLMapping(owner: self, entries: entries)
  }

  /// A list's elements.
  func sequence(what: String = "a list") throws -> [YAMLValue] {
    guard case .sequence(let sequence) = node else {
      throw error("expected \(what), found \(found)")
    }
    let path = path
    return sequence.enumerated().map { YAMLValue(node: $1, file: file, parent: path, step: .index($0)) }
  }

  /// A finite decimal number, written plainly (`0.5`, `-3`, `1e-3`).
  func number() throws -> Double {
    guard case .scalar(let scalar) = node, scalar.style == .plain else {
      throw error("expected a number, found \(found)")
    }
    let text = scalar.string
    if let value = DecimalText.value(text) {
      guard value.isFinite else {
        throw error("expected a finite number, found \(found), \(DecimalText.nonFiniteReason(text))")
      }
      return value
    }
    if DecimalText.spellsNonFinite(text) {
      throw error("expected a finite number, found \(found), \(DecimalText.nonFiniteReason(text))")
    }
    throw error("expected a decimal number, found \(found)")
  }

  /// A whole number, written plainly (`1000`, or `1e3`).
  func integer() throws -> Int {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = DecimalText.value(scalar.string) else {
      throw error("expected a whole number, found \(found)")
    }
    if let exact = Int(scalar.string) { return exact }
    guard value.rounded() == value else { throw error("expected a whole number, found \(found)") }
    guard abs(value) < 1e15 else {
      throw error("expected a whole number below 10^15, found \(found), which is far too large")
    }
    return Int(value)
  }

  /// `true` or `false` (or YAML 1.1's `yes`/`no`, `on`/`off`), unquoted, in any case.
  func bool() throws -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else {
      throw error("expected true or false, found \(found)")
    }
    switch scalar.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false, found \(found)")
    }
  }

  /// A piece of text.
  func string() throws -> String {
    guard case .scalar(let scalar) = node, scalar.style != .plain || node.null == nil else {
      throw error("expected text, found \(found)")
    }
    return scalar.string
  }

  /// A list of numbers, of `count` elements when given.
  func numbers(count: Int? = nil, what: String = "numbers") throws -> [Double] {
    let elements = try sequence(what: "a list of \(what)")
    if let count, elements.count != count {
      throw error("expected \(count) \(what), found \(elements.count)")
    }
    return try elements.map { try $0.number() }
  }
}

/// The checked entries of a mapping.
struct YAMLMapping {
  let owner: YAMLValue
  let entries: [String: YAMLValue]

  subscript(key: String) -> YAMLValue? { entries[key] }

  /// The value of a key that must be present.
  func required(_ key: String, expected: String) throws -> YAMLValue {
    guard let value = entries[key] else {
      let within = owner.path.isEmpty ? key : "\(owner.path).\(key)"
      throw LessonError(file: owner.file, line: owner.line, key: within, message: "missing; expected \(expected)")
    }
    return value
  }
}
