import GRDB
import GRDBSQLite
import Tracing

/// Streams a run's events into the database in short batched transactions.
///
/// Events are buffered and committed at the end of a step once `batchValues`
/// values have gathered, or a second after the last commit (so readers
/// see a slow run progress), so memory stays flat and a crash loses at most
/// the steps not yet committed. A single step of more than eight batches is
/// committed in parts. Each commit reads the largest value id under SQLite's
/// write lock (so concurrent writers never collide), inserts the events with
/// the ids their values will get, then the values through one prepared
/// multi-row statement bound directly on SQLite's handle: no per-row
/// allocation, and SQLite appends each row at the end of the table without a
/// B-tree search. The run's `steps` and `values` are updated in the same
/// transaction.
public final class TraceWriter: TraceSink {
  private struct Pending {
    var seq: Int
    var epoch: Int
    var step: Int
    var sample: Int?
    var kind: Int
    var layer: Int?
    /// NULL for a vector, 0 for a scalar, the column count of a matrix.
    var cols: Int?
    var count: Int
  }

  /// Rows bound per execution of the multi-row insert.
  static let rowsPerStatement = 64
  private static let eventColumns = 10
  private static let eventRow = "(" + repeatElement("?", count: eventColumns).joined(separator: ", ") + ")"
  private static let insertEvent =
    "INSERT INTO event(run_id, seq, epoch, step, sample, kind, layer, cols, start, n) VALUES " + eventRow
  private static let insertEvents =
    insertEvent + repeatElement(", " + eventRow, count: rowsPerStatement - 1).joined()
  private static let insertValues =
    "INSERT INTO value(value) VALUES " + repeatElement("(?)", count: rowsPerStatement).joined(separator: ", ")

  private let database: TraceDatabase
  private let runID: Int64
  private let batchValues: Int
  private let maximumDelay: Duration
  private let clock = ContinuousClock()
  private var lastCommit: ContinuousClock.Instant
  private var pendingEvents: [Pending] = []
  private var pendingValues: [Double] = []
  private var stepsEnded = 0
  /// Values committed so far.
  public private(set) var valuesCommitted = 0

  /// A writer for run `runID`.
  ///
  /// - Parameters:
  ///   - batchValues: commit at the end of a step once this many values wait.
  ///   - maximumDelay: commit at the end of a step once this long has passed since the last commit.
  public init(
    database: TraceDatabase, runID: Int64, batchValues: Int = 100_000, maximumDelay: Duration = .seconds(1)
  ) {
    self.database = database
    self.runID = runID
    self.batchValues = max(1, batchValues)
    self.maximumDelay = maximumDelay
    lastCommit = clock.now
    pendingValues.reserveCapacity(self.batchValues + self.batchValues / 4)
    pendingEvents.reserveCapacity(1024)
  }

