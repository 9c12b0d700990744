import Foundation
import Lessons
import NeuralEngine
import Testing

@Suite struct LessonParserTests {
  // MARK: - Good lessons, with their defaults

  @Test func theContractsExampleParsesWithEveryValueInPlace() throws {
    let spec = try LessonParser.parse(contractExample, file: "example.yaml")

    #expect(spec.title == "One step of backpropagation, by hand")
    #expect(spec.summary == nil)
    #expect(spec.introduction == nil)
    #expect(spec.conclusion == nil)
    #expect(spec.model == .mlp)
    #expect(spec.layers == [2, 2, 1])
    #expect(spec.activations == [.sigmoid, .sigmoid])
    #expect(spec.loss == .sse)
    #expect(spec.optimizer == OptimizerSpec(rule: .sgd, lr: 0.5))
    #expect(spec.initialization == InitSpec(initializer: .xavier, seed: 7))
    let weights = try #require(spec.weights)
    #expect(weights.map(\.w) == [[[0.30, -0.20], [-0.10, 0.40]], [[0.50], [-0.60]]])
    #expect(weights.map(\.b) == [[0.10, -0.10], [0.20]])
    #expect(spec.data.inputs == [[1.0, 2.0], [0.5, -1.0]])
    #expect(spec.data.targets == [[1.0], [0.0]])
    #expect(spec.training.epochs == 1)
    #expect(spec.training.batchSize == 1)
    #expect(spec.training.shuffle == false)
  }

  @Test func theModelIsAnMLPUnlessTheLessonSaysOtherwise() throws {
    let spec = try LessonParser.parse(mlpLesson(), file: "mlp.yaml")
    #expect(spec.model == .mlp)
  }

  @Test func momentumGetsPyTorchsDefaultBeta() throws {
    let spec = try LessonParser.parse(mlpLesson([5: "optimizer: {name: momentum, lr: 0.1}"]), file: "m.yaml")
    #expect(spec.optimizer == OptimizerSpec(rule: .momentum(beta: 0.9), lr: 0.1))
  }

  @Test func rmspropGetsPyTorchsDefaultRhoAndEpsilon() throws {
    let spec = try LessonParser.parse(mlpLesson([5: "optimizer: {name: rmsprop, lr: 0.01}"]), file: "r.yaml")
    #expect(spec.optimizer.rule == .rmsprop(rho: 0.99, epsilon: 1e-8))
  }

  @Test func adamGetsPyTorchsDefaultBetasAndEpsilon() throws {
    let spec = try LessonParser.parse(mlpLesson([5: "optimizer: {name: adam, lr: 0.001}"]), file: "a.yaml")
    #expect(spec.optimizer.rule == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
  }

  @Test func givenHyperParametersOverrideTheDefaults() throws {
    let spec = try LessonParser.parse(
      mlpLesson([5: "optimizer: {name: adam, lr: 0.002, beta1: 0.8, eps: 1e-6}"]), file: "a.yaml")
    #expect(spec.optimizer == OptimizerSpec(rule: .adam(beta1: 0.8, beta2: 0.999, epsilon: 1e-6), lr: 0.002))
  }

  @Test func leakyReLUGetsASlopeOfOneHundredthUnlessGiven() throws {
    let spec = try LessonParser.parse(
      mlpLesson([3: "activations: [leaky_relu, sigmoid]"]), file: "l.yaml")
    #expect(spec.activations == [.leakyReLU(slope: 0.01), .sigmoid])

    let given = try LessonParser.parse(
      mlpLesson([3: "activations: [{name: leaky_relu, slope: 0.2}, sigmoid]"]), file: "l.yaml")
    #expect(given.activations.first == .leakyReLU(slope: 0.2))
  }

  @Test func initDefaultsToXavierWithSeedZero() throws {
    let spec = try LessonParser.parse(mlpLesson([6: "# no init"]), file: "i.yaml")
    #expect(spec.initialization == InitSpec(initializer: .xavier, seed: 0))
  }

