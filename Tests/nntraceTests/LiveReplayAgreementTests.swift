import Foundation
import Testing

/// `nntrace run` tells a lesson exactly as `nntrace replay` of its runs does: one story, from the same values.
@Suite struct LiveReplayAgreementTests {
  /// The ids of the built-in lessons, from `lessons/NN-id.yaml`.
  static let lessons: [String] = {
    let folder = packageRoot.appendingPathComponent("lessons").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".yaml") && $0.first?.isNumber == true }.sorted().map { name in
      String(name.dropLast(5).drop { $0 != "-" }.dropFirst())
    }
  }()

  /// The narration of `run`, without its closing lines (where the runs were recorded), and the run ids they name.
  static func story(of stdout: String) throws -> (text: String, runs: [String]) {
    let marker = try #require(stdout.range(of: "\n\nRecorded run", options: .backwards))
    let replay = try #require(stdout.range(of: "with: nntrace replay ", options: .backwards))
    let ids = stdout[replay.upperBound...].split(separator: "\n")[0].split(separator: " ").map(String.init)
    return (String(stdout[..<stdout.index(after: marker.lowerBound)]), ids)
  }

  /// The most lines a built-in lesson's default narration may take (issue 11, item 2).
  static let lineBudget = 400

  @Test func thereAreSixteenBuiltInLessons() {
    #expect(Self.lessons.count == 16, "\(Self.lessons)")
  }

  @Test(arguments: lessons)
  func theLiveNarrationIsTheReplayOfTheSameRuns(lesson: String) throws {
    let binary = try NNTraceBinary()
    let live = try binary.run(["run", lesson, "--db", "t.sqlite"])
    #expect(live.status == 0 || live.status == 3, "\(lesson) exited \(live.status): \(live.stderr)")
    let (text, runs) = try Self.story(of: live.stdout)
    #expect(!runs.isEmpty)
    let replay = try binary.run(["replay"] + runs + ["--db", "t.sqlite"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(text == replay.stdout, "\(lesson): live and replay differ")
    // The budgets of the default narration: every line within 100 columns (output is not a terminal),
    // and at most 400 lines, for every built-in lesson.
    let lines = live.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let widest = lines.map { $0.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }.count }.max() ?? 0
    #expect(widest <= 100, "\(lesson): a line of \(widest) columns")
    #expect(lines.count <= Self.lineBudget, "\(lesson): \(lines.count) lines")
    if text != replay.stdout {
      let a = text.split(separator: "\n", omittingEmptySubsequences: false)
      let b = replay.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
      Issue.record(
        "first difference at line \(first + 1): live “\(first < a.count ? a[first] : "")” replay “\(first < b.count ? b[first] : "")”"
      )
    }
  }
}
