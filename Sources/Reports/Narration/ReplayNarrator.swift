import TraceStore

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

  /// A narrator of `reader`'s run.
  public init(reader: TraceReader, style: TextStyle, filter: NarrationFilter, limits: NarrationLimits, all: Bool) {
    self.reader = reader
    let narrator = StepNarrator(configuration: reader.configuration, filter: filter, limits: limits)
    narration = RunNarration(configuration: reader.configuration, style: style, narrator: narrator)
    self.all = all
  }

  /// The filter in force.
  public var filter: NarrationFilter { narration.narrator.filter }

  /// Writes the whole replay to `output`.
  ///
  /// - Throws: the store's errors.
  public func write(to output: inout some TextOutputStream) throws {
    output.write(narration.header(run: reader.run, introduce: introduces))
    guard reader.hasTrace else {
      output.write(
        "\nThis run was recorded with --capture none: only its result and its inputs (training rows, initial weights) were kept.\n"
      )
      output.write(closing(RunStatistics(configuration: reader.configuration)))
      return
    }
    if reader.configuration.isActivation, let trace = try reader.step(0) {
      // Nothing was trained: the one "step" is the function evaluated at every z.
      output.write("\n" + narration.step(trace))
      output.write(closing(RunStatistics(configuration: reader.configuration)))
      return
    }
    let statistics = try reader.statistics()
    let selection = self.selection(statistics)
    // Only a run that recorded every value has steps to tell in full.
    let detailed = reader.run.capture == "all"
    if !detailed {
      output.write(
        "\nThis run recorded statistics of each step and layer (--capture summary), not every value: its epochs are\n"
          + "summarised below, and `nntrace run` with --capture all records the arithmetic of every step.\n")
    }
    let full =
      detailed
      ? (0..<statistics.steps).filter { selection.tellsInFull(step: $0, epoch: statistics.stepEpochs[$0]) } : []
    var told = 0
    var lastEpoch: Int?
    var afterPage = false
    // The perceptron's right answers change nothing: a run of them is told as one line.
    var unchanged: (first: Int, last: Int)?
    func flushUnchanged() {
      guard let run = unchanged else { return }
      output.write((afterPage ? "\n" : "") + narration.unchangedLine(first: run.first, last: run.last) + "\n")
      afterPage = false
      unchanged = nil
    }
    func endEpoch(_ epoch: Int) {
      flushUnchanged()
      if selection.summarises(epoch: epoch), let summary = statistics.epoch(epoch) {
        output.write((afterPage ? "\n" : "") + narration.epochLine(summary) + "\n")
        afterPage = false
      }
    }
    func tell(_ trace: StepTrace) {
      if let lastEpoch, lastEpoch != trace.epoch { endEpoch(lastEpoch) }
      if detailed && selection.tellsInFull(step: trace.step, epoch: trace.epoch) {
        if collapses(trace) {
          unchanged = (unchanged?.first ?? trace.step, trace.step)
          told += 1
          lastEpoch = trace.epoch
          return
        }
        flushUnchanged()
        output.write("\n" + narration.step(trace))
        afterPage = true
        told += 1
      }
      lastEpoch = trace.epoch
    }
    if full.count > 16 || all {
      try reader.forEachStep(epoch: filter.step == nil ? filter.epoch : nil) { trace in
        if filter.step.map({ $0 == trace.step }) ?? true { tell(trace) }
      }
    } else {
      var next = 0
      for step in full {
        while next < step {
          if let lastEpoch, lastEpoch != statistics.stepEpochs[next] { endEpoch(lastEpoch) }
          lastEpoch = statistics.stepEpochs[next]
          next += 1
        }
        if let trace = try reader.step(step) { tell(trace) }
        next = step + 1
      }
      while next < statistics.steps && !filter.choosesSteps {
        if let lastEpoch, lastEpoch != statistics.stepEpochs[next] { endEpoch(lastEpoch) }
        lastEpoch = statistics.stepEpochs[next]
        next += 1
      }
    }
    if let lastEpoch { endEpoch(lastEpoch) }
    flushUnchanged()
    if told == 0 && filter.choosesSteps {
      output.write("\nNo recorded step matches the filter (the run has steps 0–\(max(0, statistics.steps - 1))).\n")
    }
    output.write(closing(statistics))
  }

  /// Whether `trace` is a perceptron's right answer told by default: nothing changed, so it is counted, not worked.
  func collapses(_ trace: StepTrace) -> Bool {
    guard reader.configuration.isPerceptron, !all, !filter.choosesSteps, !filter.narrowsLines, trace.step > 0,
      let sample = trace.samples.first
    else { return false }
    return trace.value("error", phase: "backward", layer: 1, sample: sample, i: 0) == 0
  }

  /// The steps and epochs told for this run.
  public func selection(_ statistics: RunStatistics) -> StepSelection {
    let c = reader.configuration
    return StepSelection(
      filter: filter, all: all, totalSteps: c.epochs * c.stepsPerEpoch, epochs: c.epochs,
      finalStep: reader.run.status == "diverged" ? statistics.steps - 1 : nil, rowsPerStep: c.rowsPerStep)
  }

  /// The ending, the summary's sparklines and the conclusion.
  public func closing(_ statistics: RunStatistics) -> String {
    let run = reader.run
    var out =
      "\n" + narration.ending(status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail) + "\n"
    let summary = narration.summary(statistics)
    if !summary.isEmpty { out += "\n" + summary }
    if concludes, let conclusion = narration.conclusion { out += narration.concluding(conclusion) }
    return out
  }

  /// Narrators for `readers` told in this order, as one story: a lesson's later parts are not
  /// introduced again, and its conclusion is told once, after its last part.
  public static func story(
    of readers: [TraceReader], style: TextStyle, filter: NarrationFilter, limits: NarrationLimits, all: Bool
  ) -> [ReplayNarrator] {
    readers.indices.map { k in
      var narrator = ReplayNarrator(reader: readers[k], style: style, filter: filter, limits: limits, all: all)
      narrator.introduces = k == 0 || !continues(readers[k - 1].run, with: readers[k].run)
      narrator.concludes = k == readers.count - 1 || !continues(readers[k].run, with: readers[k + 1].run)
      return narrator
    }
  }

  /// Whether run `b` is the next part of the same lesson run as `a` (recorded right after it).
  static func continues(_ a: RunSummary, with b: RunSummary) -> Bool {
    a.lesson == b.lesson && b.id == a.id + 1 && a.part != nil && b.part != nil && a.part != b.part
  }
}
