import Foundation
import Lessons
import TraceStore
import Tracing

/// Every part of a built-in lesson, recorded as `nntrace run` records it (each part with the
/// lesson's own capture plan, thinning included) into a fresh temporary database.
final class RecordedLesson {
  let directory: URL
  let database: TraceDatabase
  /// One run per part, in the lesson's order.
  let runIDs: [Int64]

  init(_ id: String) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nntrace-lesson-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    guard let yaml = try BuiltInLessons.all().first(where: { $0.id == id })?.yaml else {
      throw CocoaError(.fileNoSuchFile)
    }
    let specs = try LessonParser.parseParts(yaml, file: "\(id).yaml", directory: BuiltInLessons.directory)
    database = try TraceDatabase.open(path: directory.appendingPathComponent("trace.sqlite").path)
    var ids: [Int64] = []
    for spec in specs {
      let runner = try LessonRunner(spec: spec, lessonName: id, directory: BuiltInLessons.directory)
      ids.append(try runner.run(database: database, plan: spec.capture ?? CapturePlan()).runID)
    }
    runIDs = ids
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }
}

/// The display-maths blocks of a handout: the lines between a `$$` line and the next.
enum MathBlocks {
  static func extract(_ markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [String]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line == "$$" {
        if let lines = current {
          blocks.append(lines.joined(separator: "\n"))
          current = nil
        } else {
          current = []
        }
      } else {
        current?.append(line)
      }
    }
    return blocks
  }
}
