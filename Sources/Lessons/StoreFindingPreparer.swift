import LessonFormat
import TraceStore

/// Prepares findings against an empty database of the trace schema (``QueryPreparation``).
public struct StoreFindingPreparer: FindingPreparer {
  /// A preparer.
  public init() {}

  /// The named parameters `sql` uses.
  public func parameters(of sql: String) throws(FindingPreparationError) -> [String] {
    do {
      return try QueryPreparation.prepare(sql).parameters
    } catch let error as TraceStoreError {
      throw FindingPreparationError(error.message)
    } catch {
      throw FindingPreparationError("\(error)")
    }
  }
}

extension FindingPreparer where Self == StoreFindingPreparer {
  /// The store's preparer: `LessonParser.parseParts(text, file: …, findings: .store)`.
  public static var store: StoreFindingPreparer { StoreFindingPreparer() }
}
