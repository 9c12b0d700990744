import Foundation
import NeuralEngine

// Helpers shared by the NeuralEngine tests: a recording observer, fixture
// loading, numerical differentiation, and wrappers around the engine's
// pointer-based activation and loss functions.

/// One value the engine offered to an observer, copied.
struct ObservedValue {
  var quantity: Quantity
  var phase: Phase
  var layer: Int?
  var values: Matrix
  var samples: [Int]?
  var position: StepPosition
}

/// A ``TrainingObserver`` that keeps a copy of everything it is offered, in order.
final class RecordingObserver: TrainingObserver {
  /// Every value offered, in the order offered.
  private(set) var records: [ObservedValue] = []
  /// Every `stepDidEnd` call, in order.
  private(set) var stepEnds: [(position: StepPosition, loss: Double)] = []
  /// `observe` and `stepDidEnd` calls interleaved, as `(quantity, phase, layer)` or `nil` for a step's end.
  private(set) var events: [(quantity: Quantity, phase: Phase, layer: Int?)?] = []

  func interest(at position: StepPosition) -> Interest { .everything }

  func trainingWillStart(_ parameters: StepValues) {
    observe(parameters)
  }

  func observe(_ step: StepValues) {
    step.forEachValue { value, matrix in
      records.append(
        ObservedValue(
          quantity: value.quantity, phase: value.phase, layer: value.layer, values: matrix.matrix,
          samples: value.perSample ? Array(step.samples) : nil, position: step.position))
      events.append((value.quantity, value.phase, value.layer))
    }
  }

  func stepDidEnd(at position: StepPosition, loss: Double) {
    stepEnds.append((position, loss))
    events.append(nil)
  }

  /// The records of `quantity` in `phase` (and `layer`, when given), in order.
  func records(_ quantity: Quantity, phase: Phase, layer: Int? = nil) -> [ObservedValue] {
    records.filter { $0.quantity == quantity && $0.phase == phase && (layer == nil || $0.layer == layer) }
  }

  /// The single record of `quantity` in `phase` for `layer` at `step`.
  func value(_ quantity: Quantity, phase: Phase, layer: Int?, step: Int) -> Matrix? {
    records.first {
      $0.quantity == quantity && $0.phase == phase && $0.layer == layer && $0.position.step == step
    }?.values
  }
}

// MARK: - Tolerances

/// The relative error used by every finite-difference check:
/// `|a − n| / max(|a| + |n|, 1e-8)`, 0 when both are 0.
func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
  abs(analytic - numeric) / max(abs(analytic) + abs(numeric), 1e-8)
}

/// Whether `a` and `b` agree elementwise to within `tolerance`, absolutely.
func allClose(_ a: [Double], _ b: [Double], absolute tolerance: Double) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

/// The largest absolute elementwise difference (infinite if the shapes differ).
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
  guard a.count == b.count else { return .infinity }
  return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// The central difference `(f(x + h) − f(x − h)) / 2h`.
func centralDifference(at x: Double, step h: Double, _ f: (Double) -> Double) -> Double {
  (f(x + h) - f(x - h)) / (2 * h)
}

// MARK: - Wrappers around the pointer-based API

/// `f(z)` of a whole row (softmax included).
func apply(_ activation: Activation, _ z: [Double]) -> [Double] {
  var a = Array(repeating: 0.0, count: z.count)
  z.withUnsafeBufferPointer { z in
    a.withUnsafeMutableBufferPointer { a in activation.apply(z, to: a) }
  }
  return a
}

/// `dz = da ⊙ f′(z)` of a row (the Jacobian product for softmax).
func backward(_ activation: Activation, da: [Double], z: [Double]) -> [Double] {
  let a = apply(activation, z)
  var dz = Array(repeating: 0.0, count: z.count)
  da.withUnsafeBufferPointer { da in
    z.withUnsafeBufferPointer { z in
      a.withUnsafeBufferPointer { a in
        dz.withUnsafeMutableBufferPointer { dz in activation.backward(da: da, z: z, a: a, into: dz) }
      }
    }
  }
  return dz
}

/// The loss of one sample.
func lossValue(_ loss: Loss, a: [Double], y: [Double]) -> Double {
  a.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { y in loss.value(a: a, y: y) } }
}

