import TraceStore
import Tracing

/// Re-tells a recorded run from the database alone: header, worked steps, epoch lines and summary.
///
/// Nothing is recomputed and no lesson file is read: a run replays the same
/// whether or not its lesson still exists.
public struct ReplayNarrator: Sendable {
  /// The run.
  public let reader: TraceReader
  /// The pieces of text.
  public var narration: RunNarration
  /// Tell every step.
  public var all: Bool
  /// Tell the introduction and the legend (not for a later part of a lesson told together).
  public var introduces = true
  /// Tell the conclusion (only after the last part of a lesson told together).
  public var concludes = true

  /// The parts of the lesson told together: the default narration shares ``workedLines`` among them.
  public var parts = 1
  /// The runs of a lesson told together, compared side by side before the conclusion (on the last part's narrator).
  public var comparison: [TraceReader] = []

  /// Lines of worked steps the default narration of a whole lesson tells, its parts sharing them.
  public static let workedLines = 240
  /// The width the room is measured at: the narration's own when it is not written to a terminal.
  public static let measureWidth = 100

  /// A narrator of `reader`'s run.
  public init(reader: TraceReader, style: TextStyle, filter: NarrationFilter, limits: NarrationLimits, all: Bool) {
    self.reader = reader
    let narrator = StepNarrator(configuration: reader.configuration, filter: filter, limits: limits)
    narration = RunNarration(configuration: reader.configuration, style: style, narrator: narrator)
    self.all = all
  }

  /// The filter in force.
  public var filter: NarrationFilter { narration.narrator.filter }

  /// Whether this is the default narration, focused to fit its room: no filter, `--all` or `--full`,
  /// which tell what they are asked for.
  public var focuses: Bool {
    !all && !filter.choosesSteps && !filter.narrowsLines && narration.narrator.limits == .brief
  }

  /// Lines of worked steps this part may tell by default: the first part of a lesson twice a later one's share.
  public var room: Int {
    parts <= 1 ? Self.workedLines : Self.workedLines * (introduces ? 2 : 1) / (parts + 1)
  }

  /// The kinds of an update's lines: what a later part tells of its step when the whole of it does not fit.
  static let updateKinds: Set<String> = [
    "dw", "db", "velocity_w", "velocity_b", "s_w", "s_b", "m_w", "m_b", "v_w", "v_b",
  ]

