/// The database layout, version by version.
///
/// Version 2 stores each recorded value as one row of `value(id, value)`, a
/// rowid table whose key is the value's number in the database: about 17
/// bytes a value on disk, no secondary index. An `event` row says where a run
/// of consecutive values arose (run, seq, epoch, step, sample, kind code,
/// layer), how they are indexed (`cols`) and which ids they hold
/// (`start ..< start + n`). The public `runs` and `trace` views, and the
/// convenience views, turn this back into readable columns.
///
/// `sqlite_stat1` is filled with fixed figures describing a large database,
/// so that SQLite plans queries on the views the same way from the first run
/// on (kind filters through `event_by_kind`, per-step and per-layer grouping
/// through `event_by_step` without sorting).
enum Schema {
  /// `PRAGMA application_id` of an nntrace database: "nntr" in ASCII.
  static let applicationID: Int32 = 0x6E6E_7472
  /// `PRAGMA user_version` this build writes.
  static let currentVersion = 2

  /// The names of the tables of the current version.
  static let tableNames: Set<String> = ["run_record", "kind", "event", "value"]

  /// The names of the views of the current version.
  static let viewNames: Set<String> = [
    "runs", "trace", "step_loss", "layer_grad_norm", "weight_history", "layer_stats",
  ]

  /// The tables of the current version.
  static let tables: [String] = [
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
      thinning TEXT,
      steps INTEGER NOT NULL DEFAULT 0,
      epochs INTEGER NOT NULL DEFAULT 0,
      value_count INTEGER NOT NULL DEFAULT 0,
      final_loss REAL,
      detail TEXT,
      owner TEXT,
      conclusion TEXT
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
      run_id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      sample INTEGER,
      kind INTEGER NOT NULL,
      layer INTEGER,
      cols INTEGER,
      start INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID
    """,
    "CREATE TABLE value (id INTEGER PRIMARY KEY, value REAL)",
  ]

  /// Indexes: on events only (values are found by id range).
  static let indexes: [String] = [
    "CREATE INDEX kind_by_name ON kind(kind)",
    "CREATE INDEX event_by_step ON event(run_id, step, layer)",
    "CREATE INDEX event_by_kind ON event(run_id, kind, layer, step)",
  ]

  /// The planner's statistics: a database of about a million events in ten runs.
  static let statistics: [String] = [
    "ANALYZE sqlite_schema",
    "DELETE FROM sqlite_stat1",
    """
    INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES
      ('run_record', NULL, '10'),
      ('kind', NULL, '40'),
      ('kind', 'kind_by_name', '40 2'),
      ('event', 'event', '1000000 100000 1'),
      ('event', 'event_by_step', '1000000 100000 50 15'),
      ('event', 'event_by_kind', '1000000 100000 5000 2000 2'),
      ('value', NULL, '100000000')
    """,
  ]

  /// The views: the contract's `runs` and `trace`, then the convenience views.
  ///
  /// Each reaches values only through their events: `CROSS JOIN value` keeps `event` the outer
  /// loop (SQLite never reorders a CROSS JOIN), and a value is read through `CAST(v.value AS REAL)`
  /// rather than as the bare column, so that a condition on it (`WHERE value = 1`) is tested on the
  /// rows of the events found rather than used to build an automatic index over every value of
  /// every run. The rows and their types are the same as the bare column's.
  static let views: [String] = [
    """
    CREATE VIEW runs AS
    SELECT id, lesson, title, status, started_at, finished_at, config,
           part, capture, steps, epochs, value_count AS "values", final_loss, detail, thinning, conclusion
    FROM run_record
    """,
    """
    CREATE VIEW trace AS
    SELECT e.run_id, e.seq, e.epoch, e.step, e.sample, k.phase, e.layer, k.kind,
           CASE WHEN e.cols IS NULL THEN v.id - e.start WHEN e.cols > 0 THEN (v.id - e.start) % e.cols END AS i,
           CASE WHEN e.cols > 0 THEN (v.id - e.start) / e.cols END AS j,
           CAST(v.value AS REAL) AS value
    FROM event e
    JOIN kind k ON k.code = e.kind
    CROSS JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
    """,
    """
    CREATE VIEW step_loss AS
    SELECT e.run_id, e.epoch, e.step, CAST(v.value AS REAL) AS loss
    FROM event e CROSS JOIN value v ON v.id = e.start
    WHERE e.kind = 7 AND e.sample IS NULL
    """,
    """
    CREATE VIEW layer_grad_norm AS
    SELECT e.run_id, e.epoch, e.step, e.layer, sqrt(sum(v.value * v.value)) AS grad_w_norm
    FROM event e CROSS JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
    WHERE e.kind = 10
    GROUP BY e.run_id, e.step, e.layer
    UNION ALL
    SELECT e.run_id, e.epoch, e.step, e.layer, CAST(v.value AS REAL)
    FROM event e CROSS JOIN value v ON v.id = e.start
    WHERE e.kind = 105
    """,
    """
    CREATE VIEW weight_history AS
    SELECT e.run_id, e.layer, (v.id - e.start) / e.cols AS j, (v.id - e.start) % e.cols AS i,
           e.epoch, e.step, CASE e.kind WHEN 1 THEN 'init' ELSE 'update' END AS phase, CAST(v.value AS REAL) AS w
    FROM event e CROSS JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
    WHERE e.kind IN (1, 14)
    """,
    """
    CREATE VIEW layer_stats AS
    SELECT e.run_id, e.epoch, e.step, e.layer,
           max(CASE e.kind WHEN 101 THEN v.value END) AS a_mean,
           max(CASE e.kind WHEN 102 THEN v.value END) AS a_std,
           max(CASE e.kind WHEN 103 THEN v.value END) AS saturated_share,
           max(CASE e.kind WHEN 104 THEN v.value END) AS dead_share,
           max(CASE e.kind WHEN 105 THEN v.value END) AS grad_w_norm,
           max(CASE e.kind WHEN 106 THEN v.value END) AS w_norm
    FROM event e CROSS JOIN value v ON v.id = e.start
    WHERE e.kind BETWEEN 101 AND 106
    GROUP BY e.run_id, e.step, e.layer
    """,
  ]

  /// Every statement that creates the current version, in order.
  static var current: [String] { tables + indexes + views + statistics }

  /// Version 1 as it was released, for migrating old databases (and testing that migration).
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
