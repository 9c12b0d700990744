/// A multi-layer perceptron of any depth: dense layers, a loss, and the two passes.
///
/// Layer `l` (1…L) maps the activations of layer `l − 1` (layer 0 is the input)
/// to its own:
/// ```
/// forward:   z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f⁽ˡ⁾(z⁽ˡ⁾)
/// backward:  δ⁽ᴸ⁾ = ∂L/∂a⁽ᴸ⁾ ⊙ f′(z⁽ᴸ⁾)                   (output layer)
///            δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ) ⊙ f′(z⁽ˡ⁾)          (chain rule, hidden layers)
///            ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ / m,   ∂L/∂b⁽ˡ⁾ = Σ δ⁽ˡ⁾ / m
/// ```
/// which is the seed's `dz = da * f'(z)`, `dW = (1/m) * a.T @ dz`.
public struct MLP: Sendable, Equatable {
  /// The layers with weights, 1…L (stored 0-based).
  public var layers: [DenseLayer]
  /// The per-sample loss.
  public let loss: Loss

  /// A network from its layers; each layer's inputs must match the units below.
  public init(layers: [DenseLayer], loss: Loss) {
    precondition(!layers.isEmpty, "an MLP needs at least one layer")
    for l in 1..<layers.count {
      precondition(
        layers[l].inputs == layers[l - 1].units,
        "layer \(l + 1) takes \(layers[l].inputs) inputs but layer \(l) has \(layers[l - 1].units) units")
    }
    self.layers = layers
    self.loss = loss
  }

  /// A network with weights drawn by `initializer` and zero biases.
  public init(
    sizes: [Int], activations: [Activation], loss: Loss, initializer: Initializer,
    random: inout RandomSource
  ) {
    precondition(
      sizes.count == activations.count + 1,
      "\(sizes.count) layer sizes need \(sizes.count - 1) activations, got \(activations.count)")
    var layers: [DenseLayer] = []
    for l in 1..<sizes.count {
      let w = initializer.weights(inputs: sizes[l - 1], units: sizes[l], random: &random)
      layers.append(
        DenseLayer(weights: w, bias: Array(repeating: 0, count: sizes[l]), activation: activations[l - 1]))
    }
    self.init(layers: layers, loss: loss)
  }

  /// Layer sizes: inputs, then the units of each layer.
  public var sizes: [Int] { [layers[0].inputs] + layers.map(\.units) }

  /// The outputs for a batch of inputs (one sample per row).
  public func predict(_ inputs: Matrix) -> Matrix {
    let workspace = Workspace(sizes: sizes, batch: inputs.rows)
    workspace.activations[0].assign(inputs)
    forward(workspace)
    return workspace.activations[layers.count].matrix
  }

  /// The mean loss over a batch.
  public func meanLoss(inputs: Matrix, targets: Matrix) -> Double {
    let workspace = Workspace(sizes: sizes, batch: inputs.rows)
    workspace.activations[0].assign(inputs)
    workspace.targets.assign(targets)
    forward(workspace)
    return computeLosses(workspace)
  }

  /// The forward pass over the batch, every layer's `z` and `a`; with `second`, each half of
  /// the batch's rows on its own thread (a row's pass never reads another row).
  func forward(_ workspace: Workspace, second: SecondThread? = nil) {
    let all = 0..<workspace.batch
    guard let second, let (top, bottom) = workspace.halves else { return forward(workspace, rows: all) }
    second.split(
      whole: { forward(workspace, rows: all) },
      halves: { part in forward(workspace, rows: part == 0 ? top : bottom) })
  }

  /// The forward pass of rows `rows` of the batch.
  private func forward(_ workspace: Workspace, rows: Range<Int>) {
    for l in 1...layers.count {
      let layer = layers[l - 1]
      let z = workspace.preActivations[l].rows(rows)
      MatrixProducts.affine(workspace.activations[l - 1].rows(rows), layer.weights, bias: layer.bias, into: z)
      layer.activation.apply(z, to: workspace.activations[l].rows(rows))
    }
  }

  /// Fills `workspace.losses` with each sample's loss and returns their mean.
  ///
  /// The loss sees the output layer's `z` as well as `a`, so that cross-entropies are exact
  /// (see ``Loss/value(activation:z:a:y:)``).
  func computeLosses(_ workspace: Workspace) -> Double {
    let (z, a) = (workspace.preActivations[layers.count], workspace.activations[layers.count])
    let activation = layers[layers.count - 1].activation
    var total = 0.0
    for r in 0..<workspace.batch {
      let value = loss.value(
        activation: activation, z: UnsafeBufferPointer(z.row(r)), a: UnsafeBufferPointer(a.row(r)),
        y: UnsafeBufferPointer(workspace.targets.row(r)))
      workspace.losses.base[r] = value
      total += value
    }
    return total / Double(workspace.batch)
  }

