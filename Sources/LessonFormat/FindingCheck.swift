import Yams

/// Prepares a finding's SQL against the trace schema: given by the `Lessons` target, which has the
/// store (the lesson format links no SQLite).
public protocol FindingPreparer {
  /// The named parameters `sql` uses (such as `:run`), in order of first use.
  ///
  /// - Throws: an error whose one-line `message` says why the SQL cannot be prepared.
  func parameters(of sql: String) throws(FindingPreparationError) -> [String]
}

/// Why a finding's SQL cannot be prepared: SQLite's own message.
public struct FindingPreparationError: Error {
  /// One line.
  public var message: String

  /// An error.
  public init(_ message: String) {
    self.message = message
  }
}

/// Checks a lesson's findings when the lesson is read, before anything is trained.
///
/// Each finding's SQL is prepared against an empty database of the trace
/// schema, so a misspelt column or view is reported at once; and each named
/// parameter it uses must be one the session binds: `:run` (the last part's
/// run) or `:run_NAME` for a part called NAME (`-` written `_`).
enum FindingCheck {
  /// The parameters a session binds for a lesson whose parts are called `parts` (empty for one part).
  static func parameters(parts: [String]) -> [String] {
    [":run"] + parts.map { ":run_" + $0.replacingOccurrences(of: "-", with: "_") }
  }

  /// Checks the `findings` mapping of a lesson whose parts are called `parts`
  /// (`nil` when they are not known: each finding is then only prepared).
  ///
  /// - Throws: ``LessonError`` naming the file, the finding's line and `findings.NAME`.
  static func check(_ findings: YAMLValue?, parts: [String]?, preparer: FindingPreparer) throws {
    guard let findings, case .mapping(let mapping) = findings.node else { return }
    let allowed = parts.map(parameters(parts:))
    for (key, node) in mapping {
      guard case .scalar(let name) = key, case .scalar(let sql) = node else { continue }
      let value = findings.child(node, key: name.string)
      let used: [String]
      do {
        used = try preparer.parameters(of: sql.string)
      } catch {
        throw value.error("the SQL cannot be prepared: \(error.message); expected one SELECT over the trace")
      }
      guard let allowed else { continue }
      for parameter in used where !allowed.contains(parameter) {
        throw value.error(
          "found the parameter \(parameter), which no run is bound to\(NearMiss.hint(for: parameter, among: allowed)); expected one of \(allowed.joined(separator: ", "))"
        )
      }
    }
  }
}
