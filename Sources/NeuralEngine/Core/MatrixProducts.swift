/// The three matrix products of a dense layer, on flat row-major buffers.
///
/// All three are one operation, `out = L·B` with `B` row-major:
/// ```
/// forward    z = a·W + b        L = a   (m × k)   B = W  (k × n)
/// backward   da = δ·Wᵀ          L = δ   (m × n)   B = Wᵀ (n × k), copied once per step
/// gradient   ∂L/∂W = aᵀ·δ / m   L = aᵀ  (k × m)   B = δ  (m × n); aᵀ is read from a's rows
/// ```
/// `L` is addressed through two strides, so `aᵀ` needs no copy: its element
/// `(p, r)` is `a[r·k + p]`.
///
/// Every element of `out` is summed over the inner index in order from 0,
/// `((0 + l₀b₀) + l₁b₁) + …`, with the bias added or the mean taken after the
/// sum, exactly as the textbook triple loop does; the kernel only chooses which
/// sums are in flight together. Results are therefore bit for bit those of the
/// plain loops, whatever the tiling and whichever thread computes a tile.
///
/// The kernel keeps a tile of 8 rows × 8 columns of `out` in registers (eight
/// `SIMD8<Double>` accumulators) while it walks the inner index: per step one
/// 8-wide load of `B`, eight broadcasts of `L`, 64 multiplies and 64 adds, and
/// no memory traffic for `out`. Eight independent sums hide the latency of the
/// additions. Columns left over are done 4 at a time, then one at a time
/// (eight rows' sums in one vector); rows left over one at a time. All pointers are checked
/// against the shapes once, by the preconditions of the entry points, so the
/// loops index raw memory with no bounds checks, and their index arithmetic
/// (`&*`, `&+`) needs no overflow checks: every index is below `rows × cols` of
/// a matrix that exists.
enum MatrixProducts {
  /// The register tile's row of 8 doubles.
  typealias Vector8 = SIMD8<Double>
  /// Half a tile row, for leftover columns.
  typealias Vector4 = SIMD4<Double>

  /// `out = x·w + b`, the bias added to each row after the sum (the seed's `X @ W + b`).
  ///
  /// `x` is m × k, `w` is k × n, `out` is m × n.
  static func affine(_ x: MatrixBuffer, _ w: Matrix, bias: [Double], into out: MatrixBuffer) {
    precondition(
      x.cols == w.rows && out.rows == x.rows && out.cols == w.cols && bias.count == w.cols,
      "affine: x is \(x.rows)×\(x.cols), w is \(w.rows)×\(w.cols), bias \(bias.count), out \(out.rows)×\(out.cols)"
    )
    w.storage.withUnsafeBufferPointer { w in
      bias.withUnsafeBufferPointer { bias in
        guard let w = w.baseAddress, let bias = bias.baseAddress else { return }
        multiply(
          Operand(x.base, rowStride: x.cols, innerStride: 1), w, rows: x.rows, inner: x.cols, cols: out.cols,
          into: out.base, epilogue: .addBias(bias))
      }
    }
  }

  /// `out = (aᵀ·d) / m` and `biasOut = (Σ_rows d) / m`: the batch-mean gradients.
  ///
  /// `a` is m × k, `d` is m × n, `out` is k × n, `biasOut` is 1 × n. Only the rows `inputs` of
  /// `out` are computed (all of them by default), and the bias only if `biasOut` is given.
  static func meanGradients(
    _ a: MatrixBuffer, _ d: MatrixBuffer, into out: MatrixBuffer, biasInto biasOut: MatrixBuffer?,
    inputs: Range<Int>? = nil
  ) {
    let inputs = inputs ?? 0..<a.cols
    precondition(
      a.rows == d.rows && out.rows == a.cols && out.cols == d.cols && (biasOut?.count ?? d.cols) == d.cols
        && inputs.lowerBound >= 0 && inputs.upperBound <= a.cols,
      "meanGradients: a is \(a.rows)×\(a.cols), d is \(d.rows)×\(d.cols), out \(out.rows)×\(out.cols), rows \(inputs)")
    let count = Double(a.rows)
    if !inputs.isEmpty {
      multiply(
        Operand(a.base + inputs.lowerBound, rowStride: 1, innerStride: a.cols), d.base, rows: inputs.count,
        inner: a.rows, cols: d.cols, into: out.base + inputs.lowerBound * out.cols, epilogue: .divide(count))
    }
    guard let biasOut else { return }
    let (m, n) = (d.rows, d.cols)
    let bias = biasOut.base
    for c in 0..<n { bias[c] = 0 }
    for r in 0..<m {
      let row = d.base + r * n
      for c in 0..<n { bias[c] += row[c] }
    }
    for c in 0..<n { bias[c] /= count }
  }

