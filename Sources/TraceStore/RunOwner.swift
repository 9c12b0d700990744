import Foundation

/// The process recording a run, written as `host pid start` in `run_record.owner` while the run is `running`.
///
/// When a process dies without closing its run (kill -9, power loss), the
/// next nntrace that opens the database finds the owner gone and marks the
/// run `interrupted`. A process id alone can be reused, so on Linux the
/// owner also carries the process's start time (from `/proc/PID/stat`); a
/// living process with the same id but another start time is not the owner.
struct RunOwner: Sendable, Equatable {
  /// The machine's host name.
  var host: String
  /// The process id.
  var pid: Int32
  /// The process's start time in clock ticks since boot (Linux), if known.
  var start: UInt64?

  /// This process.
  static let current = RunOwner(host: hostName(), pid: getpid(), start: startTime(of: getpid()))

  /// The stored form: `host pid start` (start `-` when unknown).
  var text: String { "\(host) \(pid) \(start.map(String.init) ?? "-")" }

  /// Parses the stored form; `nil` for anything else.
  init?(text: String) {
    let parts = text.split(separator: " ")
    guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
    self.init(host: String(parts[0]), pid: pid, start: UInt64(parts[2]))
  }

  init(host: String, pid: Int32, start: UInt64?) {
    self.host = host
    self.pid = pid
    self.start = start
  }

  /// Whether the owner is certainly gone; `false` when it lives or cannot be checked (another host).
  var isGone: Bool {
    guard host == Self.current.host else { return false }
    if kill(pid, 0) != 0 && errno == ESRCH { return true }
    if let start, let now = Self.startTime(of: pid), now != start { return true }
    return false
  }

  /// `gethostname`, with spaces replaced (no DNS lookup, unlike `ProcessInfo.hostName`).
  static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty ? "localhost" : name.replacingOccurrences(of: " ", with: "_")
  }

  /// Field 22 of `/proc/PID/stat`: when the process started, in clock ticks after boot.
  static func startTime(of pid: Int32) -> UInt64? {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
      let text = String(data: data, encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return nil }
    // After "pid (comm)" come fields 3, 4, …; field 22 is the 20th of them.
    let fields = text[text.index(after: close)...].split(separator: " ")
    return fields.count > 19 ? UInt64(fields[19]) : nil
  }
}
