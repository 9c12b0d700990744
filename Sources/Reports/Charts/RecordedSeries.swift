/// Recorded values as chart points: at their real steps, with the line broken where steps were not recorded.
///
/// A run recorded with thinning (`--every-step`, `--first-steps`, …) has
/// values at some steps only. Consecutive recorded points are joined when
/// they are no farther apart than the run's regular recording interval (the
/// largest spacing that occurs more than once, 1 if none does: `every_step 10`
/// is drawn as a line through every 10th step); a longer stretch without
/// records, such as the 598 steps between `first_steps 1` and `last_steps 1`,
/// is a gap (a NaN point, which ``SVGChart`` does not cross).
enum RecordedSeries {
  /// `points` (recorded ones, finite, in increasing x) with a NaN point wherever they are not joined.
  static func joined(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
    guard points.count > 1 else { return points }
    let interval = regularInterval(points.map(\.x))
    var out: [(x: Double, y: Double)] = [points[0]]
    for k in 1..<points.count {
      if points[k].x - points[k - 1].x > interval { out.append((x: points[k].x, y: .nan)) }
      out.append(points[k])
    }
    return out
  }

  /// The largest spacing between consecutive xs that occurs more than once; 1 if none does.
  static func regularInterval(_ xs: [Double]) -> Double {
    var counts: [Double: Int] = [:]
    for k in xs.indices.dropFirst() { counts[xs[k] - xs[k - 1], default: 0] += 1 }
    return counts.filter { $0.value > 1 }.keys.max().map { max(1, $0) } ?? 1
  }

  /// The recorded points of a per-step array (NaN where nothing was recorded), at x = step.
  static func steps(_ values: [Double]) -> [(x: Double, y: Double)] {
    joined(values.enumerated().filter { $0.element.isFinite }.map { (x: Double($0.offset), y: $0.element) })
  }

  /// Integers as ranges in words: `0, 3–5 and 599`.
  static func ranges(_ values: [Int]) -> String {
    var parts: [String] = []
    var k = 0
    let sorted = values.sorted()
    while k < sorted.count {
      var end = k
      while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
      parts.append(end == k ? "\(sorted[k])" : "\(sorted[k])–\(sorted[end])")
      k = end + 1
    }
    guard let last = parts.last else { return "" }
    return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last
  }

  /// The number of maximal runs of consecutive integers in `values`.
  static func rangeCount(_ values: [Int]) -> Int {
    let sorted = values.sorted()
    return sorted.indices.filter { $0 == 0 || sorted[$0] != sorted[$0 - 1] + 1 }.count
  }
}
