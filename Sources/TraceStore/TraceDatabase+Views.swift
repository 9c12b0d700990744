import GRDB

/// Readers for the convenience views, in the order a learner would read them.
extension TraceDatabase {
  /// The batch loss of each recorded step (view `step_loss`), by step.
  public func stepLosses(run id: Int64) throws -> [StepValue] {
    try queue.read { db in
      try Row.fetchAll(
        db, sql: "SELECT epoch, step, loss FROM step_loss WHERE run_id = ? ORDER BY step", arguments: [id]
      ).map { StepValue(epoch: $0[0], step: $0[1], layer: nil, value: $0[2] ?? .nan) }
    }
  }

  /// ‖∂L/∂W‖ of each layer at each recorded step (view `layer_grad_norm`), by step then layer.
  public func layerGradientNorms(run id: Int64) throws -> [StepValue] {
    try queue.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT epoch, step, layer, grad_w_norm FROM layer_grad_norm WHERE run_id = ? ORDER BY step, layer",
        arguments: [id]
      ).map { StepValue(epoch: $0[0], step: $0[1], layer: $0[2], value: $0[3] ?? .nan) }
    }
  }

  /// Weight `w[j][i]` of `layer`: its initial value (phase `init`), then after each recorded update (view `weight_history`).
  public func weightHistory(run id: Int64, layer: Int, j: Int, i: Int) throws -> [WeightPoint] {
    try queue.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT epoch, step, phase, w FROM weight_history
          WHERE run_id = ? AND layer = ? AND j = ? AND i = ?
          ORDER BY step, phase = 'update'
          """,
        arguments: [id, layer, j, i]
      ).map { WeightPoint(epoch: $0[0], step: $0[1], phase: $0[2], value: $0[3] ?? .nan) }
    }
  }

  /// The summary statistics of each layer at each recorded step (view `layer_stats`; `--capture summary` runs).
  public func layerStatistics(run id: Int64) throws -> [LayerStatistics] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM layer_stats WHERE run_id = ? ORDER BY step, layer", arguments: [id])
        .map { row in
          LayerStatistics(
            epoch: row["epoch"], step: row["step"], layer: row["layer"], activationMean: row["a_mean"],
            activationDeviation: row["a_std"], saturatedShare: row["saturated_share"], deadShare: row["dead_share"],
            gradientWeightNorm: row["grad_w_norm"], weightNorm: row["w_norm"])
        }
    }
  }
}
