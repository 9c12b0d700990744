import ArgumentParser
import Foundation
import Lessons

/// `nntrace lessons`: the built-in lessons in curriculum order.
struct LessonsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lessons",
    abstract: "List the built-in lessons in curriculum order: id, title and summary.",
    discussion: "Run one with `nntrace run ID`. Lessons are the files lessons/NN-ID.yaml.")

  func run() throws {
    guard let directory = LessonCatalog.locate(), let catalog = try? LessonCatalog(directory: directory) else {
      throw Failure.report(
        "cannot find the lessons/ folder; set NNTRACE_LESSONS to its path", status: Failure.Status.notFound)
    }
    let width = catalog.entries.map(\.id.count).max() ?? 0
    var output = StandardOutput()
    for entry in catalog.entries {
      do {
        let spec = try LessonParser.load(
          path: entry.path, displayName: "lessons/" + (entry.path as NSString).lastPathComponent, findings: .store)
        let id = entry.id.padding(toLength: width, withPad: " ", startingAt: 0)
        output.write("\(id)  \(spec.title)\n")
        if let summary = spec.summary {
          output.write(String(repeating: " ", count: width + 2) + summary + "\n")
        }
      } catch let error as LessonError {
        throw Failure.lesson(error)
      }
    }
  }
}
