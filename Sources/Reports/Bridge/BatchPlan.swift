/// The Python lines that give a script the run's batches: the rows of every epoch in the order
/// the run took them, and the rows of every optimizer step.
enum BatchPlan {
  static func lines(snapshot s: RunSnapshot) -> [String] {
    var lines = ["EPOCHS = \(s.epochs)", "BATCH_SIZE = \(s.batchSize)"]
    if s.shuffle {
      lines.append("# The run shuffled its rows each epoch with nntrace's own generator, which Python does not have;")
      lines.append("# these are the rows of each epoch in the order it took them, as recorded in the trace.")
      lines.append("ORDERS = [")
      for order in s.epochOrders { lines.append("    \(PythonLiteral.integers(order)),") }
      lines.append("]")
    } else {
      lines.append("# The rows in data order, every epoch.")
      lines.append("ORDERS = [list(range(len(X)))] * EPOCHS")
    }
    lines.append(
      "# Each step takes the next BATCH_SIZE rows of its epoch, the last batch possibly smaller: (epoch, rows).")
    lines.append("BATCHES = [(epoch, order[start:start + BATCH_SIZE]) for epoch, order in enumerate(ORDERS)")
    lines.append("           for start in range(0, len(order), BATCH_SIZE)]")
    lines.append("# NNTRACE_STEPS=n stops after n optimizer steps (to compare with the trace step by step).")
    lines.append("max_steps = int(os.environ.get(\"NNTRACE_STEPS\", \"0\")) or len(BATCHES)")
    return lines
  }

  /// The condition under which a script prints an epoch's loss: at its last step, every tenth epoch.
  static func printsLoss(snapshot s: RunSnapshot) -> String {
    "step + 1 == len(BATCHES) or (BATCHES[step + 1][0] != epoch and epoch % \(Swift.max(1, s.epochs / 10)) == 0)"
  }
}
