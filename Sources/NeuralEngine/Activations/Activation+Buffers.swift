/// The activation applied to a whole batch at once, one matrix per call.
///
/// Every activation but `softmax` acts on each element alone, so a batch is
/// one long row: the loops below run over all `m × n` elements, in whole
/// blocks of eight (a workspace pads every buffer to a multiple of eight), with
/// the choice of function made once, outside the loop. The compiler turns each
/// block into vector instructions, the engine's ``Exponential`` included. `softmax` couples the units of a
/// row and goes row by row. The arithmetic is that of ``value(_:)``,
/// ``derivative(z:a:)`` and ``backward(da:z:a:into:)``, element for element.
extension Activation {
  /// `a = f(z)` for every element of a batch.
  func apply(_ z: MatrixBuffer, to a: MatrixBuffer) {
    precondition(z.rows == a.rows && z.cols == a.cols, "apply: z is \(z.rows)×\(z.cols), a is \(a.rows)×\(a.cols)")
    let (zs, out) = (z.base, a.base)
    let blocks = Swift.min(z.capacity, a.capacity) / MatrixBuffer.block
    switch self {
    case .sigmoid: forEachElement(blocks) { out[$0] = Sigmoid.value(zs[$0]) }
    case .tanh: forEachElement(blocks) { out[$0] = HyperbolicTangent.value(zs[$0]) }
    case .relu: forEachElement(blocks) { out[$0] = ReLU.value(zs[$0]) }
    case .leakyReLU(let slope): forEachElement(blocks) { out[$0] = LeakyReLU.value(zs[$0], slope: slope) }
    case .linear: forEachElement(blocks) { out[$0] = zs[$0] }
    case .step: forEachElement(blocks) { out[$0] = Step.value(zs[$0]) }
    case .softmax:
      // Softmax.apply, reordered only across rows: every row's z − max z, then all the
      // exponentials in one vectorised pass, then each row's sum (in order) and division.
      for r in 0..<z.rows { Softmax.shift(UnsafeBufferPointer(z.row(r)), to: a.row(r)) }
      forEachElement(blocks) { out[$0] = fastExp(out[$0]) }
      for r in 0..<a.rows { Softmax.normalize(a.row(r)) }
    }
  }

  /// The chain rule through the activation for a whole batch, in place: `δ ← da ⊙ f′(z)`.
  ///
  /// `delta` holds `da = ∂L/∂a` on entry and `δ = ∂L/∂z` on return; `scratch`
  /// must hold one row (softmax needs a copy of `da` while it writes `δ`).
  func backward(inPlace delta: MatrixBuffer, z: MatrixBuffer, a: MatrixBuffer, scratch: MatrixBuffer) {
    precondition(
      delta.rows == a.rows && delta.cols == a.cols && z.rows == a.rows && z.cols == a.cols,
      "backward: δ is \(delta.rows)×\(delta.cols), z is \(z.rows)×\(z.cols), a is \(a.rows)×\(a.cols)")
    let (d, zs, outputs) = (delta.base, z.base, a.base)
    let blocks = Swift.min(delta.capacity, z.capacity, a.capacity) / MatrixBuffer.block
    switch self {
    case .sigmoid: forEachElement(blocks) { d[$0] *= Sigmoid.derivative(a: outputs[$0]) }
    case .tanh: forEachElement(blocks) { d[$0] *= HyperbolicTangent.derivative(a: outputs[$0]) }
    case .relu: forEachElement(blocks) { d[$0] *= ReLU.derivative(zs[$0]) }
    case .leakyReLU(let slope): forEachElement(blocks) { d[$0] *= LeakyReLU.derivative(zs[$0], slope: slope) }
    case .linear: break
    case .step: forEachElement(blocks) { d[$0] *= Step.derivative(zs[$0]) }
    case .softmax:
      precondition(scratch.count >= a.cols, "backward: softmax needs a scratch row of \(a.cols)")
      let da = UnsafeMutableBufferPointer(start: scratch.base, count: a.cols)
      for r in 0..<a.rows {
        _ = da.update(fromContentsOf: delta.row(r))
        Softmax.backward(
          da: UnsafeBufferPointer(da), a: UnsafeBufferPointer(a.row(r)), into: delta.row(r))
      }
    }
  }

  /// Calls `body` for every index of `blocks` whole blocks of eight, in order.
  ///
  /// The count is a multiple of the vector width, so the compiler's vector loop
  /// covers every element and its scalar remainder never runs.
  @inline(__always)
  private func forEachElement(_ blocks: Int, _ body: (Int) -> Void) {
    for k in 0..<(blocks &* MatrixBuffer.block) { body(k) }
  }
}
