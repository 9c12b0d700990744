import CYaml

/// A first pass over a lesson's YAML, event by event, before any tree is built.
///
/// It refuses what would make building the tree slow or deep, and what the tree
/// would no longer show, each with the line and the key path where it occurs:
/// - syntax errors, with the key being written when the text went wrong;
/// - nesting deeper than ``maximumDepth`` (a lesson needs 7 levels at most);
/// - keys that are lists or mappings, or aliases of them: a lesson's keys are words,
///   and comparing such keys for duplicates would expand every alias in them
///   (a "billion laughs" key takes hours);
/// - aliases of no anchor, more than one document, and duplicate keys (with the
///   line of the repetition, which the tree does not keep).
///
/// The pass keeps one frame per open list or mapping and nothing else, so it takes
/// time in proportion to the text and memory in proportion to its depth.
enum YAMLPreflight {
  /// The deepest nesting accepted. A lesson needs 7 levels (`parts[0].weights[0].w[0][0]`).
  static let maximumDepth = 64

  /// An open list or mapping, with the key path that leads to it.
  private struct Frame {
    var path: String
    var isMapping: Bool
    /// The next element's index, in a list.
    var index = 0
    /// The key whose value comes next, in a mapping; `nil` while a key is expected.
    var key: String?
    /// The keys given so far, in a mapping, with the line of each.
    var keys: [String: Int] = [:]
    /// The last key whose value was read, in a mapping: where a syntax error between keys is placed.
    var lastKey: String?
  }

  /// What an anchor stands for: a scalar's text, or a list or mapping.
  private enum Anchored {
    case scalar(String)
    case collection(String)
  }