  /// The backward pass: every δ and the batch gradients, after ``forward(_:second:)``; with
  /// `second`, the δ of each half of the batch's rows on its own thread, then each half of every
  /// layer's weight-gradient rows (each gradient still sums over the whole batch, in order).
  func backward(_ workspace: Workspace, second: SecondThread? = nil) {
    for l in stride(from: layers.count, through: 2, by: -1) {
      MatrixProducts.transpose(layers[l - 1].weights, into: workspace.transposedWeights[l])
    }
    let all = 0..<workspace.batch
    guard let second, let (top, bottom) = workspace.halves else {
      deltas(workspace, rows: all, scratch: workspace.scratch(0))
      return gradients(workspace, part: nil)
    }
    second.split(
      whole: { deltas(workspace, rows: all, scratch: workspace.scratch(0)) },
      halves: { part in deltas(workspace, rows: part == 0 ? top : bottom, scratch: workspace.scratch(part)) })
    second.split(whole: { gradients(workspace, part: nil) }, halves: { part in gradients(workspace, part: part) })
  }

  /// Every layer's δ for rows `rows` of the batch, from the output down (a row's δ never reads another row).
  private func deltas(_ workspace: Workspace, rows: Range<Int>, scratch: MatrixBuffer) {
    let last = layers.count
    let outputLayer = layers[last - 1]
    let (z, a, delta) = (workspace.preActivations[last], workspace.activations[last], workspace.deltas[last])
    let row = UnsafeMutableBufferPointer(start: scratch.base, count: outputLayer.units)
    for r in rows {
      loss.outputDelta(
        activation: outputLayer.activation, z: UnsafeBufferPointer(z.row(r)), a: UnsafeBufferPointer(a.row(r)),
        y: UnsafeBufferPointer(workspace.targets.row(r)), scratch: row, into: delta.row(r))
    }
    for l in stride(from: last, through: 2, by: -1) {
      // da⁽ˡ⁻¹⁾ = δ⁽ˡ⁾·W⁽ˡ⁾ᵀ, then δ⁽ˡ⁻¹⁾ = da⁽ˡ⁻¹⁾ ⊙ f′(z⁽ˡ⁻¹⁾)
      let below = workspace.deltas[l - 1].rows(rows)
      MatrixProducts.backpropagate(
        workspace.deltas[l].rows(rows), transposedWeights: workspace.transposedWeights[l], into: below)
      layers[l - 2].activation.backward(
        inPlace: below, z: workspace.preActivations[l - 1].rows(rows), a: workspace.activations[l - 1].rows(rows),
        scratch: scratch)
    }
  }

  /// ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ / m and ∂L/∂b⁽ˡ⁾ = Σ δ⁽ˡ⁾ / m of every layer: whole (`part` nil), or
  /// half of each layer's weight rows (part 0 the upper half and the biases, part 1 the rest).
  private func gradients(_ workspace: Workspace, part: Int?) {
    for l in 1...layers.count {
      let inputs = layers[l - 1].inputs
      // Halves of whole 8-row tiles; a layer of fewer than 16 inputs is not split.
      let split = inputs >= 16 ? inputs / 16 * 8 : inputs
      let rows =
        switch part {
        case nil: 0..<inputs
        case 0: 0..<split
        default: split..<inputs
        }
      MatrixProducts.meanGradients(
        workspace.activations[l - 1], workspace.deltas[l], into: workspace.weightGradients[l],
        biasInto: part == 1 ? nil : workspace.biasGradients[l], inputs: rows)
    }
  }

  /// The batch gradients of the mean loss, as computed by backpropagation.
  ///
  /// - Returns: for each layer, `∂L/∂W` (n_in × n_out) and `∂L/∂b`.
  public func gradients(inputs: Matrix, targets: Matrix) -> [(weights: Matrix, bias: [Double])] {
    let workspace = Workspace(sizes: sizes, batch: inputs.rows)
    workspace.activations[0].assign(inputs)
    workspace.targets.assign(targets)
    forward(workspace)
    backward(workspace)
    return (1...layers.count).map {
      (workspace.weightGradients[$0].matrix, Array(workspace.biasGradients[$0].elements))
    }
  }
}
