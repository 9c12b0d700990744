import Tracing

/// One recorded step as the explorable page holds it: its data rows, every value of the network
/// for those rows, the parameters before and after, and each value's lines as `replay` prints them.
///
/// Values are the narration's text (`NumberFormat.value`), so a number on the page reads as it
/// does in `replay`; the page parses them only to draw. Arrays run over layers 1…L; a weight
/// matrix is flat with `w[j][i]` at `j·n_out + i`, as in the trace.
struct PageFrame {
  /// The step.
  let step: Int
  /// Its JSON object.
  let json: String

  /// The frame of `trace`, telling at most `maxRows` of its data rows.
  init(trace: StepTrace, narrator: StepNarrator, maxRows: Int) {
    let c = narrator.configuration
    let rows = Array(trace.samples.prefix(maxRows))
    let depth = c.depth
    let layers = depth >= 1 ? Array(1...depth) : []
    func perRow(_ body: (Int) -> String) -> String { PageText.array(rows.map(body)) }
    func units(_ l: Int, _ value: (Int) -> Double?) -> String {
      PageText.array((0..<c.units(l)).map { PageText.value(value($0)) })
    }
    func matrix(_ l: Int, _ value: (Int, Int) -> Double?) -> String {
      let nIn = c.units(l - 1)
      let nOut = c.units(l)
      var items: [String] = []
      items.reserveCapacity(nIn * nOut)
      for j in 0..<nIn {
        for i in 0..<nOut { items.append(PageText.value(value(i, j))) }
      }
      return PageText.array(items)
    }
    let backwardKind: TraceKind = c.isPerceptron ? .error : c.isActivation ? .derivative : .delta
    var fields: [(String, String)] = [
      ("step", String(trace.step)), ("epoch", String(trace.epoch)),
      ("batch", String(trace.samples.count)),
      ("rows", PageText.array(rows.map(String.init))),
      ("x", perRow { s in units(0) { trace.value(.x, layer: 0, sample: s, i: $0) } }),
      (
        "y",
        perRow { s in
          depth >= 1 ? units(depth) { trace.value(.y, layer: depth, sample: s, i: $0) } : "[]"
        }
      ),
      (
        "z",
        perRow { s in
          PageText.array(
            layers.map { l in units(l) { trace.value(.z, layer: l, sample: s, i: $0) } })
        }
      ),
      (
        "a",
        perRow { s in
          PageText.array(
            layers.map { l in units(l) { trace.value(.a, layer: l, sample: s, i: $0) } })
        }
      ),
      (
        "d",
        perRow { s in
          PageText.array(
            layers.map { l in units(l) { trace.value(backwardKind, layer: l, sample: s, i: $0) } })
        }
      ),
      ("loss", perRow { s in PageText.value(trace.value(.loss, layer: nil, sample: s)) }),
      ("batchLoss", PageText.value(trace.value(.loss, layer: nil))),
      ("complete", trace.isComplete ? "true" : "false"),
    ]
    if !c.isActivation {
      fields += [
        ("w", PageText.array(layers.map { l in matrix(l) { trace.startValue(.w, layer: l, i: $0, j: $1) } })),
        ("b", PageText.array(layers.map { l in units(l) { trace.startValue(.b, layer: l, i: $0) } })),
        (
          "gw",
          PageText.array(
            layers.map { l in matrix(l) { trace.value(.gradW, layer: l, i: $0, j: $1) } })
        ),
        (
          "gb",
          PageText.array(layers.map { l in units(l) { trace.value(.gradB, layer: l, i: $0) } })
        ),
        (
          "wn",
          PageText.array(layers.map { l in matrix(l) { trace.value(.w, layer: l, i: $0, j: $1) } })
        ),
        ("bn", PageText.array(layers.map { l in units(l) { trace.value(.b, layer: l, i: $0) } })),
      ]
    }
    let lines = narrator.valueLines(for: trace, samples: rows).map { value in
      (
        Self.key(value.subject),
        PageText.array(value.lines.map { PageText.array([String($0.stage.rawValue), PageText.json($0.text)]) })
      )
    }
    fields.append(("lines", PageText.object(lines)))
    step = trace.step
    json = PageText.object(fields)
  }

  /// The page's name for a value: `u1.0.3` (layer, unit, row), `w1.0.1` (layer, from, to), `b1.0`, `L3`, `L`.
  static func key(_ subject: ValueLines.Subject) -> String {
    switch subject {
    case .unit(let layer, let unit, let sample): "u\(layer).\(unit).\(sample)"
    case .weight(let layer, let from, let to): "w\(layer).\(from).\(to)"
    case .bias(let layer, let unit): "b\(layer).\(unit)"
    case .loss(let sample): sample.map { "L\($0)" } ?? "L"
    }
  }
}
