extension Schema {
  /// The views as version 2 was first released: kept to recognise them (``SchemaCheck``) and to
  /// replace them when a command writes. Their joins let SQLite build an automatic index on
  /// `value.value` for a question such as `WHERE value = 1`, which then crawled.
  static let previousViews: [String] = [
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
           v.value
    FROM event e
    JOIN kind k ON k.code = e.kind
    JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
    """,
    """
    CREATE VIEW step_loss AS
    SELECT e.run_id, e.epoch, e.step, v.value AS loss
    FROM event e JOIN value v ON v.id = e.start
    WHERE e.kind = 7 AND e.sample IS NULL
    """,
    """
    CREATE VIEW layer_grad_norm AS
    SELECT e.run_id, e.epoch, e.step, e.layer, sqrt(sum(v.value * v.value)) AS grad_w_norm
    FROM event e JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
    WHERE e.kind = 10
    GROUP BY e.run_id, e.step, e.layer
    UNION ALL
    SELECT e.run_id, e.epoch, e.step, e.layer, v.value
    FROM event e JOIN value v ON v.id = e.start
    WHERE e.kind = 105
    """,
    """
    CREATE VIEW weight_history AS
    SELECT e.run_id, e.layer, (v.id - e.start) / e.cols AS j, (v.id - e.start) % e.cols AS i,
           e.epoch, e.step, CASE e.kind WHEN 1 THEN 'init' ELSE 'update' END AS phase, v.value AS w
    FROM event e JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
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
    FROM event e JOIN value v ON v.id = e.start
    WHERE e.kind BETWEEN 101 AND 106
    GROUP BY e.run_id, e.step, e.layer
    """,
  ]

}