  @Test func normalAndUniformGetTheirDefaultSpreads() throws {
    let normal = try LessonParser.parse(mlpLesson([6: "init: {name: normal}"]), file: "n.yaml")
    #expect(normal.initialization == InitSpec(initializer: .normal(std: 0.01), seed: 0))

    let uniform = try LessonParser.parse(mlpLesson([6: "init: {name: uniform, seed: 3}"]), file: "u.yaml")
    #expect(uniform.initialization == InitSpec(initializer: .uniform(limit: 0.05), seed: 3))

    let seeded = try LessonParser.parse(mlpLesson([6: "init: {seed: 9}"]), file: "s.yaml")
    #expect(seeded.initialization == InitSpec(initializer: .xavier, seed: 9))
  }

  @Test func withoutABatchSizeTheBatchIsEverySample() throws {
    let spec = try LessonParser.parse(mlpLesson([15: "training: {epochs: 3}"]), file: "b.yaml")
    #expect(spec.training.batchSize == 2)
    #expect(spec.training.epochs == 3)
    #expect(spec.training.shuffle == false)
  }

  @Test func aBatchLargerThanTheDataIsTheWholeData() throws {
    let spec = try LessonParser.parse(mlpLesson([15: "training: {epochs: 3, batch_size: 64}"]), file: "b.yaml")
    #expect(spec.training.batchSize == 2)
  }

  @Test func aPerceptronGetsTheSeedsDefaults() throws {
    let text = """
      title: Minimal perceptron
      model: perceptron
      layers: [2, 1]
      data:
        inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
        targets: [[0], [0], [0], [1]]

      """
    let spec = try LessonParser.parse(text, file: "p.yaml")
    #expect(spec.model == .perceptron)
    #expect(spec.optimizer == OptimizerSpec(rule: nil, lr: 0.01))
    #expect(spec.training.epochs == 15)
    #expect(spec.training.batchSize == 1)
    #expect(spec.training.shuffle == false)
    #expect(spec.initialization == InitSpec(initializer: .zeros, seed: 0))
    #expect(spec.activations == [.step])
    #expect(spec.loss == nil)
    #expect(spec.weights == nil)
  }

  @Test func aPerceptronMayStartFromGivenWeights() throws {
    let spec = try LessonParser.parse(
      perceptronLesson([8: "weights: [{w: [[0.5], [0.5]], b: [-0.7]}]"]), file: "p.yaml")
    #expect(spec.weights?.first?.w == [[0.5], [0.5]])
    #expect(spec.weights?.first?.b == [-0.7])
    #expect(spec.training.epochs == 15)
  }

  @Test func jsonIsAcceptedAndMeansTheSameAsYAML() throws {
    let json = """
      {
        "title": "One step of backpropagation, by hand",
        "model": "mlp",
        "layers": [2, 2, 1],
        "activations": ["sigmoid", "sigmoid"],
        "loss": "sse",
        "optimizer": {"name": "sgd", "lr": 0.5},
        "init": {"name": "xavier", "seed": 7},
        "weights": [
          {"w": [[0.30, -0.20], [-0.10, 0.40]], "b": [0.10, -0.10]},
          {"w": [[0.50], [-0.60]], "b": [0.20]}
        ],
        "data": {"inputs": [[1.0, 2.0], [0.5, -1.0]], "targets": [[1.0], [0.0]]},
        "training": {"epochs": 1, "batch_size": 1, "shuffle": false}
      }
      """
    let fromJSON = try LessonParser.parse(json, file: "example.json")
    let fromYAML = try LessonParser.parse(contractExample, file: "example.yaml")
    #expect(fromJSON == fromYAML)
  }

  @Test func numbersMayBeWrittenInAnyDecimalForm() throws {
    let spec = try LessonParser.parse(
      mlpLesson([13: "  inputs: [[1, -2.5e-1], [+0.5, 1E2]]"]), file: "n.yaml")
    #expect(spec.data.inputs == [[1, -0.25], [0.5, 100]])
  }