/// `∂L/∂a` of one sample.
func lossGradient(_ loss: Loss, a: [Double], y: [Double]) -> [Double] {
  var da = Array(repeating: 0.0, count: a.count)
  a.withUnsafeBufferPointer { a in
    y.withUnsafeBufferPointer { y in
      da.withUnsafeMutableBufferPointer { da in loss.gradient(a: a, y: y, into: da) }
    }
  }
  return da
}

/// `δ = ∂L/∂z` of an output layer for one sample, as the engine computes it.
func outputDelta(_ loss: Loss, activation: Activation, z: [Double], y: [Double]) -> [Double] {
  let a = apply(activation, z)
  var scratch = Array(repeating: 0.0, count: z.count)
  var delta = Array(repeating: 0.0, count: z.count)
  z.withUnsafeBufferPointer { z in
    a.withUnsafeBufferPointer { a in
      y.withUnsafeBufferPointer { y in
        scratch.withUnsafeMutableBufferPointer { scratch in
          delta.withUnsafeMutableBufferPointer { delta in
            loss.outputDelta(activation: activation, z: z, a: a, y: y, scratch: scratch, into: delta)
          }
        }
      }
    }
  }
  return delta
}

// MARK: - Building networks and trainers

/// The parameter sizes an ``Optimizer`` needs for `network`: weights then bias, layer by layer
/// (slot `2·(l − 1)` and `2·(l − 1) + 1`, as ``MLPTrainer`` uses them).
func parameterSizes(of network: MLP) -> [Int] {
  network.layers.flatMap { [$0.weights.storage.count, $0.bias.count] }
}

/// A trainer with a fresh optimizer of `kind` over `network`.
func makeTrainer(
  _ network: MLP, kind: OptimizerKind = .sgd, learningRate: Double, inputs: Matrix, targets: Matrix,
  plan: TrainingPlan
) -> MLPTrainer {
  let optimizer = Optimizer(kind: kind, learningRate: learningRate, parameterSizes: parameterSizes(of: network))
  return MLPTrainer(network: network, optimizer: optimizer, inputs: inputs, targets: targets, plan: plan)
}

/// A matrix of `rows × cols` values uniform on `[low, high)`.
func uniformMatrix(rows: Int, cols: Int, low: Double, high: Double, random: inout RandomSource) -> Matrix {
  var m = Matrix(rows: rows, cols: cols)
  for k in 0..<m.storage.count { m.storage[k] = low + (high - low) * random.nextUnit() }
  return m
}

// MARK: - Fixtures

/// The JSON fixtures written by `tools/make_seed_fixtures.py`, read from the source tree.
///
/// They are not declared as resources (the package manifest is not this
/// target's to change), so they are found from this file's own path.
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // NeuralEngineTests
    .appendingPathComponent("Fixtures")

  static func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
    let data = try Data(contentsOf: directory.appendingPathComponent(name))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: data)
  }
}

/// A fixture matrix: the decimals, and the exact bits as `float.hex()` strings.
struct FixtureMatrix: Decodable {
  var values: [[Double]]
  var hex: [[String]]

  /// The matrix from its exact hexadecimal form (NaN for a string that is not a number, which fails any comparison).
  var exact: Matrix {
    Matrix(hex.map { row in row.map { Double($0) ?? .nan } })
  }

  /// The values as a bias vector (the seed keeps biases as 1 × n arrays).
  var exactRow: [Double] {
    exact.storage
  }
}

/// Whether every ReLU-type unit's pre-activation is at least `margin` from 0 for every row of
/// `inputs`: finite differences across a kink measure neither side's derivative.
func isClearOfKinks(_ network: MLP, inputs: Matrix, margin: Double) -> Bool {
  for (l, layer) in network.layers.enumerated() {
    switch layer.activation {
    case .relu, .leakyReLU:
      // z of layer l: the layers below it, then this layer's affine map alone.
      var below = Array(network.layers.prefix(l + 1))
      below[l] = DenseLayer(weights: layer.weights, bias: layer.bias, activation: .linear)
      let z = MLP(layers: below, loss: .sse).predict(inputs)
      if z.storage.contains(where: { abs($0) < margin }) { return false }
    default:
      continue
    }
  }
  return true
}
