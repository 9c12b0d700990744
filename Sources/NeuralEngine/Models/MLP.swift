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

  /// The forward pass over the batch in `workspace.activations[0]`: for each layer,
  /// `z = a·W + b`, then `a = f(z)`.
  func forward(_ workspace: Workspace) {
    for l in 1...layers.count {
      let layer = layers[l - 1]
      MatrixProducts.affine(
        workspace.activations[l - 1], layer.weights, bias: layer.bias, into: workspace.preActivations[l])
      layer.activation.apply(workspace.preActivations[l], to: workspace.activations[l])
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

  /// The backward pass: every δ and the batch gradients, after ``forward(_:)``.
  func backward(_ workspace: Workspace) {
    let last = layers.count
    let outputLayer = layers[last - 1]
    let (z, a, delta) = (workspace.preActivations[last], workspace.activations[last], workspace.deltas[last])
    let scratch = UnsafeMutableBufferPointer(start: workspace.scratch.base, count: outputLayer.units)
    for r in 0..<workspace.batch {
      loss.outputDelta(
        activation: outputLayer.activation, z: UnsafeBufferPointer(z.row(r)), a: UnsafeBufferPointer(a.row(r)),
        y: UnsafeBufferPointer(workspace.targets.row(r)), scratch: scratch, into: delta.row(r))
    }
    for l in stride(from: last, through: 1, by: -1) {
      // ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ / m,  ∂L/∂b⁽ˡ⁾ = Σ δ⁽ˡ⁾ / m
      MatrixProducts.meanGradients(
        workspace.activations[l - 1], workspace.deltas[l], into: workspace.weightGradients[l],
        biasInto: workspace.biasGradients[l])
      guard l > 1 else { break }
      // da⁽ˡ⁻¹⁾ = δ⁽ˡ⁾·W⁽ˡ⁾ᵀ, then δ⁽ˡ⁻¹⁾ = da⁽ˡ⁻¹⁾ ⊙ f′(z⁽ˡ⁻¹⁾)
      MatrixProducts.transpose(layers[l - 1].weights, into: workspace.transposedWeights[l])
      MatrixProducts.backpropagate(
        workspace.deltas[l], transposedWeights: workspace.transposedWeights[l], into: workspace.deltas[l - 1])
      layers[l - 2].activation.backward(
        inPlace: workspace.deltas[l - 1], z: workspace.preActivations[l - 1], a: workspace.activations[l - 1],
        scratch: workspace.scratch)
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