  /// Writes the whole replay to `output`.
  ///
  /// - Throws: the store's errors.
  public func write(to output: inout some TextOutputStream) throws {
    output.write(narration.header(run: reader.run, introduce: introduces))
    guard reader.hasTrace else {
      output.write(
        "\nThis run was recorded with --capture none: only its result and its inputs (training rows, initial weights) were kept.\n"
      )
      output.write(try closing(RunStatistics(configuration: reader.configuration)))
      return
    }
    if reader.configuration.isActivation, let trace = try reader.step(0) {
      // Nothing was trained: the one "step" is the function evaluated at every z.
      output.write("\n" + narration.step(trace))
      output.write(try closing(RunStatistics(configuration: reader.configuration)))
      return
    }
    let statistics = try reader.statistics()
    let selection = self.selection(statistics)
    // Only a run that recorded every value has steps to tell in full.
    let detailed = reader.run.capture == "all"
    if !detailed {
      output.write(
        "\nThis run recorded statistics of each step and layer (--capture summary), not every value: its epochs are summarised below, and `nntrace run` with --capture all records the arithmetic of every step.\n"
      )
    }
    let full =
      detailed
      ? (0..<statistics.steps).filter { selection.tellsInFull(step: $0, epoch: statistics.stepEpochs[$0]) } : []
    var narration = self.narration
    var told = 0
    var used = 0
    var afterPage = false
    // The perceptron's right answers change nothing: a run of them, across epochs too, is told as one line.
    var unchanged: (first: Int, last: Int)?
    // Steps chosen but left out by the default narration, for room.
    var folded: (first: Int, last: Int)?
    func flushUnchanged() {
      guard let run = unchanged else { return }
      output.write((afterPage ? "\n" : "") + narration.unchangedLine(first: run.first, last: run.last) + "\n")
      used += afterPage ? 2 : 1
      afterPage = false
      unchanged = nil
    }
    func tell(_ trace: StepTrace) {
      guard detailed && selection.tellsInFull(step: trace.step, epoch: trace.epoch) else { return }
      if folded != nil {
        folded?.last = trace.step
        return
      }
      if collapses(trace) {
        unchanged = (unchanged?.first ?? trace.step, trace.step)
        told += 1
        return
      }
      var page = narration.step(trace)
      if focuses {
        if told == 0 { (narration, page) = fitted(trace) }
        let lines = Self.lineCount(page) + 1
        if told > 0 && used + lines > room {
          folded = (trace.step, trace.step)
          return
        }
        used += lines
      }
      flushUnchanged()
      output.write("\n" + page)
      afterPage = true
      told += 1
    }
    if full.count > 16 || all {
      try reader.forEachStep(epoch: filter.step == nil ? filter.epoch : nil) { trace in
        if filter.step.map({ $0 == trace.step }) ?? true { tell(trace) }
      }
    } else {
      for step in full {
        if let trace = try reader.step(step) { tell(trace) }
      }
    }
    flushUnchanged()
    if told == 0 && filter.choosesSteps {
      output.write("\nNo recorded step matches the filter (the run has steps 0–\(max(0, statistics.steps - 1))).\n")
    }
    if focuses && detailed, let note = foldNote(full: full, folded: folded?.first, steps: statistics.steps) {
      output.write("\n" + note + "\n")
    }
    if !filter.choosesSteps {
      let epochs = statistics.epochs.filter { selection.tabulates(epoch: $0.epoch) }
      let parameters = detailed && reader.configuration.isPerceptron ? try perceptronParameters(epochs) : [:]
      let table = narration.epochTable(epochs, parameters: parameters)
      if !table.isEmpty { output.write("\n" + table) }
    }
    output.write(try closing(statistics))
  }

  /// `narration` with the first limits of ``NarrationLimits/focusing`` whose telling of `trace` fits the room,
  /// and that telling; when none does, the step's update alone, said so (the last limits if nothing fits).
  func fitted(_ trace: StepTrace) -> (RunNarration, String) {
    var candidate = narration
    var page = ""
    for updateOnly in [false, true] {
      for limits in NarrationLimits.focusing {
        candidate.narrator.limits = limits
        candidate.narrator.filter = updateOnly ? NarrationFilter(kinds: Self.updateKinds) : filter
        page = candidate.step(trace)
        if updateOnly {
          page =
            narration.style.dim(
              "Step \(trace.step) in part, its update only: `nntrace replay \(reader.run.id) --step \(trace.step)` works all of it."
            ) + "\n" + page
        }
        if Self.lineCount(page) + 1 <= room { return (candidate, page) }
      }
    }
    return (candidate, page)
  }

  /// Lines `text` takes at ``measureWidth``.
  static func lineCount(_ text: String) -> Int {
    LineWrapper.wrapLines(text, width: measureWidth).split(separator: "\n", omittingEmptySubsequences: false).count
      - (text.hasSuffix("\n") ? 1 : 0)
  }

  /// The one line that says which steps the default narration did not work, and how to see them.
  func foldNote(full: [Int], folded: Int?, steps: Int) -> String? {
    let worked = Set(full)
    let first = folded ?? (0..<steps).first(where: { !worked.contains($0) })
    guard let first else { return nil }
    var last = steps - 1
    if folded == nil, worked.contains(last) { last = (first..<last).last(where: { !worked.contains($0) }) ?? first }
    let which = first == last ? "Step \(first) is" : "Steps \(first)–\(last) are"
    return narration.style.dim(
      "\(which) not worked here: `nntrace replay \(reader.run.id) --step N` works one, `--all` all of them.")
  }

