import Foundation

/// A line chart as a standalone SVG file: axes with ticks, axis labels with units, a title and a legend.
///
/// Only recorded values are drawn. A point whose y is not finite (NaN) stands
/// for values that were not recorded: the line stops there and starts again
/// after it, so a gap shows as a gap, and a point alone between gaps is a dot.
/// A series of few points marks each one with a dot. Coordinates are printed
/// with two decimals and a series of more than ``maxPoints`` points draws every
/// k-th of them (always the first and last of each unbroken stretch), which the
/// note under the title says, so a chart of any run stays small, every point
/// drawn is a recorded one, and the same run always gives the same bytes.
public struct SVGChart: Sendable {
  /// One line of the chart.
  public struct Series: Sendable {
    /// Its name in the legend.
    public var name: String
    /// The points, in increasing x; a NaN y breaks the line.
    public var points: [(x: Double, y: Double)]

    /// A series.
    public init(name: String, points: [(x: Double, y: Double)]) {
      self.name = name
      self.points = points
    }
  }

  /// Series of at most this many points have each point marked with a dot.
  public static let markedPoints = 60

  /// Points drawn per series at most.
  public static let maxPoints = 400

  /// The title above the chart.
  public var title: String
  /// The x axis label, with its unit.
  public var xLabel: String
  /// The y axis label, with its unit.
  public var yLabel: String
  /// The lines.
  public var series: [Series]
  /// Whether the y axis is logarithmic (used when every value is positive and they span decades).
  public var logarithmic: Bool
  /// Whether the series are clouds of points (a scatter plot) rather than lines.
  public var scatter: Bool
  /// Whether the y axis counts (mistakes): ticks at whole numbers only.
  public var integerY: Bool
  /// A line under the title: what was not recorded, or how the chart was thinned.
  public var note: String?
  /// The y range to cover at least (shared scales, or 0…1 for accuracies), in the data's units
  /// (on a logarithmic axis its positive bounds are covered as the data's are).
  public var yRange: ClosedRange<Double>?
  /// The x range to cover at least (charts drawn side by side on the same axes).
  public var xRange: ClosedRange<Double>?
  /// Every k-th point of the longest series was drawn (1: all).
  public private(set) var drawnEvery = 1

  /// A chart; `logarithmic` nil decides by the data (positive values spanning more than 100×).
  public init(
    title: String, xLabel: String, yLabel: String, series: [Series], logarithmic: Bool? = nil, scatter: Bool = false,
    integerY: Bool = false, note: String? = nil, yRange: ClosedRange<Double>? = nil,
    xRange: ClosedRange<Double>? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.scatter = scatter
    self.integerY = integerY
    self.yRange = yRange
    self.xRange = xRange
    var every = 1
    self.series = series.map { line in
      let finite = line.points.filter { $0.x.isFinite && (scatter ? $0.y.isFinite : true) }
      guard !scatter else { return Series(name: line.name, points: finite) }
      let thinned = Self.thin(finite)
      every = max(every, thinned.every)
      return Series(name: line.name, points: thinned.points)
    }
    drawnEvery = every
    let notes = [note, every > 1 ? "every \(Self.ordinal(every)) recorded point drawn" : nil]
    self.note = notes.compactMap { $0 }.isEmpty ? nil : notes.compactMap { $0 }.joined(separator: "; ")
    let ys = self.series.flatMap { $0.points.map(\.y).filter(\.isFinite) }
    if let logarithmic {
      self.logarithmic = logarithmic && ys.allSatisfy { $0 > 0 }
    } else if let low = ys.min(), let high = ys.max(), low > 0 {
      self.logarithmic = high / low > 100
    } else {
      self.logarithmic = false
    }
  }

