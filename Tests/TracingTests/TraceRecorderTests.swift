import NeuralEngine
import Testing
import Tracing

@Suite struct TraceRecorderTests {
  private let start = StepPosition(epoch: 0, step: 0)

  private func row(_ values: [Double]) -> Matrix {
    Matrix(rows: 1, cols: values.count, storage: values)
  }

  @Test func aFreshRecorderHasRecordedNothingAndNeedNotStop() {
    let recorder = TraceRecorder(sink: MemorySink())
    #expect(recorder.valuesRecorded == 0)
    #expect(recorder.failure == nil)
    #expect(!recorder.shouldStop)
  }

  @Test func seqStartsAtZeroAndIncreasesByOnePerEvent() {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    let weights = Matrix([[0.1, 0.2], [0.3, 0.4]])
    recorder.offer(.w, phase: .initialization, layer: 1, values: weights, samples: nil, at: start)
    recorder.offer(.b, phase: .initialization, layer: 1, values: row([0, 0]), samples: nil, at: start)
    let batch = Matrix([[1, 2], [3, 4], [5, 6]])
    recorder.offer(.x, phase: .forward, layer: 0, values: batch, samples: [0, 1, 2], at: start)
    recorder.offer(.loss, phase: .loss, layer: nil, values: row([0.5]), samples: nil, at: start)
    recorder.stepDidEnd(at: start, loss: 0.5)
    let next = StepPosition(epoch: 1, step: 1)
    recorder.offer(.x, phase: .forward, layer: 0, values: batch, samples: [2, 1, 0], at: next)

    // 2 parameter events, 3 sample rows, 1 batch loss, then 3 sample rows of the next step.
    #expect(sink.events.map(\.event.seq) == Array(0..<9))
    #expect(sink.stepEnds == [0])
  }

  @Test func perSampleQuantitiesBecomeOneEventPerSampleWithItsDataRow() {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    let position = StepPosition(epoch: 4, step: 17)
    // Three samples of a 2-unit layer, taken from data rows 2, 0 and 1 (a shuffled batch).
    let z = Matrix([[0.5, -1.5], [2.25, 0], [-0.125, 8]])
    recorder.offer(.z, phase: .forward, layer: 1, values: z, samples: [2, 0, 1], at: position)

    #expect(sink.events.count == 3)
    #expect(sink.events.map(\.event.sample) == [2, 0, 1])
    #expect(sink.events.map(\.values) == [[0.5, -1.5], [2.25, 0], [-0.125, 8]])
    for (event, _) in sink.events {
      #expect(event.kind == TraceKind.of(.z, in: .forward))
      #expect(event.layer == 1)
      #expect(event.shape == .vector)
      #expect(event.epoch == 4)
      #expect(event.step == 17)
    }
    #expect(recorder.valuesRecorded == 6)
  }

  @Test func perSampleLossesAreScalarsWithoutALayer() {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    let losses = Matrix([[0.25], [0.75]])
    recorder.offer(.loss, phase: .loss, layer: nil, values: losses, samples: [1, 0], at: start)

    #expect(sink.events.map(\.event.sample) == [1, 0])
    #expect(sink.events.map(\.values) == [[0.25], [0.75]])
    #expect(sink.events.allSatisfy { $0.event.shape == .scalar && $0.event.layer == nil })
  }

  @Test func theBatchLossIsOneScalarEventWithoutASample() {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    recorder.offer(.loss, phase: .loss, layer: nil, values: row([0.5]), samples: nil, at: start)

    let event = sink.events.first?.event
    #expect(sink.events.count == 1)
    #expect(event?.sample == nil)
    #expect(event?.layer == nil)
    #expect(event?.shape == .scalar)
    #expect(event?.kind == TraceKind.of(.loss, in: .loss))
    #expect(sink.events.first?.values == [0.5])
  }

  @Test(arguments: [
    (Quantity.w, Phase.initialization), (.gradW, .backward), (.dw, .update), (.w, .update),
  ])
  func weightShapedQuantitiesAreMatricesWithTheirUnitCountAsColumns(quantity: Quantity, phase: Phase) {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    // 3 inputs below, 2 units here: w[j][i] row-major.
    let weights = Matrix([[1, 2], [3, 4], [5, 6]])
    recorder.offer(quantity, phase: phase, layer: 2, values: weights, samples: nil, at: start)

    #expect(sink.events.count == 1)
    #expect(sink.events.first?.event.shape == .matrix(cols: 2))
    #expect(sink.events.first?.event.sample == nil)
    #expect(sink.events.first?.event.layer == 2)
    #expect(sink.events.first?.values == [1, 2, 3, 4, 5, 6])
  }

