import Foundation

/// Trains an ``MLP`` with an ``Optimizer``: forward, loss, backward and update, step after step.
///
/// Each step takes one batch: its forward pass, each sample's loss and the
/// batch mean, the backward pass, then one optimizer update of every layer.
/// An observer, if there is one, says before each step what it wants and
/// reads it afterwards from the workspace (``StepValues``); without one, or
/// for a step it wants nothing of, nothing is read or copied. Training stops
/// at the first NaN or infinity, with the values of that step offered up to
/// where it appeared.
public final class MLPTrainer {
  // The trainer's state changes only in `train`, on the thread that calls it, and nothing holds
  // an access to it across a step, so the run-time exclusivity checks Swift makes on a class's
  // stored properties are left out: they were 5% of the instructions of training xor (callgrind).

  /// The network; its parameters change as training goes.
  @exclusivity(unchecked) public private(set) var network: MLP
  /// The optimizer, with its state.
  @exclusivity(unchecked) public private(set) var optimizer: Optimizer
  private let inputs: Matrix
  private let targets: Matrix
  private let plan: TrainingPlan
  @exclusivity(unchecked) private var workspaces: [Workspace] = []
  /// The second thread, while training may use one.
  private var second: SecondThread?
  /// What the observer is offered, read from the workspace of the step.
  private lazy var observation = Observation(trainer: self)

  /// A trainer over `inputs` (one sample per row) and their `targets`.
  public init(network: MLP, optimizer: Optimizer, inputs: Matrix, targets: Matrix, plan: TrainingPlan) {
    precondition(
      inputs.rows == targets.rows,
      "\(inputs.rows) input rows but \(targets.rows) target rows")
    precondition(
      inputs.cols == network.sizes[0] && targets.cols == network.sizes[network.sizes.count - 1],
      "data is \(inputs.cols) → \(targets.cols) but the network is \(network.sizes)")
    self.network = network
    self.optimizer = optimizer
    self.inputs = inputs
    self.targets = targets
    self.plan = plan
  }

  /// Whether training may use a second thread for the batch's passes (the results are the same
  /// bits either way). It does only when the machine has a second core and a step is big enough
  /// to be worth the handover (a batch of 16 rows or more and ``minimumWork`` multiply-adds per
  /// forward pass), and then for the steps where timing shows two threads are faster (``SplitChoice``).
  public var allowsSecondThread = ProcessInfo.processInfo.activeProcessorCount >= 2

  /// Tests: split every step of 16 rows or more, and wait for the second thread to run its half.
  var secondThreadWaits = false
  /// The halves the second thread ran in the last training.
  private(set) var secondThreadJobs = 0

  /// The multiply-adds of a forward pass below which a step is run on one thread: about 30 µs of work.
  static let minimumWork = 1 << 17

