import Foundation
import Lessons

/// The lessons/ folder of this checkout, found from this file's path.
enum BuiltInLessons {
  static var directory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path
  }

  /// Every built-in lesson: its id and its file's text.
  static func all() throws -> [(id: String, yaml: String)] {
    try LessonCatalog(directory: directory).entries.map { entry in
      (entry.id, try String(contentsOfFile: entry.path, encoding: .utf8))
    }
  }

  static var ids: [String] {
    (try? LessonCatalog(directory: directory).entries.map(\.id)) ?? []
  }
}
