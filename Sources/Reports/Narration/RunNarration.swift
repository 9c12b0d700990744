import Foundation
import TraceStore

/// The text of a narrated run around its steps: the header, the legend, epoch lines and the closing summary.
///
/// `nntrace run` (live) and `nntrace replay` (from the database) both tell a
/// run with these pieces, so the two tell it the same way.
public struct RunNarration: Sendable {
  /// The run's resolved lesson.
  public let configuration: RunConfiguration
  /// Colours.
  public var style: TextStyle
  /// Tells the steps.
  public var narrator: StepNarrator

  /// A narration of a run of `configuration`.
  public init(configuration: RunConfiguration, style: TextStyle, narrator: StepNarrator? = nil) {
    self.configuration = configuration
    self.style = style
    self.narrator = narrator ?? StepNarrator(configuration: configuration)
  }

  /// One line of facts: `mlp 2 → 2 → 1 · sigmoid, sigmoid · loss bce · sgd, η = 0.5 · batch 4 of 4 rows · 2000 epochs`.
  public var facts: String {
    let c = configuration
    var parts: [String] = []
    if c.isActivation {
      let name = c.activation(1).name
      return
        "activation \(name) · f(z) and f′(z) at \(c.rowCount) value\(c.rowCount == 1 ? "" : "s") of z · nothing is trained"
    }
    if c.isPerceptron {
      parts.append("perceptron \(c.shape) · step")
    } else {
      parts.append("mlp \(c.shape) · " + c.activations.map(\.name).joined(separator: ", "))
      if let loss = c.loss { parts.append("loss \(loss.name)") }
      if let initialization = c.initialization { parts.append(initialization) }
    }
    parts.append(c.optimizerDescription)
    let rows = c.rowCount
    if c.isPerceptron {
      parts.append("one row per step, " + NumberFormat.count(rows, "row"))
    } else {
      parts.append(
        "batch \(min(c.batchSize, rows)) of " + NumberFormat.count(rows, "row") + (c.shuffle ? ", shuffled" : ""))
    }
    parts.append("\(c.epochs) epoch" + (c.epochs == 1 ? "" : "s"))
    if let seed = c.seed { parts.append("seed \(seed)") }
    return parts.joined(separator: " · ")
  }

  /// The title, the part, the run line (for a replay), the facts, and unless `introduce` is false
  /// (a later part of a lesson already introduced) the introduction and the legend.
  public func header(run: RunSummary? = nil, introduce: Bool = true) -> String {
    var out = style.bold(configuration.title) + "\n"
    if let part = configuration.part {
      out += style.bold("Part \(part)" + (configuration.partTitle.map { ": " + $0 } ?? "")) + "\n"
    }
    if let run {
      let part = run.part.map { " · part \($0)" } ?? ""
      out +=
        style.dim(
          "Run \(run.id) · lesson \(run.lesson)\(part) · \(run.status) · \(NumberFormat.count(run.steps, "step")) · \(NumberFormat.count(run.values, "value")) recorded"
        ) + "\n"
    }
    out += style.dim(facts) + "\n"
    guard introduce else { return out }
    if let introduction = configuration.introduction?.trimmed, !introduction.isEmpty {
      out += "\n" + Self.paragraphs(introduction) + "\n"
    }
    out += "\n" + legend() + "\n"
    return out
  }

