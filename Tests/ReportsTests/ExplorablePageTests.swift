import Foundation
import Testing

@testable import Reports

/// The explorable page's generator: each value's lines are replay's, the data block holds the run
/// as recorded, nothing from a lesson or database escapes its place in the page, and a page that
/// would be too large keeps every k-th step and says so.
@Suite struct ExplorablePageTests {
  static let fixtures: [(name: String, yaml: String)] = [
    ("perceptron", FixtureLessons.perceptron), ("xor", FixtureLessons.xor),
    ("tanh-relu-momentum", FixtureLessons.tanhReluMomentum), ("leaky-rmsprop", FixtureLessons.leakyRMSprop),
    ("softmax-adam", FixtureLessons.softmaxAdam), ("softmax-mse", FixtureLessons.softmaxMSE),
    ("soft-targets", FixtureLessons.softTargets),
  ]

  /// The page's data block, parsed.
  static func data(_ html: String) throws -> [[String: Any]] {
    let open = #"<script type="application/json" id="nntrace-data">"#
    let start = try #require(html.range(of: open))
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    let json = Data(html[start.upperBound..<end.lowerBound].utf8)
    return try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
  }

  @Test(arguments: fixtures.map(\.name))
  func everyValueLineIsALineReplayPrintsAndEveryFormulaBelongsToAValue(name: String) throws {
    let yaml = try #require(Self.fixtures.first { $0.name == name }?.yaml)
    let run = try RecordedRun(yaml, name: name)
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let narrator = StepNarrator(configuration: reader.configuration, limits: .full)
    var steps = 0
    try reader.forEachStep { trace in
      steps += 1
      let story = narrator.story(for: trace)
      let printed = Set(
        StoryText.render(story, style: .plain).split(separator: "\n").map { String($0.dropFirst(2)) })
      let values = narrator.valueLines(for: trace)
      let texts = values.flatMap { $0.lines.map(\.text) }
      for text in texts { #expect(printed.contains(text), "\(name) step \(trace.step): \(text)") }
      // Every formula of the story is some value's line (the initial-parameter tables are not formulas).
      let told = Set(texts)
      for formula in story.formulas {
        #expect(told.contains(formula.text(.plain)), "\(name) step \(trace.step): no value has \(formula.text())")
      }
      #expect(Set(values.map(\.subject)).count == values.count, "\(name): a value listed twice")
    }
    #expect(steps > 0)
  }

  @Test func theDataBlockHoldsTheRunAsRecorded() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let page = try ExplorablePage(readers: [reader]).render()
    let runs = try Self.data(page.html)
    #expect(runs.count == 1)
    let first = try #require(runs.first)
    #expect(first["id"] as? Int == Int(run.runID))
    #expect(first["layers"] as? [Int] == [2, 2, 1])
    #expect(first["title"] as? String == "XOR")
    #expect(first["thinning"] is NSNull)
    let frames = try #require(first["frames"] as? [[String: Any]])
    #expect(frames.count == reader.run.steps)
    #expect((first["losses"] as? [Any])?.count == reader.run.steps)
    // The first step starts from the initial weights, as the narration prints them (w[j][i] at j·n_out + i).
    let initial = try reader.initialParameters()
    let w = try #require((frames[0]["w"] as? [[String]])?.first)
    #expect(w.count == 4)
    for j in 0..<2 {
      for i in 0..<2 {
        let value = try #require(initial[ParameterKey(layer: 1, i: i, j: j)])
        #expect(w[j * 2 + i] == NumberFormat.value(value))
      }
    }
    // A unit's lines at step 1 are its lines of replay's step 1, with their stages.
    let trace = try #require(try reader.step(1))
    let story = StepNarrator(configuration: reader.configuration, limits: .full).story(for: trace)
    let lines = try #require((frames[1]["lines"] as? [String: [[Any]]])?["u1.0.0"])
    #expect(lines.map { $0[0] as? Int } == [0, 0, 2])
    let z = try #require(story.formulas.first { $0.text().hasPrefix("z₁⁽¹⁾") })
    #expect(lines[0][1] as? String == z.text(.plain))
    #expect(page.html.contains("window.nntraceState"), "the script is inline")
    #expect(page.html.contains("default-src 'none'"), "the page's policy forbids fetching anything")
    #expect(!page.html.contains(" src="), "nothing is loaded from elsewhere")
  }

