import Tracing
import Yams

/// Reads a lesson's `capture:` key: a policy name, or a mapping with a policy and thinning.
///
/// ```yaml
/// capture: summary
/// capture: {policy: all, every_step: 10, last_steps: 5, samples: [0, 1], layers: "1-2"}
/// ```
/// `samples` and `layers` take a list of numbers and ranges (`[0, 2, "5-9"]`),
/// the same as text (`"0,2,5-9"`), or `all`. Samples must be rows of the
/// lesson's data and layers must exist (0 is the inputs).
struct CaptureReader {
  /// The keys of the mapping form.
  static let keys = CapturePlan.CodingKeys.allCases.map(\.rawValue)

  /// The `capture` value.
  let value: YAMLValue
  /// Rows of training data: `samples` must be below.
  let samples: Int
  /// The layer sizes: `layers` must be below their count.
  let layers: [Int]

  /// The plan.
  ///
  /// - Throws: ``LessonError`` naming the key that is wrong.
  func read() throws -> CapturePlan {
    if case .scalar = value.node {
      return CapturePlan(policy: try policy(value))
    }
    let keys = CapturePlan.CodingKeys.allCases.map(\.rawValue)
    let entry = try value.mapping(
      allowed: keys, what: "a policy name (all, summary, none) or a mapping such as {policy: all, every_step: 10}")
    var plan = CapturePlan(policy: try entry["policy"].map(policy) ?? .all)
    plan.everyStep = try entry["every_step"].map(count)
    plan.everyEpoch = try entry["every_epoch"].map(count)
    plan.firstSteps = try entry["first_steps"].map(count)
    plan.lastSteps = try entry["last_steps"].map(count)
    plan.samples = try entry["samples"].flatMap {
      try list($0, limit: samples, what: "data rows (samples)")
    }
    plan.layers = try entry["layers"].flatMap {
      try list($0, limit: layers.count, what: "layers (0 for the inputs)")
    }
    return plan
  }

  private func policy(_ value: YAMLValue) throws -> CapturePolicy {
    let name = try value.string()
    guard let policy = CapturePolicy(rawValue: name) else {
      throw value.error(
        "unknown capture policy '\(name)'\(NearMiss.hint(for: name, among: CapturePolicy.names)); expected all, summary or none"
      )
    }
    return policy
  }

  private func count(_ value: YAMLValue) throws -> Int {
    let n = try value.integer()
    guard n >= 1 else { throw value.error("expected a whole number of at least 1, found \(n)") }
    return n
  }

  /// A list of indices below `limit`; `nil` for `all`.
  private func list(_ value: YAMLValue, limit: Int, what: String) throws -> IndexList? {
    var ranges: [ClosedRange<Int>] = []
    let elements: [YAMLValue]
    if case .sequence = value.node {
      elements = try value.sequence()
    } else {
      elements = [value]
    }
    for element in elements {
      guard case .scalar(let scalar) = element.node else {
        throw element.error("expected a number or a range such as 5-9, found \(element.found)")
      }
      if elements.count == 1 && scalar.string == "all" { return nil }
      guard let parsed = IndexList(parsing: scalar.string) else {
        throw element.error("expected numbers and ranges such as 0,2,5-9 (or all), found \(element.found)")
      }
      if let last = parsed.last, last >= limit {
        throw element.error("\(last) is out of range: this lesson has \(limit) \(what), numbered 0 to \(limit - 1)")
      }
      ranges += parsed.ranges
    }
    guard !ranges.isEmpty else { throw value.error("expected at least one number, found an empty list") }
    return IndexList(ranges)
  }
}
