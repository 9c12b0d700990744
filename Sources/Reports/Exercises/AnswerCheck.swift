/// A learner's answer file checked value by value, in the order the values are computed.
///
/// Each answer is right, wrong (with the mistake it matches, if any), or
/// wrong only because it was worked from an earlier wrong value of the
/// learner's: recomputed from the learner's own numbers it is right.
public struct AnswerCheck: Sendable {
  /// One checked answer.
  public struct Outcome: Sendable {
    /// The answer and its line.
    public var entry: AnswerFile.Entry
    /// The question it answers.
    public var exercise: Exercise
    /// Its verdict.
    public var verdict: Verdict
    /// For a carried value: the wrong answers whose error it carries; for a wrong one, itself.
    public var sources: [AnswerKey]
  }

  /// The outcomes, in the order the values are computed.
  public let outcomes: [Outcome]
  /// The sheets of the rows answered (for telling the outcomes).
  let sheets: [ExerciseSheet]

  /// Checks `answers` (read from `file`) against `trace`.
  ///
  /// - Throws: ``AnswerFile/Problem`` for a key the step has no value for, or a row outside its batch.
  public init(configuration: RunConfiguration, trace: StepTrace, answers: AnswerFile, file: String)
    throws(AnswerFile.Problem)
  {
    var rows: [Int] = []
    for entry in answers.entries {
      guard let row = entry.key.row else { continue }
      guard trace.samples.contains(row) else {
        let batch = trace.samples.map(String.init).joined(separator: ", ")
        throw AnswerFile.Problem(
          file: file, line: entry.line, key: entry.key.description,
          message: "data row \(row) is not in step \(trace.step)'s batch (rows \(batch))")
      }
      if !rows.contains(row) { rows.append(row) }
    }
    rows.sort { (trace.samples.firstIndex(of: $0) ?? 0) < (trace.samples.firstIndex(of: $1) ?? 0) }
    if rows.isEmpty, let first = trace.samples.first { rows = [first] }
    var sheets: [ExerciseSheet] = []
    do {
      for row in rows {
        let scope = ExerciseScope(step: trace.step, row: row, units: .max, inputs: .max)
        sheets.append(try ExerciseSheet(configuration: configuration, trace: trace, scope: scope))
      }
    } catch let error as ReportError {
      throw AnswerFile.Problem(file: file, line: answers.entries[0].line, key: nil, message: error.message)
    } catch {
      throw AnswerFile.Problem(file: file, line: answers.entries[0].line, key: nil, message: "\(error)")
    }
    // Every row's forward pass, the batch's loss, every row's backward pass, then the batch's values.
    func rank(_ key: AnswerKey) -> Int {
      switch key.kind {
      case "z", "a": 0
      case "loss": key.row == nil ? 1 : 0
      case "delta", "error": 2
      default: 3
      }
    }
    var ordered: [(sheet: ExerciseSheet, exercise: Exercise)] = []
    for phase in 0...3 {
      for (k, sheet) in sheets.enumerated() {
        for exercise in sheet.exercises where rank(exercise.key) == phase {
          if exercise.key.row != nil || k == 0 { ordered.append((sheet, exercise)) }
        }
      }
    }
    var byKey: [AnswerKey: AnswerFile.Entry] = [:]
    for entry in answers.entries {
      guard ordered.contains(where: { $0.exercise.key == entry.key }) else {
        throw AnswerFile.Problem(
          file: file, line: entry.line, key: entry.key.description,
          message: "step \(trace.step) of this run has no such value (check the layer, the units and the row)")
      }
      byKey[entry.key] = entry
    }
    let all = byKey.mapValues(\.value)
    var outcomes: [Outcome] = []
    var sources: [AnswerKey: [AnswerKey]] = [:]
    for (sheet, exercise) in ordered {
      guard let entry = byKey[exercise.key] else { continue }
      let verdict = sheet.judge(entry.value, for: exercise, answers: all)
      var from: [AnswerKey] = []
      switch verdict {
      case .right: break
      case .carried:
        for case .value(let key) in exercise.uses {
          for source in sources[key] ?? [] where !from.contains(source) { from.append(source) }
        }
      case .mistake, .unrecognised: from = [exercise.key]
      }
      if !from.isEmpty { sources[exercise.key] = from }
      outcomes.append(Outcome(entry: entry, exercise: exercise, verdict: verdict, sources: from))
    }
    self.outcomes = outcomes
    self.sheets = sheets
  }

  /// Whether every answer is right.
  public var allRight: Bool { outcomes.allSatisfy { $0.verdict == .right } }

  /// The first answer that is wrong on its own (not carried).
  public var firstWrong: Outcome? {
    outcomes.first {
      switch $0.verdict {
      case .mistake, .unrecognised: true
      default: false
      }
    }
  }
}
