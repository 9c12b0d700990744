import Foundation

/// The built-in lessons: the files `NN-id.yaml` of the `lessons/` folder, in curriculum order.
public struct LessonCatalog: Sendable {
  /// A built-in lesson.
  public struct Entry: Sendable, Equatable {
    /// The id typed after `nntrace run`.
    public var id: String
    /// The lesson file.
    public var path: String
  }

  /// The `lessons/` folder.
  public let directory: String
  /// The lessons, in curriculum order.
  public let entries: [Entry]

  /// The catalogue in `directory`.
  public init(directory: String) throws {
    self.directory = directory
    let names = try FileManager.default.contentsOfDirectory(atPath: directory)
    entries = names.sorted().compactMap { name in
      guard name.hasSuffix(".yaml"), let dash = name.firstIndex(of: "-"),
        name[name.startIndex..<dash].allSatisfy(\.isNumber)
      else { return nil }
      let id = String(name[name.index(after: dash)..<name.index(name.endIndex, offsetBy: -5)])
      return Entry(id: id, path: (directory as NSString).appendingPathComponent(name))
    }
  }

  /// Finds the `lessons/` folder: `$NNTRACE_LESSONS`, else the nearest `lessons/`
  /// above the nntrace executable (the package checkout it was built in), else `./lessons`.
  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    let manager = FileManager.default
    if let explicit = environment["NNTRACE_LESSONS"], !explicit.isEmpty { return explicit }
    let executable =
      (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath ?? ""
    var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
    while directory.path != "/" && !directory.path.isEmpty {
      let candidate = directory.appendingPathComponent("lessons")
      var isDirectory: ObjCBool = false
      if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue,
        manager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path)
      {
        return candidate.path
      }
      directory = directory.deletingLastPathComponent()
    }
    let local = (manager.currentDirectoryPath as NSString).appendingPathComponent("lessons")
    return manager.fileExists(atPath: local) ? local : nil
  }

  /// The built-in lesson with this id.
  public func entry(id: String) -> Entry? {
    entries.first { $0.id == id }
  }
}

/// What `nntrace run LESSON` names: a built-in lesson or a file.
public struct LessonReference: Sendable, Equatable {
  /// The `lesson` column of the run: the id, or the path as given.
  public var name: String
  /// The file to read.
  public var path: String

  /// Resolves `argument`: an existing file, else a built-in lesson id.
  ///
  /// - Throws: ``LessonError`` naming the near miss when neither fits.
  public static func resolve(_ argument: String, catalog: LessonCatalog?) throws -> LessonReference {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), !isDirectory.boolValue {
      return LessonReference(name: argument, path: argument)
    }
    if let entry = catalog?.entry(id: argument) {
      return LessonReference(name: entry.id, path: entry.path)
    }
    let looksLikePath =
      argument.contains("/") || argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
      || argument.hasSuffix(".json")
    if isDirectory.boolValue {
      throw LessonError(file: argument, line: nil, key: "", message: "found a directory; expected a lesson file")
    }
    if looksLikePath {
      throw LessonError(
        file: argument, line: nil, key: "", message: "no such lesson file: found nothing at this path; expected a file")
    }
    let ids = catalog?.entries.map(\.id) ?? []
    let known = ids.isEmpty ? "no built-in lessons were found" : "`nntrace lessons` lists them"
    throw LessonError(
      file: argument, line: nil, key: "",
      message: "not a built-in lesson or a file\(NearMiss.hint(for: argument, among: ids)); \(known)")
  }
}