  /// `out = d·wᵀ`: the gradient with respect to the layer's inputs, with `wᵀ` already transposed.
  ///
  /// `d` is m × n, `wT` is n × k (the weights transposed), `out` is m × k.
  static func backpropagate(_ d: MatrixBuffer, transposedWeights wT: MatrixBuffer, into out: MatrixBuffer) {
    precondition(
      d.cols == wT.rows && out.rows == d.rows && out.cols == wT.cols,
      "backpropagate: d is \(d.rows)×\(d.cols), wᵀ is \(wT.rows)×\(wT.cols), out \(out.rows)×\(out.cols)")
    multiply(
      Operand(d.base, rowStride: d.cols, innerStride: 1), wT.base, rows: d.rows, inner: d.cols, cols: wT.cols,
      into: out.base, epilogue: .none)
  }

  /// Copies `w` (k × n) into `out` as `wᵀ` (n × k), a block of 8 × 8 at a time so both sides stay in cache.
  static func transpose(_ w: Matrix, into out: MatrixBuffer) {
    precondition(
      out.rows == w.cols && out.cols == w.rows,
      "transpose: w is \(w.rows)×\(w.cols), out \(out.rows)×\(out.cols)")
    let (k, n) = (w.rows, w.cols)
    w.storage.withUnsafeBufferPointer { w in
      guard let w = w.baseAddress else { return }
      for p0 in stride(from: 0, to: k, by: 8) {
        for c0 in stride(from: 0, to: n, by: 8) {
          for p in p0..<Swift.min(p0 + 8, k) {
            for c in c0..<Swift.min(c0 + 8, n) { out.base[c * k + p] = w[p * n + c] }
          }
        }
      }
    }
  }

  // MARK: - The kernel

  /// The left operand `L`: element `(i, p)` is `base[i·rowStride + p·innerStride]`.
  struct Operand {
    let base: UnsafePointer<Double>
    let rowStride: Int
    let innerStride: Int

    init(_ base: UnsafeMutablePointer<Double>, rowStride: Int, innerStride: Int) {
      self.base = UnsafePointer(base)
      self.rowStride = rowStride
      self.innerStride = innerStride
    }

    /// `L[i, p]`.
    @inline(__always)
    subscript(i: Int, p: Int) -> Double {
      base[i &* rowStride &+ p &* innerStride]
    }
  }

  /// What happens to each finished sum before it is stored.
  enum Epilogue {
    /// Stored as it is.
    case none
    /// `sum + bias[c]`.
    case addBias(UnsafePointer<Double>)
    /// `sum / divisor`.
    case divide(Double)

    @inline(__always)
    func apply(_ sum: Vector8, column c: Int) -> Vector8 {
      switch self {
      case .none: sum
      case .addBias(let bias): sum + load8(bias + c)
      case .divide(let divisor): sum / Vector8(repeating: divisor)
      }
    }

    @inline(__always)
    func apply(_ sum: Vector4, column c: Int) -> Vector4 {
      switch self {
      case .none: sum
      case .addBias(let bias): sum + load4(bias + c)
      case .divide(let divisor): sum / Vector4(repeating: divisor)
      }
    }

    @inline(__always)
    func apply(_ sum: Double, column c: Int) -> Double {
      switch self {
      case .none: sum
      case .addBias(let bias): sum + bias[c]
      case .divide(let divisor): sum / divisor
      }
    }
  }

  /// `out[i, c] = epilogue(Σ_p L[i, p] · b[p·cols + c])` for `i < rows`, `c < cols`, `p < inner`.
  static func multiply(
    _ l: Operand, _ b: UnsafePointer<Double>, rows: Int, inner: Int, cols: Int,
    into out: UnsafeMutablePointer<Double>, epilogue: Epilogue
  ) {
    var i = 0
    while i + 8 <= rows {
      multiplyEightRows(l, b, row: i, inner: inner, cols: cols, into: out, epilogue: epilogue)
      i += 8
    }
    while i < rows {
      multiplyOneRow(l, b, row: i, inner: inner, cols: cols, into: out, epilogue: epilogue)
      i += 1
    }
  }

