import Foundation

/// The questions of one step, in the order they are computed, with the numbers they are worked from.
///
/// Every answer is a value the trace recorded (Adam's m̂ and v̂ are worked from
/// the recorded m and v), and every worked line is the one `nntrace replay`
/// prints for it. The sheet also knows the common wrong ways to work each
/// value, for diagnosing a wrong answer.
public struct ExerciseSheet: Sendable {
  /// The run's resolved lesson.
  public let configuration: RunConfiguration
  /// The step's recorded values.
  public let trace: StepTrace
  /// What is asked.
  public let scope: ExerciseScope
  /// The data row asked in full.
  public let row: Int
  /// The questions, in the order a learner works them.
  public internal(set) var exercises: [Exercise] = []
  /// The narration's symbols.
  let writer: StepWriter
  /// Replay's worked lines, by data row (−1 for the batch's) and left-hand side.
  let lines: [String: Formula]

  /// The questions of `trace` that `scope` asks for.
  ///
  /// - Throws: ``ReportError`` when the run trained nothing, the row is not in the
  ///   step's batch, or nothing recorded matches the scope.
  public init(configuration: RunConfiguration, trace: StepTrace, scope: ExerciseScope) throws {
    guard !configuration.isActivation else {
      throw ReportError("an activation lesson trains nothing: it has no step to work by hand")
    }
    guard let first = trace.samples.first else {
      throw ReportError("step \(trace.step) recorded no data row (was it recorded with --capture all?)")
    }
    let row = scope.row ?? first
    guard trace.samples.contains(row) else {
      let rows = trace.samples.map(String.init).joined(separator: ", ")
      throw ReportError("data row \(row) is not in step \(trace.step)'s batch; its rows are \(rows)")
    }
    self.configuration = configuration
    self.trace = trace
    self.scope = scope
    self.row = row
    writer = StepWriter(configuration: configuration, trace: trace, filter: NarrationFilter(), limits: .full)
    lines = Self.index(StepNarrator(configuration: configuration, limits: .full).story(for: trace))
    if configuration.isPerceptron {
      addPerceptron()
    } else {
      addForward()
      addBackward()
      addUpdate()
    }
    guard !exercises.isEmpty else {
      throw ReportError(
        "step \(trace.step) has no recorded value of the kinds and layer asked for (is the step complete?)")
    }
  }

  /// The recorded values, for working answers.
  var values: ExerciseValues { ExerciseValues(configuration: configuration, trace: trace) }

  /// Formulas by `row|lhs`: per-row sections (`… data row N …`) by their row, the rest under −1.
  static func index(_ story: StepStory) -> [String: Formula] {
    var index: [String: Formula] = [:]
    for section in story.sections {
      var row = -1
      if let range = section.title.range(of: "data row ", options: .caseInsensitive) {
        row = Int(section.title[range.upperBound...].prefix(while: \.isNumber)) ?? -1
      }
      for case .formula(let formula) in section.items {
        let key = "\(row)|\(formula.lhs.text)"
        if index[key] == nil { index[key] = formula }
      }
    }
    return index
  }

  /// Adds the question for `key`, when the trace has its value.
  mutating func add(
    _ key: AnswerKey, uses: [Given], work: @escaping @Sendable (ExerciseValues) -> Double?,
    mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)] = []
  ) {
    guard scope.asks(key.kind, layer: key.layer), let value = values.recorded(key) else { return }
    let symbol = self.symbol(key, suffix: false)
    let line = lines["\(key.row ?? -1)|\(symbol.text)"]
    exercises.append(
      Exercise(
        key: key, value: value, symbol: symbol, assigns: line?.assigns ?? false, symbolic: line?.symbolic ?? [],
        line: line, uses: uses, work: work, mistakes: mistakes))
  }

  // MARK: Symbols

  /// A parameter's symbol: `w₁₂⁽²⁾` (`from` given) or `b₂⁽²⁾`.
  func parameter(_ l: Int, _ i: Int, from: Int?) -> Tex {
    from.map { writer.w(l, $0, i) } ?? writer.b(l, i)
  }

  /// The symbol of `key`, with `(row N)` after a per-row value of another row than the sheet's when `suffix`.
  func symbol(_ key: AnswerKey, suffix: Bool = true) -> Tex {
    let l = key.layer ?? 0
    let i = key.unit ?? 0
    let base: Tex
    switch key.kind {
    case "z": base = writer.z(l, i)
    case "a": base = writer.a(l, i)
    case "delta": base = writer.delta(l, i)
    case "error": base = Tex("e")
    case "loss": base = key.row == nil ? Tex("L(batch)", latex: "L_{\\text{batch}}") : Tex("L")
    case "grad_w", "grad_b": base = Notation.derivative(of: parameter(l, i, from: key.from))
    case "w", "b": base = parameter(l, i, from: key.from)
    default:
      let name = String(key.kind.dropLast(2))
      let shown = ["velocity": "v", "m_hat": "m̂", "v_hat": "v̂"][name] ?? name
      base = Notation.state(shown, of: parameter(l, i, from: key.from))
    }
    guard suffix, let row = key.row, row != self.row else { return base }
    return base + Tex(" (row \(row))")
  }

  /// The symbol of a given number.
  func symbol(_ given: Given) -> Tex {
    switch given {
    case .input(let j, let row): return writer.x(j) + Tex(row == self.row ? "" : " (row \(row))")
    case .target(let i, let row): return writer.y(i) + Tex(row == self.row ? "" : " (row \(row))")
    case .start(let kind, let l, let i, let from):
      return symbol(AnswerKey(kind, layer: l, unit: i, from: from))
    case .value(let key): return symbol(key)
    }
  }

  /// The recorded value of a given number.
  func value(_ given: Given) -> Double? {
    let v = values
    switch given {
    case .input(let j, let row): return v.x(j, row: row)
    case .target(let i, let row): return v.y(i, row: row)
    case .start(let kind, let l, let i, let from): return v.start(kind, l, i, from)
    case .value(let key): return v.recorded(key)
    }
  }
}
