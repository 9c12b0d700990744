import ArgumentParser
import Foundation
import Reports
import TraceStore

/// `nntrace export RUN --worksheet [-o FILE]`: a step's worksheet, and its answer key beside it.
///
/// With `-o sheet.md` the key is written as `sheet-key.md` in the same folder;
/// without it both go to standard output, the key after a horizontal rule. Existing files are
/// replaced only with `--force`, as for the report.
enum WorksheetExport {
  static func write(
    run id: Int64, database db: TraceDatabase, options: ExerciseOptions, output: String?, force: Bool
  ) throws {
    let markdown: WorksheetMarkdown
    do {
      let reader = try TraceReader(database: db, runID: id)
      markdown = WorksheetMarkdown(sheet: try options.sheet(reader: reader), run: reader.run)
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch let error as ExitCode {
      throw error
    } catch {
      throw Failure.database(error)
    }
    guard let output else {
      var standardOutput = StandardOutput()
      standardOutput.write(markdown.worksheet + "\n---\n\n" + markdown.key)
      return
    }
    let url = URL(fileURLWithPath: output)
    let keyURL = url.deletingLastPathComponent().appendingPathComponent(
      url.deletingPathExtension().lastPathComponent + "-key." + (url.pathExtension.isEmpty ? "md" : url.pathExtension))
    try OutputFile.write(
      [(url.path, Data(markdown.worksheet.utf8)), (keyURL.path, Data(markdown.key.utf8))], force: force,
      database: db.path)
    var standardError = StandardError()
    standardError.write("Wrote \(url.path) and, beside it, its answer key \(keyURL.lastPathComponent).\n")
  }
}
