import Foundation
import NeuralEngine
import Testing
import TraceStore
import Tracing

@Suite struct TraceWriterTests {
  /// Opens a fresh database and registers a run to write into.
  private func freshRun(in scratch: TemporaryDirectory) throws -> (TraceDatabase, Int64) {
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let runID = try database.beginRun(
      lesson: "test", title: "writer test", part: nil, config: "{}", capture: CapturePolicy.all.name)
    return (database, runID)
  }

  private func readAll(_ database: TraceDatabase, run: Int64, filter: TraceFilter = TraceFilter()) throws
    -> [TraceRow]
  {
    var rows: [TraceRow] = []
    try database.forEachTraceRow(run: run, filter: filter) { rows.append($0) }
    return rows
  }

  /// Compares what the trace view gives back with what the recorder handed over, value by value.
  private func expectSameRows(_ rows: [TraceRow], as expected: [ExpectedRow]) {
    #expect(rows.count == expected.count)
    var mismatches = 0
    for (row, want) in zip(rows, expected) {
      let same =
        row.seq == want.seq && row.epoch == want.epoch && row.step == want.step && row.sample == want.sample
        && row.phase == want.phase && row.layer == want.layer && row.kind == want.kind && row.i == want.i
        && row.j == want.j && (row.value == want.value || (row.value.isNaN && want.value.isNaN))
      if !same {
        mismatches += 1
        if mismatches <= 5 { Issue.record("read back \(row), expected \(want)") }
      }
    }
    #expect(mismatches == 0)
  }

  /// The contract's example network: 2-2-1, sigmoid, sse, sgd lr 0.5.
  private func exampleTrainer(epochs: Int, batchSize: Int, shuffle: Bool) -> MLPTrainer {
    let network = MLP(
      layers: [
        DenseLayer(weights: Matrix([[0.30, -0.20], [-0.10, 0.40]]), bias: [0.10, -0.10], activation: .sigmoid),
        DenseLayer(weights: Matrix([[0.50], [-0.60]]), bias: [0.20], activation: .sigmoid),
      ], loss: .sse)
    return MLPTrainer(
      network: network, optimizer: Optimizer(kind: .sgd, learningRate: 0.5, parameterSizes: [4, 2, 2, 1]),
      inputs: Matrix([[1.0, 2.0], [0.5, -1.0], [-0.25, 0.75]]), targets: Matrix([[1.0], [0.0], [1.0]]),
      plan: TrainingPlan(epochs: epochs, batchSize: batchSize, shuffle: shuffle, seed: 5))
  }

  @Test func anMLPRunReadsBackValueForValueInTheOrderItWasComputed() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    // Batches of 2 then 1, shuffled each epoch, so samples come out of data order.
    let trainer = exampleTrainer(epochs: 3, batchSize: 2, shuffle: true)
    let memory = MemorySink()
    let writer = TraceWriter(database: database, runID: runID, batchValues: 100)
    let recorder = TraceRecorder(sink: TeeSink(memory, writer))
    let outcome = trainer.train(observer: recorder, shouldStop: { recorder.shouldStop })
    try writer.flush()

