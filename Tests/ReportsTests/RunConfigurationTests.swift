import NeuralEngine
import Reports
import Testing

@Suite struct RunConfigurationTests {
  @Test func readsTheResolvedLessonAsTheRunnerWritesIt() throws {
    let json = """
      {"activations":[{"name":"leaky_relu","slope":0.2},"softmax"],"data":{"inputs":[[0,1],[1,0],[1,1]],\
      "targets":[[1,0],[0,1],[1,0]]},"init":{"name":"he","seed":7},"layers":[2,3,2],"loss":"cross_entropy",\
      "model":"mlp","optimizer":{"beta1":0.8,"beta2":0.99,"eps":1e-07,"lr":0.001,"name":"adam"},\
      "title":"T","training":{"batch_size":2,"epochs":5,"shuffle":true}}
      """
    let c = try RunConfiguration(json: json)
    #expect(c.layers == [2, 3, 2])
    #expect(c.activations.map(\.function) == [.leakyReLU(slope: 0.2), .softmax])
    #expect(c.loss == .crossEntropy)
    #expect(c.optimizer.rule == .adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7))
    #expect(c.optimizer.name == "adam" && c.optimizer.beta1 == 0.8 && c.optimizer.eps == 1e-7)
    #expect(c.seed == 7 && c.initializer == "he")
    #expect(c.batchSize == 2 && c.shuffle && c.epochs == 5)
    #expect(c.stepsPerEpoch == 2)
    #expect(c.optimizerDescription == "adam, η = 0.001, β₁ = 0.8, β₂ = 0.99, ε = 1e-07")
  }

  @Test func missingKeysTakeTheDocumentedDefaults() throws {
    let c = try RunConfiguration(json: #"{"layers":[2,1],"model":"perceptron","data":{"inputs":[[0,0],[1,1]]}}"#)
    #expect(c.isPerceptron)
    #expect(c.activations.map(\.name) == ["step"])
    #expect(c.loss == nil)
    #expect(c.optimizer.name == "perceptron" && c.optimizer.lr == 0.01)
    #expect(c.stepsPerEpoch == 2)
  }

  @Test func anUnknownActivationLossOrOptimizerIsRefused() {
    for json in [
      #"{"layers":[2,1],"activations":["gelu"]}"#, #"{"layers":[2,1],"loss":"hinge"}"#,
      #"{"layers":[2,1],"optimizer":{"name":"lion","lr":0.1}}"#,
    ] {
      #expect(throws: ReportError.self, "\(json)") { try RunConfiguration(json: json) }
    }
  }

  @Test func aConfigurationWithoutLayersIsRefused() {
    #expect(throws: ReportError.self) { try RunConfiguration(json: #"{"title":"no layers"}"#) }
    #expect(throws: ReportError.self) { try RunConfiguration(json: "not json") }
  }
}
