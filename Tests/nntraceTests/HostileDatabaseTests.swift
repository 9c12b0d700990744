import Foundation
import Testing
import TraceStore

/// The hostile-database corpus: databases and lessons crafted the way someone else's download
/// could be, run through the built `nntrace` as a learner would (docs/hardening.md, "Other
/// people's files"). Each case starts from a sound database of one small run (or two), changes it with
/// `sqlite3`, runs one command within 1 GiB of virtual memory, and checks the exit status, one
/// clear line on standard error (or what standard output must and must not hold), no signal, and
/// that the database and its folder are left as they were unless the command was asked to write.
@Suite(.serialized) struct HostileDatabaseTests {
  /// One hostile case.
  struct Case: CustomStringConvertible {
    /// The review's finding it covers (1…13), and what it tries.
    var finding: Int
    var name: String
    /// SQL applied to the sound database with sqlite3 before the command.
    var setup: String
    /// The command, `DB` standing for the database's path.
    var arguments: [String]
    var status: Int32
    /// What standard error must say (one line), or standard output when the status is 0.
    var says: String
    /// What standard output must not hold.
    var never: String? = nil
    /// How many small runs the sound database holds before `setup`.
    var runs = 1
    var description: String { "finding \(finding): \(name)" }
  }

  /// The virtual memory every hostile command runs within (`prlimit --as`): 1 GiB, about four
  /// times what nntrace maps to start; the review's cases asked for 8 GB and more.
  static let addressSpace = 1 << 30

