import Foundation
import Testing
import TraceStore

/// Lessons 15 and 16, the seed's "real-world usage": regression and feature learning, read from the trace.
@Suite struct CurriculumRealWorldTests {
  /// Each held-out row's values of `kind` in `layer`, by row.
  private func heldOut(_ kind: String, layer: Int?, part: String? = nil, _ lesson: CurriculumRun) throws -> [Int:
    [Double]]
  {
    var rows: [Int: [Double]] = [:]
    for row in try lesson.rows(TraceFilter(kinds: [kind]), part: part) where row.layer == layer {
      if let sample = row.sample { rows[sample, default: []].append(row.value) }
    }
    return rows
  }

  @Test func theRegressionNetworkBeatsTheMeanPredictorOnHeldOutPatients() async throws {
    let lesson = try await CurriculumRuns.shared.run("diabetes-regression")
    for (part, outputLayer) in [("network", 2), ("linear", 1)] {
      let outputs = try heldOut("test_a", layer: outputLayer, part: part, lesson)
      let targets = try heldOut("test_y", layer: outputLayer, part: part, lesson)
      #expect(outputs.count == 88 && targets.count == 88, "\(part): held-out patients")
      // Targets are standardised with the training rows' statistics, so the mean predictor answers 0.
      let model = targets.keys.map { pow((outputs[$0]?[0] ?? .nan) - (targets[$0]?[0] ?? .nan), 2) }
      let mean = targets.values.map { $0[0] * $0[0] }
      let modelError = model.reduce(0, +) / Double(model.count)
      let meanError = mean.reduce(0, +) / Double(mean.count)
      #expect(modelError < 0.75 * meanError, "\(part): held-out MSE \(modelError) against the mean's \(meanError)")
    }
    let deviation = try #require(try lesson.rows(TraceFilter(kinds: ["target_std"]), part: "network").first)
    #expect(deviation.phase == "init" && deviation.value > 70 && deviation.value < 80, "target_std \(deviation.value)")
  }

  @Test func theAutoencodersLossFallsAndItsCodesSeparateTheDigitsBetterThanChance() async throws {
    let lesson = try await CurriculumRuns.shared.run("autoencoder")
    let losses = try lesson.rows(TraceFilter(kinds: ["train_loss"])).sorted { $0.epoch < $1.epoch }.map(\.value)
    #expect(losses.count == 5)
    #expect((losses.last ?? .nan) < (losses.first ?? .nan), "reconstruction loss by epoch: \(losses)")

    let codes = try heldOut("test_a", layer: 2, lesson)
    let classes = try heldOut("test_class", layer: nil, lesson).mapValues { Int($0[0]) }
    #expect(codes.count == 359 && classes.count == 359)
    #expect(codes.values.allSatisfy { $0.count == 2 }, "the bottleneck has two units")
    // Nearest class centre of the 2-D codes: a plain measure of how well the codes separate the digits.
    var sums: [Int: (u: Double, v: Double, n: Double)] = [:]
    for (sample, code) in codes {
      let digit = classes[sample] ?? -1
      let sum = sums[digit] ?? (0, 0, 0)
      sums[digit] = (sum.u + code[0], sum.v + code[1], sum.n + 1)
    }
    let centres = sums.mapValues { (u: $0.u / $0.n, v: $0.v / $0.n) }
    let right = codes.filter { sample, code in
      let nearest = centres.min { a, b in
        pow(code[0] - a.value.u, 2) + pow(code[1] - a.value.v, 2) < pow(code[0] - b.value.u, 2)
          + pow(code[1] - b.value.v, 2)
      }
      return nearest?.key == classes[sample]
    }.count
    let accuracy = Double(right) / Double(codes.count)
    #expect(centres.count == 10)
    #expect(accuracy > 0.3, "nearest-centre accuracy \(accuracy); chance is 0.1")

    // Answering the training images' average (0 in every standardised pixel) scores the mean of y² on the
    // held-out images: below 1, since pixels that are constant over the training images are only centred.
    let targets = try lesson.rows(TraceFilter(kinds: ["test_y"])).map(\.value)
    #expect(targets.count == 359 * 64)
    let meanImage = targets.reduce(0) { $0 + $1 * $1 } / Double(targets.count)
    #expect(meanImage < 1, "the average image scores \(meanImage)")
    let text = try lesson.conclusionText()
    #expect(text.contains("for every one would score \(String(format: "%.3f", meanImage)))"), "\(text)")
  }
}
