import Foundation

/// A user's text file (a lesson or a CSV file) read with limits, and its bytes checked to be UTF-8 text.
///
/// Every refusal names the file and, where there is one, the line (and the key
/// or column) of the first byte at fault: a directory, a file too large, UTF-16
/// text, binary data, bytes that are not UTF-8 (Latin-1, Windows-1252).
enum SourceFile {
  /// What the file is, for messages and for naming the place of a bad byte.
  enum Kind {
    /// A lesson file: a bad byte is placed under the top-level key above it.
    case lesson
    /// A CSV file: a bad byte is placed in its column.
    case csv

    var name: String { self == .lesson ? "lesson file" : "CSV file" }
  }

  /// The largest lesson file read: far above the 5,000,000 numbers a lesson may hold inline.
  static let lessonLimit = 64 << 20
  /// The largest CSV file read: its rows, as text and as numbers, take several times its size in memory.
  static let csvLimit = 128 << 20

  /// The bytes of the file at `path`, at most `limit` of them.
  ///
  /// Pipes and devices (`<(command)`, `/dev/stdin`) are read too, up to the limit.
  ///
  /// - Throws: ``LessonError`` without a line, naming `displayName`.
  static func read(path: String, displayName: String, kind: Kind, limit: Int) throws -> Data {
    func refuse(_ message: String) -> LessonError {
      LessonError(file: displayName, line: nil, key: "", message: message)
    }
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw refuse("cannot read the \(kind.name): found no file at this path; expected an existing \(kind.name)")
    }
    if isDirectory.boolValue {
      throw refuse("cannot read the \(kind.name): found a directory; expected a \(kind.name)")
    }
    if let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
      throw refuse("found a file of \(size) bytes; expected a \(kind.name) of at most \(limit >> 20) MiB")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw refuse("cannot read the \(kind.name): found it, but it is not readable (check its permissions)")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
      throw refuse("cannot read the \(kind.name): \(error.localizedDescription)")
    }
    guard data.count <= limit else {
      throw refuse("found more than \(limit >> 20) MiB of text; expected a \(kind.name) of at most \(limit >> 20) MiB")
    }
    return data
  }

  /// The text of `data`: UTF-8, without a byte-order mark.
  ///
  /// - Throws: ``LessonError`` naming `file`, and the line and key (or column) of the first byte that is not text.
  static func decode(_ data: Data, file: String, kind: Kind) throws -> String {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if let encoding = wideEncoding(of: bytes) {
      throw LessonError(
        file: file, line: nil, key: "",
        message:
          "found \(encoding) text; expected UTF-8 (save the file as UTF-8; in Notepad or Excel choose \"UTF-8\", not \"Unicode\")"
      )
    }
    if let text = String(validating: bytes, as: UTF8.self) {
      if let nul = text.utf8.firstIndex(of: 0) {
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: nul)
        throw located(
          offset, in: bytes, file: file, kind: kind,
          message: "found a NUL byte: this is binary data, not text; expected a UTF-8 \(kind.name)")
      }
      return text
    }
    let offset = firstInvalidUTF8(in: bytes) ?? 0
    let byte = bytes[bytes.startIndex + offset]
    let binary = bytes.prefix(4096).contains(0) || bytes.prefix(4096).filter { $0 < 0x09 }.count > 4
    let message =
      binary
      ? "found byte 0x\(hex(byte)), which is not text: this looks like binary data; expected a UTF-8 \(kind.name)"
      : "found byte 0x\(hex(byte)), which is not UTF-8 (the file may be Latin-1 or Windows-1252); expected UTF-8 text (save the file as UTF-8)"
    throw located(offset, in: bytes, file: file, kind: kind, message: message)
  }

  /// The error for the byte at `offset`, with its line and the key or column it falls in.
  private static func located(
    _ offset: Int, in bytes: Data.SubSequence, file: String, kind: Kind, message: String
  ) -> LessonError {
    let before = bytes.prefix(offset)
    let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { before.index(after: $0) } ?? before.startIndex
    let lineBytes = before[lineStart...]
    switch kind {
    case .csv:
      let column = lineBytes.filter { $0 == UInt8(ascii: ",") }.count
      return LessonError(file: file, line: line, key: "column \(column)", message: message)
    case .lesson:
      return LessonError(file: file, line: line, key: topLevelKey(above: before) ?? "", message: message)
    }
  }

  /// The top-level key written at or above the end of `text`: the last line that starts, unindented, with `key:`.
  static func topLevelKey(above text: some Collection<UInt8>) -> String? {
    let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for line in lines.reversed() {
      guard let first = line.first, first.isLetter || first == "_" || first == "\"",
        let colon = line.firstIndex(of: ":")
      else { continue }
      let key = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
      if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return key }
    }
    return nil
  }

  /// "UTF-16 (little-endian)" and the like, for text in a wider encoding: by its byte-order
  /// mark, or by the zero bytes that ASCII characters leave between them.
  private static func wideEncoding(of bytes: Data.SubSequence) -> String? {
    if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
    if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
    if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
    if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
    let head = Array(bytes.prefix(64))
    guard head.count >= 8 else { return nil }
    let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
    let oddZeros = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
    let half = head.count / 2
    if oddZeros >= half * 3 / 4 && evenZeros == 0 { return "UTF-16 (little-endian, without a byte-order mark)" }
    if evenZeros >= half * 3 / 4 && oddZeros == 0 { return "UTF-16 (big-endian, without a byte-order mark)" }
    return nil
  }

  /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
  static func firstInvalidUTF8(in bytes: Data.SubSequence) -> Int? {
    let b = Array(bytes)
    var i = 0
    while i < b.count {
      let lead = b[i]
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return i
      }
      guard i + length <= b.count else { return i }
      if length > 1 {
        for k in 1..<length where !(k == 1 ? low...high : 0x80...0xBF).contains(b[i + k]) { return i }
      }
      i += length
    }
    return nil
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
  }
}
