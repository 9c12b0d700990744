/// The three matrix products of a dense layer, on flat row-major buffers.
///
/// The loops are ordered so that the innermost one walks contiguous memory in
/// both operands, which lets the compiler vectorise it; shapes are checked by
/// preconditions so that the loops themselves need no bounds checks.
enum MatrixProducts {
  /// `out = x·w + b`, the bias added to each row after the sum (the seed's `X @ W + b`).
  ///
  /// `x` is m × k, `w` is k × n, `out` is m × n.
  static func affine(_ x: Matrix, _ w: Matrix, bias: [Double], into out: inout Matrix) {
    precondition(
      x.cols == w.rows && out.rows == x.rows && out.cols == w.cols && bias.count == w.cols,
      "affine: x is \(x.rows)×\(x.cols), w is \(w.rows)×\(w.cols), bias \(bias.count), out \(out.rows)×\(out.cols)"
    )
    let (m, k, n) = (x.rows, x.cols, w.cols)
    x.storage.withUnsafeBufferPointer { x in
      w.storage.withUnsafeBufferPointer { w in
        bias.withUnsafeBufferPointer { b in
          out.storage.withUnsafeMutableBufferPointer { out in
            for r in 0..<m {
              let row = UnsafeMutableBufferPointer(rebasing: out[(r * n)..<(r * n + n)])
              for c in 0..<n { row[c] = 0 }
              for p in 0..<k {
                let xv = x[r * k + p]
                let wRow = UnsafeBufferPointer(rebasing: w[(p * n)..<(p * n + n)])
                for c in 0..<n { row[c] += xv * wRow[c] }
              }
              for c in 0..<n { row[c] += b[c] }
            }
          }
        }
      }
    }
  }

  /// `out = (aᵀ·d) / m` and `biasOut = (Σ_rows d) / m`: the batch-mean gradients.
  ///
  /// `a` is m × k, `d` is m × n, `out` is k × n, `biasOut` has n values.
  static func meanGradients(
    _ a: Matrix, _ d: Matrix, into out: inout Matrix, biasInto biasOut: inout [Double]
  ) {
    precondition(
      a.rows == d.rows && out.rows == a.cols && out.cols == d.cols && biasOut.count == d.cols,
      "meanGradients: a is \(a.rows)×\(a.cols), d is \(d.rows)×\(d.cols), out \(out.rows)×\(out.cols)")
    let (m, k, n) = (a.rows, a.cols, d.cols)
    let count = Double(m)
    a.storage.withUnsafeBufferPointer { a in
      d.storage.withUnsafeBufferPointer { d in
        out.storage.withUnsafeMutableBufferPointer { out in
          biasOut.withUnsafeMutableBufferPointer { bias in
            for q in 0..<(k * n) { out[q] = 0 }
            for c in 0..<n { bias[c] = 0 }
            for r in 0..<m {
              let dRow = UnsafeBufferPointer(rebasing: d[(r * n)..<(r * n + n)])
              for p in 0..<k {
                let av = a[r * k + p]
                let outRow = UnsafeMutableBufferPointer(rebasing: out[(p * n)..<(p * n + n)])
                for c in 0..<n { outRow[c] += av * dRow[c] }
              }
              for c in 0..<n { bias[c] += dRow[c] }
            }
            for q in 0..<(k * n) { out[q] /= count }
            for c in 0..<n { bias[c] /= count }
          }
        }
      }
    }
  }

  /// `out = d·wᵀ`: the gradient with respect to the layer's inputs.
  ///
  /// `d` is m × n, `w` is k × n, `out` is m × k.
  static func backpropagate(_ d: Matrix, _ w: Matrix, into out: inout Matrix) {
    precondition(
      d.cols == w.cols && out.rows == d.rows && out.cols == w.rows,
      "backpropagate: d is \(d.rows)×\(d.cols), w is \(w.rows)×\(w.cols), out \(out.rows)×\(out.cols)")
    let (m, k, n) = (d.rows, w.rows, w.cols)
    d.storage.withUnsafeBufferPointer { d in
      w.storage.withUnsafeBufferPointer { w in
        out.storage.withUnsafeMutableBufferPointer { out in
          for r in 0..<m {
            for p in 0..<k {
              var sum = 0.0
              for c in 0..<n { sum += d[r * n + c] * w[p * n + c] }
              out[r * k + p] = sum
            }
          }
        }
      }
    }
  }
}
