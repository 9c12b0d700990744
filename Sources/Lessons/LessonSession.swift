import Foundation
import TraceStore
import Tracing

/// A lesson as `nntrace run` runs it: each of its parts recorded as a run of its own,
/// then its conclusion filled from the trace of those runs.
public struct LessonSession {
  /// What was asked for.
  public let reference: LessonReference
  /// The parts, in order (one for most lessons).
  public let parts: [LessonSpec]

  /// Loads the lesson's parts.
  ///
  /// - Throws: ``LessonError``.
  public init(reference: LessonReference) throws {
    self.reference = reference
    parts = try LessonParser.loadParts(path: reference.path, findings: .store)
  }

  /// A session over already resolved parts.
  public init(reference: LessonReference, parts: [LessonSpec]) {
    self.reference = reference
    self.parts = parts
  }

  /// The folder the lesson's CSV paths are relative to.
  public var directory: String {
    let folder = (reference.path as NSString).deletingLastPathComponent
    return folder.isEmpty ? "." : folder
  }

  /// The named arguments a finding's SQL may use: `:run` for the last part's run,
  /// `:run_NAME` for part NAME's (with `-` written `_`).
  public func arguments(runs: [Int64]) -> [String: Int64] {
    var arguments: [String: Int64] = [:]
    for (spec, run) in zip(parts, runs) {
      if let part = spec.part { arguments["run_" + part.replacingOccurrences(of: "-", with: "_")] = run }
    }
    arguments["run"] = runs.last
    return arguments
  }

  /// The lesson's conclusion with every finding filled in from the trace of `runs` (one per part).
  ///
  /// - Throws: ``LessonError`` naming the finding whose SQL failed; ``TraceStoreError`` (reason
  ///   `interrupted`) when a signal stopped it.
  public func conclusion(database: TraceDatabase, runs: [Int64]) throws -> String? {
    guard let spec = parts.last, let text = spec.conclusion else { return nil }
    let arguments = arguments(runs: runs)
    var values: [String: SQLValue] = [:]
    for name in Set(ConclusionTemplate.placeholders(in: text)) {
      guard let sql = spec.findings?[name] else { continue }
      do {
        values[name] = try database.firstValue(of: sql, arguments: arguments)
      } catch let error as TraceStoreError where error.reason == .interrupted {
        throw error
      } catch {
        throw LessonError(
          file: reference.path, line: nil, key: "findings.\(name)",
          message: "the query failed: "
            + String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " "))
      }
    }
    return ConclusionTemplate.render(text, findings: values)
  }
}
