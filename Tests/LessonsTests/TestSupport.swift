import Foundation
import Lessons
// Temporary directories and the package root, for every file of this target.
@_exported import TestSupport

// Helpers shared by the Lessons tests: the package's own lessons/ folder and lesson texts to
// start from.

/// The repository's `lessons/` folder.
let lessonsDirectory = packageRoot.appendingPathComponent("lessons").path

/// The example lesson of the contract (contracts.md, section 2), verbatim.
let contractExample = """
  title: One step of backpropagation, by hand
  model: mlp                         # mlp | perceptron
  layers: [2, 2, 1]                  # sizes: inputs, hidden…, outputs
  activations: [sigmoid, sigmoid]    # one per weight layer
  loss: sse                          # mse | sse | bce | cross_entropy (mlp only)
  optimizer: {name: sgd, lr: 0.5}    # sgd | momentum | rmsprop | adam, with their hyper-parameters
  init: {name: xavier, seed: 7}      # used where `weights` is absent
  weights:                           # optional: explicit initial parameters, one entry per weight layer
    - w: [[0.30, -0.20], [-0.10, 0.40]]
      b: [0.10, -0.10]
    - w: [[0.50], [-0.60]]
      b: [0.20]
  data:
    inputs: [[1.0, 2.0], [0.5, -1.0]]
    targets: [[1.0], [0.0]]
  training: {epochs: 1, batch_size: 1, shuffle: false}

  """

/// A valid MLP lesson of 15 numbered lines, for tests that break one line at a time.
let numberedMLPLines = [
  "title: Table test",  // 1
  "layers: [2, 2, 1]",  // 2
  "activations: [sigmoid, sigmoid]",  // 3
  "loss: sse",  // 4
  "optimizer: {name: sgd, lr: 0.5}",  // 5
  "init: {name: xavier, seed: 7}",  // 6
  "weights:",  // 7
  "  - w: [[0.30, -0.20], [-0.10, 0.40]]",  // 8
  "    b: [0.10, -0.10]",  // 9
  "  - w: [[0.50], [-0.60]]",  // 10
  "    b: [0.20]",  // 11
  "data:",  // 12
  "  inputs: [[1.0, 2.0], [0.5, -1.0]]",  // 13
  "  targets: [[1.0], [0.0]]",  // 14
  "training: {epochs: 1, batch_size: 1, shuffle: false}",  // 15
]

/// A valid perceptron lesson of 8 numbered lines.
let numberedPerceptronLines = [
  "title: Perceptron table test",  // 1
  "model: perceptron",  // 2
  "layers: [2, 1]",  // 3
  "optimizer: {lr: 0.1}",  // 4
  "data:",  // 5
  "  inputs: [[0, 0], [1, 1]]",  // 6
  "  targets: [[0], [1]]",  // 7
  "training: {epochs: 3}",  // 8
]

/// `lines` with some lines (1-based) replaced; a replaced line is never removed, so numbering stays.
func lesson(_ lines: [String], replacing replacements: [Int: String] = [:]) -> String {
  lines.enumerated().map { replacements[$0.offset + 1] ?? $0.element }.joined(separator: "\n") + "\n"
}

/// The valid MLP lesson with some lines replaced.
func mlpLesson(_ replacements: [Int: String] = [:]) -> String {
  lesson(numberedMLPLines, replacing: replacements)
}

/// The valid perceptron lesson with some lines replaced.
func perceptronLesson(_ replacements: [Int: String] = [:]) -> String {
  lesson(numberedPerceptronLines, replacing: replacements)
}
