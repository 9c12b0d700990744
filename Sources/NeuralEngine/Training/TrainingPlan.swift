/// How to walk through the data: epochs, batches and order.
public struct TrainingPlan: Sendable, Equatable {
  /// Passes over the data.
  public var epochs: Int
  /// Samples per optimizer step; `nil` means the whole data set at once.
  public var batchSize: Int?
  /// Whether to reorder the samples at the start of each epoch.
  public var shuffle: Bool
  /// Seeds the shuffling.
  public var seed: UInt64

  /// A plan.
  public init(epochs: Int, batchSize: Int? = nil, shuffle: Bool = false, seed: UInt64 = 0) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.seed = seed
  }

  /// The batches of one epoch: consecutive runs of `order`, the last possibly shorter.
  public func batches(of order: [Int]) -> [ArraySlice<Int>] {
    let size = batchSize(samples: order.count)
    return stride(from: 0, to: order.count, by: size).map {
      order[$0..<Swift.min($0 + size, order.count)]
    }
  }

  /// Rows per batch for a data set of `samples` rows: `batchSize`, at most `samples`, at least 1.
  public func batchSize(samples: Int) -> Int {
    Swift.max(1, Swift.min(batchSize ?? samples, samples))
  }

  /// The order of the rows in every epoch of a data set of `samples` rows, as ``MLPTrainer`` takes
  /// them: a fresh permutation from ``shuffleSource()`` at the start of each epoch when shuffling;
  /// data order, in every epoch, otherwise.
  public func epochOrders(samples: Int) -> [[Int]] {
    guard shuffle else { return Array(repeating: Array(0..<samples), count: epochs) }
    var shuffler = shuffleSource()
    return (0..<epochs).map { _ in shuffler.permutation(samples) }
  }

  /// The random source that shuffles: the run's seed on a stream of its own,
  /// so that shuffling does not change the initial weights drawn from the same seed.
  public func shuffleSource() -> RandomSource {
    RandomSource(seed: seed ^ 0x5348_5546_464C_4521)
  }
}
