/// A `rows × cols` matrix laid out row-major in memory that someone else owns.
///
/// Element `(r, c)` is at `base[r * cols + c]`, as in ``Matrix``. A ``Workspace``
/// carves all of its matrices out of one allocation and hands them out as
/// buffers: reading or writing one costs no reference counting, no
/// copy-on-write check and no exclusivity check, which is what the inner
/// loops of training need. A buffer is only valid while its owner lives.
struct MatrixBuffer {
  /// The first element.
  let base: UnsafeMutablePointer<Double>
  /// Number of rows.
  let rows: Int
  /// Number of columns.
  let cols: Int
  /// Elements that may be read and written from `base`: `count` rounded up to a multiple of
  /// ``MatrixBuffer/block``. Element-wise loops run over whole blocks and never need a scalar
  /// remainder; what they leave in the padding is never read.
  let capacity: Int

  /// The width of an element-wise block: eight doubles, one 512-bit vector.
  static let block = 8

  init(base: UnsafeMutablePointer<Double>, rows: Int, cols: Int) {
    self.base = base
    self.rows = rows
    self.cols = cols
    self.capacity = (rows * cols + Self.block - 1) / Self.block * Self.block
  }

  /// Number of elements, `rows * cols`.
  var count: Int { rows * cols }

  /// The elements, row after row.
  var elements: UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: base, count: count)
  }

  /// Rows `range` as a buffer of their own, over the same memory.
  ///
  /// The loops that run over whole blocks of eight (``capacity``) stay inside the rows when the
  /// range starts at a row whose first element is a multiple of eight from ``base`` and, unless it
  /// runs to the last row, ends at one too: ``Workspace/halves`` splits only there.
  func rows(_ range: Range<Int>) -> MatrixBuffer {
    precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of \(rows)")
    return MatrixBuffer(base: base + range.lowerBound * cols, rows: range.count, cols: cols)
  }

  /// Row `r`.
  func row(_ r: Int) -> UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: base + r * cols, count: cols)
  }

  /// A copy, as an owned ``Matrix`` (what an observer is shown).
  var matrix: Matrix {
    Matrix(rows: rows, cols: cols, storage: Array(elements))
  }

  /// Copies `source`, which must have the same shape, into the buffer.
  func assign(_ source: Matrix) {
    precondition(
      source.rows == rows && source.cols == cols,
      "cannot copy a \(source.rows)×\(source.cols) matrix into a \(rows)×\(cols) buffer")
    source.storage.withUnsafeBufferPointer { source in
      guard let start = source.baseAddress else { return }
      base.update(from: start, count: count)
    }
  }

  /// Whether every element is finite (neither NaN nor infinite).
  var isFinite: Bool {
    elements.allSatisfy(\.isFinite)
  }
}
