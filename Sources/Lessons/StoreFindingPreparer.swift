import LessonFormat
import TraceStore

/// Prepares findings against an empty database of the trace schema (``QueryPreparation``), one
/// database for all the findings it is given.
public struct StoreFindingPreparer: FindingPreparer {
  private let preparation = QueryPreparation()

  /// A preparer.
  public init() {}

  /// The named parameters `sql` uses.
  public func parameters(of sql: String) throws(FindingPreparationError) -> [String] {
    do {
      return try preparation.prepare(sql).parameters
    } catch let error as TraceStoreError {
      throw FindingPreparationError(error.message)
    } catch {
      throw FindingPreparationError("\(error)")
    }
  }
}

extension FindingPreparer where Self == StoreFindingPreparer {
  /// A new preparer of the store, for one lesson: `LessonParser.parseParts(text, file: …, findings: .store)`.
  public static var store: StoreFindingPreparer { StoreFindingPreparer() }
}
