import TraceStore

/// A run's inputs as the trace holds them: the kinds every run records (`data_x`, `data_y`,
/// `order` and the initial `w` and `b`), or, for a run recorded before those existed with
/// `--capture all` and no thinning, its first epoch's `x` and `y`.
struct RecordedInputs {
  /// The initial parameters and the training rows; `nil` when the trace does not hold them all.
  var rows: (initial: [RunSnapshot.Layer], inputs: [[Double]], targets: [[Double]])?
  /// The rows of each epoch in the order they were taken, when the trace holds it.
  var orders: [[Int]]?

  init(database: TraceDatabase, run id: Int64, layers: [Int], shuffled: Bool) throws {
    let last = layers.count - 1
    var initial = zip(layers.dropLast(), layers.dropFirst()).map { inputs, units in
      RunSnapshot.Layer(
        w: Array(repeating: Array(repeating: Double.nan, count: units), count: inputs),
        b: Array(repeating: .nan, count: units))
    }
    var x: [Int: [Double]] = [:]
    var y: [Int: [Double]] = [:]
    var order: [Int: [Int: Int]] = [:]
    func invalid(_ row: TraceRow) -> TraceStoreError {
      TraceStoreError(
        "Run \(id)'s \(row.kind) value at layer \(row.layer.map(String.init) ?? "NULL"), i \(row.i.map(String.init) ?? "NULL"), j \(row.j.map(String.init) ?? "NULL"), sample \(row.sample.map(String.init) ?? "NULL") lies outside its network \(layers) or is not finite: the database is damaged."
      )
    }
    let current = TraceFilter(epoch: 0, step: 0, kinds: ["w", "b", "data_x", "data_y", "order"])
    try database.forEachTraceRow(run: id, filter: current) { row in
      guard row.value.isFinite else { throw invalid(row) }
      switch (row.phase, row.kind) {
      case ("init", "w"):
        guard let l = row.layer, let i = row.i, let j = row.j, i >= 0, j >= 0 else { throw invalid(row) }
        try RunSnapshot.check(row, layer: l, i: i, j: j, layers: layers, run: id)
        initial[l - 1].w[j][i] = row.value
      case ("init", "b"):
        guard let l = row.layer, let i = row.i, i >= 0 else { throw invalid(row) }
        try RunSnapshot.check(row, layer: l, i: i, j: nil, layers: layers, run: id)
        initial[l - 1].b[i] = row.value
      case ("init", "data_x"), ("init", "data_y"):
        let width = row.kind == "data_x" ? layers[0] : layers[last]
        guard let sample = row.sample, sample >= 0, let i = row.i, i >= 0, i < width else { throw invalid(row) }
        if row.kind == "data_x" {
          x[sample, default: Array(repeating: .nan, count: width)][i] = row.value
        } else {
          y[sample, default: Array(repeating: .nan, count: width)][i] = row.value
        }
      case ("init", "order"):
        guard let epoch = row.j, let position = row.i, epoch >= 0, position >= 0, row.value >= 0,
          row.value < Double(Int32.max)
        else { throw invalid(row) }
        order[epoch, default: [:]][position] = Int(row.value)
      default:
        break
      }
    }
    if x.isEmpty {
      try Self.readFirstEpoch(
        database: database, run: id, layers: layers, shuffled: shuffled, x: &x, y: &y, order: &order)
    }
    let complete =
      !x.isEmpty && x.count == y.count && (0..<x.count).allSatisfy { x[$0] != nil && y[$0] != nil }
      && (x.values.joined().allSatisfy(\.isFinite)) && y.values.joined().allSatisfy(\.isFinite)
      && initial.allSatisfy { $0.b.allSatisfy(\.isFinite) && $0.w.joined().allSatisfy(\.isFinite) }
    rows = complete ? (initial, (0..<x.count).map { x[$0] ?? [] }, (0..<y.count).map { y[$0] ?? [] }) : nil
    orders =
      order.isEmpty
      ? nil
      : (0..<order.count).map { epoch in
        let positions = order[epoch] ?? [:]
        return (0..<positions.count).map { positions[$0] ?? -1 }
      }
  }

  /// A full capture's rows: the `x` and `y` of its first epoch and, when shuffled, the order of
  /// every step's samples; only a run with `--capture all` and no thinning has them all.
  private static func readFirstEpoch(
    database: TraceDatabase, run id: Int64, layers: [Int], shuffled: Bool, x: inout [Int: [Double]],
    y: inout [Int: [Double]], order: inout [Int: [Int: Int]]
  ) throws {
    guard let run = try database.run(id), run.capture == "all", run.thinning == nil else { return }
    let last = layers.count - 1
    var steps: [Int: [Int]] = [:]
    var stepEpoch: [Int: Int] = [:]
    let filter = TraceFilter(epoch: shuffled ? nil : 0, kinds: ["x", "y"])
    try database.forEachTraceRow(run: id, filter: filter) { row in
      guard let sample = row.sample, sample >= 0, let i = row.i else { return }
      if row.kind == "x", i == 0 {
        steps[row.step, default: []].append(sample)
        stepEpoch[row.step] = row.epoch
      }
      guard row.epoch == 0 else { return }
      let width = row.kind == "x" ? layers[0] : layers[last]
      guard i >= 0, i < width else { return }
      if row.kind == "x" {
        x[sample, default: Array(repeating: .nan, count: width)][i] = row.value
      } else {
        y[sample, default: Array(repeating: .nan, count: width)][i] = row.value
      }
    }
    for step in steps.keys.sorted() {
      let epoch = stepEpoch[step] ?? 0
      for sample in steps[step] ?? [] {
        order[epoch, default: [:]][order[epoch]?.count ?? 0] = sample
      }
    }
  }
}
