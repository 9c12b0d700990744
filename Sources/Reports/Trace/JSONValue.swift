import Foundation

/// A JSON value, for reading a run's configuration without knowing every key in advance.
public enum JSONValue: Sendable, Equatable, Decodable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// Any number.
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object.
  case object([String: JSONValue])

  /// Decodes any JSON value.
  ///
  /// Numbers are tried first: a configuration is mostly its data's numbers, and each failed
  /// `try?` costs a thrown error (JSON's kinds are distinct, so the order changes no result).
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// Parses `text`.
  ///
  /// - Throws: ``ReportError`` when it is not JSON.
  public static func parse(_ text: String) throws -> JSONValue {
    do {
      return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    } catch {
      throw ReportError("the run's configuration is not valid JSON")
    }
  }

  /// The string, if this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number, if this is one.
  public var double: Double? {
    if case .number(let x) = self { return x }
    return nil
  }

  /// The number as an integer, if it is a whole number.
  public var int: Int? {
    if case .number(let x) = self, x == x.rounded(), abs(x) < 1e15 { return Int(x) }
    return nil
  }

  /// The boolean, if this is one.
  public var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, if this is an array.
  public var array: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, if this is an object.
  public var object: [String: JSONValue]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// Every leaf under this value by its dotted path (`optimizer.lr`, `layers[1]`), in key order.
  public func leaves(prefix: String = "") -> [(path: String, value: JSONValue)] {
    switch self {
    case .object(let members):
      return members.keys.sorted().flatMap { key in
        members[key, default: .null].leaves(prefix: prefix.isEmpty ? key : prefix + "." + key)
      }
    case .array(let elements) where elements.contains(where: { $0.array != nil || $0.object != nil }):
      return elements.enumerated().flatMap { k, element in element.leaves(prefix: "\(prefix)[\(k)]") }
    default:
      return [(prefix, self)]
    }
  }

  /// Compact text for a table cell: numbers exactly, strings as they are, arrays in brackets.
  public var summary: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let x): return NumberFormat.setting(x)
    case .string(let s):
      let oneLine = s.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
      return oneLine.count > 60 ? String(oneLine.prefix(57)) + "…" : oneLine
    case .array(let elements):
      let inner = elements.map(\.summary).joined(separator: ", ")
      return inner.count > 60 ? "[" + String(inner.prefix(56)) + "…]" : "[" + inner + "]"
    case .object(let members):
      return "{" + members.keys.sorted().map { "\($0): \(members[$0, default: .null].summary)" }.joined(separator: ", ")
        + "}"
    }
  }
}
