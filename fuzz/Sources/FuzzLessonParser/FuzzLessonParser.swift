import Foundation
@_spi(Fuzzing) import LessonFormat
import NeuralEngine
import Tracing

/// The folder CSV paths in fuzzed lessons are relative to: `$NNTRACE_FUZZ_DATA`, else the working directory.
private let dataDirectory = ProcessInfo.processInfo.environment["NNTRACE_FUZZ_DATA"] ?? "."

/// A sink that keeps nothing: the recorder's own work is fuzzed, not the store's.
private final class DiscardingSink: TraceSink {
  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {}
  func stepDidEnd(step: Int) throws {}
}

/// One input: the bytes of a lesson file.
///
/// Reading it must end in lesson parts or a ``LessonError`` whose description is one line;
/// any other error, a trap, a hang or a memory error is a finding. A lesson that reads, if
/// small, is also trained for at most two epochs with every value offered to a recorder,
/// to check that what the reader accepts the engine can run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLessonParser(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  let parts: [LessonSpec]
  do {
    parts = try LessonParser.parseParts(data: data, file: "fuzz.yaml", directory: dataDirectory)
  } catch let error as LessonError {
    if error.description.contains("\n") { fatalError("a message of more than one line: \(error.description)") }
    return 0
  } catch {
    fatalError("parseParts threw something other than a LessonError: \(error)")
  }
  for var spec in parts {
    let parameters = zip(spec.layers, spec.layers.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    spec.training.epochs = min(spec.training.epochs, 2)
    let runner: LessonRunner
    do {
      runner = try LessonRunner(spec: spec, lessonName: "fuzz", directory: dataDirectory)
    } catch {
      fatalError("a lesson that read could not load its data: \(error)")
    }
    let rows = runner.dataset.inputs.rows + (runner.dataset.testInputs?.rows ?? 0)
    guard parameters * rows * spec.training.epochs <= 200_000 else { continue }
    _ = runner.train(recorder: TraceRecorder(sink: DiscardingSink()))
  }
  return 0
}
