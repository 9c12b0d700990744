import Tracing

/// The state of writing one step's story.
struct StepWriter {
  let configuration: RunConfiguration
  let trace: StepTrace
  let filter: NarrationFilter
  let limits: NarrationLimits
  var sections: [NarrationSection] = []

  var depth: Int { configuration.depth }
  var perceptron: Bool { configuration.isPerceptron }

  /// The data rows told in full: the filter's row, else the first few of the batch.
  var shownSamples: [Int] {
    if let wanted = filter.sample { return trace.samples.filter { $0 == wanted } }
    return Array(trace.samples.prefix(limits.samples))
  }

  /// The units of layer `l` told in full.
  func shownUnits(_ l: Int) -> Range<Int> {
    0..<min(configuration.units(l), limits.units)
  }

  /// The layers of a deep network the limits leave out (the filter's layer is always told): the middle ones.
  var foldedLayers: ClosedRange<Int>? {
    guard filter.layer == nil, depth > limits.layers else { return nil }
    return 2...(depth - limits.layers + 1)
  }

  /// Whether layer `l`'s lines are told.
  func tellsLayer(_ l: Int) -> Bool {
    !(foldedLayers?.contains(l) ?? false)
  }

  /// `Layers 2–7 work the same way (…)`: said once where the middle layers are left out.
  func foldedLayersNote(_ one: String, _ many: String) -> [NarrationItem] {
    guard let folded = foldedLayers else { return [] }
    let which =
      folded.count == 1
      ? "Layer \(folded.lowerBound) \(one)" : "Layers \(folded.lowerBound)–\(folded.upperBound) \(many)"
    return [.note("\(which) the same way (--layer N tells one, --full all of them).")]
  }

  mutating func story() -> StepStory {
    if configuration.isActivation {
      activationValues()
    } else if trace.step == 0 {
      initialParameters()
    }
    if configuration.isActivation {
      // Nothing more: the function and its derivative at each z.
    } else if perceptron {
      perceptronStep()
    } else {
      for sample in shownSamples { forward(sample: sample) }
      hiddenSamplesNote(pass: "forward")
      batchLoss()
      for sample in shownSamples { backward(sample: sample) }
      hiddenSamplesNote(pass: "backward")
      gradients()
      update()
    }
    if !trace.isComplete && !configuration.isActivation {
      append(
        NarrationSection(
          title: "The step stops here",
          items: [.note("No update was recorded for this step: the run diverged or was stopped during it.")]))
    }
    let rows = trace.samples
    let batch: String
    if rows.count == 1 {
      batch = "data row \(rows[0])"
    } else {
      let list =
        rows.count <= 8 ? rows.map(String.init).joined(separator: ", ") : "\(rows[0]) … \(rows[rows.count - 1])"
      batch = "batch of \(rows.count): data rows \(list)"
    }
    return StepStory(
      epoch: trace.epoch, step: trace.step, heading: "Step \(trace.step) · epoch \(trace.epoch) · \(batch)",
      sections: sections)
  }

  mutating func append(_ section: NarrationSection) {
    if !section.items.isEmpty { sections.append(section) }
  }

  mutating func hiddenSamplesNote(pass: String) {
    guard filter.sample == nil, trace.samples.count > shownSamples.count, filter.kinds == nil else { return }
    let hidden = trace.samples.count - shownSamples.count
    append(
      NarrationSection(
        title: "The other data rows",
        items: [
          .note(
            "The \(pass) pass of the other \(hidden) rows of this batch works the same way (--full tells every row)."
          )
        ]))
  }

  // MARK: Values

  /// The activation of unit `i` of layer `l` for `sample`; layer 0 is the input.
  func activation(_ l: Int, _ i: Int, sample: Int) -> Double? {
    l == 0
      ? trace.value(.x, layer: 0, sample: sample, i: i)
      : trace.value(.a, layer: l, sample: sample, i: i)
  }

  func role(ofLayer l: Int) -> Role { l == 0 ? .input : .activation }

  // MARK: Symbols

  static let letterSubscripts: [Character: String] = ["i": "ᵢ", "j": "ⱼ", "k": "ₖ", "s": "ₛ", "m": "ₘ"]

