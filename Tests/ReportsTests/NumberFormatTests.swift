import Testing

@testable import Reports

@Suite struct NumberFormatTests {
  @Test func ordinaryMagnitudesGetSixDecimals() {
    #expect(NumberFormat.value(0.3775) == "0.377500")
    #expect(NumberFormat.value(12.5) == "12.500000")
  }

  @Test func negativeNumbersUseTheMinusSign() {
    #expect(NumberFormat.value(-0.063) == "−0.063000")
  }

  @Test func tinyAndHugeMagnitudesUseScientificNotationSoNothingPrintsAsZero() {
    #expect(NumberFormat.value(3e-9) == "3.000000e-09")
    #expect(NumberFormat.value(-2.5e12) == "−2.500000e+12")
  }

  @Test func nonFiniteValuesAreSpelledOut() {
    #expect(NumberFormat.value(.nan) == "NaN")
    #expect(NumberFormat.value(.infinity) == "∞")
    #expect(NumberFormat.value(-.infinity) == "−∞")
  }
}
