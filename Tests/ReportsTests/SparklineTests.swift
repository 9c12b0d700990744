import Reports
import Testing

@Suite struct SparklineTests {
  @Test func lowestIsTheShortestBlockAndHighestTheTallest() {
    #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
    #expect(Sparkline.render([7, 0]) == "█▁")
  }

  @Test func longSeriesAreAveragedIntoBuckets() {
    let values = (0..<1000).map(Double.init)
    let line = Sparkline.render(values, width: 10)
    #expect(line.count == 10)
    #expect(line.first == "▁" && line.last == "█")
    #expect(Sparkline.bucketMeans([1, 3, 5, 7], count: 2) == [2, 6])
  }

  @Test func nanIsSkippedAndAnEmptyBucketIsBlank() {
    #expect(Sparkline.render([1, .nan, 3]) == "▁ █")
    #expect(Sparkline.render([]) == "")
    #expect(Sparkline.render([2, 2, 2]) == "▁▁▁")
  }
}
