import ArgumentParser
import Reports
import TraceStore

/// `nntrace replay RUN`: re-tells a recorded run, its arithmetic written out, from the database alone.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Re-tell a recorded run, its arithmetic written out, from the database alone.",
    discussion: """
      RUN is a run id or `latest`; several runs are told in order as one story (a lesson's \
      parts: `nntrace replay 1 2` tells exactly what `nntrace run` told of them). Nothing is recomputed and no lesson file is needed: every \
      number comes from the trace, and every line's arithmetic holds to the printed precision.

      A short run is told step by step; a long one tells its first step in full, then a \
      table of epochs; a lesson's parts share about 400 lines, and are compared side by side after the last. Lines are wrapped to the terminal (100 columns when output is \
      not one), a long formula continued on an indented line. Choose steps with --epoch N or --step N (or --all), narrow \
      the lines with --sample, --layer and --kind, e.g. \
      `nntrace replay latest --step 0 --layer 1 --kind z --kind a`. A bare --step walks through \
      the steps at the terminal: Enter for the next, b back, a number to jump, c to continue, q to quit.
      """)

  @Argument(
    help: ArgumentHelp(
      "A run id, or latest; several runs (a lesson's parts, e.g. 1 2) are told as one story.", valueName: "run"))
  var runIDs: [String]

  @OptionGroup var database: DatabaseOption

  @OptionGroup var options: NarrationOptions

  func validate() throws {
    if runIDs.isEmpty { throw ValidationError("expected a run id (see nntrace runs) or latest") }
  }

  func run() throws {
    let db = try database.open(readOnly: true)
    let ids = try runIDs.map { try RunArgument.resolve($0, in: db) }
    let terminal = Terminal(noColor: options.noColor)
    var output = NarrationOutput()
    do {
      let readers = try ids.map { try TraceReader(database: db, runID: $0) }
      for reader in readers { try checkStepRecorded(reader) }
      let narrators = ReplayNarrator.story(
        of: readers, style: terminal.style, filter: options.filter, limits: options.limits, all: options.all)
      if narrators.count == 1, options.interactive && Terminal.interactive && readers[0].hasTrace {
        try ReplayPager(narrator: narrators[0]).run(output: &output)
      } else {
        for (k, narrator) in narrators.enumerated() {
          if k > 0 { output.write("\n") }
          try narrator.write(to: &output)
        }
      }
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch let error as ExitCode {
      throw error
    } catch {
      throw Failure.database(error)
    }
  }
}

extension ReplayCommand {
  /// Refuses `--step N` for a step the run did not record in full: told nothing, it would look like success.
  func checkStepRecorded(_ reader: TraceReader) throws {
    guard let step = options.filter.step else { return }
    let run = reader.run
    let steps = run.steps == 1 ? "step 0" : "steps 0–\(max(0, run.steps - 1))"
    guard step < run.steps else {
      throw Failure.report(
        "run \(run.id) has no step \(step): it ran \(steps)", status: Failure.Status.notFound)
    }
    guard run.capture == "all", try reader.step(step) != nil else {
      throw Failure.report(
        "run \(run.id) ran \(steps) but did not record every value of step \(step) (capture: \(run.capture)\(run.thinning.map { ", \($0)" } ?? "")); `nntrace runs` shows what each run recorded",
        status: Failure.Status.notFound)
    }
  }
}

/// Reads a RUN argument: an id, or `latest`.
enum RunArgument {
  /// The run `argument` names.
  ///
  /// A database that cannot be read is reported as such, never as a run that does not exist.
  static func resolve(_ argument: String, in database: TraceDatabase) throws -> Int64 {
    if argument == "latest" {
      let latest: Int64?
      do { latest = try database.latestRunID() } catch { throw Failure.database(error) }
      guard let id = latest else {
        throw Failure.report(
          "no runs recorded in \(database.path) yet; start one with: nntrace run perceptron",
          status: Failure.Status.notFound)
      }
      return id
    }
    guard let id = Int64(argument), id > 0 else {
      throw Failure.report("'\(argument)' is not a run: expected a run id (see nntrace runs) or latest", status: 64)
    }
    let found: RunSummary?
    do { found = try database.run(id) } catch { throw Failure.database(error) }
    guard found != nil else {
      throw Failure.report(
        "there is no run \(id) in \(database.path); `nntrace runs` lists the runs", status: Failure.Status.notFound)
    }
    return id
  }
}
