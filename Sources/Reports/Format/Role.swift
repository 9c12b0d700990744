/// What a number or symbol is, which decides its colour in the terminal.
public enum Role: Sendable, Hashable, CaseIterable {
  /// Data: inputs x and targets y.
  case input
  /// Weights and biases.
  case parameter
  /// Values of the forward pass: z and a.
  case activation
  /// Losses.
  case loss
  /// Deltas and gradients.
  case gradient
  /// New values written by an update, and optimizer state.
  case update
  /// Settings such as the learning rate.
  case setting
  /// Anything else.
  case plain
}