  @Test func loadReadsAFileAndSkipsAByteOrderMark() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("bom.yaml")
    try (Data([0xEF, 0xBB, 0xBF]) + Data(mlpLesson().utf8)).write(to: URL(fileURLWithPath: path))
    let spec = try LessonParser.load(path: path)
    #expect(spec.title == "Table test")
  }

  @Test func theRepositorysLessonsAllParse() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory).filter { $0.hasSuffix(".yaml") }
    #expect(!names.isEmpty)
    for name in names {
      let spec = try LessonParser.load(path: (lessonsDirectory as NSString).appendingPathComponent(name))
      #expect(!spec.title.isEmpty, "\(name)")
    }
  }

  // MARK: - Lessons of several parts

  /// A lesson of two parts that differ in their activations, learning rate and data.
  static let twoParts = """
    title: Two parts
    summary: One line.
    introduction: Told once.
    layers: [2, 2, 1]
    activations: [sigmoid, sigmoid]
    loss: mse
    optimizer: {name: sgd, lr: 0.5}
    data:
      inputs: [[0, 0], [1, 1]]
      targets: [[0], [1]]
    training: {epochs: 3}
    parts:
      - name: first
        title: The lesson's keys as they are
      - name: second-one
        activations: [tanh, sigmoid]
        optimizer: {name: adam, lr: 0.01}
        data:
          inputs: [[0, 1], [1, 0], [1, 1]]
          targets: [[1], [1], [0]]
    findings:
      n: SELECT count(*) FROM trace WHERE run_id = :run_second_one
    conclusion: "{n} values"

    """

  @Test func eachPartIsTheLessonWithThePartsKeysInPlaceOfItsOwn() throws {
    let parts = try LessonParser.parseParts(Self.twoParts, file: "two.yaml")
    #expect(parts.map(\.part) == ["first", "second-one"])
    #expect(parts.map(\.partTitle) == ["The lesson's keys as they are", nil])
    #expect(parts.map(\.title) == ["Two parts", "Two parts"])
    #expect(parts.map(\.introduction) == ["Told once.", "Told once."])
    #expect(parts[0].activations.map(\.name) == ["sigmoid", "sigmoid"])
    #expect(parts[1].activations.map(\.name) == ["tanh", "sigmoid"])
    #expect(parts[0].optimizer.rule == .sgd)
    #expect(parts[1].optimizer.rule == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
    #expect(parts[0].data.inputs?.count == 2)
    // A part's key replaces the lesson's whole: the data, and the full batch it implies.
    #expect(parts[1].data.inputs == [[0, 1], [1, 0], [1, 1]])
    #expect(parts.map(\.training.batchSize) == [2, 3])
    #expect(parts.map(\.training.epochs) == [3, 3])
    #expect(parts.allSatisfy { $0.conclusion == "{n} values" && $0.findings?["n"] != nil })
    #expect(try LessonParser.parse(Self.twoParts, file: "two.yaml") == parts[0])
  }

  @Test(arguments: ["summary: x", "introduction: x", "conclusion: x", "findings: {}", "part: x", "parts: []"])
  func aKeyOfTheWholeLessonIsRefusedInAPart(line: String) throws {
    let text = Self.twoParts.replacingOccurrences(of: "  - name: first\n", with: "  - name: first\n    \(line)\n")
    let error = try #require(throws: LessonError.self) { try LessonParser.parseParts(text, file: "two.yaml") }
    let key = String(line.prefix { $0 != ":" })
    #expect(error.key == "parts[0].\(key)", "\(error)")
    #expect(error.line == 14, "\(error)")
    #expect(error.message.contains("unknown key '\(key)'"), "\(error)")
  }

  @Test func partNamesAreShortWordsGivenOnce() throws {
    let again = Self.twoParts.replacingOccurrences(of: "name: second-one", with: "name: first")
    let repeated = try #require(throws: LessonError.self) { try LessonParser.parseParts(again, file: "two.yaml") }
    #expect(repeated.line == 15 && repeated.message.contains("already called 'first'"), "\(repeated)")
    let spaced = Self.twoParts.replacingOccurrences(of: "name: second-one", with: "name: second one")
    let word = try #require(throws: LessonError.self) { try LessonParser.parseParts(spaced, file: "two.yaml") }
    #expect(word.line == 15 && word.message.contains("expected a short name"), "\(word)")
  }

  // MARK: - Mistakes, each located by file, line and key

  /// A broken lesson and where its mistake must be reported.
  struct Mistake: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var line: Int?
    var key: String
    /// Fragments the message must contain: what was found, what was expected.
    var says: [String]

    var testDescription: String { name }
  }

  static let mistakes: [Mistake] = [
    Mistake(
      name: "missing layers", text: mlpLesson([2: "# no layers"]), line: 1, key: "layers",
      says: ["missing", "expected a list of layer sizes"]),
    Mistake(
      name: "missing data.targets", text: mlpLesson([14: "# no targets"]), line: 13, key: "data.targets",
      says: ["missing", "expected a list of rows"]),
    Mistake(
      name: "w transposed", text: mlpLesson([10: "  - w: [[0.50, -0.60]]"]), line: 10, key: "weights[1].w",
      says: ["expected 2×1", "found 1×2"]),
    Mistake(
      name: "w row too long", text: mlpLesson([8: "  - w: [[0.30, -0.20, 0.7], [-0.10, 0.40, 0.8]]"]), line: 8,
      key: "weights[0].w[0]", says: ["expected a row of 2 numbers", "found 3"]),
    Mistake(
      name: "too few biases", text: mlpLesson([9: "    b: [0.10]"]), line: 9, key: "weights[0].b",
      says: ["expected 2 biases", "found 1"]),
    Mistake(
      name: "ragged data row", text: mlpLesson([13: "  inputs: [[1.0, 2.0], [0.5]]"]), line: 13,
      key: "data.inputs[1]", says: ["expected a row of 2 numbers", "found 1"]),
    Mistake(
      name: "fewer target rows than input rows", text: mlpLesson([14: "  targets: [[1.0]]"]), line: 14,
      key: "data.targets", says: ["expected 2 rows", "found 1"]),
    Mistake(
      name: "unknown activation", text: mlpLesson([3: "activations: [sigmod, sigmoid]"]), line: 3,
      key: "activations[0]", says: ["unknown activation 'sigmod'", "did you mean 'sigmoid'?", "relu"]),
    Mistake(
      name: "unknown top-level key", text: mlpLesson([5: "optimiser: {name: sgd, lr: 0.5}"]), line: 5,
      key: "optimiser", says: ["unknown key 'optimiser'", "did you mean 'optimizer'?"]),
    Mistake(
      name: "unknown nested key", text: mlpLesson([15: "training: {epochs: 1, batchsize: 1}"]), line: 15,
      key: "training.batchsize", says: ["unknown key 'batchsize'", "did you mean 'batch_size'?"]),
    Mistake(
      name: "unknown optimizer", text: mlpLesson([5: "optimizer: {name: adma, lr: 0.5}"]), line: 5,
      key: "optimizer.name", says: ["unknown optimizer 'adma'", "did you mean 'adam'?"]),
    Mistake(
      name: "duplicate key", text: mlpLesson([6: "loss: mse"]), line: 6, key: "loss",
      says: ["duplicate key 'loss'"]),
    Mistake(
      name: "negative learning rate", text: mlpLesson([5: "optimizer: {name: sgd, lr: -0.5}"]), line: 5,
      key: "optimizer.lr", says: ["expected a learning rate greater than 0", "found -0.5"]),
    Mistake(
      name: "zero learning rate", text: mlpLesson([5: "optimizer: {name: sgd, lr: 0}"]), line: 5,
      key: "optimizer.lr", says: ["expected a learning rate greater than 0", "found 0"]),
    Mistake(
      name: "NaN in the data", text: mlpLesson([13: "  inputs: [[1.0, .nan], [0.5, -1.0]]"]), line: 13,
      key: "data.inputs[0][1]", says: ["expected a finite number", "found .nan"]),
    Mistake(
      name: "infinite learning rate", text: mlpLesson([5: "optimizer: {name: sgd, lr: .inf}"]), line: 5,
      key: "optimizer.lr", says: ["expected a finite number", "found .inf"]),
    Mistake(
      name: "a number that overflows", text: mlpLesson([11: "    b: [1e999]"]), line: 11, key: "weights[1].b[0]",
      says: ["expected a finite number", "found 1e999"]),
    Mistake(
      name: "bce after a linear output", text: mlpLesson([3: "activations: [sigmoid, linear]", 4: "loss: bce"]),
      line: 4, key: "loss", says: ["bce needs a sigmoid output layer", "the last activation is linear"]),
    Mistake(
      name: "cross_entropy without softmax", text: mlpLesson([4: "loss: cross_entropy"]), line: 4, key: "loss",
      says: ["cross_entropy needs a softmax output layer", "the last activation is sigmoid"]),
    Mistake(
      name: "softmax on a hidden layer", text: mlpLesson([3: "activations: [softmax, sigmoid]"]), line: 3,
      key: "activations[0]", says: ["softmax belongs on the output layer", "hidden layer 1"]),
    Mistake(
      name: "too few activations", text: mlpLesson([3: "activations: [sigmoid]"]), line: 3, key: "activations",
      says: ["expected 2 activations", "found 1"]),
    Mistake(
      name: "a quoted number", text: mlpLesson([5: #"optimizer: {name: sgd, lr: "0.5"}"#]), line: 5,
      key: "optimizer.lr", says: ["expected a number", #"found the text "0.5""#]),
    Mistake(
      name: "zero epochs", text: mlpLesson([15: "training: {epochs: 0, batch_size: 1, shuffle: false}"]), line: 15,
      key: "training.epochs", says: ["expected at least 1 epoch", "found 0"]),
    Mistake(
      name: "a perceptron with a loss", text: perceptronLesson([4: "loss: mse"]), line: 4, key: "loss",
      says: ["a perceptron has no loss", "remove this key"]),
    Mistake(
      name: "a perceptron's target that is not 0 or 1", text: perceptronLesson([7: "  targets: [[0], [2]]"]),
      line: 7, key: "data.targets[1]", says: ["targets are 0 or 1", "found 2"]),
    Mistake(
      name: "a perceptron with a named optimizer", text: perceptronLesson([4: "optimizer: {name: adam, lr: 0.1}"]),
      line: 4, key: "optimizer.name", says: ["own update rule", "only optimizer.lr"]),
    Mistake(
      name: "a conclusion format that is not a number's",
      text: mlpLesson([
        15: "training: {epochs: 1}\nfindings: {n: SELECT 1}\nconclusion: 'n is {n:%s}'"
      ]),
      line: 17, key: "conclusion", says: ["'%s'", "expected one printf conversion of a number"]),
    Mistake(
      name: "a test fraction that holds out every row",
      text: mlpLesson([14: "  targets: [[1.0], [0.0]]\n  test_fraction: 0.9"]), line: 15, key: "data.test_fraction",
      says: ["found 0.9, which holds out all 2 of 2 rows", "none would be left to train on"]),
    Mistake(
      name: "an empty file", text: "", line: 1, key: "", says: ["the file is empty", "expected a lesson"]),
    Mistake(
      name: "a file of comments only", text: "# nothing here yet\n", line: 1, key: "",
      says: ["the file is empty"]),
    Mistake(
      name: "not YAML at all", text: "title: [unclosed\nlayers: {2, 1\n", line: 2, key: "title[1]",
      says: ["not valid YAML"]),
    Mistake(
      name: "YAML that is not a mapping", text: "just some words\n", line: 1, key: "",
      says: ["expected a lesson", "found just some words"]),
  ]

  @Test(arguments: mistakes)
  func aMistakeIsReportedWithItsFileLineAndKey(_ mistake: Mistake) {
    let file = "lessons/broken.yaml"
    do {
      let spec = try LessonParser.parse(mistake.text, file: file)
      Issue.record("parsed as \(spec.title); expected an error")
    } catch let error as LessonError {
      #expect(error.file == file)
      #expect(error.line == mistake.line, "\(error)")
      #expect(error.key == mistake.key, "\(error)")
      for fragment in mistake.says {
        #expect(error.message.contains(fragment), "\(error)")
      }
      #expect(!error.description.contains("\n"), "one paragraph: \(error)")
    } catch {
      Issue.record("expected a LessonError, got \(error)")
    }
  }

  @Test func aNetworkTooLargeToHoldIsRefusedBeforeAnythingIsAllocated() throws {
    // Each size is allowed on its own, but 10¹⁰ hidden weights (80 GB) would crash the run.
    let text = mlpLesson([
      2: "layers: [2, 100000, 100000, 1]", 3: "activations: [sigmoid, sigmoid, sigmoid]", 7: "# no weights", 8: "#",
      9: "#", 10: "#", 11: "#",
    ])
    let error = try #require(throws: LessonError.self) { try LessonParser.parse(text, file: "huge.yaml") }
    #expect(error.line == 2, "\(error)")
    #expect(error.key == "layers", "\(error)")
  }

  @Test func theMistakesAreDistinct() {
    #expect(Set(Self.mistakes.map(\.text)).count == Self.mistakes.count)
    #expect(Self.mistakes.count >= 15)
  }

  @Test func anErrorReadsFileLineKeyThenMessage() {
    let error = LessonError(file: "lessons/a.yaml", line: 3, key: "optimizer.lr", message: "expected more")
    #expect(error.description == "lessons/a.yaml:3: optimizer.lr: expected more")
    let whole = LessonError(file: "lessons/a.yaml", line: nil, key: "", message: "unreadable")
    #expect(whole.description == "lessons/a.yaml: unreadable")
  }

  @Test func aFileThatDoesNotExistIsNamedInTheError() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("nowhere.yaml")
    let error = try #require(throws: LessonError.self) { try LessonParser.load(path: path) }
    #expect(error.file == path)
    #expect(error.line == nil)
    #expect(error.key == "")
    #expect(error.message.contains("cannot read the lesson file"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aFileThatIsNotUTF8IsRefused() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("latin1.yaml")
    // "title: café" in Latin-1: é is the lone byte 0xE9.
    try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(
      to: URL(fileURLWithPath: path))
    let error = try #require(throws: LessonError.self) { try LessonParser.load(path: path, displayName: "latin1.yaml") }
    #expect(error.file == "latin1.yaml")
    #expect(error.line == 1)
    #expect(error.key == "title")
    #expect(error.message.contains("found byte 0xE9, which is not UTF-8"), "\(error)")
  }

  /// Where a billion-laughs bomb is planted: the key (or the start of the key path) the error must name.
  enum BombSite: String, CaseIterable, Sendable {
    case title, layers
    case inputs = "data"
    case weights
    case unknownKey = "laughs"
  }

  /// A lesson with a billion-laughs bomb at `site`: nine levels, each repeating the one below ten times,
  /// 10⁹ numbers in all once expanded.
  static func bomb(at site: BombSite) -> String {
    var levels = ["&l0 [1.0, 2.0]"]
    for level in 1...9 {
      levels.append("&l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
    }
    let bomb = "[" + levels.joined(separator: ", ") + "]"
    var lines = [
      "title: \(site == .title ? bomb : "Bomb")",
      "layers: \(site == .layers ? bomb : "[2, 1]")",
      "activations: [sigmoid]",
      "loss: mse",
      "optimizer: {name: sgd, lr: 0.1}",
      "data:",
      "  inputs: \(site == .inputs ? bomb : "[[1.0, 2.0]]")",
      "  targets: [[1.0]]",
      "training: {epochs: 1}",
    ]
    if site == .weights { lines.append("weights: [{w: \(bomb), b: [0.0]}]") }
    if site == .unknownKey { lines.append("laughs: \(bomb)") }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test(arguments: BombSite.allCases)
  func aYAMLAliasBombIsRefusedQuicklyWithoutExpanding(site: BombSite) throws {
    let text = Self.bomb(at: site)
    let clock = ContinuousClock()
    var caught: (any Error)?
    let elapsed = clock.measure {
      do {
        _ = try LessonParser.parse(text, file: "bomb.yaml")
      } catch {
        caught = error
      }
    }
    let error = try #require(caught as? LessonError)
    #expect(error.file == "bomb.yaml")
    #expect(error.key.hasPrefix(site.rawValue), "\(error)")
    #expect(elapsed < .seconds(1), "took \(elapsed)")
  }
}
