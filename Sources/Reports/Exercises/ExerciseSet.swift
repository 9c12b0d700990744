/// The exercise set of a built-in lesson: which part, step and values its worksheet and quiz ask for.
public struct ExerciseSet: Sendable, Equatable {
  /// The lesson's id.
  public let lesson: String
  /// The part whose run is worked, for a lesson of several parts.
  public let part: String?
  /// What is asked.
  public let scope: ExerciseScope
  /// What the set practises, in a sentence.
  public let practises: String

  /// The sets, in curriculum order.
  public static let all: [ExerciseSet] = [
    ExerciseSet(
      lesson: "perceptron", part: "and", scope: ExerciseScope(step: 3),
      practises: "the perceptron's rule on its first wrong answer with both inputs on: z, ŷ, e = y − ŷ, the update"),
    ExerciseSet(
      lesson: "forward-pass", part: "one", scope: ExerciseScope(kinds: ["z", "a", "loss"]),
      practises: "a forward pass through ReLU layers to a sigmoid output, and its binary cross-entropy"),
    ExerciseSet(
      lesson: "chain-rule", part: nil, scope: ExerciseScope(),
      practises: "one whole step of backpropagation on the classic 2-2-2 network: every z, a, δ, gradient and update"),
    ExerciseSet(
      lesson: "xor-mlp", part: nil, scope: ExerciseScope(row: 3),
      practises:
        "a step over a batch of four: the passes of row 3, (1, 1), then the batch's mean loss, gradients and updates"),
    ExerciseSet(
      lesson: "optimizers", part: "adam",
      scope: ExerciseScope(
        step: 1, layer: 2, kinds: ["m_w", "v_w", "m_hat_w", "v_hat_w", "w", "m_b", "v_b", "m_hat_b", "v_hat_b", "b"]),
      practises: "Adam's second step: its running averages, their bias correction (t = 2) and the update"),
  ]

  /// The set of lesson `lesson`, if it has one.
  public static func of(lesson: String) -> ExerciseSet? {
    all.first { $0.lesson == lesson }
  }
}
