import Testing

@testable import LessonFormat

@Suite struct NearMissTests {
  private let activations = ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]

  @Test func aDroppedLetterFindsTheWord() {
    #expect(NearMiss.suggestion(for: "sigmod", among: activations) == "sigmoid")
    #expect(NearMiss.suggestion(for: "percepton", among: ["perceptron", "xor-mlp"]) == "perceptron")
  }

  @Test func aBritishSpellingFindsTheAmericanKey() {
    #expect(NearMiss.suggestion(for: "optimiser", among: LessonParser.topLevelKeys) == "optimizer")
  }

  @Test func aSwapOfNeighbouringLettersIsOneEdit() {
    #expect(NearMiss.editDistance("layers", "lyaers") == 1)
    #expect(NearMiss.suggestion(for: "lyaers", among: LessonParser.topLevelKeys) == "layers")
  }

  @Test func caseIsIgnored() {
    #expect(NearMiss.suggestion(for: "Sigmoid", among: activations) == "sigmoid")
    #expect(NearMiss.suggestion(for: "RELU", among: activations) == "relu")
  }

  @Test func aWordFarFromEveryCandidateHasNoSuggestion() {
    #expect(NearMiss.suggestion(for: "banana", among: activations) == nil)
    #expect(NearMiss.suggestion(for: "x", among: ["epochs", "batch_size"]) == nil)
    #expect(NearMiss.suggestion(for: "anything", among: []) == nil)
  }

  @Test func shortWordsAllowOneEditAndLongWordsAtMostThree() {
    // "relu" is 4 letters: one edit at most.
    #expect(NearMiss.suggestion(for: "relx", among: ["relu"]) == "relu")
    #expect(NearMiss.suggestion(for: "rexx", among: ["relu"]) == nil)
    // "cross_entropy" is 13 letters: three edits at most.
    #expect(NearMiss.suggestion(for: "crossentrpy", among: ["cross_entropy"]) == "cross_entropy")
    #expect(NearMiss.suggestion(for: "crosentr", among: ["cross_entropy"]) == nil)
  }

  @Test func theClosestCandidateWins() {
    #expect(NearMiss.suggestion(for: "tanj", among: activations) == "tanh")
    #expect(NearMiss.suggestion(for: "beta", among: ["beta1", "beta", "beta2"]) == "beta")
  }

  @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    #expect(NearMiss.editDistance("", "") == 0)
    #expect(NearMiss.editDistance("", "abc") == 3)
    #expect(NearMiss.editDistance("abc", "") == 3)
    #expect(NearMiss.editDistance("kitten", "sitting") == 3)
    #expect(NearMiss.editDistance("same", "same") == 0)
  }

  @Test func editDistanceIsSymmetric() {
    let words = ["sigmoid", "sigmod", "optimizer", "optimiser", "", "relu", "lyaers", "layers"]
    for a in words {
      for b in words {
        #expect(NearMiss.editDistance(a, b) == NearMiss.editDistance(b, a), "\(a) / \(b)")
      }
    }
  }

  @Test func theHintIsAParentheticalOrNothing() {
    #expect(NearMiss.hint(for: "sigmod", among: activations) == " (did you mean 'sigmoid'?)")
    #expect(NearMiss.hint(for: "banana", among: activations) == "")
  }
}
