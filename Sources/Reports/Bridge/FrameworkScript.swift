import TraceStore

/// A complete Python script that builds a recorded run's network in PyTorch, Keras or the
/// seed's own NumPy, with the run's exact initial weights and training rows, trains it the
/// same way, and checks its first steps against the trace as it goes.
///
/// Everything comes from the database: the resolved lesson stored with the run, and the
/// inputs every run records whatever its capture (``RunSnapshot``: the training rows, the
/// initial parameters, the order of shuffled rows). Numbers are written with Swift's shortest
/// round-trip representation, which Python reads back as the same doubles; every string from
/// the database goes through ``PythonLiteral/string(_:)``.
public enum FrameworkScript {
  /// The frameworks nntrace can write a script for.
  public enum Framework: String, CaseIterable, Sendable {
    /// PyTorch, in the idiom of the seed's `class Net(nn.Module)`.
    case pytorch
    /// Keras 3 on any backend (JAX, TensorFlow, PyTorch), in the idiom of the seed's `Sequential`.
    case keras
    /// The seed's from-scratch NumPy `MLP` (or its `Perceptron`), generalised to the run.
    case numpy
  }

  /// The PyTorch script for run `id` with its data rows and initial weights left out, to show in a
  /// report next to nntrace's own numbers; `nil` for runs that have no PyTorch equivalent.
  public static func pytorchSketch(run id: Int64, database: TraceDatabase) -> String? {
    guard let snapshot = try? RunSnapshot(database: database, run: id, requiresValues: false), snapshot.model == .mlp
    else { return nil }
    return PyTorchScript(snapshot: snapshot, brief: true).text
  }

  /// The script for run `id`.
  ///
  /// - Throws: ``TraceStoreError`` when the run is missing, is not an MLP, or did not record
  ///   its initial parameters and data.
  public static func render(run id: Int64, database: TraceDatabase, as framework: Framework) throws -> String {
    let snapshot = try RunSnapshot(database: database, run: id)
    if snapshot.model == .perceptron {
      guard framework == .numpy else {
        throw TraceStoreError(
          "Run \(id) is a perceptron: its step activation has no gradient and it updates by the rule w ← w + lr·(y − ŷ)·x, not by backpropagation, so \(framework.rawValue) has no equivalent. `nntrace export \(id) --as numpy` writes it as the seed's Perceptron class."
        )
      }
      return PerceptronScript(snapshot: snapshot).text
    }
    switch framework {
    case .pytorch: return PyTorchScript(snapshot: snapshot).text
    case .keras: return KerasScript(snapshot: snapshot).text
    case .numpy: return NumPyScript(snapshot: snapshot).text
    }
  }
}

/// Python literals for numbers and nested lists.
enum PythonLiteral {
  /// A double, exactly (shortest round-trip form); `float("nan")` and `float("inf")` for the others.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "float(\"nan\")" : (x < 0 ? "-float(\"inf\")" : "float(\"inf\")") }
    if x == x.rounded() && abs(x) < 1e15 { return String(format: "%.1f", x) }
    return "\(x)"
  }

  /// `text` as a Python string literal, safe in code and in a comment (one token of one line, every
  /// control character, line break and bidirectional override escaped): ``TextSafety/pythonString(_:)``.
  /// Every string from the database reaches a script through here.
  static func string(_ text: String) -> String {
    TextSafety.pythonString(text)
  }

  /// `[a, b, c]`.
  static func list(_ values: [Double]) -> String {
    "[" + values.map(number).joined(separator: ", ") + "]"
  }

  /// Rows, one a line, indented.
  static func rows(_ rows: [[Double]], indent: String) -> String {
    "[\n" + rows.map { indent + "    " + list($0) + ",\n" }.joined() + indent + "]"
  }

  /// `[1, 2, 3]` for integers.
  static func integers(_ values: [Int]) -> String {
    "[" + values.map(String.init).joined(separator: ", ") + "]"
  }
}
