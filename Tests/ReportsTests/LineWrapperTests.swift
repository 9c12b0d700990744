import Reports
import Testing

@Suite struct LineWrapperTests {
  @Test func aShortLineIsLeftAlone() {
    #expect(LineWrapper.wrap("  z = 1 + 2 = 3", width: 100) == ["  z = 1 + 2 = 3"])
  }

  @Test func aLongFormulaContinuesOnAnIndentedLineWithEveryNumber() {
    let terms = (1...30).map { "0.\($0)00000×\($0)" }.joined(separator: " + ")
    let line = "  z = " + terms + " = 46.5"
    let lines = LineWrapper.wrap(line, width: 60)
    #expect(lines.count > 1)
    #expect(lines.allSatisfy { LineWrapper.visibleCount($0) <= 60 })
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
    // Joined back at the breaks, the words are the original's, in order: nothing is cut.
    let words = lines.flatMap { $0.split(separator: " ") }
    #expect(words == line.split(separator: " "))
  }

  @Test func colourSequencesTakeNoRoom() {
    let red = "\u{1B}[31m0.500000\u{1B}[0m"
    #expect(LineWrapper.visibleCount(red) == 8)
    let line = Array(repeating: red, count: 10).joined(separator: " ")
    #expect(LineWrapper.wrap(line, width: 89) == [line])
  }

  @Test func aWordLongerThanTheWidthIsKeptWhole() {
    let word = String(repeating: "█", count: 50)
    #expect(LineWrapper.wrap("  a " + word, width: 30) == ["  a", "      " + word])
  }

  @Test func proseIsWrappedAsProseFlushWithItsFirstLine() {
    let sentence =
      "  This run recorded statistics of each step and layer (--capture summary), not every value: its epochs are summarised below."
    let lines = LineWrapper.wrap(sentence, width: 60)
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { LineWrapper.visibleCount($0) <= 60 })
    #expect(lines.allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }, "\(lines)")
    #expect(lines.flatMap { $0.split(separator: " ") } == sentence.split(separator: " "))
    // A formula still continues four spaces further in.
    #expect(
      LineWrapper.wrap("  z = " + String(repeating: "1 + ", count: 20) + "1 = 21", width: 40)[1].hasPrefix("      "))
  }
}
