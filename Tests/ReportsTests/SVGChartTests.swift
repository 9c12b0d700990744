import Foundation
import FoundationXML
import Reports
import Testing

@Suite struct SVGChartTests {
  func chart(_ count: Int) -> SVGChart {
    SVGChart(
      title: "Loss <per> step", xLabel: "step (updates)", yLabel: "loss (nats)",
      series: [
        SVGChart.Series(name: "a & b", points: (0..<count).map { (x: Double($0), y: 1 / Double($0 + 1)) }),
        SVGChart.Series(name: "flat", points: (0..<count).map { (x: Double($0), y: 0.5) }),
      ])
  }

  @Test func parsesAsXMLWithAnSvgRootAndItsLabels() throws {
    let svg = chart(50).render()
    let document = try XMLDocument(xmlString: svg)
    let root = try #require(document.rootElement())
    #expect(root.name == "svg")
    let texts = (try root.nodes(forXPath: "//*[local-name()='text']")).compactMap(\.stringValue)
    #expect(texts.contains("Loss <per> step"))
    #expect(texts.contains("step (updates)"))
    #expect(texts.contains("loss (nats)"))
    #expect(texts.contains("a & b"))
    #expect(try root.nodes(forXPath: "//*[local-name()='polyline']").count == 2)
  }

  @Test func longSeriesAreThinnedSoFilesStaySmall() {
    let small = chart(100).render()
    let large = chart(200_000).render()
    #expect(large.utf8.count < 30_000, "\(large.utf8.count) bytes")
    #expect(large.utf8.count < small.utf8.count * 6)
  }

  @Test func theSameDataGivesTheSameBytes() {
    #expect(chart(300).render() == chart(300).render())
  }

  @Test func valuesSpanningDecadesGetALogarithmicAxis() {
    let series = [SVGChart.Series(name: "g", points: (0..<10).map { (x: Double($0), y: pow(10, -Double($0))) })]
    #expect(SVGChart(title: "t", xLabel: "x", yLabel: "y", series: series).logarithmic)
    #expect(SVGChart(title: "t", xLabel: "x", yLabel: "y", series: series).render().contains("(log scale)"))
    let flat = [SVGChart.Series(name: "g", points: [(0, 1), (1, 2)])]
    #expect(!SVGChart(title: "t", xLabel: "x", yLabel: "y", series: flat).logarithmic)
  }
}
