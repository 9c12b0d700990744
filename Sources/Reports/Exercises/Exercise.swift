/// One question of a worksheet: a value of the step, its formula, and how to work it right and wrong.
public struct Exercise: Sendable {
  /// What is asked, as an answer file names it.
  public let key: AnswerKey
  /// The value the trace recorded (Adam's m̂ and v̂: worked from the recorded m and v).
  public let value: Double
  /// The symbol asked for, e.g. `z₁⁽¹⁾`.
  public let symbol: Tex
  /// `←` (a parameter overwritten) instead of `=`.
  public let assigns: Bool
  /// The formula in symbols, e.g. `w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾`; may be empty.
  public let symbolic: [Tex]
  /// The worked line exactly as `nntrace replay` prints it.
  public let line: Formula?
  /// The values the question is worked from.
  let uses: [Given]
  /// Works the value from `values`.
  let work: @Sendable (ExerciseValues) -> Double?
  /// The common wrong ways to work it.
  let mistakes: [(Mistake, @Sendable (ExerciseValues) -> Double?)]

  /// `z₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₂₁⁽¹⁾x₂ + b₁⁽¹⁾`, the line before its blank, in Unicode.
  public var prompt: String {
    symbol.text + (assigns ? " ← " : " = ") + symbolic.map(\.text).joined(separator: " = ")
  }
}

/// A number a question is worked from, shown among a worksheet's givens.
enum Given: Hashable, Sendable {
  /// Input `j` of a data row.
  case input(Int, row: Int)
  /// Target `i` of a data row.
  case target(Int, row: Int)
  /// A parameter or optimizer state as the step started: kind, layer, unit, unit below.
  case start(String, layer: Int, unit: Int, from: Int?)
  /// A value of the step not asked for (a unit left out, another row of the batch).
  case value(AnswerKey)
}