  static let cases: [Case] = [
    Case(
      finding: 1, name: "a title with a newline stays in the script's comment",
      setup:
        "UPDATE run_record SET title = 'T' || char(10) || 'import os; os.system(\"touch pwned\")' || char(13) || 'x'",
      arguments: ["export", "1", "--as", "pytorch"], status: 0, says: "# nntrace run 1: \"T\\nimport os",
      never: "\nimport os; os.system"),
    Case(
      finding: 1, name: "a lesson and part with a carriage return and a newline stay in the Keras script's comment",
      setup: "UPDATE run_record SET lesson = 'L' || char(13) || 'import os', part = 'p' || char(10) || 'import sys'",
      arguments: ["export", "1", "--as", "keras"], status: 0, says: "lesson \"L\\rimport os (part p\\nimport sys)\"",
      never: "\rimport os"),
    Case(
      finding: 1, name: "a part with a newline stays in the NumPy script's comment",
      setup: "UPDATE run_record SET part = 'p' || char(10) || 'pwned = 1'",
      arguments: ["export", "1", "--as", "numpy"], status: 0, says: "(part p\\npwned = 1)", never: "\npwned = 1"),
    Case(
      finding: 2, name: "a full-text table shipped in the database is not read",
      setup: "CREATE VIRTUAL TABLE notes USING fts3(body); INSERT INTO notes VALUES ('x')",
      arguments: ["query", "SELECT * FROM notes WHERE body MATCH 'x'"], status: 64,
      says: "the table notes is not one of nntrace's"),
    Case(
      finding: 2, name: "a full-text table: a command that writes refuses the file",
      setup: "CREATE VIRTUAL TABLE notes USING fts3(body)", arguments: ["vacuum"], status: 66,
      says: "holds table notes"),
    Case(
      finding: 4, name: "a trigger on kind: runs reads without firing it",
      setup: "CREATE TRIGGER t AFTER INSERT ON kind BEGIN DELETE FROM run_record; END; DELETE FROM kind WHERE code = 1",
      arguments: ["runs"], status: 0, says: "completed"),
    Case(
      finding: 4, name: "a trigger: a command that writes refuses the file, naming it",
      setup: "CREATE TRIGGER grow AFTER DELETE ON run_record BEGIN SELECT 1; END",
      arguments: ["rm", "1"], status: 66, says: "holds trigger grow, which nntrace did not create"),
    Case(
      finding: 4, name: "a view of nntrace's name changed",
      setup: "DROP VIEW runs; CREATE VIEW runs AS SELECT * FROM run_record",
      arguments: ["runs"], status: 1, says: "its view runs is not as nntrace created it"),
    Case(
      finding: 6, name: "a number where text belongs",
      setup: "UPDATE run_record SET title = x'41'", arguments: ["replay", "1"], status: 1,
      says: "run 1's title holds a blob"),
    Case(
      finding: 6, name: "text where a loss belongs",
      setup: "UPDATE run_record SET final_loss = 'low'", arguments: ["diff", "1", "1"], status: 1,
      says: "run 1's final_loss holds text"),
    Case(
      finding: 6, name: "text where a count belongs",
      setup: "UPDATE run_record SET steps = 'many'", arguments: ["runs"], status: 1,
      says: "run 1's steps holds the text 'many'"),
    Case(
      finding: 6, name: "a layer index outside the network",
      setup: "UPDATE event SET layer = 7 WHERE run_id = 1 AND kind = 1 AND layer = 1",
      arguments: ["export", "1", "--as", "pytorch"], status: 1, says: "has layer 7"),
    Case(
      finding: 6, name: "layers of a billion units",
      setup: "UPDATE run_record SET config = json_set(config, '$.layers', json('[1000000000, 1000000000]'))",
      arguments: ["export", "1", "--as", "pytorch"], status: 1, says: "expected 2 to 1000 sizes"),
    Case(
      finding: 6, name: "layers of a billion units, replayed",
      setup: "UPDATE run_record SET config = json_set(config, '$.layers', json('[1000000000, 1000000000]'))",
      arguments: ["replay", "1"], status: 66, says: "expected 2 to 1000 sizes"),
    Case(
      finding: 6, name: "a batch size of 0 with shuffling",
      setup:
        "UPDATE run_record SET config = json_set(config, '$.training.batch_size', 0, '$.training.shuffle', json('true'))",
      arguments: ["export", "1", "--as", "keras"], status: 1, says: "`training.batch_size`"),
    Case(
      finding: 6, name: "a step far beyond the run",
      setup:
        "UPDATE event SET step = 4000000000000 WHERE run_id = 1 AND kind = 7 AND seq = (SELECT max(seq) FROM event WHERE kind = 7)",
      arguments: ["export", "1"], status: 1, says: "4000000000000"),
    Case(
      finding: 10, name: "escape sequences in a title and the lesson",
      setup:
        "UPDATE run_record SET title = char(27) || ']0;pwned' || char(7) || 'T', lesson = char(27) || ']52;c;aGk=' || char(7)",
      arguments: ["runs"], status: 0, says: "\\u{1B}]52;c;aGk=\\u{7}", never: "\u{1B}]"),
    Case(
      finding: 10, name: "HTML and a fence in the handout",
      setup:
        "UPDATE run_record SET config = json_set(config, '$.title', '<script>alert(1)</script>', '$.introduction', '```' || char(10) || '<img src=x onerror=alert(1)>')",
      arguments: ["export", "1"], status: 0, says: "&lt;script&gt;", never: "<script>"),
    Case(
      finding: 12, name: "a negative value count",
      setup: "UPDATE run_record SET value_count = -5", arguments: ["replay", "1"], status: 1,
      says: "run 1's values holds -5"),
    Case(
      finding: 12, name: "RAISE(IGNORE) cannot make rm lie",
      setup: "CREATE TRIGGER keep BEFORE DELETE ON run_record BEGIN SELECT RAISE(IGNORE); END",
      arguments: ["rm", "1"], status: 66, says: "holds trigger keep"),
    Case(
      finding: 13, name: "an enormous range", setup: "", arguments: ["rm", "1-9000000000000000000"], status: 66,
      says: "There is no run 2"),
    // Counted out, 1-100000000 took 2.9 GB and 51 s, beyond the 1 GiB every case runs within.
    Case(
      finding: 13, name: "a range of a hundred million ids over two runs", setup: "",
      arguments: ["rm", "1-100000000"], status: 66, says: "There is no run 3 in", runs: 2),
    Case(
      finding: 13, name: "an enormous range over two runs", setup: "", arguments: ["rm", "1-9000000000000000000"],
      status: 66, says: "There is no run 3 in", runs: 2),
    Case(
      finding: 13, name: "a range up to the largest id", setup: "", arguments: ["rm", "2-9223372036854775807"],
      status: 66, says: "There is no run 3 in", runs: 2),
  ]

  /// A sound database of `runs` small runs, made once per test.
  private func soundDatabase(_ nntrace: NNTraceBinary, _ name: String, runs: Int = 1) throws -> String {
    let folder = nntrace.path(name)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let db = folder + "/trace.sqlite"
    for _ in 0..<runs { try nntrace.succeed(["run", "xor-mlp", "--epochs", "2", "--quiet", "--db", db]) }
    return db
  }