  /// A symbol with letter indices: `wⱼᵢ⁽ˡ⁾`.
  func letterSymbol(_ base: String, _ letters: String, layer: Int?) -> Tex {
    let text = letters.map { Self.letterSubscripts[$0] ?? String($0) }.joined()
    var tex = Tex(base, latex: base == "δ" ? "\\delta" : base) + Tex(text, latex: "_{\(letters)}")
    if let layer { tex = tex + Notation.layer(layer) }
    return tex
  }

  func x(_ j: Int) -> Tex { Notation.symbol("x", [j + 1], layer: nil) }

  /// `aᵢ⁽ˡ⁾`, or `xᵢ` for layer 0, or the perceptron's `ŷ`.
  func a(_ l: Int, _ i: Int) -> Tex {
    if l == 0 { return x(i) }
    if perceptron { return Tex("ŷ", latex: "\\hat{y}") }
    return Notation.symbol("a", [i + 1], layer: l)
  }

  func z(_ l: Int, _ i: Int) -> Tex {
    perceptron ? Tex("z") : Notation.symbol("z", [i + 1], layer: l)
  }

  func w(_ l: Int, _ j: Int, _ i: Int) -> Tex {
    perceptron ? Notation.symbol("w", [j + 1], layer: nil) : Notation.symbol("w", [j + 1, i + 1], layer: l)
  }

  func b(_ l: Int, _ i: Int) -> Tex {
    perceptron ? Tex("b") : Notation.symbol("b", [i + 1], layer: l)
  }

  func y(_ i: Int) -> Tex {
    perceptron ? Tex("y") : Notation.symbol("y", [i + 1], layer: nil)
  }

  func delta(_ l: Int, _ i: Int) -> Tex { Notation.symbol("δ", [i + 1], layer: l) }

  /// `(a, b, …)` of a row of values, the middle left out past 8.
  func vector(_ values: [Double]) -> String {
    let shown =
      values.count <= 8
      ? values.map(NumberFormat.value)
      : values.prefix(6).map(NumberFormat.value) + ["…"]
        + [NumberFormat.value(values[values.count - 1])]
    let suffix = values.count > 8 ? " (\(values.count) values)" : ""
    return values.count == 1 ? shown[0] : "(" + shown.joined(separator: ", ") + ")" + suffix
  }

  // MARK: Initial parameters

  mutating func initialParameters() {
    guard filter.sample == nil, filter.allows(["w", "b"], layer: filter.layer) else { return }
    var items: [NarrationItem] = []
    for l in 1...depth where (filter.layer.map({ $0 == l }) ?? true) && tellsLayer(l) {
      if let table = parameterTable(layer: l) { items.append(.table(table)) }
      if foldedLayers?.lowerBound == l + 1 { items += foldedLayersNote("starts", "start") }
    }
    append(NarrationSection(title: "Initial parameters", items: items))
  }

  /// Layer `l`'s initial weights, one row per unit below, one column per unit, biases last.
  func parameterTable(layer l: Int) -> NarrationTable? {
    let nIn = configuration.units(l - 1)
    let nOut = configuration.units(l)
    let columns = min(nOut, limits.columns)
    let rowsShown = min(nIn, limits.columns)
    var header = [""]
    for i in 0..<columns { header.append("to " + a(l, i).text) }
    if nOut > columns { header.append("… \(nOut - columns) more") }
    var rows: [[String]] = []
    for j in 0..<rowsShown {
      var row = ["from " + a(l - 1, j).text]
      for i in 0..<columns {
        guard let value = trace.value(.initialW, layer: l, i: i, j: j) else { return nil }
        row.append(NumberFormat.value(value))
      }
      if nOut > columns { row.append("…") }
      rows.append(row)
    }
    if nIn > rowsShown {
      rows.append(["… \(nIn - rowsShown) more rows"] + Array(repeating: "…", count: header.count - 1))
    }
    var biasRow = ["bias"]
    for i in 0..<columns {
      guard let value = trace.value(.initialB, layer: l, i: i) else { return nil }
      biasRow.append(NumberFormat.value(value))
    }
    if nOut > columns { biasRow.append("…") }
    rows.append(biasRow)
    let activation = configuration.activation(l).name
    return NarrationTable(
      caption: "layer \(l) (\(nIn) → \(nOut), \(activation))", header: header, rows: rows)
  }
}
