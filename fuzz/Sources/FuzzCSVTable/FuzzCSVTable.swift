import Foundation
@_spi(Fuzzing) import LessonFormat

/// One input: a first byte that chooses how the lesson reads the file, then the bytes of a CSV file.
///
/// Bits of the first byte: 0 header, 1 standardize, 2 standardize_targets, 3 label (else
/// target_columns), 4–5 the number of inputs (1–4), 6 a held-out share of 0.25, 7 two outputs
/// (else one). The features are the first columns, the label or targets the next.
/// Reading must end in a data set or a ``LessonError`` whose description is one line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVTable(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  let choice = bytes[0]
  let inputs = Int((choice >> 4) & 3) + 1
  let outputs = choice & 0x80 != 0 ? 2 : 1
  var spec = DataSpec(inputs: [], targets: nil)
  spec.inputs = nil
  spec.csv = "fuzz.csv"
  spec.header = choice & 1 != 0
  spec.standardize = choice & 2 != 0
  spec.standardizeTargets = choice & 4 != 0
  spec.features = Array(0..<inputs)
  if choice & 8 != 0 {
    spec.label = inputs
  } else {
    spec.targetColumns = Array(inputs..<inputs + outputs)
  }
  spec.testFraction = choice & 0x40 != 0 ? 0.25 : 0
  do {
    let dataset = try Dataset.load(
      csv: Data(bytes.dropFirst()), spec: spec, layers: [inputs, outputs], seed: 7)
    if dataset.inputs.cols != inputs || dataset.targets.cols != outputs {
      fatalError("a data set of the wrong shape: \(dataset.inputs.cols) → \(dataset.targets.cols)")
    }
  } catch let error as LessonError {
    if error.description.contains("\n") { fatalError("a message of more than one line: \(error.description)") }
  } catch {
    fatalError("reading threw something other than a LessonError: \(error)")
  }
  return 0
}