  @Test func aHostileTitleStaysText() throws {
    let title = #"</script><script>alert(1)</script> <b>&amp; "it's" \u2028"#
    let yaml = FixtureLessons.xor.replacingOccurrences(
      of: "title: XOR", with: "title: '\(title.replacingOccurrences(of: "'", with: "''"))'")
    let run = try RecordedRun(yaml, name: "hostile")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    #expect(reader.configuration.title == title)
    let html = try ExplorablePage(readers: [reader]).render().html
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<b>"))
    #expect(html.components(separatedBy: "</script>").count == 3, "only the page's own two script blocks end")
    #expect(
      html.contains(
        "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;&amp;amp; &quot;it&#39;s&quot;"))
    #expect(try Self.data(html).first?["title"] as? String == title, "the data block gives the title back unchanged")
  }

  @Test func theBinaryCarriesTheAssetsAsTheyAreOnDisk() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/Reports/Page/Assets")
    for (name, bytes) in [
      ("page.html", PackageResources.page_html), ("page.css", PackageResources.page_css),
      ("page.js", PackageResources.page_js),
    ] {
      #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == Data(bytes), "\(name)")
    }
    #expect(!String(decoding: PackageResources.page_js, as: UTF8.self).lowercased().contains("</script"))
    #expect(!String(decoding: PackageResources.page_css, as: UTF8.self).lowercased().contains("</style"))
  }

  @Test func jsonStringsCannotEndTheScriptBlock() {
    #expect(PageText.json("</script>") == #""\u003c/script\u003e""#)
    #expect(PageText.json("a\"b\\c\n\u{1}\u{2028}&") == #""a\"b\\c\n\u0001\u2028\u0026""#)
    #expect(PageText.html(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    #expect(PageText.value(-0.5) == #""−0.500000""#)
    #expect(PageText.value(nil) == "null")
  }

  @Test func aPageTooLargeKeepsEveryKthStepAndTheLastAndSaysSo() throws {
    let yaml = FixtureLessons.xor.replacingOccurrences(of: "epochs: 3", with: "epochs: 120")
    let run = try RecordedRun(yaml, name: "long")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let whole = try ExplorablePage(readers: [reader]).render().html
    let limit = 150_000
    #expect(whole.utf8.count > limit, "the test needs a run larger than its limit")
    let page = try ExplorablePage(readers: [reader], limit: limit).render()
    #expect(page.html.utf8.count <= limit)
    let first = try #require(try Self.data(page.html).first)
    let steps = try #require(first["frames"] as? [[String: Any]]).compactMap { $0["step"] as? Int }
    #expect(steps.first == 0 && steps.last == 119)
    #expect(steps.count > 2 && steps.count < 120)
    let every = steps[1] - steps[0]
    #expect(zip(steps.dropLast(2), steps.dropFirst().dropLast()).allSatisfy { $1 - $0 == every })
    let thinning = try #require(first["thinning"] as? String)
    #expect(
      thinning.contains("holds \(steps.count) of the run's 120 recorded steps (every \(ExplorablePage.ordinal(every))"))
    #expect(
      [2, 3, 4, 11, 21, 22, 112].map(ExplorablePage.ordinal) == ["2nd", "3rd", "4th", "11th", "21st", "22nd", "112th"])
    #expect(page.notes == ["long (run \(run.runID)): \(steps.count) of 120 recorded steps, thinned"])
    #expect((first["losses"] as? [Any])?.count == 120, "the charts keep every step")
  }

  @Test func aSummaryRunHasEpochsAndNoSteps() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor", capture: .summary)
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let first = try #require(try Self.data(try ExplorablePage(readers: [reader]).render().html).first)
    #expect((first["frames"] as? [Any])?.isEmpty == true)
    let view = try #require(first["epochView"] as? [String: Any])
    let rows = try #require(view["rows"] as? [[Any]])
    #expect(rows.count == 3)
    #expect(rows.map { $0[0] as? Int } == [0, 1, 2])
    #expect((view["columns"] as? [String])?.count == rows[0].count)
  }

  @Test func severalRunsShareOnePage() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let second = try run.record(FixtureLessons.softmaxAdam)
    let readers = try [run.runID, second].map { try TraceReader(database: run.database, runID: $0) }
    let page = try ExplorablePage(readers: readers).render()
    #expect(try Self.data(page.html).compactMap { $0["id"] as? Int } == [Int(run.runID), Int(second)])
    #expect(page.notes.count == 2)
  }
}
