import GRDB

/// Readers for the convenience views, in the order a learner would read them.
extension TraceDatabase {
  /// The batch loss of each recorded step (view `step_loss`), by step.
  public func stepLosses(run id: Int64) throws -> [StepValue] {
    try queue.read { db in
      try Row.fetchAll(
        db, sql: "SELECT epoch, step, loss FROM step_loss WHERE run_id = ? ORDER BY step", arguments: [id]
      ).map {
        StepValue(
          epoch: try $0.decode(atIndex: 0), step: try $0.decode(atIndex: 1), layer: nil,
          value: (try $0.decode(Double?.self, atIndex: 2)) ?? .nan)
      }
    }
  }

  /// ‖∂L/∂W‖ of each layer at each recorded step (view `layer_grad_norm`), by step then layer.
  public func layerGradientNorms(run id: Int64) throws -> [StepValue] {
    try queue.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT epoch, step, layer, grad_w_norm FROM layer_grad_norm WHERE run_id = ? ORDER BY step, layer",
        arguments: [id]
      ).map {
        StepValue(
          epoch: try $0.decode(atIndex: 0), step: try $0.decode(atIndex: 1), layer: try $0.decode(atIndex: 2),
          value: (try $0.decode(Double?.self, atIndex: 3)) ?? .nan)
      }
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
      ).map {
        WeightPoint(
          epoch: try $0.decode(atIndex: 0), step: try $0.decode(atIndex: 1), phase: try $0.decode(atIndex: 2),
          value: (try $0.decode(Double?.self, atIndex: 3)) ?? .nan)
      }
    }
  }

  /// The summary statistics of each layer at each recorded step (view `layer_stats`; `--capture summary` runs).
  public func layerStatistics(run id: Int64) throws -> [LayerStatistics] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM layer_stats WHERE run_id = ? ORDER BY step, layer", arguments: [id])
        .map { row in
          LayerStatistics(
            epoch: try row.decode(forColumn: "epoch"), step: try row.decode(forColumn: "step"),
            layer: try row.decode(forColumn: "layer"), activationMean: try row.decode(forColumn: "a_mean"),
            activationDeviation: try row.decode(forColumn: "a_std"),
            saturatedShare: try row.decode(forColumn: "saturated_share"),
            deadShare: try row.decode(forColumn: "dead_share"),
            gradientWeightNorm: try row.decode(forColumn: "grad_w_norm"),
            weightNorm: try row.decode(forColumn: "w_norm"))
        }
    }
  }
}
