/// A series drawn in one line of block characters, `▁▂▃▄▅▆▇█`, for the terminal.
///
/// Long series are cut into `width` equal buckets, each drawn at its mean;
/// the lowest value maps to `▁` and the highest to `█` on a linear scale.
/// NaN values are skipped; a bucket with none is drawn as a space.
public enum Sparkline {
  static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The sparkline of `values`, at most `width` characters long.
  public static func render(_ values: [Double], width: Int = 40) -> String {
    let buckets = bucketMeans(values, count: width)
    let finite = buckets.filter { $0.isFinite }
    guard let low = finite.min(), let high = finite.max() else { return "" }
    return String(
      buckets.map { value -> Character in
        guard value.isFinite else { return " " }
        guard high > low else { return blocks[0] }
        let level = Int(((value - low) / (high - low) * Double(blocks.count - 1)).rounded())
        return blocks[max(0, min(blocks.count - 1, level))]
      })
  }

  /// The mean of each of `count` equal runs of `values` (fewer when there are fewer values).
  public static func bucketMeans(_ values: [Double], count: Int) -> [Double] {
    guard !values.isEmpty, count > 0 else { return [] }
    let buckets = min(count, values.count)
    return (0..<buckets).map { b in
      let start = b * values.count / buckets
      let end = (b + 1) * values.count / buckets
      var sum = 0.0
      var n = 0
      for value in values[start..<end] where value.isFinite {
        sum += value
        n += 1
      }
      return n == 0 ? .nan : sum / Double(n)
    }
  }
}
