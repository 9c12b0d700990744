import NeuralEngine

/// Turns what the engine offers into trace events, numbered in order, and hands them to a sink.
///
/// The first error the sink throws is kept in ``failure``; after it the
/// recorder drops everything and ``shouldStop`` turns true, so training can
/// end cleanly instead of computing values nobody can store.
public final class TraceRecorder: TrainingObserver {
  private let sink: TraceSink
  private var nextSeq = 0
  /// Values handed to the sink so far.
  public private(set) var valuesRecorded = 0
  /// The sink's first error, if any.
  public private(set) var failure: Error?

  /// A recorder writing to `sink`.
  public init(sink: TraceSink) {
    self.sink = sink
  }

  /// Whether recording has failed and training should stop.
  public var shouldStop: Bool { failure != nil }

  public func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?, at position: StepPosition
  ) {
    guard failure == nil else { return }
    let kind = TraceKind.of(quantity, in: phase)
    values.storage.withUnsafeBufferPointer { buffer in
      if let samples {
        // One event per sample: a row of the batch matrix.
        let shape: TraceEvent.Shape = quantity == .loss ? .scalar : .vector
        for (r, sample) in samples.enumerated() {
          let row = UnsafeBufferPointer(rebasing: buffer[(r * values.cols)..<((r + 1) * values.cols)])
          emit(kind: kind, layer: layer, sample: sample, shape: shape, values: row, at: position)
        }
      } else {
        let shape: TraceEvent.Shape =
          switch quantity {
          case .loss: .scalar
          case .w, .gradW, .dw, .velocityW, .sW, .mW, .vW: .matrix(cols: values.cols)
          default: .vector
          }
        emit(kind: kind, layer: layer, sample: nil, shape: shape, values: buffer, at: position)
      }
    }
  }

  public func stepDidEnd(at position: StepPosition, loss: Double) {
    guard failure == nil else { return }
    do {
      try sink.stepDidEnd(step: position.step)
    } catch {
      failure = error
    }
  }

  /// Records values the engine does not offer itself (gradient checks, evaluations), in order with the rest.
  public func record(
    _ kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: [Double], at position: StepPosition
  ) {
    values.withUnsafeBufferPointer { buffer in
      emit(kind: kind, layer: layer, sample: sample, shape: shape, values: buffer, at: position)
    }
  }

  private func emit(
    kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: UnsafeBufferPointer<Double>,
    at position: StepPosition
  ) {
    guard failure == nil else { return }
    let event = TraceEvent(
      seq: nextSeq, epoch: position.epoch, step: position.step, sample: sample, kind: kind, layer: layer, shape: shape)
    do {
      try sink.write(event, values: values)
      nextSeq += 1
      valuesRecorded += values.count
    } catch {
      failure = error
    }
  }
}
