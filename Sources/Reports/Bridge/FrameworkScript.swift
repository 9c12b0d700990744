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

  /// `text` as a Python string literal in double quotes, safe in code and in a comment: backslash,
  /// quote and every control character (line feed and carriage return included), the Unicode
  /// line and paragraph separators and the bidirectional overrides escaped, so it stays one token
  /// of one line and reads as it is. Every string from the database reaches a script through here.
  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where Self.mustEscape(scalar):
        let hex = String(scalar.value, radix: 16)
        out +=
          scalar.value <= 0xFF
          ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
          : "\\u" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  private static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
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
