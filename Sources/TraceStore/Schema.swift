/// The database layout, version by version.
///
/// Values are stored compactly: an `event` row says where a vector of values
/// arose (run, seq, epoch, step, sample, kind code, layer) and how its values
/// are indexed; each value is one `(event_id, idx, value)` row of a
/// `WITHOUT ROWID` table. The public `runs` and `trace` views turn this back
/// into the contract's columns.
enum Schema {
  /// `PRAGMA application_id` of an nntrace database: "nntr" in ASCII.
  static let applicationID: Int32 = 0x6E6E_7472
  /// `PRAGMA user_version` this build writes.
  static let currentVersion = 1

  /// Statements that create version 1, in order.
  static let version1: [String] = [
    """
    CREATE TABLE run_record (
      id INTEGER PRIMARY KEY,
      lesson TEXT NOT NULL,
      title TEXT NOT NULL,
      part TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'diverged', 'failed')),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      config TEXT NOT NULL,
      capture TEXT NOT NULL,
      steps INTEGER NOT NULL DEFAULT 0,
      epochs INTEGER NOT NULL DEFAULT 0,
      value_count INTEGER NOT NULL DEFAULT 0,
      final_loss REAL,
      detail TEXT,
      pid INTEGER
    )
    """,
    """
    CREATE TABLE kind (
      code INTEGER PRIMARY KEY,
      phase TEXT NOT NULL,
      kind TEXT NOT NULL,
      meaning TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE event (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES run_record(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      sample INTEGER,
      kind INTEGER NOT NULL REFERENCES kind(code),
      layer INTEGER,
      cols INTEGER
    )
    """,
    "CREATE INDEX event_by_run ON event(run_id, seq)",
    """
    CREATE TABLE value (
      event_id INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      value REAL,
      PRIMARY KEY (event_id, idx)
    ) WITHOUT ROWID
    """,
    """
    CREATE VIEW runs AS
    SELECT id, lesson, title, status, started_at, finished_at, config,
           part, capture, steps, epochs, value_count AS "values", final_loss, detail
    FROM run_record
    """,
    """
    CREATE VIEW trace AS
    SELECT e.run_id, e.seq, e.epoch, e.step, e.sample, k.phase, e.layer, k.kind,
           CASE WHEN e.cols IS NULL THEN v.idx WHEN e.cols = 0 THEN NULL ELSE v.idx % e.cols END AS i,
           CASE WHEN e.cols > 0 THEN v.idx / e.cols END AS j,
           v.value
    FROM event e
    JOIN value v ON v.event_id = e.id
    JOIN kind k ON k.code = e.kind
    """,
  ]
}