  @Test func aPerceptronsSingleColumnWeightsAreAMatrixOfOneColumn() {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    recorder.offer(
      .w, phase: .update, layer: 1, values: Matrix(rows: 2, cols: 1, storage: [0.1, 0.2]), samples: nil, at: start)
    #expect(sink.events.first?.event.shape == .matrix(cols: 1))
  }

  @Test(arguments: [
    (Quantity.b, Phase.initialization), (.gradB, .backward), (.db, .update), (.b, .update),
  ])
  func biasShapedQuantitiesAreVectors(quantity: Quantity, phase: Phase) {
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    recorder.offer(quantity, phase: phase, layer: 1, values: row([0.1, -0.1, 0]), samples: nil, at: start)

    #expect(sink.events.count == 1)
    #expect(sink.events.first?.event.shape == .vector)
    #expect(sink.events.first?.event.kind == TraceKind.of(quantity, in: phase))
    #expect(sink.events.first?.values == [0.1, -0.1, 0])
  }

  @Test func aSinkThatThrowsStopsRecordingAndAsksTrainingToStop() throws {
    let sink = MemorySink()
    sink.failingWrite = 2
    let recorder = TraceRecorder(sink: sink)
    let values = row([1, 2, 3])
    for layer in 1...5 {
      recorder.offer(.b, phase: .update, layer: layer, values: values, samples: nil, at: start)
    }
    recorder.stepDidEnd(at: start, loss: 0)

    #expect(recorder.shouldStop)
    let failure = try #require(recorder.failure as? MemorySink.Failure)
    #expect(failure == MemorySink.Failure(reason: "write 2 refused"))
    // Two events kept, the third refused, none attempted after it.
    #expect(sink.events.map(\.event.layer) == [1, 2])
    #expect(sink.writeCalls == 3)
    #expect(recorder.valuesRecorded == 6)
    #expect(sink.stepEnds.isEmpty)
  }

  @Test func aStepEndThatThrowsStopsRecording() throws {
    let sink = MemorySink()
    sink.failingStep = 0
    let recorder = TraceRecorder(sink: sink)
    recorder.offer(.b, phase: .update, layer: 1, values: row([1]), samples: nil, at: start)
    recorder.stepDidEnd(at: start, loss: 0)
    recorder.offer(.b, phase: .update, layer: 1, values: row([2]), samples: nil, at: StepPosition(epoch: 0, step: 1))

    #expect(recorder.shouldStop)
    #expect(recorder.failure is MemorySink.Failure)
    #expect(sink.events.count == 1)
    #expect(recorder.valuesRecorded == 1)
  }

  @Test func aWholeTrainingRunIsNumberedWithoutGapsAndCountsEveryValue() {
    // 2-2-1 sigmoid network, 4 samples in batches of 2, 3 epochs: 6 steps.
    let network = MLP(
      layers: [
        DenseLayer(weights: Matrix([[0.3, -0.2], [-0.1, 0.4]]), bias: [0.1, -0.1], activation: .sigmoid),
        DenseLayer(weights: Matrix([[0.5], [-0.6]]), bias: [0.2], activation: .sigmoid),
      ], loss: .bce)
    let trainer = MLPTrainer(
      network: network, optimizer: Optimizer(kind: .sgd, learningRate: 0.5, parameterSizes: [4, 2, 2, 1]),
      inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), targets: Matrix([[0], [1], [1], [0]]),
      plan: TrainingPlan(epochs: 3, batchSize: 2))
    let sink = MemorySink()
    let recorder = TraceRecorder(sink: sink)
    let outcome = trainer.train(observer: recorder)

    #expect(outcome.status == .completed)
    #expect(sink.events.map(\.event.seq) == Array(0..<sink.events.count))
    #expect(sink.stepEnds == Array(0..<6))
    #expect(recorder.valuesRecorded == sink.events.reduce(0) { $0 + $1.values.count })
    // Per step: x 2·2, z/a 2·(2 + 2) + 2·(1 + 1), y 2, losses 2 + 1,
    // delta 2·1 + 2·2, grad_w/dw/w 3·(2 + 4), grad_b/db/b 3·(1 + 2). Plus the initial 9 parameters.
    let perStep = 4 + 12 + 2 + 3 + 6 + 18 + 9
    #expect(recorder.valuesRecorded == 9 + 6 * perStep)
  }
}

extension TrainingObserver {
  /// Offers one value, as an engine that computed only it would: initial parameters before training,
  /// anything else as a step's values if the observer wants them.
  func offer(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    let value = StepValue(quantity, phase: phase, layer: layer, perSample: samples != nil)
    let step = StepValues(position: position, samples: samples ?? [], values: [(value, values)])
    if phase == .initialization {
      trainingWillStart(step)
    } else {
      let interest = interest(at: position)
      if !interest.isEmpty { observe(step.restricted(to: interest)) }
    }
  }
}
