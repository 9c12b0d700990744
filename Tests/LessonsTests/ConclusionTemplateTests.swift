import Foundation
import Lessons
import Testing
import TraceStore

@Suite struct ConclusionTemplateTests {
  private func render(_ format: String, _ value: SQLValue) -> String {
    ConclusionTemplate.render("{v:\(format)}", findings: ["v": value])
  }

  @Test func placeholdersAreWordsInBracesWithAnOptionalFormat() {
    let text = "{a} and {b_2:%.2f}, not {two words} nor {} nor {c:"
    #expect(ConclusionTemplate.placeholders(in: text) == ["a", "b_2"])
    #expect(
      ConclusionTemplate.render(text, findings: ["a": .integer(1), "b_2": .real(0.126)])
        == "1 and 0.13, not {two words} nor {} nor {c:")
  }

  @Test func withoutAFormatWholeNumbersHaveNoDecimalsAndOthersSixDigits() {
    let findings: [String: SQLValue] = [
      "i": .integer(40), "w": .real(3), "r": .real(2.0 / 3), "t": .text("never"), "n": .null,
    ]
    #expect(ConclusionTemplate.render("{i} {w} {r} {t} {n}", findings: findings) == "40 3 0.666667 never n/a")
  }

  @Test func aWholeNumberConversionPrintsTheNumberNotItsBits() {
    #expect(render("%d", .integer(12)) == "12")
    #expect(render("%5d", .integer(40)) == "   40")
    #expect(render("%d", .integer(5_000_000_000)) == "5000000000")
    #expect(render("%i", .integer(-7)) == "-7")
    // A real number is rounded to the nearest whole one.
    #expect(render("%d", .real(2.5)) == "3")
    #expect(render("%d", .real(-2.4)) == "-2")
  }

  @Test func aRealConversionPrintsWholeAndRealNumbers() {
    #expect(render("%.1f", .integer(40)) == "40.0")
    #expect(render("%.2e", .real(0.000_123_4)) == "1.23e-04")
    #expect(render("%+.3g", .real(1234.5)) == "+1.23e+03")
  }

  @Test func textIgnoresTheFormat() {
    #expect(render("%.3f", .text("more than 300")) == "more than 300")
    #expect(render("%d", .null) == "n/a")
  }

  @Test(arguments: ["%s", "%@", "%n", "%.3f%s", "%lld", "%%", "abc", "%", "x%.2f", "%.2f ", "%1234d"])
  func aFormatThatIsNotOneNumberConversionIsRefusedAndNeverHandedToPrintf(format: String) {
    #expect(!ConclusionTemplate.isNumberFormat(format))
    #expect(render(format, .real(2.5)) == "2.5")
    #expect(render(format, .integer(40)) == "40")
  }

  @Test(arguments: ["%d", "%i", "%.3f", "%F", "%8.2e", "%E", "%g", "%-10.4G", "%+d", "% d", "%05.1f", "%#g"])
  func oneNumberConversionWithFlagsWidthAndPrecisionIsAccepted(format: String) {
    #expect(ConclusionTemplate.isNumberFormat(format))
  }
}
