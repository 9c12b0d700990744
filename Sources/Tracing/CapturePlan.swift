/// What a run records: a policy, and the thinning that narrows it to some steps, samples and layers.
///
/// Thinning combines like this:
/// - the step options each *add* steps: with none of them every step is
///   recorded; with some, a step is recorded when any of them selects it
///   (`every_step: 100, last_steps: 10` keeps steps 0, 100, 200, … and the last ten);
/// - `samples` keeps only those data rows' per-sample values (`x`, `z`, `a`,
///   `y`, per-sample `loss`, `error`, `delta`); batch-level values are kept;
/// - `layers` keeps only values of those layers (0 is the inputs); the loss,
///   which has no layer, is always kept.
///
/// The initial parameters are recorded whatever the step options say. With
/// `summary`, `samples` does not apply: its statistics cover whole batches.
///
/// In a lesson file this is the `capture:` key, either a policy name
/// (`capture: summary`) or a mapping with the keys of ``CodingKeys``; on the
/// command line, `--capture`, `--every-step`, `--every-epoch`, `--first-steps`,
/// `--last-steps`, `--samples` and `--layers`, which override the file.
public struct CapturePlan: Sendable, Equatable, Codable, CustomStringConvertible {
  /// All, summary or none.
  public var policy: CapturePolicy
  /// Record steps 0, N, 2N, …
  public var everyStep: Int?
  /// Record every step of epochs 0, N, 2N, …
  public var everyEpoch: Int?
  /// Record the first N steps.
  public var firstSteps: Int?
  /// Record the last N steps of the run as planned.
  public var lastSteps: Int?
  /// Record only these samples' per-sample values; `nil` for all.
  public var samples: IndexList?
  /// Record only these layers; `nil` for all.
  public var layers: IndexList?

  /// A plan; without thinning it records every step, sample and layer.
  public init(
    policy: CapturePolicy = .all, everyStep: Int? = nil, everyEpoch: Int? = nil, firstSteps: Int? = nil,
    lastSteps: Int? = nil, samples: IndexList? = nil, layers: IndexList? = nil
  ) {
    self.policy = policy
    self.everyStep = everyStep
    self.everyEpoch = everyEpoch
    self.firstSteps = firstSteps
    self.lastSteps = lastSteps
    self.samples = samples
    self.layers = layers
  }

  /// The lesson file's keys.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case policy
    case everyStep = "every_step"
    case everyEpoch = "every_epoch"
    case firstSteps = "first_steps"
    case lastSteps = "last_steps"
    case samples, layers
  }

  /// Whether any step option is set.
  public var thinsSteps: Bool {
    everyStep != nil || everyEpoch != nil || firstSteps != nil || lastSteps != nil
  }

  /// Whether the step at `step` (in `epoch`) of a run of `totalSteps` steps is recorded.
  public func records(step: Int, epoch: Int, totalSteps: Int) -> Bool {
    guard thinsSteps else { return true }
    if let n = everyStep, step % n == 0 { return true }
    if let n = everyEpoch, epoch % n == 0 { return true }
    if let n = firstSteps, step < n { return true }
    if let n = lastSteps, step >= totalSteps - n { return true }
    return false
  }

  /// Whether values of `layer` are recorded; the loss (`nil`) always is.
  public func records(layer: Int?) -> Bool {
    guard let layer, let layers else { return true }
    return layers.contains(layer)
  }

  /// Reads a plan; `samples` and `layers` are text such as `0,2,5-9`.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      policy: try container.decodeIfPresent(CapturePolicy.self, forKey: .policy) ?? .all,
      everyStep: try container.decodeIfPresent(Int.self, forKey: .everyStep),
      everyEpoch: try container.decodeIfPresent(Int.self, forKey: .everyEpoch),
      firstSteps: try container.decodeIfPresent(Int.self, forKey: .firstSteps),
      lastSteps: try container.decodeIfPresent(Int.self, forKey: .lastSteps),
      samples: try Self.decodeList(container, .samples),
      layers: try Self.decodeList(container, .layers))
  }

  /// Writes the plan with only the options in force.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(policy, forKey: .policy)
    try container.encodeIfPresent(everyStep, forKey: .everyStep)
    try container.encodeIfPresent(everyEpoch, forKey: .everyEpoch)
    try container.encodeIfPresent(firstSteps, forKey: .firstSteps)
    try container.encodeIfPresent(lastSteps, forKey: .lastSteps)
    try container.encodeIfPresent(samples?.description, forKey: .samples)
    try container.encodeIfPresent(layers?.description, forKey: .layers)
  }

  private static func decodeList(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
    -> IndexList?
  {
    guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let list = IndexList(parsing: text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container, debugDescription: "expected a list such as 0,2,5-9, found '\(text)'")
    }
    return list
  }

  /// The thinning in words, e.g. `every 10th step, first 5 steps, layers 1-2`; empty without thinning.
  public var thinning: String {
    var parts: [String] = []
    if let n = everyStep { parts.append(n == 1 ? "every step" : "every \(Self.ordinal(n)) step") }
    if let n = everyEpoch { parts.append(n == 1 ? "every epoch" : "every \(Self.ordinal(n)) epoch") }
    if let n = firstSteps { parts.append("first \(n) step\(n == 1 ? "" : "s")") }
    if let n = lastSteps { parts.append("last \(n) step\(n == 1 ? "" : "s")") }
    if let samples { parts.append("samples \(samples)") }
    if let layers { parts.append("layers \(layers)") }
    return parts.joined(separator: ", ")
  }

  /// The policy and its thinning, e.g. `all (every 10th step, layers 1-2)`.
  public var description: String {
    let thinning = thinning
    return thinning.isEmpty ? policy.name : "\(policy.name) (\(thinning))"
  }

  static func ordinal(_ n: Int) -> String {
    let suffix: String
    switch (n % 10, n % 100) {
    case (1, let t) where t != 11: suffix = "st"
    case (2, let t) where t != 12: suffix = "nd"
    case (3, let t) where t != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
  }
}
