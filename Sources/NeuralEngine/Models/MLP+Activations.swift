extension MLP {
  /// Every layer's activations for a batch of inputs: element `l` is `a⁽ˡ⁺¹⁾`, one row per sample.
  public func layerActivations(_ inputs: Matrix) -> [Matrix] {
    let workspace = Workspace(sizes: sizes, batch: inputs.rows)
    workspace.activations[0].assign(inputs)
    forward(workspace)
    return (1...layers.count).map { workspace.activations[$0].matrix }
  }
}