  /// How to read the arithmetic: numbering, precision, abbreviations, and the cancellation where it applies.
  public func legend() -> String {
    var lines = [style.bold("How to read the arithmetic")]
    for paragraph in legendParagraphs() {
      lines += Self.wrap(paragraph, width: 98).map { "  " + $0 }
    }
    if style.colored { lines.append("  Colours: " + style.key() + ".") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The legend's paragraphs, without styling (the Markdown report uses them too).
  public func legendParagraphs() -> [String] {
    var paragraphs: [String] = []
    if configuration.isPerceptron {
      paragraphs.append(
        "Inputs are numbered from 1, as in textbooks: wⱼ is the weight of input xⱼ, so w₁ is the trace row with j = 0. Each step is one data row: z = w·x + b, the answer ŷ = step(z), the error e = y − ŷ, then the rule wⱼ ← wⱼ + η·e·xⱼ and b ← b + η·e."
      )
    } else {
      paragraphs.append(
        "Units are numbered from 1, as in textbooks, while the trace's i and j count from 0. aᵢ⁽ˡ⁾ is unit i of layer l (layer 0 is the input x), and wⱼᵢ⁽ˡ⁾ is the weight from unit j of layer l − 1 to unit i of layer l: w₁₂⁽²⁾ is the trace row with layer 2, j 0, i 1. Each step runs its batch forward, measures the loss L, sends δ = ∂L/∂z back with the chain rule, averages the gradients over the batch and updates every parameter from the values it had at the start of the step."
      )
    }
    paragraphs.append(
      "Numbers are rounded to 6 decimal places (to 6 significant figures in e-notation below 0.001); whole numbers and settings such as η are exact. Every line holds to that precision: redo its arithmetic with the numbers printed on it and you get its result. ⟨n more terms, sum s⟩ stands for the n middle terms of a long sum, s being their total."
    )
    if let last = configuration.activations.last?.function,
      StepNarrator.cancels(loss: configuration.loss, activation: last)
    {
      if last == .sigmoid {
        paragraphs.append(
          "Why the output δ is simply a − y: with binary cross-entropy ∂L/∂a = (a − y)/(a(1 − a)), and the sigmoid's σ′(z) = a(1 − a); their product δ = ∂L/∂a × σ′(z) cancels to a − y, which is what training computes (the seed's dz2 = a2 - y)."
        )
      } else {
        paragraphs.append(
          "Why the output δ is simply a − y: with cross-entropy over a softmax, ∂L/∂aᵢ = −yᵢ/aᵢ and ∂aᵢ/∂zₖ = aᵢ(1[i = k] − aₖ); summed over the units, δₖ = ∂L/∂zₖ cancels to aₖ − yₖ (when the targets sum to 1), which is what training computes."
        )
      }
    }
    return paragraphs
  }

  /// The worked arithmetic of one step.
  public func step(_ trace: StepTrace) -> String {
    StoryText.render(narrator.story(for: trace), style: style)
  }

  /// `epoch 200  mean loss over its steps 0.693147`, or the perceptron's `epoch 3  2 mistakes in 4 rows`.
  public func epochLine(_ epoch: RunStatistics.Epoch) -> String {
    let width = String(max(configuration.epochs - 1, 0)).count
    let label = "epoch " + String(repeating: " ", count: max(0, width - String(epoch.epoch).count)) + "\(epoch.epoch)"
    if configuration.isPerceptron {
      let mistakes = epoch.mistakes
      return style.dim(label) + "  \(mistakes) mistake\(mistakes == 1 ? "" : "s") in \(epoch.samples) rows"
    }
    let loss = epoch.meanLoss.map(NumberFormat.value) ?? "—"
    return style.dim(label) + "  mean loss over its steps " + style.paint(loss, .loss)
  }

  /// The table of the summarised epochs: each one's mean loss over its steps, or the perceptron's
  /// mistakes and the parameters after the epoch (`parameters[epoch]`, w₁ … then b).
  public func epochTable(_ epochs: [RunStatistics.Epoch], parameters: [Int: [Double]] = [:]) -> String {
    guard !epochs.isEmpty else { return "" }
    let title: String
    var header = ["epoch"]
    var rows: [[String]] = []
    if configuration.isPerceptron {
      let inputs = configuration.units(0)
      title = "Epochs: the mistakes in each, and the parameters after it"
      header += ["mistakes"] + (0..<inputs).map { "w" + Notation.subscripted($0 + 1) } + ["b"]
      for epoch in epochs {
        let values = parameters[epoch.epoch] ?? []
        let cells = (0...inputs).map { $0 < values.count ? NumberFormat.value(values[$0]) : "—" }
        rows.append(["\(epoch.epoch)", "\(epoch.mistakes) of \(epoch.samples)"] + cells)
      }
    } else {
      title = "Epochs: the " + RunStatistics.epochLoss
      header.append("mean loss")
      for epoch in epochs {
        rows.append(["\(epoch.epoch)", epoch.meanLoss.map(NumberFormat.value) ?? "—"])
      }
    }
    let lines = NarrationTable(caption: "", header: header, rows: rows).lines()
    return style.bold(title) + "\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
  }

  /// `steps 20–31  right answers, nothing changes (12 steps)`: the perceptron's uneventful steps, counted.
  public func unchangedLine(first: Int, last: Int) -> String {
    let steps = first == last ? "step \(first)" : "steps \(first)–\(last)"
    let count = last - first + 1
    let what = count == 1 ? "right answer, nothing changes" : "right answers, nothing changes"
    return style.dim(steps) + "  \(what) (\(NumberFormat.count(count, "step")))"
  }

  /// Sparklines of the loss (or mistakes) and of each layer's gradient norm.
  public func summary(_ statistics: RunStatistics) -> String {
    var rows: [(String, [Double], Role)] = []
    if configuration.isPerceptron {
      rows.append(("mistakes per epoch", statistics.epochs.map { Double($0.mistakes) }, .loss))
    } else {
      rows.append(("loss per step", statistics.stepLosses, .loss))
      for l in 1...max(1, configuration.depth) where statistics.hasGradients {
        rows.append(
          (RunStatistics.weightGradientNorm(layer: l) + " per step", statistics.gradientNorms(layer: l), .gradient))
      }
    }
    let width = rows.map(\.0.count).max() ?? 0
    var out = ""
    for (label, values, role) in rows {
      let finite = values.filter(\.isFinite)
      guard let first = finite.first, let last = finite.last else { continue }
      let format: (Double) -> String = { NumberFormat.value($0) }
      let pad = String(repeating: " ", count: width - label.count)
      out +=
        "  \(label)\(pad)  \(format(first)) " + style.paint(Sparkline.render(values), role) + " \(format(last))\n"
    }
    if !out.isEmpty && !configuration.isPerceptron && statistics.hasGradients {
      out += "  " + style.dim(RunStatistics.weightGradientNormDefinition) + "\n"
    }
    return out
  }

  /// The conclusion as told after a run: a blank line, the bold heading, the text.
  public func concluding(_ conclusion: String) -> String {
    "\n" + style.bold("Conclusion") + "\n" + Self.paragraphs(conclusion.trimmed) + "\n"
  }

  /// `text` with each paragraph on one line, to be wrapped as prose to the width of the output:
  /// the lesson's own line breaks are joined, blank lines and lines that start a list item kept.
  public static func paragraphs(_ text: String) -> String {
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let starts = trimmed.isEmpty || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || line.hasPrefix(" ")
      if let last = lines.last, !last.isEmpty, !starts {
        lines[lines.count - 1] = last + " " + trimmed
      } else {
        lines.append(trimmed.isEmpty ? "" : String(line))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The lesson's conclusion, if it has one.
  public var conclusion: String? {
    guard let text = configuration.conclusion?.trimmed, !text.isEmpty else { return nil }
    return text
  }

  /// `Completed: 2000 epochs, 2000 steps.` and its siblings.
  public func ending(status: String, epochs: Int, steps: Int, detail: String?) -> String {
    switch status {
    case "completed":
      return style.good("Completed")
        + ": \(epochs) epoch\(epochs == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s")."
    case "diverged":
      return style.bad("Diverged") + ": \(detail ?? "a NaN or infinity appeared"). The trace up to that point is kept."
    case "interrupted":
      return style.bad("Interrupted") + " after \(NumberFormat.count(steps, "step")); what was computed is kept."
    case "running":
      return style.bad("Still running")
        + " (or stopped without finishing) after \(NumberFormat.count(steps, "recorded step"))."
    default:
      return style.bad("Failed") + ": \(detail ?? "unknown reason")."
    }
  }

  /// `text` broken into lines of at most `width` characters at spaces.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}

extension String {
  var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