  public func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    let cols: Int? =
      switch event.shape {
      case .scalar: 0
      case .vector: nil
      case .matrix(let cols): cols
      }
    pendingEvents.append(
      Pending(
        seq: event.seq, epoch: event.epoch, step: event.step, sample: event.sample, kind: event.kind.code,
        layer: event.layer, cols: cols, count: values.count))
    pendingValues.append(contentsOf: values)
    if pendingValues.count >= 8 * batchValues {
      try flush()
    }
  }

  public func stepDidEnd(step: Int) throws {
    stepsEnded = step + 1
    if pendingValues.count >= batchValues || (!pendingEvents.isEmpty && clock.now - lastCommit >= maximumDelay) {
      try flush()
    }
  }

  /// Commits everything buffered, in one transaction.
  public func flush() throws {
    guard !pendingEvents.isEmpty else { return }
    let total = valuesCommitted + pendingValues.count
    try database.queue.inDatabase { db in
      try db.inTransaction(.immediate) {
        try db.execute(
          sql: "UPDATE run_record SET steps = ?, value_count = ? WHERE id = ?", arguments: [stepsEnded, total, runID])
        guard db.changesCount == 1 else {
          throw TraceStoreError("There is no run \(runID) in \(database.path) to record values for.")
        }
        try insertPending(db)
        return .commit
      }
    }
    valuesCommitted = total
    pendingEvents.removeAll(keepingCapacity: true)
    pendingValues.removeAll(keepingCapacity: true)
    lastCommit = clock.now
  }

  private func insertPending(_ db: Database) throws {
    let first = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM value") ?? 0) + 1
    let connection = db.sqliteConnection
    let insertEvents = try db.cachedStatement(sql: Self.insertEvents).sqliteStatement
    let insertEvent = try db.cachedStatement(sql: Self.insertEvent).sqliteStatement
    let insertMany = try db.cachedStatement(sql: Self.insertValues).sqliteStatement
    let insertOne = try db.cachedStatement(sql: "INSERT INTO value(value) VALUES (?)").sqliteStatement
    defer {
      sqlite3_reset(insertEvents)
      sqlite3_reset(insertEvent)
      sqlite3_reset(insertMany)
      sqlite3_reset(insertOne)
    }
    func check(_ code: Int32) throws {
      guard code == SQLITE_DONE else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
      }
    }
    func bind(_ statement: SQLiteStatement, _ index: Int32, _ value: Int?) {
      if let value {
        sqlite3_bind_int64(statement, index, Int64(value))
      } else {
        sqlite3_bind_null(statement, index)
      }
    }
    var id = first
    func bind(_ event: Pending, to statement: SQLiteStatement, at offset: Int32) {
      sqlite3_bind_int64(statement, offset + 1, runID)
      sqlite3_bind_int64(statement, offset + 2, Int64(event.seq))
      sqlite3_bind_int64(statement, offset + 3, Int64(event.epoch))
      sqlite3_bind_int64(statement, offset + 4, Int64(event.step))
      bind(statement, offset + 5, event.sample)
      sqlite3_bind_int64(statement, offset + 6, Int64(event.kind))
      bind(statement, offset + 7, event.layer)
      bind(statement, offset + 8, event.cols)
      sqlite3_bind_int64(statement, offset + 9, id)
      sqlite3_bind_int64(statement, offset + 10, Int64(event.count))
      id += Int64(event.count)
    }

    // Events go in several to a statement too: SQLite's cursors stay open between rows,
    // which spares a descent from the root for keys appended at the end of an index.
    let columns = Int32(Self.eventColumns)
    var e = 0
    while e + Self.rowsPerStatement <= pendingEvents.count {
      sqlite3_reset(insertEvents)
      for r in 0..<Int32(Self.rowsPerStatement) {
        bind(pendingEvents[e], to: insertEvents, at: r * columns)
        e += 1
      }
      try check(sqlite3_step(insertEvents))
    }
    while e < pendingEvents.count {
      sqlite3_reset(insertEvent)
      bind(pendingEvents[e], to: insertEvent, at: 0)
      e += 1
      try check(sqlite3_step(insertEvent))
    }

    // SQLite numbers each value max(id) + 1 (no id is bound): under the write lock these are
    // first, first + 1, …, and appending through the open cursor skips a B-tree search per row.
    try pendingValues.withUnsafeBufferPointer { values in
      let rows = Self.rowsPerStatement
      var k = 0
      while k + rows <= values.count {
        sqlite3_reset(insertMany)
        for r in 0..<Int32(rows) {
          sqlite3_bind_double(insertMany, r + 1, values[k])
          k += 1
        }
        try check(sqlite3_step(insertMany))
      }
      while k < values.count {
        sqlite3_reset(insertOne)
        sqlite3_bind_double(insertOne, 1, values[k])
        try check(sqlite3_step(insertOne))
        k += 1
      }
    }
    let last = first + Int64(pendingValues.count) - 1
    guard pendingValues.isEmpty || sqlite3_last_insert_rowid(connection) == last else {
      throw DatabaseError(
        resultCode: .SQLITE_INTERNAL,
        message:
          "values were numbered from \(first), but the last one is \(sqlite3_last_insert_rowid(connection)), not \(last)"
      )
    }
  }
}
