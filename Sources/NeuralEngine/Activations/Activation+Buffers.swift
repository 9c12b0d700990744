/// The activation applied to a whole batch at once, one matrix per call.
///
/// Every activation but `softmax` acts on each element alone, so a batch is
/// one long row: the loops below run over all `m × n` elements with the
/// choice of function made once, outside the loop, which lets the compiler
/// vectorise everything but the exponentials. `softmax` couples the units of a
/// row and goes row by row. The arithmetic is that of ``value(_:)``,
/// ``derivative(z:a:)`` and ``backward(da:z:a:into:)``, element for element.
extension Activation {
  /// `a = f(z)` for every element of a batch.
  func apply(_ z: MatrixBuffer, to a: MatrixBuffer) {
    precondition(z.rows == a.rows && z.cols == a.cols, "apply: z is \(z.rows)×\(z.cols), a is \(a.rows)×\(a.cols)")
    let (zs, out, count) = (z.base, a.base, z.count)
    switch self {
    case .sigmoid: for k in 0..<count { out[k] = Sigmoid.value(zs[k]) }
    case .tanh: for k in 0..<count { out[k] = HyperbolicTangent.value(zs[k]) }
    case .relu: for k in 0..<count { out[k] = ReLU.value(zs[k]) }
    case .leakyReLU(let slope): for k in 0..<count { out[k] = LeakyReLU.value(zs[k], slope: slope) }
    case .linear: for k in 0..<count { out[k] = zs[k] }
    case .step: for k in 0..<count { out[k] = Step.value(zs[k]) }
    case .softmax:
      for r in 0..<z.rows { Softmax.apply(UnsafeBufferPointer(z.row(r)), to: a.row(r)) }
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
    let (d, zs, outputs, count) = (delta.base, z.base, a.base, delta.count)
    switch self {
    case .sigmoid: for k in 0..<count { d[k] *= Sigmoid.derivative(a: outputs[k]) }
    case .tanh: for k in 0..<count { d[k] *= HyperbolicTangent.derivative(a: outputs[k]) }
    case .relu: for k in 0..<count { d[k] *= ReLU.derivative(zs[k]) }
    case .leakyReLU(let slope): for k in 0..<count { d[k] *= LeakyReLU.derivative(zs[k], slope: slope) }
    case .linear: for k in 0..<count { d[k] *= 1 }
    case .step: for k in 0..<count { d[k] *= Step.derivative(zs[k]) }
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
}
