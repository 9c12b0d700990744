import NeuralEngine
import Testing

/// ``Matrix``: row-major storage and the `[j, i]` weight layout.
struct MatrixTests {
  @Test func elementsAreStoredRowAfterRow() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(m.rows == 2 && m.cols == 3)
    #expect(m.storage == [1, 2, 3, 4, 5, 6])
    #expect(m[1, 0] == 4)
    #expect(m[0, 2] == 3)
  }

  @Test func nestedRowsRoundTrip() {
    let rows: [[Double]] = [[0.15, 0.25], [0.20, 0.30]]
    #expect(Matrix(rows).nested == rows)
    #expect(Matrix(rows).row(1) == [0.20, 0.30])
  }

  @Test func subscriptWritesTheRightElement() {
    var m = Matrix(rows: 2, cols: 2)
    m[0, 1] = 7
    #expect(m.storage == [0, 7, 0, 0])
  }

  @Test func repeatingFillsEveryElement() {
    #expect(Matrix(rows: 2, cols: 3, repeating: 1.5).storage == Array(repeating: 1.5, count: 6))
  }

  @Test func isFiniteDetectsNaNAndInfinity() {
    #expect(Matrix([[1, 2]]).isFinite)
    #expect(!Matrix([[1, .nan]]).isFinite)
    #expect(!Matrix([[-.infinity, 2]]).isFinite)
  }
}
