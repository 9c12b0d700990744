import ArgumentParser
import TraceStore

/// `nntrace vacuum`: rebuilds the database file without the space deleted runs left.
struct VacuumCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vacuum",
    abstract: "Give the space of deleted runs back to the file system.",
    discussion: """
      Rewrites the database compactly (SQLite's VACUUM) and empties its write-ahead log. \
      It needs the database to itself for a moment, so it refuses while a run is being recorded.
      """)

  @OptionGroup var database: DatabaseOption

  func run() throws {
    let db = try database.open()
    let sizes: (before: Int, after: Int)
    do {
      sizes = try db.vacuum()
    } catch {
      throw Failure.database(error)
    }
    var output = StandardOutput()
    let saved = max(0, sizes.before - sizes.after)
    output.write(
      "Vacuumed \(db.path): \(ByteCount.text(sizes.before)) → \(ByteCount.text(sizes.after)) (\(ByteCount.text(saved)) given back).\n"
    )
  }
}
