import Foundation

/// Small lessons that between them use every activation, loss and optimizer the narration explains.
enum FixtureLessons {
  static let perceptron = """
    title: AND
    model: perceptron
    layers: [2, 1]
    optimizer: {lr: 0.1}
    data: {inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [0], [0], [1]]}
    training: {epochs: 3}
    """

  static let xor = """
    title: XOR
    layers: [2, 2, 1]
    activations: [sigmoid, sigmoid]
    loss: bce
    optimizer: {name: sgd, lr: 0.5}
    init: {name: xavier, seed: 3}
    data: {inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]]}
    training: {epochs: 3}
    """

  static let tanhReluMomentum = """
    title: Two outputs, momentum
    layers: [3, 4, 3, 2]
    activations: [tanh, relu, linear]
    loss: mse
    optimizer: {name: momentum, lr: 0.05, beta: 0.9}
    init: {name: he, seed: 11}
    data:
      inputs: [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 1.0, 0.0], [0.0, 0.5, 1.0]]
      targets: [[1.0, -1.0], [0.5, 0.0], [-0.5, 1.0], [0.0, 0.25]]
    training: {epochs: 3, batch_size: 2}
    """

  static let leakyRMSprop = """
    title: Leaky units, RMSprop
    layers: [2, 3, 1]
    activations: [{name: leaky_relu, slope: 0.1}, sigmoid]
    loss: sse
    optimizer: {name: rmsprop, lr: 0.01}
    init: {name: normal, std: 1.0, seed: 5}
    data: {inputs: [[1.0, -2.0], [-0.5, 0.5], [2.0, 1.0]], targets: [[1.0], [0.0], [0.3]]}
    training: {epochs: 3, batch_size: 1}
    """

  static let softmaxAdam = """
    title: Three classes, Adam
    layers: [2, 4, 3]
    activations: [relu, softmax]
    loss: cross_entropy
    optimizer: {name: adam, lr: 0.01}
    init: {name: xavier, seed: 2}
    data:
      inputs: [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.5, 0.5]]
      targets: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0.8, 0]]
    training: {epochs: 3, batch_size: 3}
    """

  static let softmaxMSE = """
    title: Softmax judged by squared error
    layers: [2, 3, 3]
    activations: [tanh, softmax]
    loss: mse
    optimizer: {name: sgd, lr: 0.3}
    init: {name: uniform, limit: 0.8, seed: 9}
    data: {inputs: [[0.2, -0.4], [0.9, 0.1]], targets: [[0, 1, 0], [1, 0, 0]]}
    training: {epochs: 2}
    """

  static let softTargets = """
    title: Soft targets
    layers: [2, 2, 1]
    activations: [sigmoid, sigmoid]
    loss: bce
    optimizer: {name: sgd, lr: 1.0}
    init: {name: xavier, seed: 4}
    data: {inputs: [[1, 2], [2, -1]], targets: [[0.3], [0.9]]}
    training: {epochs: 2}
    """

  /// 12 inputs, two hidden layers of 10 and a batch of 10: every long sum is folded.
  static var wide: String {
    var inputs: [String] = []
    var targets: [String] = []
    for r in 0..<12 {
      let row = (0..<12).map { c in String(format: "%.2f", Double((r * 7 + c * 3) % 11) / 5.0 - 1.0) }
      inputs.append("[" + row.joined(separator: ", ") + "]")
      targets.append(r % 3 == 0 ? "[1, 0, 0]" : r % 3 == 1 ? "[0, 1, 0]" : "[0, 0, 1]")
    }
    return """
      title: Wide
      layers: [12, 10, 10, 3]
      activations: [sigmoid, tanh, softmax]
      loss: cross_entropy
      optimizer: {name: adam, lr: 0.01}
      init: {name: xavier, seed: 8}
      data:
        inputs: [\(inputs.joined(separator: ", "))]
        targets: [\(targets.joined(separator: ", "))]
      training: {epochs: 2, batch_size: 10}
      """
  }

  static var all: [(name: String, yaml: String)] {
    [
      ("perceptron", perceptron), ("xor", xor), ("tanh-relu-momentum", tanhReluMomentum),
      ("leaky-rmsprop", leakyRMSprop), ("softmax-adam", softmaxAdam), ("softmax-mse", softmaxMSE),
      ("soft-targets", softTargets), ("wide", wide),
    ]
  }
}
