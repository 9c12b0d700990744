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
        return "\(scalar.string)"
      }
      return "the text \"\(scalar.string)\""
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
        throw YAMLValue(node: keyNode, path: path, file: file).error("keys must be plain words, found \(found)")
      }
      let key = scalar.string
      guard allowed.contains(key) else {
        let place = path.isEmpty ? "" : " in \(path)"
        throw YAMLValue(node: keyNode, path: path.isEmpty ? key : "\(path).\(key)", file: file).error(
          "unknown key '\(key)'\(place)\(NearMiss.hint(for: key, among: allowed)); expected one of: \(allowed.joined(separator: ", "))"
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

  /// A finite decimal number.
  func number() throws -> Double {
    guard case .scalar(let scalar) = node else {
      throw error("expected a number, found \(found)")
    }
    guard scalar.style == .plain, let value = Double(scalar.string) ?? node.float else {
      throw error("expected a number, found \(found)")
    }
    guard value.isFinite else {
      let why = value.isNaN ? "not a number" : "too large for a double (it overflows to infinity)"
      throw error("expected a finite number, found \(scalar.string), which is \(why)")
    }
    return value
  }

  /// A whole number.
  func integer() throws -> Int {
    guard case .scalar(let scalar) = node, scalar.style == .plain else {
      throw error("expected a whole number, found \(found)")
    }
    if let value = Int(scalar.string) ?? node.int { return value }
    if let value = Double(scalar.string), value.rounded() == value, abs(value) < 1e15 { return Int(value) }
    throw error("expected a whole number, found \(found)")
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
