import Foundation
import Testing

/// transcripts/ is what a learner sees; regenerating it must give the same bytes.
@Suite struct TranscriptsTests {
  @Test func regeneratedTranscriptsMatchTheCommittedOnesByteForByte() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [ReportsCLI.root.appendingPathComponent("tools/make-transcripts.sh").path, directory.path]
    var environment = ProcessInfo.processInfo.environment
    environment["NNTRACE_BIN"] = ReportsCLI.binary.path
    process.environment = environment
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let committed = ReportsCLI.root.appendingPathComponent("transcripts")
    let fresh = try files(under: directory)
    let kept = try files(under: committed).filter { $0 != "README.md" }
    #expect(fresh == kept, "files differ: regenerate with tools/make-transcripts.sh and review the diff")
    let lessons = try FileManager.default.contentsOfDirectory(
      atPath: ReportsCLI.root.appendingPathComponent("lessons").path
    )
    .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    for lesson in lessons {
      #expect(fresh.contains("\(lesson)/narration.txt"), "no transcript for lessons/\(lesson).yaml")
    }
    for path in fresh {
      let a = try Data(contentsOf: directory.appendingPathComponent(path))
      let b = try Data(contentsOf: committed.appendingPathComponent(path))
      #expect(a == b, "transcripts/\(path) changed: regenerate with tools/make-transcripts.sh and review the diff")
    }
  }

  /// Relative paths of the files under `root`, sorted.
  func files(under root: URL) throws -> [String] {
    var paths: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    while let path = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
      if !isDirectory.boolValue { paths.append(path) }
    }
    return paths.sorted()
  }
}
