/// A matrix read in place from memory the engine owns: valid only during the call that offers it.
public struct MatrixView {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let cols: Int
  /// The elements, row after row: element `(r, c)` is `elements[r * cols + c]`.
  public let elements: UnsafeBufferPointer<Double>

  /// A view of `rows × cols` elements.
  public init(rows: Int, cols: Int, elements: UnsafeBufferPointer<Double>) {
    precondition(rows * cols == elements.count, "a \(rows)×\(cols) view of \(elements.count) elements")
    self.rows = rows
    self.cols = cols
    self.elements = elements
  }

  /// Row `r`.
  public func row(_ r: Int) -> UnsafeBufferPointer<Double> {
    UnsafeBufferPointer(rebasing: elements[(r * cols)..<((r + 1) * cols)])
  }

  /// A copy that outlives the call.
  public var matrix: Matrix { Matrix(rows: rows, cols: cols, storage: Array(elements)) }
}

/// What one offered value is and where training computed it.
public struct StepValue: Sendable, Equatable {
  /// The quantity.
  public var quantity: Quantity
  /// The phase that computed it.
  public var phase: Phase
  /// 0 for the inputs, 1…L for the layers with weights, `nil` for the loss.
  public var layer: Int?
  /// Whether the matrix has one row per sample of the batch, in the order of
  /// ``StepValues/samples``; otherwise it is a layer's parameters (`n_in × n_out`
  /// weights, `1 × n_out` biases) or the `1 × 1` batch loss.
  public var perSample: Bool

  /// A value of `quantity`.
  public init(_ quantity: Quantity, phase: Phase, layer: Int?, perSample: Bool) {
    self.quantity = quantity
    self.phase = phase
    self.layer = layer
    self.perSample = perSample
  }
}

/// What a step offers an observer: the values it asked for, in the order training computed them.
///
/// The values are views of the engine's working memory, read during
/// ``TrainingObserver/observe(_:)`` (copy what must outlive it). Each is
/// offered once, in order: inputs, then each layer's `z` and `a`; the targets
/// and losses; from the output layer down, each layer's `δ`, `∂L/∂W` and
/// `∂L/∂b`; then layer by layer the optimizer's state, `dw`, `w`, `db` and `b`
/// after the update.
public struct StepValues {
  /// Where in training the step is.
  public let position: StepPosition
  /// The data rows of the batch: row `r` of a per-sample matrix is data row `samples[r]`.
  public let samples: ArraySlice<Int>
  /// What is offered: the observer's interest.
  public let interest: Interest
  let source: any StepSource

  init(position: StepPosition, samples: ArraySlice<Int>, interest: Interest, source: any StepSource) {
    self.position = position
    self.samples = samples
    self.interest = interest
    self.source = source
  }

  /// Values of an engine that keeps its own (a small one, or a test's), offered in the given order.
  public init(position: StepPosition, samples: [Int], values: [(StepValue, Matrix)], interest: Interest = .everything) {
    self.init(
      position: position, samples: samples[...], interest: interest, source: OwnedStepSource(values: values))
  }

  /// Every value wanted, in the order computed.
  public func forEachValue(_ body: (StepValue, MatrixView) -> Void) {
    source.offer(interest, body)
  }

  /// The same step, offering only what `other` also wants (what a fan-out hands each of its observers).
  public func restricted(to other: Interest) -> StepValues {
    StepValues(position: position, samples: samples, interest: interest.intersection(other), source: source)
  }
}

/// Where a ``StepValues`` reads its values from.
protocol StepSource: AnyObject {
  /// Calls `body` with each value `interest` wants, in the order computed.
  func offer(_ interest: Interest, _ body: (StepValue, MatrixView) -> Void)
}

/// Values held as matrices of their own.
final class OwnedStepSource: StepSource {
  let values: [(StepValue, Matrix)]

  init(values: [(StepValue, Matrix)]) {
    self.values = values
  }

  func offer(_ interest: Interest, _ body: (StepValue, MatrixView) -> Void) {
    for (value, matrix) in values where interest.wants(value.quantity, layer: value.layer) {
      matrix.storage.withUnsafeBufferPointer {
        body(value, MatrixView(rows: matrix.rows, cols: matrix.cols, elements: $0))
      }
    }
  }
}
