import ArgumentParser
import Lessons
import Tracing

/// `nntrace run`'s options that choose what to record: the policy, thinning, and `--force`.
struct CaptureOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "What to record: all (every value), summary (per-step, per-layer statistics) or none (the run and its result only). Default: the lesson's capture key, else all.",
      valueName: "policy"))
  var capture: String?

  @Option(
    name: .customLong("every-step"),
    help: ArgumentHelp("Record steps 0, N, 2N, … (thinning).", valueName: "n"))
  var everyStep: Int?

  @Option(
    name: .customLong("every-epoch"),
    help: ArgumentHelp("Record every step of epochs 0, N, 2N, … (thinning).", valueName: "n"))
  var everyEpoch: Int?

  @Option(
    name: .customLong("first-steps"),
    help: ArgumentHelp("Record the first N steps (thinning).", valueName: "n"))
  var firstSteps: Int?

  @Option(
    name: .customLong("last-steps"),
    help: ArgumentHelp("Record the last N steps (thinning).", valueName: "n"))
  var lastSteps: Int?

  @Option(
    help: ArgumentHelp(
      "Record per-sample values (x, z, a, y, delta, …) of these data rows only, e.g. 0,2,5-9; all to undo the lesson's list.",
      valueName: "list"))
  var samples: String?

  @Option(
    help: ArgumentHelp(
      "Record these layers only (0 is the inputs), e.g. 1-2; all to undo the lesson's list.", valueName: "list"))
  var layers: String?

  @Flag(help: "Record even when the estimate passes 20 million values.")
  var force = false

  /// What `--help` says about thinning, for the command's discussion.
  static let discussion = """
    What to record: --capture all records every value of every step; summary records, \
    per step and layer, the norms of the weight gradient and of the weights, the mean and \
    spread of activations, the share of saturated (sigmoid, tanh) or dead (ReLU) units, and \
    the loss; none records the run and its result only. Thinning narrows what is recorded: \
    --every-step, --every-epoch, --first-steps and --last-steps each add steps (with none \
    of them, every step is recorded; the initial weights always are); --samples keeps the \
    per-sample values of some data rows; --layers keeps some layers (the loss is always \
    kept). A lesson file may set the same with its capture: key, e.g. \
    capture: {policy: all, every_step: 10, layers: 1-2}; these options override it.

    Before training, nntrace estimates how many values the run will record; past 20 \
    million it stops and suggests a lighter capture, unless given --force.
    """

  func validate() throws {
    if let capture, CapturePolicy(rawValue: capture) == nil {
      throw ValidationError("--capture: expected all, summary or none, found '\(capture)'")
    }
    for (name, value) in [
      ("--every-step", everyStep), ("--every-epoch", everyEpoch), ("--first-steps", firstSteps),
      ("--last-steps", lastSteps),
    ] {
      if let value, value < 1 {
        throw ValidationError("\(name): expected a whole number of at least 1, found \(value)")
      }
    }
    for (name, value) in [("--samples", samples), ("--layers", layers)] {
      if let value, value != "all", IndexList(parsing: value) == nil {
        throw ValidationError("\(name): expected numbers and ranges such as 0,2,5-9 (or all), found '\(value)'")
      }
    }
  }

  /// Whether any option here changes what the lesson file says to capture.
  var overridesLesson: Bool {
    capture != nil || everyStep != nil || everyEpoch != nil || firstSteps != nil || lastSteps != nil
      || samples != nil || layers != nil
  }

  /// The lesson's plan with these options applied over it.
  ///
  /// - Throws: a usage failure when a sample or layer does not exist in the lesson.
  func plan(over spec: LessonSpec, samples rows: Int) throws -> CapturePlan {
    var plan = spec.capture ?? CapturePlan()
    if let capture, let policy = CapturePolicy(rawValue: capture) { plan.policy = policy }
    if let everyStep { plan.everyStep = everyStep }
    if let everyEpoch { plan.everyEpoch = everyEpoch }
    if let firstSteps { plan.firstSteps = firstSteps }
    if let lastSteps { plan.lastSteps = lastSteps }
    if let samples {
      plan.samples = try Self.list(samples, option: "--samples", limit: rows, what: "data rows")
    }
    if let layers {
      plan.layers = try Self.list(
        layers, option: "--layers", limit: spec.layers.count, what: "layers (0 for the inputs)")
    }
    return plan
  }

  private static func list(_ text: String, option: String, limit: Int, what: String) throws -> IndexList? {
    guard text != "all" else { return nil }
    guard let list = IndexList(parsing: text) else { return nil }
    if let last = list.last, last >= limit {
      throw Failure.report(
        "\(option): \(last) is out of range: this lesson has \(limit) \(what), numbered 0 to \(limit - 1)",
        status: Failure.Status.usage)
    }
    return list
  }

  /// Stops a lesson whose runs (one per part) would record more than the threshold in all,
  /// unless `--force`, with the estimate and lighter options.
  func checkEstimate(_ runs: [(plan: CapturePlan, shape: RunShape)]) throws {
    let estimate = total(runs)
    guard estimate > CaptureEstimate.refusalThreshold, !force else { return }
    let summary = total(runs.map { run in (CapturePlan(policy: .summary, layers: run.plan.layers), run.shape) })
    var alternatives = ["--capture summary (about \(Self.grouped(summary)) values)"]
    if let every = thinning(runs) {
      alternatives.append("thinning such as --every-step \(every.step) (about \(Self.grouped(every.values)))")
    }
    alternatives.append("--layers or --samples to keep part of each step")
    let policies = Set(runs.map(\.plan.description)).sorted().joined(separator: ", ")
    throw Failure.report(
      "this run would record about \(Self.grouped(estimate)) values (--capture \(policies)), more than the \(Self.grouped(CaptureEstimate.refusalThreshold)) nntrace records without asking. Record less with \(alternatives.joined(separator: ", or ")); or confirm with --force.",
      status: Failure.Status.usage)
  }

  private func total(_ runs: [(plan: CapturePlan, shape: RunShape)]) -> Int {
    runs.reduce(0) { $0 + CaptureEstimate.values($1.plan, shape: $1.shape) }
  }

  /// The smallest round `--every-step` (2, 5, 10, 20, …) that brings the estimate under half the threshold.
  private func thinning(_ runs: [(plan: CapturePlan, shape: RunShape)]) -> (step: Int, values: Int)? {
    let steps = runs.map(\.shape.totalSteps).max() ?? 0
    var scale = 1
    while scale <= steps {
      for factor in [1, 2, 5] where factor * scale >= 2 {
        let values = total(
          runs.map { run in
            var plan = run.plan
            plan.everyStep = factor * scale
            return (plan, run.shape)
          })
        if values <= CaptureEstimate.refusalThreshold / 2 { return (factor * scale, values) }
      }
      scale *= 10
    }
    return nil
  }

  /// `48000000` as `48,000,000`.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return n < 0 ? "-" + text : text
  }
}
