/// Finds the intended word behind a typo, for "did you mean" hints.
enum NearMiss {
  /// The candidate closest to `word` by edit distance, if it is close enough
  /// to be a plausible typo (at most a third of its length, and at most 3 edits).
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let length = lowered.count
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      // Lengths further apart than the largest distance accepted (3) cannot be a typo: skip the
      // quadratic comparison, which a key of a million characters would make take seconds.
      guard abs(length - candidate.count) <= 3 else { continue }
      let distance = editDistance(lowered, candidate.lowercased())
      if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    guard let best, best.distance <= max(1, min(3, best.candidate.count / 3)) else { return nil }
    return best.candidate
  }

  /// `" (did you mean 'x'?)"`, or an empty string.
  static func hint(for word: String, among candidates: [String]) -> String {
    suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
  }

  /// Levenshtein distance, counting an adjacent transposition as one edit.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previousPrevious[j - 2] + 1)
        }
      }
      previousPrevious = previous
      previous = current
    }
    return previous[b.count]
  }
}
