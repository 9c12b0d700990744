import Foundation
import NeuralEngine

/// A network of two inputs evaluated from a set of recorded parameters: what the decision boundary draws.
///
/// `zᵢ⁽ˡ⁾ = bᵢ⁽ˡ⁾ + Σⱼ aⱼ⁽ˡ⁻¹⁾ wⱼᵢ⁽ˡ⁾` and `a⁽ˡ⁾ = f(z⁽ˡ⁾)` layer by layer, with the
/// run's activations: the forward pass the trace records, redone at points of
/// the input plane where no row lies. The parameters are the recorded ones of
/// one step; nothing else is assumed.
struct BoundaryNetwork {
  let configuration: RunConfiguration
  let parameters: [ParameterKey: Double]

  /// The output layer's activations at input `x`.
  func output(_ x: [Double]) -> [Double] {
    var a = x
    for l in 1...max(1, configuration.depth) where l <= configuration.depth {
      let z = (0..<configuration.units(l)).map { i in
        a.indices.reduce(parameters[ParameterKey(layer: l, i: i, j: nil)] ?? 0) { sum, j in
          sum + a[j] * (parameters[ParameterKey(layer: l, i: i, j: j)] ?? 0)
        }
      }
      let f = configuration.activation(l).function
      if f == .softmax {
        let top = z.max() ?? 0
        let e = z.map { Foundation.exp($0 - top) }
        let sum = e.reduce(0, +)
        a = e.map { $0 / sum }
      } else {
        a = z.map { f.value($0) }
      }
    }
    return a
  }

  /// The class the network answers at `x`: the output above 0.5 for one output, else the largest.
  func answer(_ x: [Double]) -> (label: Int, confidence: Double) {
    let a = output(x)
    if a.count == 1 { return a[0] >= 0.5 ? (1, a[0]) : (0, 1 - a[0]) }
    let best = a.indices.max { a[$0] < a[$1] || (a[$0] == a[$1] && $0 > $1) } ?? 0
    return (best, a[best])
  }
}

/// The input plane coloured by the class a network answers, one panel per chosen step, with the data rows on top.
///
/// Each panel is a grid of ``cells``² squares, each coloured by the class the
/// network answers at its centre (paler where the network is less sure), and
/// the training rows as marks of their target class: a circle for class 1 (or
/// the odd classes), a square for class 0 (the even ones), so shape tells what
/// colour does.
struct BoundaryChart {
  struct Panel {
    var title: String
    var network: BoundaryNetwork
  }

  static let cells = 40
  static let colours = ["#ff7f0e", "#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#8c564b"]

  var title: String
  var note: String?
  var panels: [Panel]
  /// The training rows: inputs and target class.
  var rows: [(x: [Double], label: Int)]

  /// The plane shown: the rows' range, widened by a fifth of it (at least 0.5) on each side.
  var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    func range(_ values: [Double]) -> ClosedRange<Double> {
      let low = values.min() ?? 0
      let high = values.max() ?? 1
      let pad = max(0.5, (high - low) / 5)
      return (low - pad)...(high + pad)
    }
    return (range(rows.map { $0.x[0] }), range(rows.map { $0.x[1] }))
  }

  func render() -> String {
    let side = 220.0
    let gap = 40.0
    let left = 50.0
    let top = 70.0
    let width = left + Double(panels.count) * (side + gap) + 10
    let height = top + side + 60
    let (xr, yr) = bounds
    func f(_ v: Double) -> String { String(format: "%.2f", v) }
    var svg = SVGChart.opening(
      width: width, height: height, title: title, note: note, centre: width / 2, titleY: 22, noteY: 40)
    let cell = side / Double(Self.cells)
    for (k, panel) in panels.enumerated() {
      let x0 = left + Double(k) * (side + gap)
      func px(_ x: Double) -> Double { x0 + (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * side }
      func py(_ y: Double) -> Double { top + side - (y - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * side }
      svg +=
        "<text x=\"\(f(x0 + side / 2))\" y=\"\(f(top - 10))\" text-anchor=\"middle\">\(SVGChart.escape(panel.title))</text>\n"
      for row in 0..<Self.cells {
        // Equal neighbours in a row are one rectangle: the file stays small.
        var runStart = 0
        var runStyle = ""
        func flush(_ end: Int) {
          guard !runStyle.isEmpty else { return }
          svg +=
            "<rect x=\"\(f(x0 + Double(runStart) * cell))\" y=\"\(f(top + Double(row) * cell))\" width=\"\(f(Double(end - runStart) * cell))\" height=\"\(f(cell))\" shape-rendering=\"crispEdges\" \(runStyle)/>\n"
        }
        for column in 0..<Self.cells {
          let x = xr.lowerBound + (Double(column) + 0.5) / Double(Self.cells) * (xr.upperBound - xr.lowerBound)
          let y = yr.upperBound - (Double(row) + 0.5) / Double(Self.cells) * (yr.upperBound - yr.lowerBound)
          let answer = panel.network.answer([x, y])
          // Sure answers (confidence near 1) strong, unsure ones (near 0.5) pale, in five shades.
          let shade = 0.15 + 0.1 * Foundation.floor(min(0.999, max(0, answer.confidence - 0.5) * 2) * 5)
          let style =
            "fill=\"\(Self.colours[answer.label % Self.colours.count])\" fill-opacity=\"\(String(format: "%.2f", shade))\""
          if style != runStyle {
            flush(column)
            runStart = column
            runStyle = style
          }
        }
        flush(Self.cells)
      }
      svg +=
        "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(side))\" height=\"\(f(side))\" fill=\"none\" stroke=\"black\"/>\n"
      for row in rows {
        let colour = Self.colours[row.label % Self.colours.count]
        let (cx, cy) = (px(row.x[0]), py(row.x[1]))
        svg +=
          row.label % 2 == 1
          ? "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"4.5\" fill=\"\(colour)\" stroke=\"black\"/>\n"
          : "<rect x=\"\(f(cx - 4))\" y=\"\(f(cy - 4))\" width=\"8\" height=\"8\" fill=\"\(colour)\" stroke=\"black\"/>\n"
      }
      for (value, anchor) in [(xr.lowerBound, "start"), (xr.upperBound, "end")] {
        svg +=
          "<text x=\"\(f(px(value)))\" y=\"\(f(top + side + 16))\" text-anchor=\"\(anchor)\">\(SVGChart.escape(NumberFormat.short(value)))</text>\n"
      }
      svg +=
        "<text x=\"\(f(x0 + side / 2))\" y=\"\(f(top + side + 16))\" text-anchor=\"middle\">x₁ (first input)</text>\n"
      for value in [yr.lowerBound, yr.upperBound] {
        svg +=
          "<text x=\"\(f(x0 - 4))\" y=\"\(f(py(value) + 4))\" text-anchor=\"end\">\(SVGChart.escape(NumberFormat.short(value)))</text>\n"
      }
    }
    svg +=
      "<text x=\"14\" y=\"\(f(top + side / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + side / 2)))\">x₂ (second input)</text>\n"
    svg +=
      "<text x=\"\(f(width / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">colour: the class the network answers there (paler: less sure); marks: the training rows by target class (● class 1, ■ class 0)</text>\n"
    svg += "</svg>\n"
    return svg
  }
}
