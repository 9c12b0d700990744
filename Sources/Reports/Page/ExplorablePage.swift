import Foundation

/// `nntrace export RUN… --html`: recorded runs as one self-contained interactive page.
///
/// The page is one HTML file with its style, script and data inline, so it opens from `file://`
/// with no network. Everything it shows was read from the database here: values as the narration
/// prints them and, for each unit, weight, bias and loss, the lines `replay` prints for it
/// (``StepNarrator/valueLines(for:samples:)``). The script only draws, steps and looks lines up;
/// it computes nothing the trace holds, except the decision boundary, a forward pass of the
/// step's recorded weights over a grid of the input plane.
///
/// A page must stay under ``byteLimit``. Runs whose recorded steps do not fit keep every k-th step
/// (and the last), k as small as fits, and the page says so; the loss and gradient-norm charts
/// always hold every step.
public struct ExplorablePage: Sendable {
  /// The page's output: the HTML and a line per run on what it holds.
  public struct Output: Sendable {
    /// The page.
    public var html: String
    /// `xor-mlp (run 12): 250 of 1000 steps (every 4th and the last)`, one per run.
    public var notes: [String]
  }

  /// The largest page written: 2 MB.
  public static let byteLimit = 2_000_000

  /// The runs, in the order given.
  public let readers: [TraceReader]
  /// The most bytes the page may take; ``byteLimit`` unless a test asks for less.
  public var limit: Int

  /// A page of `readers`' runs.
  public init(readers: [TraceReader], limit: Int = ExplorablePage.byteLimit) {
    self.readers = readers
    self.limit = limit
  }

  /// Reads the runs and writes the page.
  ///
  /// - Throws: the store's errors.
  public func render() throws -> Output {
    let runs = try readers.map(PageRun.init(reader:))
    let title = Self.title(readers)
    let empty = Self.html(title: title, data: PageText.array(runs.map { $0.json(frames: [], thinning: nil) }))
    var left = limit - empty.utf8.count - 1_000
    // A run's frames are alike in size: its first and last tell what all of them would take.
    var samples: [[Int: PageFrame]] = []
    var estimates: [Int] = []
    for run in runs {
      var sample: [Int: PageFrame] = [:]
      for step in Set([run.candidates.first, run.candidates.last].compactMap { $0 }) {
        sample[step] = try run.frame(step)
      }
      let sizes = sample.values.map { $0.json.utf8.count + 1 }
      samples.append(sample)
      estimates.append(sizes.isEmpty ? 0 : sizes.reduce(0, +) / sizes.count * run.candidates.count)
    }
    // Share what is left among the runs, smallest first, so a small run keeps every step.
    var chosen = Array(repeating: [PageFrame](), count: runs.count)
    let order = runs.indices.sorted { (estimates[$0], $0) < (estimates[$1], $1) }
    for (n, r) in order.enumerated() {
      let share = max(0, left / (order.count - n))
      chosen[r] = try Self.choose(runs[r], budget: share, estimate: estimates[r], cache: samples[r])
      left -= chosen[r].reduce(0) { $0 + $1.json.utf8.count + 1 }
    }
    var notes: [String] = []
    var parts: [String] = []
    for (r, run) in runs.enumerated() {
      let note = Self.thinning(run, chosen: chosen[r])
      parts.append(run.json(frames: chosen[r], thinning: note))
      let held =
        run.candidates.isEmpty
        ? "statistics of \(run.steps) steps" : "\(chosen[r].count) of \(run.candidates.count) recorded steps"
      notes.append("\(run.label) (run \(run.id)): \(held)" + (note == nil ? "" : ", thinned"))
    }
    return Output(html: Self.html(title: title, data: PageText.array(parts)), notes: notes)
  }

  /// Every recorded step if they fit in `budget`, else every k-th and the last for the smallest k
  /// that fits, starting from the k the estimate suggests (at least the first step).
  static func choose(_ run: PageRun, budget: Int, estimate: Int, cache: [Int: PageFrame]) throws -> [PageFrame] {
    let steps = run.candidates
    guard !steps.isEmpty else { return [] }
    var cache = cache
    var every = min(max(1, (estimate + budget - 1) / max(1, budget)), max(1, steps.count - 1))
    while true {
      var picked = Array(stride(from: 0, to: steps.count, by: every))
      if picked.last != steps.count - 1 && every < steps.count { picked.append(steps.count - 1) }
      var frames: [PageFrame] = []
      for index in picked {
        if cache[steps[index]] == nil { cache[steps[index]] = try run.frame(steps[index]) }
        if let frame = cache[steps[index]] { frames.append(frame) }
      }
      let size = frames.reduce(0) { $0 + $1.json.utf8.count + 1 }
      if size <= budget || picked.count <= 1 { return frames }
      every = picked.count == 2 ? steps.count : every + max(1, every / 4)
    }
  }

  /// The words the page shows when a run's steps were thinned.
  static func thinning(_ run: PageRun, chosen: [PageFrame]) -> String? {
    guard chosen.count < run.candidates.count else { return nil }
    let positions = chosen.compactMap { frame in run.candidates.firstIndex(of: frame.step) }
    let which =
      chosen.count > 2
      ? "every \(Self.ordinal(positions[1] - positions[0])) recorded step and the last"
      : chosen.count == 2 ? "the first and last recorded steps" : "the first recorded step"
    return
      "To stay under 2 MB this page holds \(chosen.count) of the run's \(run.candidates.count) recorded steps (\(which)); "
      + "the charts hold every step. `nntrace replay \(run.id) --step N --full` tells any step."
  }

  /// `2nd`, `3rd`, `11th`, `21st`.
  static func ordinal(_ n: Int) -> String {
    let suffix =
      (11...13).contains(n % 100) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
    return "\(n)\(suffix)"
  }

  /// `XOR with a hidden layer` or `Optimizers (4 runs)`.
  static func title(_ readers: [TraceReader]) -> String {
    guard let first = readers.first else { return "nntrace" }
    let titles = Set(readers.map(\.configuration.title))
    return titles.count == 1 ? first.configuration.title : "\(readers.count) runs"
  }

  /// The template with its style, script, title and data put in.
  static func html(title: String, data: String) -> String {
    let template = String(decoding: PackageResources.page_html, as: UTF8.self)
    let style = String(decoding: PackageResources.page_css, as: UTF8.self)
    let script = String(decoding: PackageResources.page_js, as: UTF8.self)
    let slots = ["style": style, "title": PageText.html(title), "data": data, "script": script]
    // The template is read once from start to end, so text put in a slot is never read as a slot.
    var out = ""
    var rest = Substring(template)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      let name = String(rest[open.upperBound..<close.lowerBound])
      out += rest[..<open.lowerBound] + (slots[name] ?? "")
      rest = rest[close.upperBound...]
    }
    return out + rest
  }
}
