import TraceStore

/// A complete Python script that builds a recorded run's network in PyTorch or Keras,
/// with the run's exact initial weights and training rows, and trains it the same way.
///
/// Everything comes from the database: the resolved lesson stored with the run, the
/// initial parameters (kinds `w` and `b` of phase `init`) and the training rows (the
/// `x` and `y` of the first epoch; with shuffling, the order of every step as well).
/// Numbers are written with Swift's shortest round-trip representation, which Python
/// reads back as the same doubles.
public enum FrameworkScript {
  /// The frameworks nntrace can write a script for.
  public enum Framework: String, CaseIterable, Sendable {
    /// PyTorch, in the idiom of the seed's `class Net(nn.Module)`.
    case pytorch
    /// TensorFlow's Keras, in the idiom of the seed's `tf.keras.Sequential`.
    case keras
  }

  /// The PyTorch script for run `id` with its data rows and initial weights left out, to show in a
  /// report next to nntrace's own numbers; `nil` for runs that have no PyTorch equivalent.
  public static func pytorchSketch(run id: Int64, database: TraceDatabase) -> String? {
    guard let snapshot = try? RunSnapshot(database: database, run: id, requiresValues: false) else { return nil }
    return PyTorchScript(snapshot: snapshot, brief: true).text
  }

  /// The script for run `id`.
  ///
  /// - Throws: ``TraceStoreError`` when the run is missing, is not an MLP, or did not record
  ///   its initial parameters and data.
  public static func render(run id: Int64, database: TraceDatabase, as framework: Framework) throws -> String {
    let snapshot = try RunSnapshot(database: database, run: id)
    switch framework {
    case .pytorch: return PyTorchScript(snapshot: snapshot).text
    case .keras: return KerasScript(snapshot: snapshot).text
    }
  }
}

/// Python literals for numbers and nested lists.
enum PythonLiteral {
  /// A double, exactly (shortest round-trip form).
  static func number(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(format: "%.1f", x) }
    return "\(x)"
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
