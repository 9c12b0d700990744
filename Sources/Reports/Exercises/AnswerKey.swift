/// Which value of a step a question asks for, named as the trace names it.
///
/// Written in an answer file (and on a worksheet) as words, units counted from 1
/// as in the formulas, data rows from 0 as in the narration:
/// ```
/// z layer 1 unit 2 row 0          a per-row value: z, a, delta, the perceptron's error
/// loss row 0                      one row's loss
/// loss                            the batch's loss (the mean over its rows)
/// grad_w layer 2 from 1 to 2      ∂L/∂w₁₂⁽²⁾: the weight from unit 1 below to unit 2
/// grad_b layer 2 unit 2           ∂L/∂b₂⁽²⁾
/// m_w layer 2 from 1 to 2         optimizer state: velocity_w, s_w, m_w, v_w, m_hat_w, v_hat_w (and _b)
/// w layer 2 from 1 to 2           the weight after the update
/// b layer 2 unit 2                the bias after the update
/// ```
public struct AnswerKey: Hashable, Sendable, CustomStringConvertible {
  /// The trace's kind, or `m_hat_w`, `v_hat_w`, `m_hat_b`, `v_hat_b` for Adam's bias-corrected averages.
  public var kind: String
  /// The layer, `nil` for the loss.
  public var layer: Int?
  /// The unit, 0-based (`nil` for the loss).
  public var unit: Int?
  /// The unit below, 0-based, for weights.
  public var from: Int?
  /// The data row, for per-row values; `nil` for the batch's values.
  public var row: Int?

  /// A key.
  public init(_ kind: String, layer: Int? = nil, unit: Int? = nil, from: Int? = nil, row: Int? = nil) {
    self.kind = kind
    self.layer = layer
    self.unit = unit
    self.from = from
    self.row = row
  }

  /// The kinds a row has one of per unit.
  public static let perRowKinds: Set<String> = ["z", "a", "delta", "error"]
  /// The kinds a weight has one of (`from … to …`).
  public static let weightKinds: Set<String> = [
    "grad_w", "w", "velocity_w", "s_w", "m_w", "v_w", "m_hat_w", "v_hat_w",
  ]
  /// The kinds a bias has one of (`unit …`).
  public static let biasKinds: Set<String> = [
    "grad_b", "b", "velocity_b", "s_b", "m_b", "v_b", "m_hat_b", "v_hat_b",
  ]
  /// Every kind a question may ask for.
  public static let kinds: [String] = [
    "z", "a", "loss", "delta", "error", "grad_w", "grad_b", "velocity_w", "velocity_b", "s_w", "s_b", "m_w", "m_b",
    "v_w", "v_b", "m_hat_w", "m_hat_b", "v_hat_w", "v_hat_b", "w", "b",
  ]

  /// Whether this is a parameter-shaped value (a gradient, an optimizer state, an updated parameter).
  var isParameter: Bool { Self.weightKinds.contains(kind) || Self.biasKinds.contains(kind) }

  /// The key in an answer file's words, e.g. `grad_w layer 2 from 1 to 2`.
  public var description: String {
    var words = [kind]
    if let layer { words += ["layer", String(layer)] }
    if let from, let unit {
      words += ["from", String(from + 1), "to", String(unit + 1)]
    } else if let unit {
      words += ["unit", String(unit + 1)]
    }
    if let row { words += ["row", String(row)] }
    return words.joined(separator: " ")
  }

  /// Reads the words of a key; the message says what is wrong otherwise.
  public static func parse(_ text: String) -> Result<AnswerKey, ReportError> {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let kind = words.first else {
      return .failure(ReportError("expected a key such as 'z layer 1 unit 1 row 0'"))
    }
    guard kinds.contains(kind) else {
      return .failure(ReportError("unknown kind '\(kind)'; expected one of \(kinds.joined(separator: ", "))"))
    }
    var key = AnswerKey(kind)
    var k = 1
    while k < words.count {
      let word = words[k]
      guard k + 1 < words.count, let number = Int(words[k + 1]), number >= 0 else {
        return .failure(ReportError("'\(word)' must be followed by a whole number"))
      }
      switch word {
      case "layer": key.layer = number
      case "unit", "to":
        guard number >= 1 else { return .failure(ReportError("units are counted from 1, found \(word) 0")) }
        key.unit = number - 1
      case "from":
        guard number >= 1 else { return .failure(ReportError("units are counted from 1, found from 0")) }
        key.from = number - 1
      case "row": key.row = number
      default:
        return .failure(ReportError("unexpected word '\(word)'; a key has layer, unit (or from … to …) and row"))
      }
      k += 2
    }
    return key.validated()
  }

  /// The key if its words fit its kind.
  private func validated() -> Result<AnswerKey, ReportError> {
    let expected: String
    if kind == "loss" {
      guard layer == nil, unit == nil, from == nil else {
        return .failure(ReportError("a loss has no layer or unit: write 'loss row N', or 'loss' for the batch"))
      }
      return .success(self)
    } else if Self.perRowKinds.contains(kind) {
      expected = "\(kind) layer L unit I row R"
      if layer != nil, unit != nil, from == nil, row != nil { return .success(self) }
    } else if Self.weightKinds.contains(kind) {
      expected = "\(kind) layer L from J to I"
      if layer != nil, unit != nil, from != nil, row == nil { return .success(self) }
    } else {
      expected = "\(kind) layer L unit I"
      if layer != nil, unit != nil, from == nil, row == nil { return .success(self) }
    }
    return .failure(ReportError("expected '\(expected)'"))
  }
}