  /// Every file of `folder` with its bytes, but SQLite's shared-memory index and an empty
  /// write-ahead log, which any reader of a WAL database (the sqlite3 shell's `-readonly` too) may leave.
  private static func snapshot(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !name.hasSuffix("-shm") {
      let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
      if name.hasSuffix("-wal") && data.isEmpty { continue }
      files[name] = data
    }
    return files
  }

  @Test(arguments: cases)
  func aHostileDatabaseGetsAClearAnswerAndStaysAsItWas(_ hostile: Case) throws {
    let nntrace = try NNTraceBinary()
    let db = try soundDatabase(nntrace, "case", runs: hostile.runs)
    if !hostile.setup.isEmpty { _ = try sqlite3(db, hostile.setup) }
    let folder = (db as NSString).deletingLastPathComponent
    let before = try Self.snapshot(folder)
    let result = try nntrace.run(hostile.arguments + ["--db", db], timeout: 30, addressSpace: Self.addressSpace)
    #expect(!result.signaled, "\(hostile): killed by signal \(result.status)")
    #expect(result.status == hostile.status, "\(hostile): exit \(result.status): \(result.stderr)")
    for sign in BadInputCorpusTests.crashSigns {
      #expect(!result.stderr.contains(sign), "\(hostile): \(result.stderr.prefix(300))")
    }
    if hostile.status == 0 {
      #expect(result.stdout.contains(hostile.says), "\(hostile): \(result.stdout.prefix(400))")
    } else {
      #expect(result.stderr.hasPrefix("nntrace: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(hostile)")
      #expect(result.stderr.contains(hostile.says), "\(hostile): \(result.stderr)")
    }
    if let never = hostile.never {
      #expect(!result.stdout.contains(never), "\(hostile): standard output holds \(never.debugDescription)")
    }
    #expect(try Self.snapshot(folder) == before, "\(hostile): the database or its folder changed")
    #expect(!FileManager.default.fileExists(atPath: nntrace.path("pwned")))
  }