  /// Runs the plan.
  ///
  /// - Parameters:
  ///   - observer: receives every value; `nil` records nothing and costs nothing.
  ///   - shouldStop: polled before each step; `true` ends training as `interrupted`.
  /// - Returns: how training ended.
  public func train(observer: TrainingObserver?, shouldStop: () -> Bool = { false }) -> TrainingOutcome {
    let size = plan.batchSize(samples: inputs.rows)
    let work = size * zip(network.sizes, network.sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
    let splits = allowsSecondThread && size >= 16 && (work >= Self.minimumWork || secondThreadWaits)
    second = splits ? SecondThread(waits: secondThreadWaits) : nil
    defer {
      secondThreadJobs = second?.helped ?? 0
      second?.stop()
      second = nil
    }
    if let observer {
      observer.trainingWillStart(
        StepValues(
          position: StepPosition(epoch: 0, step: 0), samples: [], interest: .everything,
          source: InitialParameters(network: network)))
    }
    var shuffler = plan.shuffleSource()
    var choice = SplitChoice()
    let clock = ContinuousClock()
    var step = 0
    var lastLoss: Double?
    var order = Array(0..<inputs.rows)
    for epoch in 0..<plan.epochs {
      if plan.shuffle { order = shuffler.permutation(inputs.rows) }
      for start in stride(from: 0, to: order.count, by: size) {
        let batch = order[start..<Swift.min(start + size, order.count)]
        if shouldStop() {
          return TrainingOutcome(status: .interrupted, steps: step, epochs: epoch, finalLoss: lastLoss)
        }
        let position = StepPosition(epoch: epoch, step: step)
        let helper = secondThreadWaits || choice.splits(atStep: step) ? second : nil
        let started = second == nil ? nil : clock.now
        let (loss, divergence) = runStep(batch: batch, at: position, observer: observer, second: helper)
        if let started { choice.took(clock.now - started, atStep: step) }
        if let divergence {
          return TrainingOutcome(status: .diverged(divergence), steps: step, epochs: epoch, finalLoss: lastLoss)
        }
        lastLoss = loss
        observer?.stepDidEnd(at: position, loss: loss)
        step += 1
      }
    }
    return TrainingOutcome(status: .completed, steps: step, epochs: plan.epochs, finalLoss: lastLoss)
  }

  /// The workspace for batches of `batch` rows: a run needs at most two (full batches and the last one).
  private func workspace(for batch: Int) -> Workspace {
    if let existing = workspaces.first(where: { $0.batch == batch }) { return existing }
    let created = Workspace(sizes: network.sizes, batch: batch)
    workspaces.append(created)
    return created
  }

  private func runStep(
    batch: ArraySlice<Int>, at position: StepPosition, observer: TrainingObserver?, second: SecondThread?
  ) -> (
    Double, Divergence?
  ) {
    let work = workspace(for: batch.count)
    if work.heldRows != batch {
      gather(batch, from: inputs, into: work.activations[0])
      gather(batch, from: targets, into: work.targets)
      work.heldRows = batch
    }
    let interest = observer?.interest(at: position) ?? .nothing

    network.forward(work, second: second)
    let loss = network.computeLosses(work)
    guard loss.isFinite else {
      offer(interest, to: observer, work: work, batch: batch, loss: loss, reached: .loss, at: position)
      return (
        loss,
        firstNonFiniteForward(work, at: position)
          ?? Divergence(position: position, quantity: .loss, layer: nil, value: loss)
      )
    }
    network.backward(work, second: second)
    let changes = interest.wants(.dw) || interest.wants(.db)
    if changes { observation.keepParameters(of: network) }
    optimizer.beginStep()
    for l in 1...network.layers.count {
      optimizer.update(
        slot: 2 * (l - 1), parameter: &network.layers[l - 1].weights.storage,
        gradient: UnsafeBufferPointer(work.weightGradients[l].elements))
      optimizer.update(
        slot: 2 * (l - 1) + 1, parameter: &network.layers[l - 1].bias,
        gradient: UnsafeBufferPointer(work.biasGradients[l].elements))
    }
    if changes { observation.formChanges(to: network) }
    offer(interest, to: observer, work: work, batch: batch, loss: loss, reached: .update, at: position)
    return (loss, firstNonFiniteUpdate(work, at: position))
  }

  /// Offers the observer what it asked of the step, if anything.
  private func offer(
    _ interest: Interest, to observer: TrainingObserver?, work: Workspace, batch: ArraySlice<Int>, loss: Double,
    reached: Phase, at position: StepPosition
  ) {
    guard let observer, !interest.isEmpty else { return }
    observation.work = work
    observation.loss[0] = loss
    observation.reached = reached
    observer.observe(StepValues(position: position, samples: batch, interest: interest, source: observation))
  }

  /// Copies the data rows `rows` of `source`, in order, into the rows of `destination`.
  private func gather(_ rows: ArraySlice<Int>, from source: Matrix, into destination: MatrixBuffer) {
    let n = source.cols
    source.storage.withUnsafeBufferPointer { source in
      guard let source = source.baseAddress else { return }
      var target = destination.base
      for row in rows {
        target.update(from: source + row * n, count: n)
        target += n
      }
    }
  }

  private func firstNonFiniteForward(_ work: Workspace, at position: StepPosition) -> Divergence? {
    for l in 1...network.layers.count {
      if let v = work.preActivations[l].elements.first(where: { !$0.isFinite }) {
        return Divergence(position: position, quantity: .z, layer: l, value: v)
      }
      if let v = work.activations[l].elements.first(where: { !$0.isFinite }) {
        return Divergence(position: position, quantity: .a, layer: l, value: v)
      }
    }
    return nil
  }

  /// If a parameter is no longer finite after the update, the first NaN or infinity of the
  /// backward pass and the update, in the order they were computed: `δ`, `∂L/∂W` and `∂L/∂b` from
  /// the output layer down, then each layer's new weights and biases from layer 1 up.
  private func firstNonFiniteUpdate(_ work: Workspace, at position: StepPosition) -> Divergence? {
    var parameter: Divergence?
    for (index, layer) in network.layers.enumerated() where parameter == nil {
      if let v = layer.weights.storage.first(where: { !$0.isFinite }) {
        parameter = Divergence(position: position, quantity: .w, layer: index + 1, value: v)
      } else if let v = layer.bias.first(where: { !$0.isFinite }) {
        parameter = Divergence(position: position, quantity: .b, layer: index + 1, value: v)
      }
    }
    guard let parameter else { return nil }
    for l in stride(from: network.layers.count, through: 1, by: -1) {
      if let v = work.deltas[l].elements.first(where: { !$0.isFinite }) {
        return Divergence(position: position, quantity: .delta, layer: l, value: v)
      }
      if let v = work.weightGradients[l].elements.first(where: { !$0.isFinite }) {
        return Divergence(position: position, quantity: .gradW, layer: l, value: v)
      }
      if let v = work.biasGradients[l].elements.first(where: { !$0.isFinite }) {
        return Divergence(position: position, quantity: .gradB, layer: l, value: v)
      }
    }
    return parameter
  }
}
