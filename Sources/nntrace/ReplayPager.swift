import Reports

/// `nntrace replay RUN --step` at a terminal: one step at a time, at the learner's pace.
///
/// Enter tells the next step, `b` the one before, a number that step; `c`
/// tells the rest as a plain replay would and `q` stops at once.
struct ReplayPager {
  let narrator: ReplayNarrator

  func run(output: inout some TextOutputStream) throws {
    let narration = narrator.narration
    let reader = narrator.reader
    let terminal = Terminal(noColor: !narration.style.colored)
    output.write(narration.header(run: reader.run))
    let statistics = try reader.statistics()
    let selection = narrator.selection(statistics)
    let total = statistics.steps
    let filter = narrator.filter
    let candidates =
      filter.choosesSteps
      ? (0..<total).filter { filter.chooses(step: $0, epoch: statistics.stepEpochs[$0]) } : Array(0..<total)
    guard var current = candidates.first else {
      output.write("\nNo recorded step matches the filter (the run has steps 0–\(max(0, total - 1))).\n")
      output.write(try narrator.closing(statistics))
      return
    }
    while true {
      if let trace = try reader.step(current) {
        output.write("\n" + narration.step(trace))
      }
      var command = StepPrompt.ask(step: current, of: total, terminal: terminal)
      while true {
        switch command {
        case .next:
          guard let next = candidates.first(where: { $0 > current }) else {
            output.write(try narrator.closing(statistics))
            return
          }
          current = next
        case .back:
          current = candidates.last(where: { $0 < current }) ?? current
        case .jump(let step):
          guard step < total else {
            var error = StandardError()
            error.write("There is no step \(step): this run has steps 0–\(max(0, total - 1)).\n")
            command = StepPrompt.ask(step: current, of: total, terminal: terminal)
            continue
          }
          current = step
        case .proceed:
          var lastEpoch = statistics.stepEpochs[current]
          var afterPage = true
          for step in (current + 1)..<max(current + 1, total) {
            let epoch = statistics.stepEpochs[step]
            if epoch != lastEpoch, selection.summarises(epoch: lastEpoch), let summary = statistics.epoch(lastEpoch) {
              output.write((afterPage ? "\n" : "") + narration.epochLine(summary) + "\n")
              afterPage = false
            }
            lastEpoch = epoch
            guard candidates.contains(step), selection.tellsInFull(step: step, epoch: epoch),
              let trace = try reader.step(step)
            else { continue }
            output.write("\n" + narration.step(trace))
            afterPage = true
          }
          if selection.summarises(epoch: lastEpoch), let summary = statistics.epoch(lastEpoch) {
            output.write((afterPage ? "\n" : "") + narration.epochLine(summary) + "\n")
          }
          output.write(try narrator.closing(statistics))
          return
        case .quit:
          return
        }
        break
      }
    }
  }
}
