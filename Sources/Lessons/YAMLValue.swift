import Yams

/// A node of a lesson file with the key path that leads to it, so every
/// complaint can name the file, the line and the key.
struct YAMLValue {
  let node: Node
  /// Dotted key path, e.g. `optimizer.lr`, `weights[0].w[1][0]`.
  let path: String
  let file: String

  var line: Int { node.mark?.line ?? 1 }

  func error(_ message: String) -> LessonError {
    LessonError(file: file, line: line, key: path, message: message)
  }

  func child(_ node: Node, key: String) -> YAMLValue {
    YAMLValue(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
  }

  func element(_ node: Node, index: Int) -> YAMLValue {
    YAMLValue(node: node, path: "\(path)[\(index)]", file: file)
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
    return sequence.enumerated().map { element($1, index: $0) }
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

  /// `true` or `false`.
  func bool() throws -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
      throw error("expected true or false, found \(found)")
    }
    return value
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
