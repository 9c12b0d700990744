import Foundation
import Lessons
import Reports
import TraceStore

/// The live narration of `nntrace run`: the same story `nntrace replay` tells, as training goes.
///
/// The header and legend first; then each step chosen by the ``StepSelection``
/// in full as soon as it has run, a line per summarised epoch, and at the end
/// the outcome, sparklines of the loss and gradient norms, and the lesson's
/// conclusion. With `--step` at a terminal every step is told and training
/// waits for a key after it: Enter for the next step, `b` back, a number to
/// jump, `c` to continue without waiting, `q` to quit.
final class LiveNarration {
  let narration: RunNarration
  let selection: StepSelection
  private let terminal: Terminal
  private let progress: ProgressBar?
  private let configuration: RunConfiguration
  /// Whether training waits for a key after each step.
  private(set) var stepping: Bool
  /// Whether the learner pressed `q`.
  private(set) var quitRequested = false
  private var jumpTarget: Int?
  private var pages: [Int: String] = [:]
  private var pageOrder: [Int] = []
  private var lastEpoch: Int?
  private var statistics: RunStatistics?
  private var output = StandardOutput()
  private var afterPage = false

  init(configuration: RunConfiguration, options: NarrationOptions, terminal: Terminal, showsProgress: Bool) {
    self.configuration = configuration
    self.terminal = terminal
    let narrator = StepNarrator(configuration: configuration, filter: options.filter, limits: options.limits)
    narration = RunNarration(configuration: configuration, style: terminal.style, narrator: narrator)
    let total = configuration.epochs * configuration.stepsPerEpoch
    selection = StepSelection(
      filter: options.filter, all: options.all, totalSteps: total, epochs: configuration.epochs,
      rowsPerStep: configuration.rowsPerStep)
    stepping = options.interactive && Terminal.interactive
    progress = showsProgress && !stepping ? ProgressBar(total: total) : nil
  }

  /// Whether step `n` may be told in full (and so must be kept whole while training).
  func mayTell(_ step: Int) -> Bool {
    stepping || step == jumpTarget
      || selection.tellsInFull(step: step, epoch: step / max(1, configuration.stepsPerEpoch))
  }

  /// Writes the header: title, facts, introduction and legend.
  func introduce() {
    write(narration.header())
  }

  private func write(_ text: String) {
    progress?.clear()
    output.write(text)
  }

  /// A step has run: its epoch line, its page, and at a terminal with `--step`, the learner's key.
  func stepEnded(step: Int, epoch: Int, trace: StepTrace?, statistics: RunStatistics) {
    self.statistics = statistics
    if let lastEpoch, lastEpoch != epoch { endEpoch(lastEpoch) }
    lastEpoch = epoch
    let tells =
      stepping || step == jumpTarget
      || (jumpTarget == nil && selection.tellsInFull(step: step, epoch: epoch))
    if tells, let trace {
      let page = "\n" + narration.step(trace)
      remember(page, step: step)
      write(page)
      afterPage = true
    }
    if step == jumpTarget {
      jumpTarget = nil
      stepping = true
    }
    progress?.update(done: step + 1, loss: statistics.stepLosses.last)
    guard stepping, jumpTarget == nil, trace != nil || step == 0 else { return }
    interact(at: step)
  }

  private func remember(_ page: String, step: Int) {
    if pages[step] == nil { pageOrder.append(step) }
    pages[step] = page
    if pageOrder.count > 500 {
      pages[pageOrder.removeFirst()] = nil
    }
  }

  /// Waits for keys after step `current` until the learner lets training go on.
  private func interact(at current: Int) {
    var viewing = current
    let total = selection.totalSteps
    while true {
      switch StepPrompt.ask(step: viewing, of: total, terminal: terminal) {
      case .next:
        if viewing < current, let next = pageOrder.first(where: { $0 > viewing }), let page = pages[next] {
          viewing = next
          write(page)
          continue
        }
        return
      case .back:
        guard let previous = pageOrder.last(where: { $0 < viewing }), let page = pages[previous] else {
          var error = StandardError()
          error.write("There is no earlier step kept to go back to.\n")
          continue
        }
        viewing = previous
        write(page)
      case .jump(let target):
        if target > current {
          guard target < total else {
            var error = StandardError()
            error.write("There is no step \(target): this run has steps 0–\(total - 1).\n")
            continue
          }
          jumpTarget = target
          stepping = false
          return
        }
        guard let page = pages[target] else {
          var error = StandardError()
          error.write(
            "Step \(target) was not kept in memory; after the run, `nntrace replay RUN --step \(target)` tells it.\n")
          continue
        }
        viewing = target
        write(page)
      case .proceed:
        stepping = false
        return
      case .quit:
        quitRequested = true
        stepping = false
        return
      }
    }
  }

  private func endEpoch(_ epoch: Int) {
    guard !stepping, selection.summarises(epoch: epoch), let summary = statistics?.epoch(epoch) else { return }
    write((afterPage ? "\n" : "") + narration.epochLine(summary) + "\n")
    afterPage = false
  }

  /// The end of the run: the step that stopped it (if it diverged), the last epoch line, the outcome,
  /// the sparklines (the conclusion and the run ids follow, from ``RunCommand``).
  func finish(
    _ result: LessonRunner.Result, unfinished: StepTrace?, statistics: RunStatistics
  ) {
    self.statistics = statistics
    progress?.clear()
    stepping = false
    if let unfinished, result.status != .completed, !quitRequested {
      if let lastEpoch, lastEpoch != unfinished.epoch { endEpoch(lastEpoch) }
      lastEpoch = unfinished.epoch
      write("\n" + narration.step(unfinished))
      afterPage = true
    }
    if let lastEpoch { endEpoch(lastEpoch) }
    var text =
      "\n"
      + narration.ending(
        status: result.status.rawValue, epochs: result.outcome.epochs, steps: result.outcome.steps,
        detail: result.detail) + "\n"
    if quitRequested {
      text += "You quit after step \(max(0, result.outcome.steps - 1)); the run is recorded as interrupted.\n"
    }
    let summary = narration.summary(statistics)
    if !summary.isEmpty { text += "\n" + summary }
    if let conclusion = narration.conclusion { text += "\n" + conclusion + "\n" }
    write(text)
  }
}
