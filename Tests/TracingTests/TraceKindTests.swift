import NeuralEngine
import Testing
import Tracing

@Suite struct TraceKindTests {
  @Test func codesAreUnique() {
    let codes = TraceKind.all.map(\.code)
    #expect(Set(codes).count == codes.count)
  }

  @Test func phaseAndNamePairsAreUnique() {
    let pairs = TraceKind.all.map { "\($0.phase.name)/\($0.name)" }
    #expect(Set(pairs).count == pairs.count)
  }

  /// The codes are stored on disk: once released they never change meaning.
  @Test func releasedCodesKeepTheirPhaseAndName() {
    let released: [Int: String] = [
      1: "init/w", 2: "init/b", 3: "forward/x", 4: "forward/z", 5: "forward/a", 6: "loss/y", 7: "loss/loss",
      8: "backward/error", 9: "backward/delta", 10: "backward/grad_w", 11: "backward/grad_b", 12: "update/dw",
      13: "update/db", 14: "update/w", 15: "update/b",
    ]
    let byCode = Dictionary(uniqueKeysWithValues: TraceKind.all.map { ($0.code, "\($0.phase.name)/\($0.name)") })
    for (code, meaning) in released {
      #expect(byCode[code] == meaning, "code \(code)")
    }
  }

  @Test func everyKindOfTheContractIsPresentInItsPhase() {
    let contract: Set<String> = [
      "init/w", "init/b", "forward/x", "forward/z", "forward/a", "loss/y", "loss/loss", "backward/error",
      "backward/delta", "backward/grad_w", "backward/grad_b", "update/dw", "update/db", "update/w", "update/b",
    ]
    let present = Set(TraceKind.all.map { "\($0.phase.name)/\($0.name)" })
    #expect(contract.isSubset(of: present))
  }

  @Test func phasesUseTheContractsNames() {
    // The contract's five phases, then nntrace's own for measurements between epochs.
    #expect(Phase.allCases.map(\.name) == ["init", "forward", "loss", "backward", "update", "evaluate"])
  }

  @Test func everyKindIsFoundFromItsQuantityAndPhase() throws {
    // Kinds the lessons record themselves (the run's inputs, gradient checks, evaluations) have no
    // engine quantity.
    let offered = TraceKind.all.filter { $0.code < 24 }
    #expect(offered.count == 23)
    for kind in offered {
      let quantity = try #require(Quantity(rawValue: kind.name), "no engine quantity named \(kind.name)")
      #expect(TraceKind.of(quantity, in: kind.phase) == kind)
    }
  }

  @Test func everyKindSaysWhatItMeans() {
    for kind in TraceKind.all {
      #expect(!kind.meaning.isEmpty, "kind \(kind.code)")
      #expect(kind.code > 0)
    }
  }
}