  /// The perceptron's weights and bias after each of `epochs` (after its last step).
  func perceptronParameters(_ epochs: [RunStatistics.Epoch]) throws -> [Int: [Double]] {
    let inputs = reader.configuration.units(0)
    let perEpoch = max(1, reader.configuration.stepsPerEpoch)
    var parameters: [Int: [Double]] = [:]
    for epoch in epochs {
      guard let trace = try reader.step(epoch.epoch * perEpoch + epoch.steps - 1) else { continue }
      func after(_ kind: TraceKind, _ j: Int?) -> Double? {
        trace.value(kind, layer: 1, i: 0, j: j) ?? trace.startValue(kind, layer: 1, i: 0, j: j)
      }
      let values = (0..<inputs).compactMap { after(.w, $0) } + [after(.b, nil)].compactMap { $0 }
      if values.count == inputs + 1 { parameters[epoch.epoch] = values }
    }
    return parameters
  }

  /// Whether `trace` is a perceptron's right answer told by default: nothing changed, so it is counted, not worked.
  func collapses(_ trace: StepTrace) -> Bool {
    guard reader.configuration.isPerceptron, !all, !filter.choosesSteps, !filter.narrowsLines, trace.step > 0,
      let sample = trace.samples.first
    else { return false }
    return trace.value(.error, layer: 1, sample: sample, i: 0) == 0
  }

  /// The steps and epochs told for this run.
  public func selection(_ statistics: RunStatistics) -> StepSelection {
    let c = reader.configuration
    return StepSelection(
      filter: filter, all: all, totalSteps: c.epochs * c.stepsPerEpoch, epochs: c.epochs,
      finalStep: reader.run.status == "diverged" ? statistics.steps - 1 : nil, rowsPerStep: c.rowsPerStep)
  }

  /// The ending, the summary's sparklines, the comparison of the lesson's parts and the conclusion.
  ///
  /// - Throws: the store's errors.
  public func closing(_ statistics: RunStatistics) throws -> String {
    let run = reader.run
    var out =
      "\n" + narration.ending(status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail) + "\n"
    let summary = narration.summary(statistics)
    if !summary.isEmpty { out += "\n" + summary }
    if concludes && !comparison.isEmpty {
      out += try PartComparison(comparison).render(style: narration.style)
    }
    if concludes, let conclusion = narration.conclusion { out += narration.concluding(conclusion) }
    return out
  }

  /// Narrators for `readers` told in this order, as one story: a lesson's later parts are not
  /// introduced again, and its conclusion is told once, after its last part.
  public static func story(
    of readers: [TraceReader], style: TextStyle, filter: NarrationFilter, limits: NarrationLimits, all: Bool
  ) -> [ReplayNarrator] {
    // The lessons told: runs of consecutive parts of one lesson run.
    var groups: [[Int]] = []
    for k in readers.indices {
      if k > 0, continues(readers[k - 1].run, with: readers[k].run) {
        groups[groups.count - 1].append(k)
      } else {
        groups.append([k])
      }
    }
    var narrators: [ReplayNarrator] = []
    for group in groups {
      for k in group {
        var narrator = ReplayNarrator(reader: readers[k], style: style, filter: filter, limits: limits, all: all)
        narrator.introduces = k == group[0]
        narrator.concludes = k == group[group.count - 1]
        narrator.parts = group.count
        if narrator.concludes && PartComparison.applies(to: group.map { readers[$0] }) {
          narrator.comparison = group.map { readers[$0] }
        }
        narrators.append(narrator)
      }
    }
    return narrators
  }

  /// Whether run `b` is the next part of the same lesson run as `a` (recorded right after it).
  static func continues(_ a: RunSummary, with b: RunSummary) -> Bool {
    a.lesson == b.lesson && b.id == a.id + 1 && a.part != nil && b.part != nil && a.part != b.part
  }
}
