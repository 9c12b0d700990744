import NeuralEngine

/// What a run will compute, as far as recording is concerned: the model's sizes, the data and the schedule.
///
/// Capture policies need it before training starts: to estimate how many
/// values a run will record, to know which step is among the last N, and to
/// know which layers use sigmoid, tanh or ReLU for the summary statistics.
public struct RunShape: Sendable, Equatable {
  /// The two kinds of model, which offer different quantities.
  public enum Model: String, Sendable, Equatable {
    /// A multi-layer perceptron: forward, loss, backward, update, per batch.
    case mlp
    /// Rosenblatt's perceptron: one update per sample, no loss and no gradient.
    case perceptron
    /// An activation lesson: one pass of every row through one function (`x`, `z`, `a`, `derivative`).
    case activation
  }

  /// Which kind of model.
  public var model: Model
  /// Layer sizes: inputs, hidden…, outputs.
  public var sizes: [Int]
  /// The activation of each weight layer.
  public var activations: [Activation]
  /// Rows of data.
  public var samples: Int
  /// Passes over the data.
  public var epochs: Int
  /// Samples per step (1 for the perceptron); the last batch of an epoch may be smaller.
  public var batchSize: Int
  /// Whether the rows are reordered each epoch.
  public var shuffle: Bool

  /// A shape.
  public init(
    model: Model, sizes: [Int], activations: [Activation], samples: Int, epochs: Int, batchSize: Int, shuffle: Bool
  ) {
    self.model = model
    self.sizes = sizes
    self.activations = activations
    self.samples = samples
    self.epochs = epochs
    self.batchSize = Swift.max(1, Swift.min(batchSize, samples))
    self.shuffle = shuffle
  }

  /// Layers with weights: `L = sizes.count − 1`.
  public var layerCount: Int { sizes.count - 1 }

  /// Steps in one epoch: `⌈samples / batchSize⌉` (the perceptron: one per sample).
  public var stepsPerEpoch: Int {
    switch model {
    case .perceptron: samples
    case .activation: 1
    case .mlp: (samples + batchSize - 1) / batchSize
    }
  }

  /// Steps in the whole run: `epochs × stepsPerEpoch`.
  public var totalSteps: Int { model == .activation ? 1 : epochs * stepsPerEpoch }

  /// The data rows of batch `index` of an epoch when the data is not shuffled.
  public func batchRows(_ index: Int) -> Range<Int> {
    let size =
      switch model {
      case .perceptron: 1
      case .activation: samples
      case .mlp: batchSize
      }
    return (index * size)..<Swift.min((index + 1) * size, samples)
  }

  /// The activation of layer `layer` (1…L), or `nil` outside that range.
  public func activation(ofLayer layer: Int) -> Activation? {
    activations.indices.contains(layer - 1) ? activations[layer - 1] : nil
  }
}
