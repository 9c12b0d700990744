import ArgumentParser
import Foundation

/// Writing a file that was asked for (`export -o`), and nothing else.
///
/// A file is never written over the trace database (or its journal), never replaced unless
/// `--force` says so, and never written through a symbolic link: the link could point anywhere.
enum OutputFile {
  /// Writes each file, after checking them all, so that a refusal leaves nothing half written.
  static func write(_ files: [(path: String, data: Data)], force: Bool, database: String) throws {
    if !force {
      for file in files {
        var info = stat()
        if lstat(file.path, &info) == 0 {
          try write(Data(), to: file.path, force: false, database: database)  // reports why
        }
      }
    }
    for file in files { try write(file.data, to: file.path, force: force, database: database) }
  }

  /// Refuses `path` at once, before the work of making what would go in it, for the reasons
  /// ``write(_:to:force:database:)`` would refuse it (a page of a long run takes seconds).
  static func check(_ path: String, force: Bool, database: String) throws {
    if isDatabase(path, database) { throw databaseRefusal(path) }
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if info.st_mode & S_IFMT == S_IFLNK { throw linkRefusal(path) }
    if !force { throw existsRefusal(path) }
  }

  /// Writes `data` to `path`.
  ///
  /// - Throws: an exit code with a message, when `path` is the database, exists (without
  ///   `force`), is a symbolic link, or cannot be written.
  static func write(_ data: Data, to path: String, force: Bool, database: String) throws {
    if isDatabase(path, database) { throw databaseRefusal(path) }
    let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
    let descriptor = open(path, flags, 0o644)
    guard descriptor >= 0 else {
      let code = errno
      switch code {
      case EEXIST: throw existsRefusal(path)
      case ELOOP: throw linkRefusal(path)
      default:
        throw Failure.report("cannot write \(path): \(String(cString: strerror(code)))", status: 1)
      }
    }
    defer { close(descriptor) }
    var offset = 0
    try data.withUnsafeBytes { bytes in
      while offset < bytes.count {
        let written = Foundation.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        guard written > 0 else {
          throw Failure.report("cannot write \(path): \(String(cString: strerror(errno)))", status: 1)
        }
        offset += written
      }
    }
  }

  private static func databaseRefusal(_ path: String) -> ExitCode {
    Failure.report(
      "\(path) is the trace database; nntrace will not write a report over it. Choose another file with -o.",
      status: Failure.Status.usage)
  }

  private static func existsRefusal(_ path: String) -> ExitCode {
    Failure.report(
      "\(path) already exists; nntrace does not replace a file unless asked: give --force, or another name with -o.",
      status: Failure.Status.usage)
  }

  private static func linkRefusal(_ path: String) -> ExitCode {
    Failure.report(
      "\(path) is a symbolic link; nntrace does not write through one (it could point anywhere). Give the file itself with -o.",
      status: Failure.Status.usage)
  }

  /// Whether `path` is the database file or one of its companions (`-wal`, `-shm`, `-journal`).
  private static func isDatabase(_ path: String, _ database: String) -> Bool {
    var target = stat()
    guard stat(path, &target) == 0 else {
      let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
      let base = URL(fileURLWithPath: database).standardizedFileURL.path
      return ["", "-wal", "-shm", "-journal"].contains { resolved == base + $0 }
    }
    return ["", "-wal", "-shm", "-journal"].contains { suffix in
      var file = stat()
      return stat(database + suffix, &file) == 0 && file.st_dev == target.st_dev && file.st_ino == target.st_ino
    }
  }
}