  /// Rows `i…i+7` of the product: eight accumulators for each block of columns.
  @inline(__always)
  private static func multiplyEightRows(
    _ l: Operand, _ b: UnsafePointer<Double>, row i: Int, inner: Int, cols: Int,
    into out: UnsafeMutablePointer<Double>, epilogue: Epilogue
  ) {
    var c = 0
    while c + 8 <= cols {
      var s = (Vector8(), Vector8(), Vector8(), Vector8(), Vector8(), Vector8(), Vector8(), Vector8())
      for p in 0..<inner {
        let bp = load8(b + (p &* cols &+ c))
        s.0 += l[i, p] * bp
        s.1 += l[i + 1, p] * bp
        s.2 += l[i + 2, p] * bp
        s.3 += l[i + 3, p] * bp
        s.4 += l[i + 4, p] * bp
        s.5 += l[i + 5, p] * bp
        s.6 += l[i + 6, p] * bp
        s.7 += l[i + 7, p] * bp
      }
      store(epilogue.apply(s.0, column: c), at: out + i * cols + c)
      store(epilogue.apply(s.1, column: c), at: out + (i + 1) * cols + c)
      store(epilogue.apply(s.2, column: c), at: out + (i + 2) * cols + c)
      store(epilogue.apply(s.3, column: c), at: out + (i + 3) * cols + c)
      store(epilogue.apply(s.4, column: c), at: out + (i + 4) * cols + c)
      store(epilogue.apply(s.5, column: c), at: out + (i + 5) * cols + c)
      store(epilogue.apply(s.6, column: c), at: out + (i + 6) * cols + c)
      store(epilogue.apply(s.7, column: c), at: out + (i + 7) * cols + c)
      c += 8
    }
    if c + 4 <= cols {
      var s = (Vector4(), Vector4(), Vector4(), Vector4(), Vector4(), Vector4(), Vector4(), Vector4())
      for p in 0..<inner {
        let bp = load4(b + (p &* cols &+ c))
        s.0 += l[i, p] * bp
        s.1 += l[i + 1, p] * bp
        s.2 += l[i + 2, p] * bp
        s.3 += l[i + 3, p] * bp
        s.4 += l[i + 4, p] * bp
        s.5 += l[i + 5, p] * bp
        s.6 += l[i + 6, p] * bp
        s.7 += l[i + 7, p] * bp
      }
      store(epilogue.apply(s.0, column: c), at: out + i * cols + c)
      store(epilogue.apply(s.1, column: c), at: out + (i + 1) * cols + c)
      store(epilogue.apply(s.2, column: c), at: out + (i + 2) * cols + c)
      store(epilogue.apply(s.3, column: c), at: out + (i + 3) * cols + c)
      store(epilogue.apply(s.4, column: c), at: out + (i + 4) * cols + c)
      store(epilogue.apply(s.5, column: c), at: out + (i + 5) * cols + c)
      store(epilogue.apply(s.6, column: c), at: out + (i + 6) * cols + c)
      store(epilogue.apply(s.7, column: c), at: out + (i + 7) * cols + c)
      c += 4
    }
    while c < cols {
      // One column: the eight rows' sums are eight independent scalar chains, in one vector.
      var s = Vector8()
      for p in 0..<inner {
        let lp = Vector8(
          l[i, p], l[i + 1, p], l[i + 2, p], l[i + 3, p], l[i + 4, p], l[i + 5, p], l[i + 6, p], l[i + 7, p])
        s += lp * b[p &* cols &+ c]
      }
      for r in 0..<8 { out[(i + r) * cols + c] = epilogue.apply(s[r], column: c) }
      c += 1
    }
  }

  /// Row `i` of the product.
  @inline(__always)
  private static func multiplyOneRow(
    _ l: Operand, _ b: UnsafePointer<Double>, row i: Int, inner: Int, cols: Int,
    into out: UnsafeMutablePointer<Double>, epilogue: Epilogue
  ) {
    var c = 0
    while c + 8 <= cols {
      var s = Vector8()
      for p in 0..<inner { s += l[i, p] * load8(b + (p &* cols &+ c)) }
      store(epilogue.apply(s, column: c), at: out + i * cols + c)
      c += 8
    }
    if c + 4 <= cols {
      var s = Vector4()
      for p in 0..<inner { s += l[i, p] * load4(b + (p &* cols &+ c)) }
      store(epilogue.apply(s, column: c), at: out + i * cols + c)
      c += 4
    }
    while c < cols {
      var s = 0.0
      for p in 0..<inner { s += l[i, p] * b[p &* cols &+ c] }
      out[i * cols + c] = epilogue.apply(s, column: c)
      c += 1
    }
  }

  @inline(__always)
  private static func load8(_ p: UnsafePointer<Double>) -> Vector8 {
    UnsafeRawPointer(p).loadUnaligned(as: Vector8.self)
  }

  @inline(__always)
  private static func load4(_ p: UnsafePointer<Double>) -> Vector4 {
    UnsafeRawPointer(p).loadUnaligned(as: Vector4.self)
  }

  @inline(__always)
  private static func store(_ v: Vector8, at p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector8.self)
  }

  @inline(__always)
  private static func store(_ v: Vector4, at p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector4.self)
  }
}