  /// Writes zeros over page `page` of the database at `db`, whose write-ahead log is checkpointed first.
  private static func zero(page: Int, of db: String) throws {
    _ = try sqlite3(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    let size = try #require(Int(try sqlite3(db, "PRAGMA page_size").trimmingCharacters(in: .newlines)))
    let file = try FileHandle(forUpdating: URL(fileURLWithPath: db))
    defer { try? file.close() }
    try file.seek(toOffset: UInt64((page - 1) * size))
    try file.write(contentsOf: Data(count: size))
  }

  /// A page of a database of two runs to damage (finding 12).
  struct Damage: CustomStringConvertible {
    var description: String
    /// SQL applied to the sound database with sqlite3 first.
    var setup = ""
    /// The page to overwrite with zeros, as a query of SQLite's dbstat table. The last leaf of a
    /// table's b-tree holds its largest keys: run 2's.
    var page: String
    /// Whether run 1 still reads: the open itself, which reads every run's status, survives.
    var sparesRun1 = true
  }

  static let damages = [
    Damage(
      description: "a page of run 2's values",
      page: "SELECT pageno FROM dbstat WHERE name = 'value' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1"),
    // Run 2's configuration spills onto overflow pages, which only reading run 2 itself touches:
    // the lookup that once said "there is no run 2".
    Damage(
      description: "a page of run 2's configuration",
      setup: "UPDATE run_record SET config = json_set(config, '$.notes', printf('%.*c', 20000, 'x')) WHERE id = 2",
      page: "SELECT pageno FROM dbstat WHERE name = 'run_record' AND pagetype = 'overflow' ORDER BY path LIMIT 1"),
    Damage(
      description: "the page of run 2's record",
      page: "SELECT pageno FROM dbstat WHERE name = 'run_record' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1",
      sparesRun1: false),
  ]

  /// Finding 12: one damaged page is reported as the damage it is (SQLite's "malformed"), never
  /// as "there is no run 2".
  @Test(arguments: damages, [["diff", "1", "2"], ["replay", "2"], ["export", "2"]])
  func aDamagedPageIsReportedAsDamageNotAsAMissingRun(damage: Damage, command: [String]) throws {
    let nntrace = try NNTraceBinary()
    let folder = nntrace.path("damaged")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let db = folder + "/trace.sqlite"
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "2", "--quiet", "--db", db])
    // Run 2 is the larger: its values fill pages of their own.
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "20", "--quiet", "--db", db])
    if !damage.setup.isEmpty { _ = try sqlite3(db, damage.setup) }
    let page = try sqlite3(db, damage.page)
    try Self.zero(page: try #require(Int(page.trimmingCharacters(in: .newlines)), "\(damage): \(page)"), of: db)
    let before = try Self.snapshot(folder)
    let result = try nntrace.run(command + ["--db", db], timeout: 30, addressSpace: Self.addressSpace)
    let what = "\(command.joined(separator: " ")) with \(damage)"
    #expect(!result.signaled, "\(what): killed by signal \(result.status)")
    #expect(result.status == 1, "\(what): exit \(result.status): \(result.stderr)")
    #expect(result.stderr.hasPrefix("nntrace: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(what)")
    #expect(result.stderr.contains("malformed"), "\(what): \(result.stderr)")
    #expect(!result.stderr.lowercased().contains("no run"), "\(what): \(result.stderr)")
    #expect(try Self.snapshot(folder) == before, "\(what): the database or its folder changed")
    if damage.sparesRun1 {
      // Run 1 still reads: the damage, not the command, made run 2 fail.
      try nntrace.succeed(["replay", "1", "--db", db])
    }
  }

  /// Finding 7: VACUUM copies the whole database into a temporary one, which in memory
  /// (temp_store = MEMORY) took as much RAM as the file (2.86 GB for 2.9 GB). On disk, vacuuming
  /// a file of some 90 MB (bench/write-5m.yaml) costs at most a quarter of it above what
  /// `nntrace runs` costs on the same file.
  @Test func vacuumKeepsItsTemporaryCopyOnDisk() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("big.sqlite")
    let lesson = packageRoot.appendingPathComponent("bench/write-5m.yaml").path
    try nntrace.succeed(["run", lesson, "--quiet", "--force", "--db", db])
    let values = try sqlite3(db, "SELECT count(*) FROM value")
    let bytes = try #require(try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int)
    #expect(bytes > 50_000_000, "the database is only \(bytes) bytes")

    let runs = try nntrace.run(["runs", "--db", db], measuringPeakMemory: true)
    #expect(runs.status == 0, "\(runs.stderr)")
    let vacuum = try nntrace.run(["vacuum", "--db", db], measuringPeakMemory: true)
    #expect(!vacuum.signaled, "killed by signal \(vacuum.status)")
    #expect(vacuum.status == 0, "exit \(vacuum.status): \(vacuum.stderr)")
    #expect(vacuum.stdout.hasPrefix("Vacuumed \(db): "), "\(vacuum.stdout)")
    let baseline = try #require(runs.peakResidentBytes)
    let peak = try #require(vacuum.peakResidentBytes)
    #expect(
      peak < baseline + bytes / 4,
      "vacuum peaked at \(peak) bytes resident (runs at \(baseline)) for a file of \(bytes) bytes")
    #expect(try sqlite3(db, "SELECT count(*) FROM value") == values)
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }

  /// A lesson whose one finding is `sql`, in `nntrace`'s folder.
  private func lesson(_ nntrace: NNTraceBinary, finding sql: String) throws -> String {
    try nntrace.write(
      """
      title: A finding from someone else
      layers: [2, 1]
      activations: [sigmoid]
      loss: mse
      optimizer: {name: sgd, lr: 0.5}
      data:
        inputs: [[0, 0], [1, 1]]
        targets: [[0], [1]]
      training: {epochs: 1}
      findings:
        x: |
          \(sql)
      conclusion: "Found {x}."

      """, to: "hostile.yaml")
  }

  @Test(arguments: [
    (2, "SELECT hex(fts3_tokenizer('simple'))", "fts3_tokenizer() is refused"),
    (2, "SELECT fts3_tokenizer('simple', x'4141414141414141')", "fts3_tokenizer() is refused"),
    (3, "ATTACH 'made.db' AS m", "ATTACH and DETACH are refused"),
    (8, "SELECT printf('%.*c', 10000000, 'x')", "a finding gives at most"),
    (8, "SELECT zeroblob(100000000)", "larger than 16 MiB"),
  ])
  func aHostileFindingIsRefusedAndTouchesNoFile(finding: Int, sql: String, says: String) throws {
    let nntrace = try NNTraceBinary()
    let path = try lesson(nntrace, finding: sql)
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.run(["run", path, "--db", db], timeout: 60, addressSpace: Self.addressSpace)
    #expect(!result.signaled, "finding \(finding): killed by signal \(result.status)")
    #expect(result.status == 65, "finding \(finding): exit \(result.status): \(result.stderr)")
    #expect(result.stderr.contains(" findings.x: "), "\(result.stderr)")
    #expect(result.stderr.contains(says), "finding \(finding): \(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: nntrace.path("made.db")))
    #expect(try TraceDatabase.open(path: db, readOnly: true).runs().first?.conclusion == nil)
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func oneSignalStopsAnEndlessFindingAtOnce(signal: Int32) throws {
    let nntrace = try NNTraceBinary()
    let path = try lesson(
      nntrace, finding: "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c")
    let run = try BackgroundRun(nntrace, ["run", path, "--db", nntrace.path("trace.sqlite")])
    try waitUntil("the run is recorded") {
      (try? sqlite3(nntrace.path("trace.sqlite"), "SELECT status FROM run_record")) == "completed\n"
    }
    Thread.sleep(forTimeInterval: 0.5)
    let clock = ContinuousClock()
    let start = clock.now
    run.send(signal)
    let result = try run.finish(timeout: 20)
    #expect(clock.now - start < .seconds(5), "took \(clock.now - start) to stop")
    #expect(result.status == 128 + signal, "exit \(result.status): \(result.stderr)")
    #expect(result.stderr.contains("stopped by signal \(signal)"), "\(result.stderr)")
  }

  @Test func aQueryStopsAtItsTimeLimitAndAtOneSignal() throws {
    let nntrace = try NNTraceBinary()
    let db = try soundDatabase(nntrace, "query")
    let endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"
    let timed = try nntrace.run(["query", endless, "--timeout", "1", "--db", db], timeout: 30)
    #expect(timed.status == 1, "\(timed.stderr)")
    #expect(timed.stderr.contains("ran past its time limit of 1 s"), "\(timed.stderr)")
    let run = try BackgroundRun(nntrace, ["query", endless, "--db", db])
    Thread.sleep(forTimeInterval: 1)
    run.send(SIGINT)
    let stopped = try run.finish(timeout: 10)
    #expect(stopped.status == 130, "\(stopped.stderr)")
  }

  @Test func exportWritesOnlyTheFileItWasGiven() throws {
    let nntrace = try NNTraceBinary()
    let db = try soundDatabase(nntrace, "export")
    let database = try Data(contentsOf: URL(fileURLWithPath: db))
    let onDatabase = try nntrace.run(["export", "1", "-o", db, "--force", "--db", db])
    #expect(onDatabase.status == 64 && onDatabase.stderr.contains("is the trace database"), "\(onDatabase.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == database)

    let existing = try nntrace.write("mine\n", to: "notes.md")
    let refused = try nntrace.run(["export", "1", "-o", existing, "--db", db])
    #expect(refused.status == 64 && refused.stderr.contains("already exists"), "\(refused.stderr)")
    #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine\n")
    // The file is refused before any run is read (a long run's page takes seconds to make): even
    // for a run that is not there, and for every kind of export.
    for kind in [[], ["--html"], ["--as", "numpy"], ["--worksheet"]] {
      let early = try nntrace.run(["export", "99", "-o", existing, "--db", db] + kind)
      #expect(early.status == 64 && early.stderr.contains("already exists"), "\(kind): \(early.stderr)")
      #expect(!early.stderr.contains("run 99"), "\(kind): \(early.stderr)")
    }
    #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine\n")
    try nntrace.succeed(["export", "1", "-o", existing, "--force", "--db", db])
    #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("# "))

    let target = try nntrace.write("target\n", to: "target.txt")
    try FileManager.default.createSymbolicLink(atPath: nntrace.path("link.py"), withDestinationPath: target)
    let linked = try nntrace.run([
      "export", "1", "--as", "pytorch", "-o", nntrace.path("link.py"), "--force", "--db", db,
    ])
    #expect(linked.status == 64 && linked.stderr.contains("symbolic link"), "\(linked.stderr)")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "target\n")
  }
}
