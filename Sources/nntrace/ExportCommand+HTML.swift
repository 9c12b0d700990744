import Foundation
import Reports
import TraceStore

/// `nntrace export RUN… --html`: the runs as one self-contained interactive page.
extension ExportCommand {
  /// Writes the page of `ids` to `output`, or to standard output, and says on standard error what it holds.
  func writePage(runs ids: [Int64], database db: TraceDatabase, output: String?) throws {
    let page: ExplorablePage.Output
    do {
      page = try ExplorablePage(readers: ids.map { try TraceReader(database: db, runID: $0) }).render()
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch {
      throw Failure.database(error)
    }
    guard let output else {
      var standardOutput = StandardOutput()
      standardOutput.write(page.html)
      return
    }
    let url = URL(fileURLWithPath: output)
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw Failure.report("cannot write \(url.path): \(error.localizedDescription)", status: 1)
    }
    try OutputFile.write(Data(page.html.utf8), to: url.path, force: force, database: db.path)
    var standardError = StandardError()
    let size = ByteCount.text(page.html.utf8.count)
    // The notes name runs by lesson and part, which come from the database: escaped for the terminal.
    let notes = TextSafety.terminal(page.notes.joined(separator: "; "))
    standardError.write("Wrote \(TextSafety.terminal(url.path)) (\(size)): \(notes).\n")
  }
}
