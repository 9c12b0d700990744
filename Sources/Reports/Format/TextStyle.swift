/// Colours for text output, by meaning; every method returns its text unchanged when colour is off.
///
/// Inputs and targets are cyan, weights and biases yellow, forward values
/// blue, losses red, deltas and gradients magenta, updates green; headings
/// are bold and asides dim.
public struct TextStyle: Sendable, Equatable {
  /// Whether to write ANSI colour codes.
  public var colored: Bool

  /// A style.
  public init(colored: Bool) {
    self.colored = colored
  }

  /// No colour at all.
  public static let plain = TextStyle(colored: false)

  /// `text` in the colour of `role`.
  public func paint(_ text: String, _ role: Role) -> String {
    guard colored, let code = Self.code(for: role) else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  /// `text` in bold.
  public func bold(_ text: String) -> String { wrap(text, "1") }
  /// `text` dimmed.
  public func dim(_ text: String) -> String { wrap(text, "2") }
  /// `text` in green, for good news.
  public func good(_ text: String) -> String { wrap(text, "32") }
  /// `text` in red, for bad news.
  public func bad(_ text: String) -> String { wrap(text, "31") }

  private func wrap(_ text: String, _ code: String) -> String {
    colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  static func code(for role: Role) -> String? {
    switch role {
    case .input: "36"
    case .parameter: "33"
    case .activation: "34"
    case .loss: "31"
    case .gradient: "35"
    case .update: "32"
    case .setting, .plain: nil
    }
  }

  /// The colour key for the legend, e.g. `inputs` in cyan, `weights` in yellow.
  public func key() -> String {
    [
      paint("inputs and targets", .input), paint("weights and biases", .parameter),
      paint("forward values", .activation), paint("losses", .loss), paint("deltas and gradients", .gradient),
      paint("updates", .update),
    ].joined(separator: ", ")
  }

  /// Removes ANSI colour codes from `text`.
  public static func strip(_ text: String) -> String {
    var out = ""
    var escaping = false
    for scalar in text.unicodeScalars {
      if escaping {
        if scalar == "m" { escaping = false }
        continue
      }
      if scalar == "\u{1B}" {
        escaping = true
        continue
      }
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
