import Foundation
import Testing

/// The default narration of issue 11: uneventful steps counted across epochs, and a lesson's parts side by side.
@Suite struct FocusedNarrationTests {
  /// The rows of `sql`'s answer, as CSV cells, without the header.
  static func query(_ sql: String, in directory: URL) throws -> [[String]] {
    let answer = try ReportsCLI.run(["query", sql, "--db", "t.sqlite", "--format", "csv"], in: directory)
    #expect(answer.status == 0, "\(answer.stderr)")
    return answer.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
  }

  /// A printed number (`−0.5`, `1.2e-06`) as a Double.
  static func number(_ text: String) -> Double? {
    Double(text.replacingOccurrences(of: "−", with: "-"))
  }

  @Test func aRunOfRightAnswersIsOneLineAcrossEpochs() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--no-color"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    // `steps 18–59  right answers, nothing changes (42 steps)`, one line for as many epochs as the run lasts.
    let pattern = /steps (\d+)–(\d+)  right answers, nothing changes \((\d+) steps\)/
    let runs = run.stdout.split(separator: "\n").compactMap { line in
      (try? pattern.wholeMatch(in: line)).map { (Int($0.1) ?? -1, Int($0.2) ?? -1, Int($0.3) ?? -1) }
    }
    let across = runs.filter { $0.0 / 4 != $0.1 / 4 }
    #expect(!across.isEmpty, "a run of right answers spanning epochs: \(runs)")
    for (first, last, count) in runs {
      #expect(count == last - first + 1)
    }
    // Every step counted was a right answer in the trace (run 1 is the lesson's first part), and the
    // steps either side of the run were mistakes (or beyond the run's end).
    let longest = try #require(across.first, "the first part's")
    let errors = try Self.query(
      "SELECT step, value FROM trace WHERE run_id = 1 AND kind = 'error' AND step BETWEEN \(longest.0 - 1) AND \(longest.1 + 1) ORDER BY step",
      in: directory)
    for row in errors {
      let step = try #require(Int(row[0]))
      let error = try #require(Double(row[1]))
      if step >= longest.0 && step <= longest.1 {
        #expect(error == 0, "step \(step)")
      } else {
        #expect(error != 0, "step \(step) ends the run")
      }
    }
    // Between the counted steps no epoch line interrupts: the epochs are tabulated after the steps.
    #expect(!run.stdout.contains("epoch  5  0 mistakes"))
    #expect(run.stdout.contains("Epochs: the mistakes in each, and the parameters after it"))
  }

  @Test func theComparisonOfALessonsPartsHoldsTheTracesNumbers() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(
      ["run", "seed-shortcut", "--db", "t.sqlite", "--no-color", "--epochs", "30"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex(of: "The parts side by side"))
    let section = lines[start...].prefix { !$0.isEmpty }
    #expect(section.contains { $0.hasPrefix("    step") && $0.hasSuffix("  bce       mse") }, "\(section)")
    #expect(section.contains { $0.hasPrefix("  The losses are not of the same kind (bce, mse)") }, "\(section)")
    // Each loss row: the batch loss of both runs at that step, as the store's step_loss view holds it.
    var checked = 0
    for line in section {
      let cells = line.split(separator: " ").map(String.init)
      guard cells.count == 3, let step = Int(cells[0]) else { continue }
      let rows = try Self.query(
        "SELECT run_id, loss FROM step_loss WHERE step = \(step) ORDER BY run_id", in: directory)
      #expect(rows.count == 2)
      for (k, row) in rows.enumerated() {
        let stored = try #require(Double(row[1]))
        let shown = try #require(Self.number(cells[k + 1]))
        #expect(abs(stored - shown) <= 5e-7, "step \(step), run \(row[0]): \(shown) against \(stored)")
      }
      checked += 1
    }
    #expect(checked >= 2, "the first and the last step at least: \(section)")
    // Each gradient row at step 0: ‖∂L/∂W⁽ˡ⁾‖ as the store's layer_grad_norm view holds it (weights only).
    let gradients = try #require(section.firstIndex { $0.contains("weight gradient at step 0") })
    for layer in 1...2 {
      let line = try #require(
        section[(gradients + 1)...].first { $0.hasPrefix("    ‖∂L/∂W⁽\(["", "¹", "²"][layer])⁾‖") })
      let cells = line.split(separator: " ").dropFirst().map(String.init)
      let rows = try Self.query(
        "SELECT run_id, grad_w_norm FROM layer_grad_norm WHERE step = 0 AND layer = \(layer) ORDER BY run_id",
        in: directory)
      #expect(rows.count == 2 && cells.count == 2)
      for (k, row) in rows.enumerated() {
        let stored = try #require(Double(row[1]))
        let shown = try #require(Self.number(cells[k]))
        #expect(abs(stored - shown) <= 5e-7 * max(1, stored), "layer \(layer), run \(row[0])")
      }
    }
  }

  @Test func proseIsNotWrappedLikeAFormula() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try ReportsCLI.run(["run", "breast-cancer", "--db", "t.sqlite", "--no-color"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("not every value: its epochs\nare summarised below"), "\(run.stdout.prefix(3000))")
    #expect(!run.stdout.contains("\n    are\n"))
  }
}
