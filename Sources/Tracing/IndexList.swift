/// A set of non-negative indices written as a list of numbers and ranges, e.g. `0,2,5-9`.
///
/// Used to pick the samples (data rows) and layers a run records. The text
/// form is what `--samples` and `--layers` take and what `description` gives
/// back, normalised: sorted, merged, and without duplicates.
public struct IndexList: Sendable, Hashable, CustomStringConvertible {
  /// Sorted, disjoint, non-adjacent closed ranges.
  public private(set) var ranges: [ClosedRange<Int>]

  /// The indices in `ranges`, merged.
  public init(_ ranges: [ClosedRange<Int>]) {
    var merged: [ClosedRange<Int>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
        merged[merged.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    self.ranges = merged
  }

  /// Parses `0,2,5-9` (spaces allowed around numbers).
  ///
  /// - Returns: `nil` for text that is not such a list (empty, negative, a
  ///   reversed range such as `9-5`, or anything but digits, commas and hyphens).
  public init?(parsing text: String) {
    var ranges: [ClosedRange<Int>] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map(Self.trimmed)
      guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isDigit) }),
        let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]), low <= high
      else { return nil }
      ranges.append(low...high)
    }
    self.init(ranges)
  }

  /// Whether `index` is in the list.
  public func contains(_ index: Int) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      let range = ranges[middle]
      if index < range.lowerBound {
        high = middle - 1
      } else if index > range.upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }

  /// How many of `0..<limit` are in the list.
  public func count(below limit: Int) -> Int {
    ranges.reduce(0) { total, range in
      total + Swift.max(0, Swift.min(range.upperBound + 1, limit) - range.lowerBound)
    }
  }

  /// The largest index, if any.
  public var last: Int? { ranges.last?.upperBound }

  private static func trimmed(_ text: Substring) -> Substring {
    guard let start = text.firstIndex(where: { $0 != " " }), let end = text.lastIndex(where: { $0 != " " }) else {
      return ""
    }
    return text[start...end]
  }

  private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

  /// The normalised text form, e.g. `0,2,5-9`.
  public var description: String {
    ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
  }
}
