import Foundation
import Testing
import TraceStore
import Tracing

@Suite struct TraceSchemaTests {
  @Test func theContractViewsComeFirstWithTheirColumnsInOrder() throws {
    let views = try TraceSchema.views()
    #expect(views.map(\.name) == ["runs", "trace", "step_loss", "layer_grad_norm", "weight_history", "layer_stats"])
    #expect(
      views[0].columns.prefix(7) == ["id", "lesson", "title", "status", "started_at", "finished_at", "config"])
    #expect(
      views[1].columns == ["run_id", "seq", "epoch", "step", "sample", "phase", "layer", "kind", "i", "j", "value"])
    #expect(views.allSatisfy { !$0.meaning.isEmpty && !$0.columns.isEmpty })
  }

  @Test func everyTableBehindTheViewsIsDescribed() throws {
    #expect(try TraceSchema.tables().map(\.name) == ["run_record", "kind", "event", "value"])
  }

  @Test func theSQLCreatesADatabaseWithTheSameViewsAsNntraceDoes() throws {
    let scratch = try TemporaryDirectory()
    let byHand = scratch.path("by-hand.sqlite")
    try sqlite3(byHand, TraceSchema.sql.map { $0 + ";" }.joined(separator: "\n"))
    _ = try TraceDatabase.open(path: scratch.path("nntrace.sqlite"))
    let layout = "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    let made = try sqlite3(scratch.path("nntrace.sqlite"), layout)
    #expect(try sqlite3(byHand, layout) == made)
    #expect(made.contains("view|trace|") && made.contains("view|layer_stats|"))
  }

  @Test func summaryKindsUseTheirOwnCodeRange() {
    #expect(TraceKind.summaryKinds.allSatisfy { (100...199).contains($0.code) })
    #expect(TraceKind.summaryKinds.allSatisfy { kind in TraceKind.all.contains(kind) })
  }
}
