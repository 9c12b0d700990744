import Foundation
import GRDB

extension TraceDatabase {
  /// Records the start of a run, status `running`, owned by this process.
  ///
  /// - Parameters:
  ///   - capture: the capture policy's name (`all`, `summary`, `none`).
  ///   - thinning: the capture plan's thinning in words, if any.
  /// - Returns: the new run's id.
  public func beginRun(
    lesson: String, title: String, part: String?, config: String, capture: String, thinning: String? = nil
  ) throws -> Int64 {
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO run_record(lesson, title, part, status, started_at, config, capture, thinning, owner)
          VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)
          """,
        arguments: [lesson, title, part, Self.timestamp(), config, capture, thinning, RunOwner.current.text])
      return db.lastInsertedRowID
    }
  }

  /// Records how a run ended.
  public func finishRun(_ id: Int64, with ending: RunEnding) throws {
    try queue.write { db in
      try db.execute(
        sql: """
          UPDATE run_record SET status = ?, finished_at = ?, steps = ?, epochs = ?, value_count = ?,
            final_loss = ?, detail = ?, owner = NULL
          WHERE id = ?
          """,
        arguments: [
          ending.status.rawValue, Self.timestamp(), ending.steps, ending.epochs, ending.values, ending.finalLoss,
          ending.detail,
          id,
        ])
    }
  }

  /// Stores a lesson's conclusion, filled in from the trace, with each of its runs.
  public func setConclusion(_ text: String, runs ids: [Int64]) throws {
    try queue.write { db in
      for id in ids {
        try db.execute(sql: "UPDATE run_record SET conclusion = ? WHERE id = ?", arguments: [text, id])
      }
    }
  }

  /// Every run, oldest first.
  public func runs() throws -> [RunSummary] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(RunSummary.init(validating:))
    }
  }

  /// The run with this id, if there is one.
  public func run(_ id: Int64) throws -> RunSummary? {
    try queue.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(RunSummary.init(validating:))
    }
  }

  /// The id of the most recent run.
  public func latestRunID() throws -> Int64? {
    try queue.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM run_record") }
  }

  /// The ids of every run from `low` through `high`, all of which must exist.
  ///
  /// - Throws: ``TraceStoreError`` naming the first id of the range that is not a run.
  public func runIDs(from low: Int64, through high: Int64) throws -> [Int64] {
    let ids = try queue.read { db in
      try Int64.fetchAll(
        db, sql: "SELECT id FROM run_record WHERE id BETWEEN ? AND ? ORDER BY id", arguments: [low, high])
    }
    var expected = low
    for id in ids {
      guard id == expected else { break }
      if id == high { return ids }
      expected += 1
    }
    throw TraceStoreError(
      "There is no run \(expected) in \(path) (asked for runs \(low)-\(high)); `nntrace runs` lists the runs. Nothing was deleted."
    )
  }

  /// The ids of runs still being recorded by a living process.
  public func liveRunIDs() throws -> [Int64] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT id, owner FROM run_record WHERE status = 'running' ORDER BY id").compactMap {
        row in
        let owner = (try row.decode(String?.self, forColumn: "owner")).flatMap(RunOwner.init(text:))
        return owner.map { !$0.isGone } ?? false ? try row.decode(Int64.self, forColumn: "id") : nil
      }
    }
  }

  /// Deletes runs with their events and values, in one transaction.
  ///
  /// - Throws: ``TraceStoreError`` when a run does not exist or is still being
  ///   recorded by a living process; nothing is deleted then.
  public func deleteRuns(_ ids: [Int64]) throws {
    let live = Set(try liveRunIDs())
    try queue.inDatabase { db in
      try db.inTransaction(.immediate) {
        for id in ids {
          guard try Bool.fetchOne(db, sql: "SELECT 1 FROM run_record WHERE id = ?", arguments: [id]) == true else {
            throw TraceStoreError("There is no run \(id) in \(path); `nntrace runs` lists the runs.")
          }
          guard !live.contains(id) else {
            throw TraceStoreError(
              "Run \(id) is still being recorded by another nntrace process; stop it (Ctrl-C) before deleting it.",
              reason: .busy)
          }
          try deleteValues(of: id, db)
          try db.execute(sql: "DELETE FROM event WHERE run_id = ?", arguments: [id])
          try db.execute(sql: "DELETE FROM run_record WHERE id = ?", arguments: [id])
          guard db.changesCount == 1 else {
            throw TraceStoreError("run \(id) could not be deleted from \(path); nothing was deleted.", reason: .corrupt)
          }
        }
        return .commit
      }
    }
  }

  /// Deletes a run's values, one id range at a time (ranges of consecutive events merged).
  private func deleteValues(of id: Int64, _ db: Database) throws {
    let spans = try Row.fetchCursor(
      db, sql: "SELECT start, n FROM event WHERE run_id = ? AND n > 0 ORDER BY start", arguments: [id])
    var pending: Range<Int64>?
    let delete = try db.makeStatement(sql: "DELETE FROM value WHERE id >= ? AND id < ?")
    while let row = try spans.next() {
      let start = try row.decode(Int64.self, atIndex: 0)
      let (end, overflow) = start.addingReportingOverflow(try row.decode(Int64.self, atIndex: 1))
      guard !overflow else {
        throw TraceStoreError(
          "the database is damaged: run \(id) has an event whose values run past the last id; nothing was deleted.",
          reason: .corrupt)
      }
      if let current = pending, current.upperBound == start {
        pending = current.lowerBound..<end
      } else {
        if let current = pending { try delete.execute(arguments: [current.lowerBound, current.upperBound]) }
        pending = start..<end
      }
    }
    if let current = pending { try delete.execute(arguments: [current.lowerBound, current.upperBound]) }
  }

  /// Rebuilds the file without its free pages, giving deleted runs' space back to the file system.
  ///
  /// - Returns: the file's size (with its write-ahead log) before and after, in bytes.
  /// - Throws: ``TraceStoreError`` while a run is being recorded.
  public func vacuum() throws -> (before: Int, after: Int) {
    let live = try liveRunIDs()
    guard live.isEmpty else {
      let list = live.map(String.init).joined(separator: ", ")
      throw TraceStoreError(
        "Run\(live.count == 1 ? "" : "s") \(list) \(live.count == 1 ? "is" : "are") being recorded; vacuum when \(live.count == 1 ? "it ends" : "they end") (vacuuming would hold every writer up).",
        reason: .busy)
    }
    let before = fileSize()
    try queue.writeWithoutTransaction { db in
      // VACUUM copies the whole database into a temporary one: on disk, not in memory.
      try db.execute(sql: "PRAGMA temp_store = FILE")
      try db.execute(sql: "VACUUM")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    return (before, fileSize())
  }

  /// Bytes of the database file and its write-ahead log.
  public func fileSize() -> Int {
    let manager = FileManager.default
    return [path, path + "-wal"].reduce(0) { total, file in
      total + ((try? manager.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
    }
  }

  /// Each run's share of the file, in bytes: its values' and events' shares of the pages (indexes included).
  public func runSizes() throws -> [Int64: Int] {
    try queue.read { db in
      var pages: [String: Double] = [:]
      if let rows = try? Row.fetchAll(db, sql: "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name") {
        for row in rows {
          if let name = try row.decode(String?.self, atIndex: 0) {
            pages[name] = try row.decode(Double?.self, atIndex: 1)
          }
        }
      } else {
        let total = Double(try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0)
        pages["value"] = total * Double(try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
      }
      let valueBytes = pages["value"] ?? 0
      let eventBytes = ["event", "event_by_step", "event_by_kind"].reduce(0.0) { $0 + (pages[$1] ?? 0) }
      var counts: [(Int64, Double, Double)] = []
      var totalEvents = 0.0
      var totalValues = 0.0
      for row in try Row.fetchAll(db, sql: "SELECT run_id, count(*), total(n) FROM event GROUP BY run_id") {
        guard let id = try? row.decode(Int64.self, atIndex: 0) else { continue }
        let events = try row.decode(Double.self, atIndex: 1)
        let values = try row.decode(Double.self, atIndex: 2)
        counts.append((id, events, values))
        totalEvents += events
        totalValues += values
      }
      var sizes: [Int64: Int] = [:]
      for (id, events, values) in counts {
        let share =
          (totalValues > 0 ? values / totalValues * valueBytes : 0)
          + (totalEvents > 0 ? events / totalEvents * eventBytes : 0)
        sizes[id] = share.isFinite && share >= 0 && share < 9e18 ? Int(share.rounded()) : 0
      }
      return sizes
    }
  }
}
