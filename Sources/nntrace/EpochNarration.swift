import Foundation
import Lessons
import NeuralEngine
import Reports

/// The live narration of `nntrace run`: the lesson's introduction, the loss
/// (or the perceptron's mistakes) of selected epochs as they finish, and the outcome.
final class EpochNarration {
  private let spec: LessonSpec
  private let terminal: Terminal
  private let pauses: Bool
  private let every: Int
  private var epoch = 0
  private var total = 0.0
  private var steps = 0

  init(spec: LessonSpec, terminal: Terminal, pauses: Bool) {
    self.spec = spec
    self.terminal = terminal
    self.pauses = pauses
    let epochs = spec.training.epochs
    every = epochs <= 20 ? 1 : Self.roundInterval(epochs / 10)
  }

  /// 1, 2, 5, 10, 20, 50, … at or below `n`.
  static func roundInterval(_ n: Int) -> Int {
    var interval = 1
    while true {
      for factor in [2, 5, 10] where interval * factor > n {
        return interval * (factor == 2 ? 1 : factor / (factor == 5 ? 5 / 2 : 2))
      }
      interval *= 10
    }
  }

  func introduce(withLessonIntroduction: Bool, to output: inout some TextOutputStream) {
    if withLessonIntroduction { output.write(terminal.bold(spec.title) + "\n") }
    if let part = spec.part {
      output.write(terminal.bold("Part \(part)" + (spec.partTitle.map { ": \($0)" } ?? "")) + "\n")
    }
    let shape = spec.layers.map(String.init).joined(separator: "-")
    let activations = spec.activations.map(\.name).joined(separator: ", ")
    var facts = "\(spec.model.rawValue) \(shape) · \(activations)"
    if let loss = spec.loss { facts += " · loss \(loss)" }
    facts += " · \(spec.optimizer.name ?? "perceptron rule") lr \(spec.optimizer.lr)"
    facts += " · \(spec.training.epochs) epochs"
    output.write(terminal.dim(facts) + "\n")
    if withLessonIntroduction, let introduction = spec.introduction {
      output.write("\n" + introduction.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
    }
    output.write("\n")
  }

  func step(_ position: StepPosition, loss: Double) {
    if position.epoch != epoch { flushEpoch() }
    epoch = position.epoch
    total += loss
    steps += 1
  }

  private func flushEpoch() {
    guard steps > 0 else { return }
    let last = epoch == spec.training.epochs - 1
    if epoch % every == 0 || last {
      var output = StandardOutput()
      let label = "epoch \(String(epoch).leftPadded(to: String(spec.training.epochs - 1).count))"
      switch spec.model {
      case .perceptron:
        let mistakes = Int(total)
        output.write("\(label)  \(mistakes) mistake\(mistakes == 1 ? "" : "s") in \(steps) samples\n")
      case .mlp:
        output.write("\(label)  mean loss \(NumberFormat.value(total / Double(steps)))\n")
      case .activation:
        break
      }
      if pauses {
        output.write(terminal.dim("(Enter for the next epoch)"))
        _ = readLine()
      }
    }
    total = 0
    steps = 0
  }

  func finish(_ result: LessonRunner.Result, database: String, to output: inout some TextOutputStream) {
    flushEpoch()
    switch result.status {
    case "completed":
      output.write(terminal.good("Completed") + ": \(result.outcome.epochs) epochs, \(result.outcome.steps) steps.\n")
    case "diverged":
      output.write(terminal.bad("Diverged") + ": \(result.detail ?? ""). The trace up to that point is kept.\n")
    case "interrupted":
      output.write(terminal.bad("Interrupted") + " after \(result.outcome.steps) steps; what was computed is kept.\n")
    default:
      output.write(terminal.bad("Failed") + ": \(result.detail ?? "").\n")
    }
    output.write("Recorded run \(result.runID) (\(result.values) values) in \(database). ")
    output.write("Replay it with: nntrace replay \(result.runID)\n\n")
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
