import GRDB

/// Brings a database written by an older nntrace up to ``Schema/currentVersion``, in the caller's transaction.
///
/// Each step rebuilds what changed and copies the data over, so a migrated
/// database is laid out exactly like a new one and the `trace` view gives the
/// same rows as before.
enum SchemaMigration {
  /// Migrates from `version` to the current version.
  static func migrate(_ db: Database, from version: Int) throws {
    if version < 2 { try migrateVersion1(db) }
    try db.execute(sql: "PRAGMA user_version = \(Schema.currentVersion)")
  }

  /// Version 1 stored `(event_id, idx, value)` rows; version 2 numbers values and gives each event an id range.
  private static func migrateVersion1(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP VIEW IF EXISTS runs;
        DROP VIEW IF EXISTS trace;
        DROP INDEX IF EXISTS event_by_run;
        ALTER TABLE run_record RENAME TO run_record_v1;
        ALTER TABLE kind RENAME TO kind_v1;
        ALTER TABLE event RENAME TO event_v1;
        ALTER TABLE value RENAME TO value_v1;
        """)
    for statement in Schema.tables + Schema.indexes {
      try db.execute(sql: statement)
    }
    try db.execute(
      sql: """
        CREATE TEMP TABLE span AS
          SELECT event_id, count(*) AS n, sum(count(*)) OVER (ORDER BY event_id) - count(*) + 1 AS start
          FROM value_v1 GROUP BY event_id;
        INSERT INTO value(id, value)
          SELECT s.start + v.idx, v.value FROM value_v1 v JOIN temp.span s USING (event_id)
          ORDER BY v.event_id, v.idx;
        INSERT INTO event(run_id, seq, epoch, step, sample, kind, layer, cols, start, n)
          SELECT e.run_id, e.seq, e.epoch, e.step, e.sample, e.kind, e.layer, e.cols,
                 coalesce(s.start, 1), coalesce(s.n, 0)
          FROM event_v1 e LEFT JOIN temp.span s ON s.event_id = e.id;
        INSERT INTO run_record(id, lesson, title, part, status, started_at, finished_at, config, capture,
                               steps, epochs, value_count, final_loss, detail)
          SELECT id, lesson, title, part, status, started_at, finished_at, config, capture,
                 steps, epochs, value_count, final_loss, detail
          FROM run_record_v1;
        INSERT INTO kind(code, phase, kind, meaning) SELECT code, phase, kind, meaning FROM kind_v1;
        DROP TABLE temp.span;
        DROP TABLE value_v1;
        DROP TABLE event_v1;
        DROP TABLE run_record_v1;
        DROP TABLE kind_v1;
        """)
    for statement in Schema.views + Schema.statistics {
      try db.execute(sql: statement)
    }
  }
}