  /// Checks `text`.
  ///
  /// - Throws: ``LessonError`` naming `file`, the line and the key path.
  static func check(_ text: String, file: String) throws {
    var bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return }
    defer { yaml_parser_delete(&parser) }
    try bytes.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      yaml_parser_set_input_string(&parser, base, buffer.count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      var walk = Walk(file: file, text: buffer)
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(&parser, &event) == 1 else {
          throw walk.syntaxError(parser)
        }
        let done = event.type == YAML_STREAM_END_EVENT
        defer { yaml_event_delete(&event) }
        try walk.visit(event)
        if done { return }
      }
    }
  }

  /// The state of the pass.
  private struct Walk {
    let file: String
    let text: UnsafeMutableBufferPointer<UInt8>
    var stack: [Frame] = []
    var anchors: [String: Anchored] = [:]
    var documents = 0

    init(file: String, text: UnsafeMutableBufferPointer<UInt8>) {
      self.file = file
      self.text = text
    }

    /// The key path of the node that comes next.
    var path: String {
      guard let top = stack.last else { return "" }
      if top.isMapping {
        guard let key = top.key else { return top.path }
        return top.path.isEmpty ? key : "\(top.path).\(key)"
      }
      return "\(top.path)[\(top.index)]"
    }

    func error(_ mark: yaml_mark_t, key: String? = nil, _ message: String) -> LessonError {
      LessonError(
        file: file, line: Int(mark.line) + 1, key: TextExcerpt.quote(key ?? path, limit: 100), message: message)
    }

    /// The key path being read, or when none is open yet, the top-level key written above `line`.
    func place(line: Int) -> String {
      if let top = stack.last, top.isMapping, top.key == nil, let last = top.lastKey {
        return TextExcerpt.quote(top.path.isEmpty ? last : "\(top.path).\(last)", limit: 100)
      }
      guard path.isEmpty else { return TextExcerpt.quote(path, limit: 100) }
      var newlines = 0
      let end =
        text.firstIndex { byte in
          if byte == UInt8(ascii: "\n") { newlines += 1 }
          return newlines == line
        } ?? text.endIndex
      return SourceFile.topLevelKey(above: text[0..<end]) ?? ""
    }

    mutating func visit(_ event: yaml_event_t) throws {
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          throw error(
            event.start_mark, key: "",
            "found a second YAML document (after ---); expected one lesson per file")
        }
      case YAML_SCALAR_EVENT:
        // Only keys and anchored scalars are read as text: the many numbers of a data set are not.
        let scalar = event.data.scalar
        let anchor = Self.string(scalar.anchor)
        let value = anchor != nil || isAtKey ? Self.string(scalar.value, count: scalar.length) : ""
        if let anchor { anchors[anchor] = .scalar(value) }
        try node(scalar: value, at: event.start_mark)
      case YAML_ALIAS_EVENT:
        let name = Self.string(event.data.alias.anchor) ?? ""
        guard let anchored = anchors[name] else {
          throw error(
            event.start_mark,
            "found the alias *\(TextExcerpt.quote(name)), but no anchor &\(TextExcerpt.quote(name)) comes before it; expected an anchor defined earlier in the file"
          )
        }
        switch anchored {
        case .scalar(let value):
          try node(scalar: value, at: event.start_mark)
        case .collection(let kind):
          if isAtKey {
            throw error(
              event.start_mark,
              "found a key that is an alias of \(kind) (*\(TextExcerpt.quote(name))); expected keys that are plain words"
            )
          }
          try node(scalar: nil, at: event.start_mark)
        }
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let kind = isMapping ? "a mapping" : "a list"
        if isAtKey {
          throw error(event.start_mark, "found a key that is \(kind); expected keys that are plain words")
        }
        let anchor =
          isMapping ? Self.string(event.data.mapping_start.anchor) : Self.string(event.data.sequence_start.anchor)
        if let anchor { anchors[anchor] = .collection(kind) }
        guard stack.count < maximumDepth else {
          throw error(
            event.start_mark,
            "found lists or mappings nested more than \(maximumDepth) levels deep; expected at most \(maximumDepth) (a lesson needs 7, as in parts[0].weights[0].w[0][0])"
          )
        }
        stack.append(Frame(path: path, isMapping: isMapping))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        stack.removeLast()
        advance()
      default:
        break
      }
    }

    /// A scalar (`text`), or an alias of a list or mapping (`nil`), in the current position.
    private mutating func node(scalar text: String?, at mark: yaml_mark_t) throws {
      guard isAtKey else { return advance() }
      // The frame is changed in place: a copy would copy its keys, once per key of a long mapping.
      let top = stack.count - 1
      let key = text ?? ""
      let shown = TextExcerpt.quote(key)
      if let first = stack[top].keys[key] {
        let path = stack[top].path
        throw error(
          mark, key: path.isEmpty ? shown : "\(path).\(shown)",
          "duplicate key '\(shown)': found again here, first given on line \(first); expected each key once in a mapping"
        )
      }
      stack[top].keys[key] = Int(mark.line) + 1
      stack[top].key = shown
    }

    /// Whether the next node is a key of a mapping.
    private var isAtKey: Bool {
      stack.last.map { $0.isMapping && $0.key == nil } ?? false
    }

    /// Moves past the value just read: to the next element of a list, or the next key of a mapping.
    private mutating func advance() {
      guard !stack.isEmpty else { return }
      if stack[stack.count - 1].isMapping {
        stack[stack.count - 1].lastKey = stack[stack.count - 1].key
        stack[stack.count - 1].key = nil
      } else {
        stack[stack.count - 1].index += 1
      }
    }

    /// The parser's complaint, located.
    func syntaxError(_ parser: yaml_parser_t) -> LessonError {
      let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
      if parser.error == YAML_READER_ERROR {
        // The offset is in bytes of the text: count the lines before it.
        let offset = min(Int(parser.problem_offset), text.count)
        let line = text[0..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let value = parser.problem_value
        let found =
          problem == "control characters are not allowed" && value >= 0
          ? "a control character (U+\(String(value, radix: 16, uppercase: true))), which YAML does not allow"
          : problem
        return LessonError(
          file: file, line: line, key: place(line: line),
          message: "found \(found); expected printable text (tabs and line breaks are fine)")
      }
      if problem.hasPrefix("Maximum nesting level") {
        return error(
          parser.problem_mark,
          "found lists or mappings nested too deep; expected at most \(maximumDepth) levels (a lesson needs 7, as in parts[0].weights[0].w[0][0])"
        )
      }
      var message = "found text that is not valid YAML: \(problem)"
      if let context = parser.context.map({ String(cString: $0) }) {
        let line = Int(parser.context_mark.line) + 1
        message += " (\(context) that starts on line \(line))"
      }
      if !message.contains("expected") {
        message += "; expected YAML (check the brackets, quotes, colons and indentation)"
      }
      let line = Int(parser.problem_mark.line) + 1
      return LessonError(file: file, line: line, key: place(line: line), message: message)
    }

    /// A NUL-terminated anchor name.
    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      guard let pointer else { return nil }
      var length = 0
      while pointer[length] != 0 { length += 1 }
      return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// A scalar's text of `count` bytes.
    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, count: Int) -> String {
      guard let pointer else { return "" }
      return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
  }
}
