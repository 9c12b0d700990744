import Foundation
import NeuralEngine
import Tracing

/// The numbers a question is worked from: the trace's, with a learner's own answers in their place.
///
/// Answers recompute a value the way a learner does with a pencil: from the
/// step's inputs, targets and starting parameters and the values worked
/// before it. With `answers`, the learner's earlier values replace the
/// recorded ones, so a value can be checked against what the learner's own
/// numbers give. With `rounded`, every recorded number is first rounded to
/// the digits the worksheet prints, as a learner working from the sheet has it.
struct ExerciseValues {
  let configuration: RunConfiguration
  let trace: StepTrace
  /// The learner's values, used in place of the recorded ones.
  var answers: [AnswerKey: Double] = [:]
  /// Whether recorded numbers are rounded to their printed digits.
  var rounded = false

  var depth: Int { configuration.depth }
  var lr: Double { configuration.optimizer.lr }
  /// Adam's t: the step counted from 1.
  var t: Int { trace.step + 1 }

  /// `x` as the worksheet prints it (6 decimals, or 6 significant figures).
  static func printed(_ x: Double) -> Double {
    Double(NumberFormat.value(x).replacingOccurrences(of: "−", with: "-")) ?? x
  }

  private func given(_ x: Double?) -> Double? {
    guard let x else { return nil }
    return rounded ? Self.printed(x) : x
  }

  /// The value the trace recorded for `key` (Adam's m̂ and v̂ worked from the recorded m and v).
  func recorded(_ key: AnswerKey) -> Double? {
    let o = configuration.optimizer
    switch key.kind {
    case "z", "a":
      return recorded(key.kind, .forward, layer: key.layer, sample: key.row, i: key.unit)
    case "delta", "error":
      return recorded(key.kind, .backward, layer: key.layer, sample: key.row, i: key.unit)
    case "loss":
      return trace.value(.loss, layer: nil, sample: key.row)
    case "grad_w", "grad_b":
      return recorded(key.kind, .backward, layer: key.layer, i: key.unit, j: key.from)
    case "m_hat_w", "m_hat_b":
      let m = recorded("m" + key.kind.dropFirst(5), .update, layer: key.layer, i: key.unit, j: key.from)
      return m.map { $0 / (1 - pow(o.beta1, Double(t))) }
    case "v_hat_w", "v_hat_b":
      let v = recorded("v" + key.kind.dropFirst(5), .update, layer: key.layer, i: key.unit, j: key.from)
      return v.map { $0 / (1 - pow(o.beta2, Double(t))) }
    default:
      return recorded(key.kind, .update, layer: key.layer, i: key.unit, j: key.from)
    }
  }

  /// The recorded value of the kind an answer file calls `name` in `phase`.
  private func recorded(
    _ name: some StringProtocol, _ phase: Phase, layer: Int?, sample: Int? = nil, i: Int?, j: Int? = nil
  ) -> Double? {
    TraceKind.named(String(name), in: phase).flatMap { trace.value($0, layer: layer, sample: sample, i: i, j: j) }
  }

  /// The learner's value of `key` if there is one, else the recorded one.
  func value(_ key: AnswerKey) -> Double? {
    if let answer = answers[key] { return answer }
    return given(recorded(key))
  }

  /// Input `j` of data row `row`.
  func x(_ j: Int, row: Int) -> Double? {
    given(trace.value(.x, layer: 0, sample: row, i: j))
  }

  /// Target `i` of data row `row`.
  func y(_ i: Int, row: Int) -> Double? {
    given(trace.value(.y, layer: depth, sample: row, i: i))
  }

  /// A parameter or optimizer state as the step started.
  func start(_ kind: String, _ l: Int, _ i: Int, _ j: Int? = nil) -> Double? {
    TraceKind.named(kind, in: .update).flatMap { given(trace.startValue($0, layer: l, i: i, j: j)) }
  }

  /// The activation of unit `j` of layer `l` (the input for layer 0).
  func activation(_ l: Int, _ j: Int, row: Int) -> Double? {
    l == 0 ? x(j, row: row) : value(AnswerKey("a", layer: l, unit: j, row: row))
  }

  /// The pre-activation of unit `i` of layer `l`.
  func z(_ l: Int, _ i: Int, row: Int) -> Double? {
    value(AnswerKey("z", layer: l, unit: i, row: row))
  }

  /// δ of unit `i` of layer `l`.
  func delta(_ l: Int, _ i: Int, row: Int) -> Double? {
    value(AnswerKey("delta", layer: l, unit: i, row: row))
  }

  /// Sums `count` terms, `nil` if any is missing.
  static func sum(_ count: Int, _ term: (Int) -> Double?) -> Double? {
    var total = 0.0
    for k in 0..<count {
      guard let value = term(k) else { return nil }
      total += value
    }
    return total
  }
}