    #expect(outcome.status == .completed)
    #expect(recorder.failure == nil)
    let rows = try readAll(database, run: runID)
    #expect(rows.count == recorder.valuesRecorded)
    expectSameRows(rows, as: ExpectedRow.rows(of: memory.events))
    // The values are the very doubles the engine computed, bit for bit.
    let expected = ExpectedRow.rows(of: memory.events)
    #expect(zip(rows, expected).allSatisfy { $0.value.bitPattern == $1.value.bitPattern })
  }

  @Test func aPerceptronRunReadsBackValueForValue() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    var perceptron = Perceptron(weights: [0, 0], learningRate: 0.01)
    let memory = MemorySink()
    let writer = TraceWriter(database: database, runID: runID)
    let recorder = TraceRecorder(sink: TeeSink(memory, writer))
    let outcome = perceptron.train(
      inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), targets: [0, 0, 0, 1], epochs: 15, observer: recorder)
    try writer.flush()

    #expect(outcome.status == .completed)
    #expect(outcome.steps == 60)
    let rows = try readAll(database, run: runID)
    expectSameRows(rows, as: ExpectedRow.rows(of: memory.events))
    // One error per step, on layer 1, unit 0, for the step's sample.
    let errors = rows.filter { $0.kind == "error" }
    #expect(errors.count == 60)
    #expect(errors.allSatisfy { $0.phase == "backward" && $0.layer == 1 && $0.i == 0 && $0.j == nil })
    #expect(errors.map { $0.sample ?? -1 } == (0..<60).map { $0 % 4 })
    #expect(errors.map(\.epoch) == (0..<60).map { $0 / 4 })
  }

  @Test func indicesFollowTheContract() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let trainer = exampleTrainer(epochs: 1, batchSize: 3, shuffle: false)
    let writer = TraceWriter(database: database, runID: runID)
    let recorder = TraceRecorder(sink: writer)
    _ = trainer.train(observer: recorder)
    try writer.flush()
    let rows = try readAll(database, run: runID)

    func value(_ phase: String, _ kind: String, layer: Int?, sample: Int? = nil, i: Int?, j: Int?) -> [Double] {
      rows.filter {
        $0.phase == phase && $0.kind == kind && $0.layer == layer && $0.sample == sample && $0.i == i && $0.j == j
      }.map(\.value)
    }

    // w[j][i] is the weight from unit j below to unit i: the lesson's w[0][1] = −0.20 is j 0, i 1.
    #expect(value("init", "w", layer: 1, i: 1, j: 0) == [-0.20])
    #expect(value("init", "w", layer: 1, i: 0, j: 1) == [-0.10])
    #expect(value("init", "w", layer: 2, i: 0, j: 1) == [-0.60])
    // Biases: unit i, j NULL.
    #expect(value("init", "b", layer: 1, i: 1, j: nil) == [-0.10])
    #expect(value("init", "b", layer: 2, i: 0, j: nil) == [0.20])
    // Inputs: layer 0, per sample, unit i.
    #expect(value("forward", "x", layer: 0, sample: 1, i: 1, j: nil) == [-1.0])
    #expect(value("forward", "x", layer: 0, sample: 2, i: 0, j: nil) == [-0.25])
    // Targets: on the output layer.
    #expect(value("loss", "y", layer: 2, sample: 2, i: 0, j: nil) == [1.0])

    let losses = rows.filter { $0.kind == "loss" }
    #expect(losses.count == 4)
    #expect(losses.allSatisfy { $0.phase == "loss" && $0.layer == nil && $0.i == nil && $0.j == nil })
    #expect(losses.compactMap(\.sample) == [0, 1, 2])
    // The batch loss has no sample and is the mean of the samples' losses (sum of 3 divided by 3).
    let batch = try #require(losses.first { $0.sample == nil })
    let perSample = losses.filter { $0.sample != nil }.map(\.value)
    #expect(abs(batch.value - perSample.reduce(0, +) / 3) <= 1e-15)

    // Batch gradients and updates: no sample; weight-shaped ones have j, bias-shaped ones do not.
    for kind in ["grad_w", "dw", "w"] {
      let matrix = rows.filter { $0.kind == kind && $0.phase != "init" && $0.layer == 1 }
      #expect(matrix.count == 4, "\(kind)")
      #expect(matrix.allSatisfy { $0.sample == nil && $0.j != nil && $0.i != nil }, "\(kind)")
    }
    for kind in ["grad_b", "db", "b"] {
      let vector = rows.filter { $0.kind == kind && $0.phase != "init" && $0.layer == 1 }
      #expect(vector.count == 2, "\(kind)")
      #expect(vector.allSatisfy { $0.sample == nil && $0.j == nil && $0.i != nil }, "\(kind)")
    }
    // Deltas are per sample and unit.
    #expect(rows.filter { $0.kind == "delta" && $0.layer == 1 }.count == 6)
    #expect(rows.filter { $0.kind == "delta" }.allSatisfy { $0.sample != nil && $0.j == nil })
  }

  @Test func theViewsOrderListsAMatrixUnitByUnit() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let writer = TraceWriter(database: database, runID: runID)
    let kind = TraceKind.of(.w, in: .initialization)
    let event = TraceEvent(seq: 0, epoch: 0, step: 0, sample: nil, kind: kind, layer: 1, shape: .matrix(cols: 2))
    // w = [[1, 2], [3, 4], [5, 6]]: 3 units below, 2 units here.
    try [1.0, 2, 3, 4, 5, 6].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.flush()
    let rows = try readAll(database, run: runID)
    #expect(rows.map { [$0.i ?? -1, $0.j ?? -1] } == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    #expect(rows.map(\.value) == [1, 3, 5, 2, 4, 6])
  }

  @Test func specialValuesSurviveTheStore() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let writer = TraceWriter(database: database, runID: runID)
    let values: [Double] = [
      .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.leastNormalMagnitude, 0.1,
      1.0, -3, 1e300, 0x1.fffffffffffffp-1,
    ]
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: 0, kind: TraceKind.of(.z, in: .forward), layer: 1, shape: .vector)
    try values.withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.flush()
    let read = try readAll(database, run: runID).map(\.value)

    #expect(read.count == values.count)
    for (got, want) in zip(read, values) {
      if want.isNaN {
        // SQLite stores NaN as NULL; the reader gives NaN back.
        #expect(got.isNaN)
      } else {
        #expect(got.bitPattern == want.bitPattern, "wrote \(want), read \(got)")
      }
    }
  }

  /// SQLite stores a REAL value with no fractional part as an integer (which saves space for the
  /// many 0s and 1s of a trace), so −0.0 comes back as +0.0: equal, as docs/trace-schema.md says.
  @Test func negativeZeroReadsBackAsZero() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let writer = TraceWriter(database: database, runID: runID)
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: 0, kind: TraceKind.of(.delta, in: .backward), layer: 1, shape: .vector)
    try [-0.0].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.flush()
    let read = try #require(try readAll(database, run: runID).first?.value)
    #expect(read == 0)
    #expect(read.sign == .plus)
  }

  @Test func nothingIsCommittedAtAStepEndBeforeTheBatchIsFull() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let writer = TraceWriter(database: database, runID: runID, batchValues: 1000)
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: 0, kind: TraceKind.of(.x, in: .forward), layer: 0, shape: .vector)
    try [1.0, 2, 3].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.stepDidEnd(step: 0)
    #expect(try readAll(database, run: runID).isEmpty)

    try writer.flush()
    #expect(try readAll(database, run: runID).map(\.value) == [1, 2, 3])
    // A second flush has nothing left to write.
    try writer.flush()
    #expect(try readAll(database, run: runID).count == 3)
  }

  @Test func aStepEndCommitsOnceEnoughValuesAreWaiting() throws {
    let scratch = try TemporaryDirectory()
    let (database, runID) = try freshRun(in: scratch)
    let writer = TraceWriter(database: database, runID: runID, batchValues: 3)
    let kind = TraceKind.of(.x, in: .forward)
    try [1.0, 2].withUnsafeBufferPointer {
      try writer.write(
        TraceEvent(seq: 0, epoch: 0, step: 0, sample: 0, kind: kind, layer: 0, shape: .vector), values: $0)
    }
    try writer.stepDidEnd(step: 0)
    #expect(try readAll(database, run: runID).isEmpty)

    try [3.0, 4].withUnsafeBufferPointer {
      try writer.write(
        TraceEvent(seq: 1, epoch: 0, step: 1, sample: 1, kind: kind, layer: 0, shape: .vector), values: $0)
    }
    try writer.stepDidEnd(step: 1)
    // Seen from a second connection, as another process would see it.
    let reader = try TraceDatabase.open(path: database.path, readOnly: true)
    #expect(try readAll(reader, run: runID).map(\.value) == [1, 2, 3, 4])
  }

  @Test func eventsOfARunThatDoesNotExistAreRefused() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let writer = TraceWriter(database: database, runID: 42)
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: 0, kind: TraceKind.of(.x, in: .forward), layer: 0, shape: .vector)
    try [1.0].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    #expect(throws: (any Error).self) { try writer.flush() }
    #expect(try readAll(database, run: 42).isEmpty)
  }

  @Test func twoRunsKeepTheirValuesApart() throws {
    let scratch = try TemporaryDirectory()
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    var ids: [Int64] = []
    for value in [1.0, 2.0] {
      let id = try database.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
      let writer = TraceWriter(database: database, runID: id)
      let event = TraceEvent(
        seq: 0, epoch: 0, step: 0, sample: nil, kind: TraceKind.of(.loss, in: .loss), layer: nil, shape: .scalar)
      try [value].withUnsafeBufferPointer { try writer.write(event, values: $0) }
      try writer.flush()
      ids.append(id)
    }
    #expect(try readAll(database, run: ids[0]).map(\.value) == [1])
    #expect(try readAll(database, run: ids[1]).map(\.value) == [2])
  }
}
