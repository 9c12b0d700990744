import Reports
import Testing

@Suite struct NumberFormatTests {
  @Test func valuesHaveSixDecimalsAndTheMinusSign() {
    #expect(NumberFormat.value(0.5498339973) == "0.549834")
    #expect(NumberFormat.value(-0.063) == "−0.063000")
    #expect(NumberFormat.value(0.0012345) == "0.001234" || NumberFormat.value(0.0012345) == "0.001235")
  }

  @Test func wholeNumbersPrintExactlyAndZeroIsZero() {
    #expect(NumberFormat.value(1) == "1")
    #expect(NumberFormat.value(-2) == "−2")
    #expect(NumberFormat.value(0) == "0")
    #expect(NumberFormat.value(-0.0) == "0")
    #expect(NumberFormat.value(1.0000001) == "1.000000")
  }

  @Test func smallAndHugeValuesUseSixSignificantFigures() {
    #expect(NumberFormat.value(3.14159265e-9) == "3.14159e-09")
    #expect(NumberFormat.value(-0.000868324) == "−8.68324e-04")
    #expect(NumberFormat.value(12_345_678.9) == "1.23457e+07")
  }

  @Test func nanAndInfinityAreSpelledOut() {
    #expect(NumberFormat.value(.nan) == "NaN")
    #expect(NumberFormat.value(.infinity) == "∞")
    #expect(NumberFormat.value(-.infinity) == "−∞")
  }

  @Test func settingsPrintTheShortestExactDecimal() {
    #expect(NumberFormat.setting(0.5) == "0.5")
    #expect(NumberFormat.setting(1e-8) == "1e-08")
    #expect(NumberFormat.setting(0.999) == "0.999")
    #expect(NumberFormat.setting(2) == "2")
    #expect(NumberFormat.setting(-0.01) == "−0.01")
  }

  @Test func shortValuesKeepFourSignificantFigures() {
    #expect(NumberFormat.short(0.693147) == "0.6931")
    #expect(NumberFormat.short(1500) == "1500")
    #expect(NumberFormat.short(0.5) == "0.5")
    #expect(NumberFormat.short(1e-4) == "1e-04")
    #expect(NumberFormat.short(-2.5e-7) == "−2.5e-07")
  }

  @Test func countsGroupThousands() {
    #expect(NumberFormat.count(160_009) == "160,009")
    #expect(NumberFormat.count(999) == "999")
    #expect(NumberFormat.count(1_000_000) == "1,000,000")
  }

  @Test func latexSpellsMinusAndPowersOfTen() {
    #expect(NumberFormat.latex("−0.063000") == "-0.063000")
    #expect(NumberFormat.latex("−8.68324e-04") == "-8.68324 \\times 10^{-4}")
    #expect(NumberFormat.latex("1e-08") == "10^{-8}")
  }
}
