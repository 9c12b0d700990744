/// The buffers one batch size needs for a forward and a backward pass.
///
/// Every matrix lives in one zeroed allocation made when the workspace is
/// created, and is reused every step, so training allocates nothing in its
/// inner loop. Each starts on a 64-byte boundary (a cache line) and owns the
/// padding up to the next one (its ``MatrixBuffer/capacity``). Index `l` is
/// the layer (0 for the inputs); entries that a layer does not have are empty.
final class Workspace {
  /// Rows of every per-sample matrix.
  let batch: Int
  /// `a⁽ˡ⁾`, m × n_l; index 0 holds the batch's inputs.
  let activations: [MatrixBuffer]
  /// `z⁽ˡ⁾`, m × n_l; index 0 unused.
  let preActivations: [MatrixBuffer]
  /// `δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾` per sample, m × n_l; index 0 unused.
  let deltas: [MatrixBuffer]
  /// `∂L/∂W⁽ˡ⁾`, n_{l−1} × n_l; index 0 unused.
  let weightGradients: [MatrixBuffer]
  /// `∂L/∂b⁽ˡ⁾`, 1 × n_l; index 0 unused.
  let biasGradients: [MatrixBuffer]
  /// `W⁽ˡ⁾ᵀ`, n_l × n_{l−1}, copied before the backward pass so that `δ·Wᵀ` reads rows.
  let transposedWeights: [MatrixBuffer]
  /// The batch's targets, m × n_L.
  let targets: MatrixBuffer
  /// Each sample's loss, m × 1.
  let losses: MatrixBuffer
  /// Two rows of scratch space, one for each half of a split pass (``scratch(_:)``).
  let scratch: MatrixBuffer
  /// The data rows whose inputs and targets `activations[0]` and `targets` hold, in order; `nil`
  /// before the first batch. A full batch in data order is copied in once, not every step.
  var heldRows: ArraySlice<Int>?

  private let memory: UnsafeMutableRawPointer

  init(sizes: [Int], batch: Int) {
    self.batch = batch
    let alignment = 64
    let stride = MatrixBuffer.block
    // Shapes first, as (rows, cols), in the order the memory is laid out.
    var shapes: [(Int, Int)] = []
    for l in sizes.indices { shapes.append((batch, sizes[l])) }  // activations
    for l in sizes.indices { shapes.append(l == 0 ? (0, 0) : (batch, sizes[l])) }  // preActivations
    for l in sizes.indices { shapes.append(l == 0 ? (0, 0) : (batch, sizes[l])) }  // deltas
    for l in sizes.indices { shapes.append(l == 0 ? (0, 0) : (sizes[l - 1], sizes[l])) }  // weightGradients
    for l in sizes.indices { shapes.append(l == 0 ? (0, 0) : (1, sizes[l])) }  // biasGradients
    for l in sizes.indices { shapes.append(l == 0 ? (0, 0) : (sizes[l], sizes[l - 1])) }  // transposedWeights
    let outputs = sizes[sizes.count - 1]
    shapes += [(batch, outputs), (batch, 1), (2, sizes.max() ?? 0)]
    var offsets: [Int] = []
    var total = 0
    for (rows, cols) in shapes {
      offsets.append(total)
      total += (rows * cols + stride - 1) / stride * stride
    }
    let byteCount = Swift.max(total, 1) * MemoryLayout<Double>.stride
    memory = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: alignment)
    let base = memory.initializeMemory(as: Double.self, repeating: 0, count: Swift.max(total, 1))
    let buffers = zip(shapes, offsets).map { shape, offset in
      MatrixBuffer(base: base + offset, rows: shape.0, cols: shape.1)
    }
    let layers = sizes.count
    activations = Array(buffers[0..<layers])
    preActivations = Array(buffers[layers..<(2 * layers)])
    deltas = Array(buffers[(2 * layers)..<(3 * layers)])
    weightGradients = Array(buffers[(3 * layers)..<(4 * layers)])
    biasGradients = Array(buffers[(4 * layers)..<(5 * layers)])
    transposedWeights = Array(buffers[(5 * layers)..<(6 * layers)])
    targets = buffers[6 * layers]
    losses = buffers[6 * layers + 1]
    scratch = buffers[6 * layers + 2]
  }

  /// A row of scratch space for each half of a split pass (0 or 1).
  func scratch(_ part: Int) -> MatrixBuffer {
    MatrixBuffer(base: scratch.base + part * scratch.cols, rows: 1, cols: scratch.cols)
  }

  /// The batch's rows in two halves for two threads, split at a multiple of eight rows (so that
  /// each half's block loops stay in its own rows); `nil` for a batch of fewer than 16 rows.
  var halves: (Range<Int>, Range<Int>)? {
    guard batch >= 16 else { return nil }
    let split = batch / 16 * 8
    return (0..<split, split..<batch)
  }

  deinit {
    memory.deallocate()
  }
}
