import Foundation
import Lessons
import Testing

@Suite struct LessonCatalogTests {
  @Test func theRepositorysLessonsComeInCurriculumOrder() throws {
    let catalog = try LessonCatalog(directory: lessonsDirectory)
    #expect(catalog.directory == lessonsDirectory)
    #expect(Array(catalog.entries.map(\.id).prefix(2)) == ["perceptron", "perceptron-xor"])
    let files = catalog.entries.map { ($0.path as NSString).lastPathComponent }
    #expect(files.prefix(2) == ["01-perceptron.yaml", "02-perceptron-xor.yaml"])
    #expect(files == files.sorted())
    for entry in catalog.entries {
      #expect(FileManager.default.fileExists(atPath: entry.path), "\(entry.path)")
    }
  }

  @Test func everyCatalogueLessonParses() throws {
    let catalog = try LessonCatalog(directory: lessonsDirectory)
    for entry in catalog.entries {
      let spec = try LessonParser.load(path: entry.path)
      #expect(!spec.title.isEmpty, "\(entry.id)")
      #expect(spec.summary != nil, "\(entry.id) needs a summary for `nntrace lessons`")
    }
  }

  @Test func onlyNumberedYAMLFilesAreLessons() throws {
    let scratch = try TemporaryDirectory()
    for name in ["10-later.yaml", "02-early.yaml", "notes.yaml", "README.md", "draft-idea.yaml", "03-old.yaml.bak"] {
      try scratch.write("title: x\n", to: name)
    }
    let catalog = try LessonCatalog(directory: scratch.url.path)
    #expect(catalog.entries.map(\.id) == ["early", "later"])
    #expect(catalog.entries.first?.path == scratch.path("02-early.yaml"))
  }

  @Test func entriesAreFoundByID() throws {
    let catalog = try LessonCatalog(directory: lessonsDirectory)
    #expect(catalog.entry(id: "xor-mlp")?.path.hasSuffix("lessons/06-xor-mlp.yaml") == true)
    #expect(catalog.entry(id: "06-xor-mlp") == nil)
    #expect(catalog.entry(id: "unknown") == nil)
  }

  @Test func aMissingFolderThrows() throws {
    let scratch = try TemporaryDirectory()
    #expect(throws: (any Error).self) { _ = try LessonCatalog(directory: scratch.path("absent")) }
  }

  @Test func theEnvironmentNamesTheFolderFirst() {
    #expect(LessonCatalog.locate(environment: ["NNTRACE_LESSONS": "/somewhere/lessons"]) == "/somewhere/lessons")
  }
}
