import Foundation

/// The words of the quiz and of `check`: headings, givens, questions and verdicts, as terminal text.
public struct ExerciseText: Sendable {
  /// The sheet told.
  public let sheet: ExerciseSheet
  /// Colours.
  public let style: TextStyle

  /// A teller of `sheet`.
  public init(sheet: ExerciseSheet, style: TextStyle) {
    self.sheet = sheet
    self.style = style
  }

  /// `step 0 · epoch 0 · data row 0 (of rows 0, 1, 2, 3)`.
  public var position: String {
    let trace = sheet.trace
    var text = "step \(trace.step) · epoch \(trace.epoch) · data row \(sheet.row)"
    if trace.samples.count > 1 {
      let rows =
        trace.samples.count <= 8
        ? trace.samples.map(String.init).joined(separator: ", ") : "\(trace.samples.count) rows"
      text += " of the batch (\(rows))"
    }
    return text
  }

  /// The settings a learner needs: η, and the optimizer's constants and step count.
  public var settings: [String] {
    let o = sheet.configuration.optimizer
    var out = ["η = " + NumberFormat.setting(o.lr)]
    guard !sheet.configuration.isPerceptron else { return out }
    switch o.name {
    case "momentum": out.append("β = " + NumberFormat.setting(o.beta))
    case "rmsprop": out += ["ρ = " + NumberFormat.setting(o.rho), "ε = " + NumberFormat.setting(o.eps)]
    case "adam":
      out += [
        "β₁ = " + NumberFormat.setting(o.beta1), "β₂ = " + NumberFormat.setting(o.beta2),
        "ε = " + NumberFormat.setting(o.eps), "t = \(sheet.trace.step + 1)",
      ]
    default: break
    }
    return out
  }

  /// Every number the questions are worked from that the sheet does not ask, as `symbol = value` lines under
  /// three headings: inputs and targets; parameters and optimizer state as the step starts; values not asked.
  public var givens: [(heading: String, lines: [String])] {
    let asked = Set(sheet.exercises.map(\.key))
    var seen = Set<Given>()
    var groups: [[String]] = [[], [], []]
    for exercise in sheet.exercises {
      for given in exercise.uses where !seen.contains(given) {
        seen.insert(given)
        let group: Int
        switch given {
        case .input, .target: group = 0
        case .start: group = 1
        case .value(let key):
          if asked.contains(key) { continue }
          group = 2
        }
        guard let value = sheet.value(given) else { continue }
        groups[group].append(sheet.symbol(given).text + " = " + NumberFormat.value(value))
      }
    }
    let headings = [
      "inputs and targets", "as the step starts (parameters and optimizer state)", "worked already (not asked here)",
    ]
    return zip(headings, groups).filter { !$0.1.isEmpty }.map { ($0.0, $0.1) }
  }

  /// `with w₁₁⁽¹⁾ = 0.150000, x₁ = 0.050000, …`: the numbers one question uses.
  public func uses(_ exercise: Exercise) -> String {
    "with "
      + sheet.givens(of: exercise).map { $0.symbol.text + " = " + NumberFormat.value($0.value) }
      .joined(separator: ", ")
  }

  /// The worked line, as replay prints it (the value alone when the narration has no line for it).
  public func workedLine(_ exercise: Exercise) -> String {
    exercise.line?.text(style) ?? exercise.symbol.text + " = " + NumberFormat.value(exercise.value)
  }

  /// What is said of a wrong answer: the mistake it matches, or that none does.
  public func diagnosis(_ verdict: Verdict) -> String {
    switch verdict {
    case .right: return "right"
    case .carried:
      return "wrong only because it carries forward an earlier wrong value: from your own numbers it is right"
    case .mistake(let mistake, let gives):
      return "this is what you get when you \(mistake.explanation) (that gives \(NumberFormat.value(gives)))"
    case .unrecognised: return "not a mistake I recognise"
    }
  }

  /// A number as typed by a learner: `0.3775`, `-0.03`, `−0.03`, `1.2e-05`.
  public static func number(_ typed: String) -> Double? {
    let text = typed.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
    guard !text.isEmpty, text.count <= 64,
      text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
      let value = Double(text), value.isFinite
    else { return nil }
    return value
  }
}
