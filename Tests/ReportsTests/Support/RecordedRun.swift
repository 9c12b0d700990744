import Foundation
import Lessons
import TraceStore
import Tracing

/// A lesson trained and recorded into a fresh temporary database, removed when the value goes away.
final class RecordedRun {
  let directory: URL
  let database: TraceDatabase
  let runID: Int64

  /// Parses `yaml` as a lesson file, trains it and records it with `capture`.
  init(_ yaml: String, name: String = "fixture", capture: CapturePolicy = .all) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nntrace-reports-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let spec = try LessonParser.parse(yaml, file: "\(name).yaml", directory: BuiltInLessons.directory)
    database = try TraceDatabase.open(path: directory.appendingPathComponent("trace.sqlite").path)
    runID = try LessonRunner(spec: spec, lessonName: name, directory: BuiltInLessons.directory).run(
      database: database, capture: capture
    ).runID
  }

  /// Records another lesson into the same database; returns its run id.
  func record(_ yaml: String, name: String = "second") throws -> Int64 {
    let spec = try LessonParser.parse(yaml, file: "\(name).yaml", directory: BuiltInLessons.directory)
    return try LessonRunner(spec: spec, lessonName: name, directory: BuiltInLessons.directory).run(
      database: database, capture: .all
    ).runID
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }
}
