/// Numbers events in order and hands them to a sink, keeping the sink's first error.
///
/// After an error everything is dropped, so a recorder can tell training to
/// stop instead of computing values nobody can store.
final class TraceEmitter {
  private let sink: TraceSink
  private var nextSeq = 0
  /// Values handed to the sink so far.
  private(set) var valuesRecorded = 0
  /// The sink's first error, if any.
  private(set) var failure: Error?

  init(sink: TraceSink) {
    self.sink = sink
  }

  /// Writes one event with its values.
  func emit(
    kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: UnsafeBufferPointer<Double>,
    epoch: Int, step: Int
  ) {
    guard failure == nil else { return }
    let event = TraceEvent(
      seq: nextSeq, epoch: epoch, step: step, sample: sample, kind: kind, layer: layer, shape: shape)
    do {
      try sink.write(event, values: values)
      nextSeq += 1
      valuesRecorded += values.count
    } catch {
      failure = error
    }
  }

  /// Writes one scalar.
  func emit(kind: TraceKind, layer: Int?, sample: Int? = nil, value: Double, epoch: Int, step: Int) {
    withUnsafePointer(to: value) { pointer in
      emit(
        kind: kind, layer: layer, sample: sample, shape: .scalar, values: UnsafeBufferPointer(start: pointer, count: 1),
        epoch: epoch, step: step)
    }
  }

  /// Tells the sink a step has ended.
  func stepDidEnd(step: Int) {
    guard failure == nil else { return }
    do {
      try sink.stepDidEnd(step: step)
    } catch {
      failure = error
    }
  }
}
