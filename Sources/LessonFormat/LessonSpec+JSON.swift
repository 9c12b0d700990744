import Foundation

extension LessonSpec {
  /// The resolved lesson as compact JSON with sorted keys: the run's `config`.
  ///
  /// The data rows are written directly, in exactly the form `JSONEncoder` gives
  /// (each number's shortest round-trip decimal, without a trailing `.0`): for a
  /// data set of a hundred thousand numbers that takes a few milliseconds, where
  /// `JSONEncoder` took tens.
  public func configJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let inputs = data.inputs else {
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
    var withoutRows = self
    withoutRows.data.inputs = []
    withoutRows.data.targets = data.targets.map { _ in [] }
    var json = String(decoding: try encoder.encode(withoutRows), as: UTF8.self)
    for (key, rows) in [("inputs", inputs), ("targets", data.targets)] {
      guard let rows, let range = json.range(of: "\"\(key)\":[]") else { continue }
      var text = "\"\(key)\":"
      Self.appendRows(rows, to: &text)
      json.replaceSubrange(range, with: text)
    }
    return json
  }

  /// Appends `[[x, …], …]` as `JSONEncoder` writes it.
  static func appendRows(_ rows: [[Double]], to json: inout String) {
    json += "["
    for (r, row) in rows.enumerated() {
      json += r == 0 ? "[" : ",["
      for (c, value) in row.enumerated() {
        if c > 0 { json += "," }
        if value == value.rounded(), abs(value) < 1e15, value != 0 || value.sign == .plus {
          json += String(Int64(value))  // what JSONEncoder writes for a whole number, without printing a double
        } else {
          let text = value.description
          json += text.hasSuffix(".0") ? text.dropLast(2) : Substring(text)
        }
      }
      json += "]"
    }
    json += "]"
  }
}
