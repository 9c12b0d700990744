import Foundation
import Lessons
import Testing

@Suite struct LessonReferenceTests {
  private func catalog() throws -> LessonCatalog {
    try LessonCatalog(directory: lessonsDirectory)
  }

  @Test func anIDResolvesToItsLessonFile() throws {
    let reference = try LessonReference.resolve("perceptron", catalog: try catalog())
    #expect(reference.name == "perceptron")
    #expect(reference.path == (lessonsDirectory as NSString).appendingPathComponent("01-perceptron.yaml"))
  }

  @Test func aPathResolvesToItselfAndKeepsItsNameAsGiven() throws {
    let scratch = try TemporaryDirectory()
    let path = try scratch.write(mlpLesson(), to: "mine.yaml")
    let reference = try LessonReference.resolve(path, catalog: try catalog())
    #expect(reference.name == path)
    #expect(reference.path == path)
  }

  @Test func aTypoOfAnIDSuggestsTheLesson() throws {
    let error = try #require(throws: LessonError.self) {
      try LessonReference.resolve("percepton", catalog: try catalog())
    }
    #expect(error.file == "percepton")
    #expect(error.line == nil)
    #expect(error.message.contains("did you mean 'perceptron'?"), "\(error)")
    #expect(error.message.contains("nntrace lessons"), "\(error)")
  }

  @Test func aMissingPathSaysThereIsNoSuchFile() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("gone.yaml")
    let error = try #require(throws: LessonError.self) { try LessonReference.resolve(path, catalog: try catalog()) }
    #expect(error.file == path)
    #expect(error.message.contains("no such lesson file"))
  }

  @Test func aDirectoryIsNotALessonFile() throws {
    let scratch = try TemporaryDirectory()
    let error = try #require(throws: LessonError.self) {
      try LessonReference.resolve(scratch.url.path, catalog: try catalog())
    }
    #expect(error.message == "found a directory; expected a lesson file")
  }

  @Test func withoutACatalogueOnlyFilesResolve() throws {
    let error = try #require(throws: LessonError.self) { try LessonReference.resolve("perceptron", catalog: nil) }
    #expect(error.message.contains("no built-in lessons were found"))
  }
}