  static let palette = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
  ]

  /// About ``maxPoints`` recorded points: every k-th, and the first and last of each unbroken
  /// stretch, with one NaN kept wherever the line breaks.
  static func thin(_ points: [(x: Double, y: Double)]) -> (points: [(x: Double, y: Double)], every: Int) {
    let recorded = points.filter { $0.y.isFinite }.count
    guard recorded > maxPoints else { return (points, 1) }
    let every = (recorded + maxPoints - 1) / maxPoints
    var kept: [(x: Double, y: Double)] = []
    var ordinal = 0
    for (k, point) in points.enumerated() {
      guard point.y.isFinite else {
        if let last = kept.last, last.y.isFinite { kept.append(point) }
        continue
      }
      let first = k == 0 || !points[k - 1].y.isFinite
      let last = k == points.count - 1 || !points[k + 1].y.isFinite
      if ordinal % every == 0 || first || last { kept.append(point) }
      ordinal += 1
    }
    return (kept, every)
  }

  /// The SVG document.
  public func render() -> String {
    let width = 720.0
    let height = 400.0
    let left = 90.0
    let right = 180.0
    let top = 50.0
    let bottom = 60.0
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let all = series.flatMap(\.points)
    let xs = all.map(\.x) + (xRange.map { [$0.lowerBound, $0.upperBound] } ?? [])
    let bounds = yRange.map { [$0.lowerBound, $0.upperBound] } ?? []
    let ys = (all.map(\.y).filter(\.isFinite) + bounds).compactMap { y -> Double? in
      guard logarithmic else { return y }
      return y > 0 ? log10(y) : nil
    }
    var xLow = xs.min() ?? 0
    var xHigh = xs.max() ?? 1
    if xHigh <= xLow { xHigh = xLow + 1 }
    var yLow = ys.min() ?? 0
    var yHigh = ys.max() ?? 1
    if yHigh <= yLow {
      // A flat count is drawn from it to one more; a flat value half a unit either side.
      yLow -= integerY ? 0 : 0.5
      yHigh += integerY ? 1 : 0.5
    }
    let xTicks = Self.ticks(xLow, xHigh, integers: !scatter)
    let yTicks = logarithmic ? Self.decades(yLow, yHigh) : Self.ticks(yLow, yHigh, integers: integerY)
    xLow = min(xLow, xTicks.first ?? xLow)
    xHigh = max(xHigh, xTicks.last ?? xHigh)
    yLow = min(yLow, yTicks.first ?? yLow)
    yHigh = max(yHigh, yTicks.last ?? yHigh)
    func px(_ x: Double) -> Double { left + (x - xLow) / (xHigh - xLow) * plotWidth }
    func py(_ y: Double) -> Double { top + plotHeight - (y - yLow) / (yHigh - yLow) * plotHeight }
    func f(_ v: Double) -> String { String(format: "%.2f", v) }

    var svg = Self.opening(
      width: width, height: height, title: title, note: note, centre: left + plotWidth / 2, titleY: 24, noteY: 41)
    // Grid and ticks.
    for tick in yTicks {
      let y = py(tick)
      let label = logarithmic ? NumberFormat.short(pow(10, tick)) : NumberFormat.short(tick)
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#e0e0e0\"/>\n"
      svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.escape(label))</text>\n"
    }
    for tick in xTicks {
      let x = px(tick)
      svg +=
        "<line x1=\"\(f(x))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"black\"/>\n"
      svg +=
        "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 20))\" text-anchor=\"middle\">\(Self.escape(NumberFormat.short(tick)))</text>\n"
    }
    // Axes.
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
    svg +=
      "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
    let yText = yLabel + (logarithmic ? " (log scale)" : "")
    svg +=
      "<text x=\"20\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(f(top + plotHeight / 2)))\">\(Self.escape(yText))</text>\n"
    // Lines and legend.
    for (k, line) in series.enumerated() {
      let colour = Self.palette[k % Self.palette.count]
      if scatter {
        for point in line.points {
          svg +=
            "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"2.5\" fill=\"\(colour)\" fill-opacity=\"0.75\"/>\n"
        }
      } else {
        let marked = line.points.filter(\.y.isFinite).count <= Self.markedPoints
        for stretch in Self.stretches(line.points) {
          let xy = stretch.map { (px($0.x), py(logarithmic ? log10($0.y) : $0.y)) }
          if xy.count > 1 {
            svg +=
              "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(xy.map { f($0.0) + "," + f($0.1) }.joined(separator: " "))\"/>\n"
          }
          if marked || xy.count == 1 {
            for (x, y) in xy { svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\" fill=\"\(colour)\"/>\n" }
          }
        }
      }
      let legendY = top + 10 + Double(k) * 18
      svg +=
        "<line x1=\"\(f(width - right + 15))\" y1=\"\(f(legendY))\" x2=\"\(f(width - right + 35))\" y2=\"\(f(legendY))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
      svg +=
        "<text x=\"\(f(width - right + 40))\" y=\"\(f(legendY + 4))\">\(Self.escape(line.name))</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }

  /// `2nd`, `3rd`, `11th`, `21st`.
  static func ordinal(_ n: Int) -> String {
    let suffix =
      switch (n % 10, n % 100) {
      case (1, let t) where t != 11: "st"
      case (2, let t) where t != 12: "nd"
      case (3, let t) where t != 13: "rd"
      default: "th"
      }
    return "\(n)\(suffix)"
  }

  /// The unbroken stretches of `points`: runs of finite y between NaNs.
  static func stretches(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
    var out: [[(x: Double, y: Double)]] = [[]]
    for point in points {
      if point.y.isFinite {
        out[out.count - 1].append(point)
      } else if !(out.last?.isEmpty ?? true) {
        out.append([])
      }
    }
    return out.filter { !$0.isEmpty }
  }

  /// About five round ticks covering `low…high`.
  static func ticks(_ low: Double, _ high: Double, integers: Bool) -> [Double] {
    let span = high - low
    var step = pow(10, floor(log10(span / 5)))
    for factor in [1.0, 2.0, 5.0, 10.0] where span / (step * factor) <= 6 {
      step *= factor
      break
    }
    if integers { step = max(1, step.rounded()) }
    let first = floor(low / step) * step
    var ticks: [Double] = []
    var tick = first
    while tick <= high + step * 0.5 && ticks.count < 12 {
      ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
      tick += step
    }
    return ticks
  }

  /// Whole decades covering `low…high` (in log10 units).
  static func decades(_ low: Double, _ high: Double) -> [Double] {
    let first = floor(low)
    let last = ceil(high)
    let stride = max(1, ((last - first) / 6).rounded(.up))
    return Array(Swift.stride(from: first, through: last, by: stride))
  }

  /// An SVG document's opening: its size, white background, the title as a heading at `titleY`
  /// and the note under it at `noteY`, both centred on `centre`.
  static func opening(
    width: Double, height: Double, title: String, note: String?, centre: Double, titleY: Int, noteY: Int
  ) -> String {
    func f(_ v: Double) -> String { String(format: "%.2f", v) }
    var svg = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
      <title>\(escape(title))</title>
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(centre))" y="\(titleY)" text-anchor="middle" font-size="15" font-weight="bold">\(escape(title))</text>

      """
    if let note {
      svg +=
        "<text x=\"\(f(centre))\" y=\"\(noteY)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">\(escape(note))</text>\n"
    }
    return svg
  }

  /// `text` with XML's special characters escaped.
  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
