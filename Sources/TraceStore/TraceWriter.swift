import GRDB
import GRDBSQLite
import Tracing

/// Streams a run's events into the database in batched transactions.
///
/// Events are buffered in memory and committed at the end of a step once
/// enough have gathered, so memory stays flat and a crash loses at most the
/// last uncommitted steps, never part of a committed one. Values are bound
/// straight onto SQLite's prepared statements: no per-row allocation.
public final class TraceWriter: TraceSink {
  private struct Pending {
    var event: TraceEvent
    var values: Range<Int>
  }

  private let database: TraceDatabase
  private let runID: Int64
  private let batchValues: Int
  private var pendingEvents: [Pending] = []
  private var pendingValues: [Double] = []

  /// A writer for run `runID`, committing once at least `batchValues` values are waiting.
  public init(database: TraceDatabase, runID: Int64, batchValues: Int = 50_000) {
    self.database = database
    self.runID = runID
    self.batchValues = batchValues
    pendingValues.reserveCapacity(batchValues * 2)
  }

  public func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    let start = pendingValues.count
    pendingValues.append(contentsOf: values)
    pendingEvents.append(Pending(event: event, values: start..<pendingValues.count))
  }

  public func stepDidEnd(step: Int) throws {
    if pendingValues.count >= batchValues {
      try flush()
    }
  }

  /// Commits everything buffered, in one transaction.
  public func flush() throws {
    guard !pendingEvents.isEmpty else { return }
    try database.queue.inDatabase { db in
      try db.inTransaction(.immediate) {
        try insertPending(db)
        return .commit
      }
    }
    pendingEvents.removeAll(keepingCapacity: true)
    pendingValues.removeAll(keepingCapacity: true)
  }

  private func insertPending(_ db: Database) throws {
    let eventStatement = try db.cachedStatement(
      sql: "INSERT INTO event(run_id, seq, epoch, step, sample, kind, layer, cols) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    let valueStatement = try db.cachedStatement(sql: "INSERT INTO value(event_id, idx, value) VALUES (?, ?, ?)")
    let connection = db.sqliteConnection
    let insertEvent = eventStatement.sqliteStatement
    let insertValue = valueStatement.sqliteStatement
    defer {
      sqlite3_reset(insertEvent)
      sqlite3_reset(insertValue)
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
    try pendingValues.withUnsafeBufferPointer { values in
      for pending in pendingEvents {
        let event = pending.event
        sqlite3_reset(insertEvent)
        sqlite3_bind_int64(insertEvent, 1, runID)
        bind(insertEvent, 2, event.seq)
        bind(insertEvent, 3, event.epoch)
        bind(insertEvent, 4, event.step)
        bind(insertEvent, 5, event.sample)
        bind(insertEvent, 6, event.kind.code)
        bind(insertEvent, 7, event.layer)
        switch event.shape {
        case .scalar: bind(insertEvent, 8, 0)
        case .vector: bind(insertEvent, 8, nil)
        case .matrix(let cols): bind(insertEvent, 8, cols)
        }
        try check(sqlite3_step(insertEvent))
        let eventID = sqlite3_last_insert_rowid(connection)
        for (idx, k) in pending.values.enumerated() {
          sqlite3_reset(insertValue)
          sqlite3_bind_int64(insertValue, 1, eventID)
          sqlite3_bind_int64(insertValue, 2, Int64(idx))
          sqlite3_bind_double(insertValue, 3, values[k])
          try check(sqlite3_step(insertValue))
        }
      }
    }
  }
}
