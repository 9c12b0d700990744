/// The buffers one batch size needs for a forward and a backward pass.
///
/// Allocated once per batch size and reused every step, so training allocates
/// nothing in its inner loop. Index `l` is the layer (0 for the inputs).
final class Workspace {
  let batch: Int
  /// `a⁽ˡ⁾`, m × n_l; index 0 holds the batch's inputs.
  var activations: [Matrix]
  /// `z⁽ˡ⁾`, m × n_l; index 0 unused.
  var preActivations: [Matrix]
  /// `δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾` per sample, m × n_l; index 0 unused.
  var deltas: [Matrix]
  /// `∂L/∂W⁽ˡ⁾`, n_{l−1} × n_l; index 0 unused.
  var weightGradients: [Matrix]
  /// `∂L/∂b⁽ˡ⁾`; index 0 unused.
  var biasGradients: [[Double]]
  /// The batch's targets, m × n_L.
  var targets: Matrix
  /// Each sample's loss, m × 1.
  var losses: Matrix
  /// One row's worth of scratch space.
  var scratch: [Double]

  init(sizes: [Int], batch: Int) {
    self.batch = batch
    activations = sizes.map { Matrix(rows: batch, cols: $0) }
    preActivations = sizes.map { Matrix(rows: batch, cols: $0) }
    deltas = sizes.map { Matrix(rows: batch, cols: $0) }
    weightGradients = [Matrix(rows: 0, cols: 0)]
    biasGradients = [[]]
    for l in 1..<sizes.count {
      weightGradients.append(Matrix(rows: sizes[l - 1], cols: sizes[l]))
      biasGradients.append(Array(repeating: 0, count: sizes[l]))
    }
    targets = Matrix(rows: batch, cols: sizes[sizes.count - 1])
    losses = Matrix(rows: batch, cols: 1)
    scratch = Array(repeating: 0, count: sizes.max() ?? 0)
  }
}
