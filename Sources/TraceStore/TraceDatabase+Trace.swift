import GRDB

extension TraceDatabase {
  /// Reads a run's trace in the order it was computed (`ORDER BY seq, i, j`), one row at a time.
  public func forEachTraceRow(run id: Int64, filter: TraceFilter = TraceFilter(), _ body: (TraceRow) throws -> Void)
    throws
  {
    var conditions = ["run_id = ?"]
    var arguments: StatementArguments = [id]
    if let epoch = filter.epoch {
      conditions.append("epoch = ?")
      arguments += [epoch]
    }
    if let step = filter.step {
      conditions.append("step = ?")
      arguments += [step]
    }
    if let sample = filter.sample {
      conditions.append("sample = ?")
      arguments += [sample]
    }
    if let layer = filter.layer {
      conditions.append("layer = ?")
      arguments += [layer]
    }
    if let kinds = filter.kinds, !kinds.isEmpty {
      conditions.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
      arguments += StatementArguments(kinds)
    }
    let columns = TraceRow.columns.joined(separator: ", ")
    let sql = "SELECT \(columns) FROM trace WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq, i, j"
    try queue.read { db in
      let statement = try db.makeStatement(sql: sql)
      let rows = try Row.fetchCursor(statement, arguments: arguments)
      // Each row the cursor reaches is the statement's current row.
      while try rows.next() != nil {
        try body(try TraceRow(validating: statement.sqliteStatement, run: id))
      }
    }
  }
}
