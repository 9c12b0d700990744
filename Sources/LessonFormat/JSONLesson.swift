import Yams

/// A fast path for lesson files written as JSON (the benchmark workloads, a data set exported by a
/// script): the tree `Yams.compose` would build, built without Yams.
///
/// JSON is YAML, so the tree is Yams's own: an object is a mapping, an array a sequence, a string a
/// double-quoted scalar, and a number, `true`, `false` or `null` a plain scalar holding the text as
/// written. Only the nodes' marks are missing (Yams has no public way to make one): they place
/// errors, and the caller reads the file again through Yams whenever anything is wrong, so every
/// message stays exactly the one the YAML path gives. Reading half a megabyte of numbers this way
/// takes a small fraction of the time libyaml, Yams's node building and the preflight take.
///
/// `compose` returns `nil`, leaving the file to Yams, for anything but strict JSON whose first
/// non-space character is `{`, and for the JSON that YAML (libyaml's 1.1) reads otherwise or refuses:
/// tabs, duplicate keys, nesting deeper than ``YAMLPreflight/maximumDepth``, a key far from its
/// colon or on another line, characters YAML does not print or folds as line breaks (C1 controls,
/// U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF, DEL), and escapes of surrogates or control characters.
enum JSONLesson {
  /// The tree of `text`, or `nil` when it is not JSON of the kind read here.
  static func compose(_ text: String) -> Node? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      return reader.document()
    }
  }

  /// The longest key read (libyaml's limit for a key, from its start to its colon, is 1024 characters).
  static let maximumKeyLength = 512

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    /// What `Yams.compose(yaml:_:)` gives each node with the basic resolver: a tag of its own, all
    /// of them with the same resolver and constructor (`Tag.implicit` would build a constructor per node).
    let constructor = Constructor.default
    private var tag: Tag { Tag(.implicit, .basic, constructor) }

    init(bytes: UnsafeBufferPointer<UInt8>) {
      self.bytes = bytes
    }

    /// The byte at the reading position, 0 at the end (a NUL never reaches here: text with one is refused earlier).
    private var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    mutating func document() -> Node? {
      skipSpace()
      guard current == UInt8(ascii: "{"), let root = value() else { return nil }
      skipSpace()
      return position == bytes.count ? root : nil
    }

    /// Skips spaces and line breaks (a tab is refused where it stands: YAML accepts it in fewer places than JSON).
    private mutating func skipSpace() {
      while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D {
        position += 1
      }
    }

    private mutating func value() -> Node? {
      switch current {
      case UInt8(ascii: "{"): return object()
      case UInt8(ascii: "["): return array()
      case UInt8(ascii: "\""): return string().map { .scalar(.init($0, tag, .doubleQuoted)) }
      case UInt8(ascii: "t"): return word("true")
      case UInt8(ascii: "f"): return word("false")
      case UInt8(ascii: "n"): return word("null")
      default: return number()
      }
    }

    private mutating func object() -> Node? {
      guard depth < YAMLPreflight.maximumDepth else { return nil }
      depth += 1
      defer { depth -= 1 }
      position += 1
      var pairs: [(Node, Node)] = []
      var keys: Set<String> = []
      skipSpace()
      if current == UInt8(ascii: "}") {
        position += 1
        return .mapping(.init(pairs, tag))
      }
      while true {
        let start = position
        guard current == UInt8(ascii: "\""), let key = string(), keys.insert(key).inserted else { return nil }
        while current == 0x20 { position += 1 }  // the colon on the key's line
        guard current == UInt8(ascii: ":"), position - start <= maximumKeyLength else { return nil }
        position += 1
        skipSpace()
        guard let element = value() else { return nil }
        pairs.append((.scalar(.init(key, tag, .doubleQuoted)), consume element))
        skipSpace()
        switch current {
        case UInt8(ascii: ","):
          position += 1
          skipSpace()
        case UInt8(ascii: "}"):
          position += 1
          return .mapping(.init(pairs, tag))
        default:
          return nil
        }
      }
    }

    private mutating func array() -> Node? {
      guard depth < YAMLPreflight.maximumDepth else { return nil }
      depth += 1
      defer { depth -= 1 }
      position += 1
      var elements: [Node] = []
      skipSpace()
      if current == UInt8(ascii: "]") {
        position += 1
        return .sequence(.init(elements, tag))
      }
      while true {
        guard let element = value() else { return nil }
        elements.append(consume element)
        skipSpace()
        switch current {
        case UInt8(ascii: ","):
          position += 1
          skipSpace()
        case UInt8(ascii: "]"):
          position += 1
          return .sequence(.init(elements, tag))
        default:
          return nil
        }
      }
    }

    /// `true`, `false` or `null`, as a plain scalar.
    private mutating func word(_ word: String) -> Node? {
      let end = position + word.utf8.count
      guard end <= bytes.count, bytes[position..<end].elementsEqual(word.utf8) else { return nil }
      position = end
      guard endsPlainScalar(current) else { return nil }
      return .scalar(.init(word, tag, .plain))
    }

    /// A number as JSON writes it (`-0.5`, `12`, `1e-3`), as a plain scalar of its text.
    private mutating func number() -> Node? {
      let start = position
      if current == UInt8(ascii: "-") { position += 1 }
      if current == UInt8(ascii: "0") {
        position += 1
      } else {
        guard skipDigits() else { return nil }
      }
      if current == UInt8(ascii: ".") {
        position += 1
        guard skipDigits() else { return nil }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        position += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
        guard skipDigits() else { return nil }
      }
      guard endsPlainScalar(current) else { return nil }
      return .scalar(.init(String(decoding: bytes[start..<position], as: UTF8.self), tag, .plain))
    }

    /// Skips one or more digits; `false` if there is none.
    private mutating func skipDigits() -> Bool {
      let start = position
      while current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") { position += 1 }
      return position > start
    }

    /// Whether `byte` may follow a number or a word: JSON's space, a comma, a closing bracket or the end.
    private func endsPlainScalar(_ byte: UInt8) -> Bool {
      switch byte {
      case 0, 0x20, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): true
      default: false
      }
    }

    /// A string's text, with its escapes decoded; the reading position after its closing quote.
    private mutating func string() -> String? {
      position += 1
      let start = position
      var decoded: [UInt8]?
      while true {
        guard position < bytes.count else { return nil }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
          let text =
            decoded.map { String(decoding: $0, as: UTF8.self) }
            ?? String(decoding: bytes[start..<position], as: UTF8.self)
          position += 1
          return text
        case UInt8(ascii: "\\"):
          if decoded == nil { decoded = Array(bytes[start..<position]) }
          guard escape(into: &decoded) else { return nil }
        case 0..<0x20, 0x7F:
          return nil
        default:
          guard byte < 0x80 || printable(at: position) else { return nil }
          decoded?.append(byte)
          position += 1
        }
      }
    }

    /// Whether the character whose UTF-8 sequence starts at `index` is one YAML prints as it is:
    /// not a C1 control, a line or paragraph separator, a byte-order mark, U+FFFE or U+FFFF.
    private func printable(at index: Int) -> Bool {
      let next = index + 1 < bytes.count ? bytes[index + 1] : 0
      let third = index + 2 < bytes.count ? bytes[index + 2] : 0
      switch (bytes[index], next) {
      case (0xC2, 0x80...0x9F): return false
      case (0xE2, 0x80): return third != 0xA8 && third != 0xA9
      case (0xEF, 0xBB): return third != 0xBF
      case (0xEF, 0xBF): return third != 0xBE && third != 0xBF
      default: return true
      }
    }

    /// Decodes the escape at the reading position (a backslash) into `decoded`.
    private mutating func escape(into decoded: inout [UInt8]?) -> Bool {
      guard position + 1 < bytes.count else { return false }
      let letter = bytes[position + 1]
      position += 2
      let simple: UInt8? =
        switch letter {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): UInt8(ascii: "\\")
        case UInt8(ascii: "/"): UInt8(ascii: "/")
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
      if let simple {
        decoded?.append(simple)
        return true
      }
      guard letter == UInt8(ascii: "u"), position + 4 <= bytes.count else { return false }
      var code: UInt32 = 0
      for byte in bytes[position..<position + 4] {
        guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return false }
        code = code << 4 | UInt32(digit)
      }
      guard code >= 0x20, let scalar = Unicode.Scalar(code) else { return false }  // no surrogate halves
      position += 4
      decoded?.append(contentsOf: String(Character(scalar)).utf8)
      return true
    }
  }
}
