import GRDB
import Tracing

/// The trace schema described for people: versions, views with their columns, tables, kinds, and the SQL.
///
/// What `nntrace schema` prints, taken from the statements that create a
/// database, so the description cannot drift from the file.
public enum TraceSchema {
  /// A view or table: its name, what it holds, and its columns.
  public struct Relation: Sendable, Equatable {
    /// The name to use in SQL.
    public var name: String
    /// What one row is.
    public var meaning: String
    /// The columns, in order.
    public var columns: [String]
  }

  /// `PRAGMA user_version` of databases this build writes.
  public static var version: Int { Schema.currentVersion }
  /// `PRAGMA application_id` of nntrace databases.
  public static var applicationID: Int32 { Schema.applicationID }

  private static let viewMeanings: [(String, String)] = [
    ("runs", "one row per run: its lesson, status, times, the resolved lesson as JSON (config), and counts"),
    ("trace", "one row per recorded value; ORDER BY seq, i, j replays the computation in order"),
    ("step_loss", "the batch loss of each recorded step (kind loss, sample NULL)"),
    (
      "layer_grad_norm",
      "‖∂L/∂W‖ of each layer at each recorded step: computed from grad_w (capture all) or read from grad_w_norm (summary)"
    ),
    ("weight_history", "each weight w[j][i] of a layer: its initial value (phase init), then after every update"),
    ("layer_stats", "the summary statistics of each layer at each step, one column per statistic (capture summary)"),
  ]

  private static let tableMeanings: [(String, String)] = [
    ("run_record", "the runs, read through the runs view; owner names the recording process while it runs"),
    ("kind", "the kind codes stored in event.kind: code, phase, kind, meaning"),
    (
      "event",
      "where a run of consecutive values arose (run_id, seq, epoch, step, sample, kind code, layer); cols maps them to i and j (NULL: i = position; 0: a scalar; c > 0: j = position / c, i = position % c); their ids are start ..< start + n"
    ),
    ("value", "one row per recorded number: id (its place in the database) and value"),
  ]

  /// The views, in the order a learner meets them.
  public static func views() throws -> [Relation] {
    try describe(viewMeanings)
  }

  /// The tables behind the views.
  public static func tables() throws -> [Relation] {
    try describe(tableMeanings)
  }

  /// Every kind, by code.
  public static var kinds: [TraceKind] { TraceKind.all }

  /// The statements that create a database, indexes and views included.
  public static var sql: [String] { Schema.tables + Schema.indexes + Schema.views }

  private static func describe(_ relations: [(String, String)]) throws -> [Relation] {
    let queue = try DatabaseQueue()
    return try queue.write { db in
      for statement in Schema.tables + Schema.views {
        try db.execute(sql: statement)
      }
      return try relations.map { name, meaning in
        let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name]).map {
          $0[0] as String
        }
        return Relation(name: name, meaning: meaning, columns: columns)
      }
    }
  }
}
