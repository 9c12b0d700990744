import LessonFormat
import NeuralEngine

extension RunConfiguration {
  /// The configuration of a run of `lesson`, taken from the parsed lesson as it is: what
  /// ``init(json:)`` reads back from the `config` the run stores, without writing and reading JSON.
  public init(lesson: LessonSpec) throws {
    title = lesson.title
    summary = lesson.summary
    introduction = lesson.introduction
    conclusion = lesson.findings == nil ? lesson.conclusion : nil
    model = lesson.model.rawValue
    layers = lesson.layers
    let perceptron = lesson.model == .perceptron
    activations = (0..<max(0, layers.count - 1)).map { k in
      Activation(k < lesson.activations.count ? lesson.activations[k] : perceptron ? .step : .sigmoid)
    }
    loss = lesson.loss ?? (lesson.model == .mlp ? .mse : nil)
    optimizer = Optimizer(rule: lesson.optimizer.rule ?? (lesson.model == .mlp ? .sgd : nil), lr: lesson.optimizer.lr)
    initializer = lesson.initialization.initializer.name
    seed = lesson.initialization.seed
    part = lesson.part
    partTitle = lesson.partTitle
    givesWeights = lesson.weights != nil
    let (std, limit): (Double?, Double?) =
      switch lesson.initialization.initializer {
      case .normal(let std): (std, nil)
      case .uniform(let limit): (nil, limit)
      case .zeros, .xavier, .he: (nil, nil)
      }
    initialization = Self.initialization(givesWeights: givesWeights, name: initializer, std: std, limit: limit)
    inputs = lesson.data.inputs ?? []
    targets = lesson.data.targets ?? []
    dataRows = lesson.data.csv == nil ? nil : lesson.data.rows
    epochs = lesson.training.epochs
    batchSize = lesson.training.batchSize
    shuffle = lesson.training.shuffle
    try validate()
  }
}
