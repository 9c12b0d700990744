import Foundation

extension LessonSpec {
  /// The resolved lesson as compact JSON with sorted keys: the run's `config`.
  ///
  /// The data rows are written directly, in exactly the form `JSONEncoder` gives
  /// (each number's shortest round-trip decimal, without a trailing `.0`): for a
  /// data set of a hundred thousand numbers that takes a few milliseconds, where
  /// `JSONEncoder` took tens. The lesson without its rows is encoded, and the rows
  /// are written as bytes into the places of its empty `"inputs":[]` and `"targets":[]`.
  public func configJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let inputs = data.inputs else {
      return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
    var withoutRows = self
    withoutRows.data.inputs = []
    withoutRows.data.targets = data.targets.map { _ in [] }
    let encoded = Array(try encoder.encode(withoutRows))
    // Each key's first place (rows hold no quotes, so filling one place cannot make or hide the other).
    var places: [(range: Range<Int>, rows: [[Double]])] = []
    for (key, rows) in [("inputs", inputs), ("targets", data.targets)] {
      guard let rows, let range = Self.firstRange(of: Array("\"\(key)\":[]".utf8), in: encoded) else { continue }
      places.append((range, rows))
    }
    places.sort { $0.range.lowerBound < $1.range.lowerBound }
    var json: [UInt8] = []
    let numbers = places.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.count } }
    json.reserveCapacity(encoded.count + 10 * numbers)
    var written = 0
    for (range, rows) in places {
      json += encoded[written..<range.upperBound - 2]  // up to and with `"key":`
      Self.appendRows(rows, to: &json)
      written = range.upperBound
    }
    json += encoded[written...]
    return String(decoding: json, as: UTF8.self)
  }

  /// Where `needle` first occurs in `bytes`.
  static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
    guard let first = needle.first, bytes.count >= needle.count else { return nil }
    var start = 0
    while let index = bytes[start...].firstIndex(of: first), index + needle.count <= bytes.count {
      if bytes[index..<index + needle.count].elementsEqual(needle) { return index..<index + needle.count }
      start = index + 1
    }
    return nil
  }

  /// Appends `[[x, …], …]` as `JSONEncoder` writes it.
  static func appendRows(_ rows: [[Double]], to json: inout [UInt8]) {
    json.append(UInt8(ascii: "["))
    for (r, row) in rows.enumerated() {
      if r > 0 { json.append(UInt8(ascii: ",")) }
      json.append(UInt8(ascii: "["))
      for (c, value) in row.enumerated() {
        if c > 0 { json.append(UInt8(ascii: ",")) }
        // A whole number as an integer (without printing a double), anything else as its shortest
        // round-trip decimal, without a trailing `.0`.
        var text =
          value == value.rounded() && abs(value) < 1e15 && (value != 0 || value.sign == .plus)
          ? String(Int64(value)) : value.description
        text.withUTF8 { digits in
          let pointZero =
            digits.count > 2 && digits[digits.count - 2] == UInt8(ascii: ".") && digits.last == UInt8(ascii: "0")
          json += pointZero ? UnsafeBufferPointer(rebasing: digits.dropLast(2)) : digits
        }
      }
      json.append(UInt8(ascii: "]"))
    }
    json.append(UInt8(ascii: "]"))
  }
}
