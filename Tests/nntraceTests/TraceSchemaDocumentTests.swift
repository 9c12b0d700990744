import Foundation
import Testing
import TraceStore

/// docs/trace-schema.md keeps up with the schema, and its example queries still print what it shows.
@Suite struct TraceSchemaDocumentTests {
  private let document: String = {
    let path = packageRoot.appendingPathComponent("docs/trace-schema.md").path
    return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }()

  /// The text of the fenced blocks of `language`, in order.
  private func blocks(_ language: String, in text: String) -> [String] {
    text.components(separatedBy: "```\(language)\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
  }

  /// The example queries with the output the document shows for each.
  private var examples: [(sql: String, output: String)] {
    let section = document.components(separatedBy: "## Example queries").last ?? ""
    return section.components(separatedBy: "```sql\n").dropFirst().compactMap { chunk in
      let parts = chunk.components(separatedBy: "```")
      guard parts.count >= 3, parts[1].hasPrefix("\n\n") || parts[1] == "\n\n" else { return nil }
      let output = parts[2].hasPrefix("text\n") ? String(parts[2].dropFirst("text\n".count)) : nil
      return output.map { (parts[0].trimmingCharacters(in: .whitespacesAndNewlines), $0) }
    }
  }

  @Test func everyExampleQueryPrintsWhatTheDocumentShows() throws {
    let examples = examples
    #expect(examples.count >= 10)
    let nntrace = try NNTraceBinary()
    // The setup commands name lesson files under docs/examples: give them the same paths here.
    let folder = nntrace.directory.appendingPathComponent("docs/examples")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(
      atPath: packageRoot.appendingPathComponent("docs/examples").path)
    {
      try FileManager.default.copyItem(
        at: packageRoot.appendingPathComponent("docs/examples").appendingPathComponent(name),
        to: folder.appendingPathComponent(name))
    }
    let db = nntrace.path("trace.sqlite")
    let section = document.components(separatedBy: "## Example queries").last ?? ""
    let setup = try #require(blocks("sh", in: section).first)
    for line in setup.split(separator: "\n") {
      let words = line.split(separator: " ").map(String.init)
      #expect(words.first == "nntrace")
      try nntrace.succeed(Array(words.dropFirst()) + ["--db", db])
    }
    for example in examples {
      let result = try nntrace.run(["query", example.sql, "--db", db])
      #expect(result.status == 0, "\(example.sql): \(result.stderr)")
      #expect(result.stdout == example.output, "\(example.sql)")
    }
  }

  @Test func everyKindIsInTheTableOfKinds() throws {
    let nntrace = try NNTraceBinary()
    let schema = try nntrace.succeed(["schema"]).stdout
    let kinds = schema.components(separatedBy: "\nKinds").last?.components(separatedBy: "\nTables").first ?? ""
    let rows = kinds.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 3).map(String.init) }
      .filter { $0.count == 4 && Int($0[0]) != nil }
    #expect(rows.count >= 15)
    for row in rows {
      #expect(document.contains("| \(row[0]) | `\(row[1])` | `\(row[2])` |"), "kind \(row[0]) \(row[2])")
    }
  }

  @Test func everyViewAndItsColumnsAreDescribed() throws {
    for view in try TraceSchema.views() {
      #expect(document.contains("### `\(view.name)`"), "view \(view.name)")
      for column in view.columns {
        #expect(document.contains("`\(column)`"), "\(view.name).\(column)")
      }
    }
  }
}
