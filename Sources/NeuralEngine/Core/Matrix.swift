/// A dense matrix of `Double`s stored flat, row after row.
///
/// Element `(r, c)` lives at `storage[r * cols + c]`. A weight matrix of a layer
/// with `n_in` inputs and `n_out` units has `n_in` rows and `n_out` columns, so
/// `self[j, i]` is the weight from unit `j` of the layer below to unit `i`
/// (the seed's `X @ W` convention).
public struct Matrix: Sendable, Equatable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let cols: Int
  /// The elements, row-major: `rows * cols` of them.
  public var storage: [Double]

  /// A matrix with every element set to `value`.
  public init(rows: Int, cols: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && cols >= 0, "Matrix shape must be non-negative, got \(rows)×\(cols)")
    self.rows = rows
    self.cols = cols
    self.storage = Array(repeating: value, count: rows * cols)
  }

  /// A matrix over existing row-major storage.
  public init(rows: Int, cols: Int, storage: [Double]) {
    precondition(
      storage.count == rows * cols,
      "Matrix \(rows)×\(cols) needs \(rows * cols) elements, got \(storage.count)")
    self.rows = rows
    self.cols = cols
    self.storage = storage
  }

  /// A matrix from nested rows, which must all have the same length.
  public init(_ nested: [[Double]]) {
    let cols = nested.first?.count ?? 0
    for (r, row) in nested.enumerated() {
      precondition(row.count == cols, "Row \(r) has \(row.count) elements, expected \(cols)")
    }
    self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 })
  }

  /// The element at row `r`, column `c`.
  @inlinable
  public subscript(r: Int, c: Int) -> Double {
    get { storage[r * cols + c] }
    set { storage[r * cols + c] = newValue }
  }

  /// Row `r` as a new array.
  public func row(_ r: Int) -> [Double] {
    Array(storage[(r * cols)..<((r + 1) * cols)])
  }

  /// The rows as nested arrays.
  public var nested: [[Double]] {
    (0..<rows).map(row)
  }

  /// Whether every element is finite (neither NaN nor infinite).
  public var isFinite: Bool {
    storage.allSatisfy(\.isFinite)
  }
}
