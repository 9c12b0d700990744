import ArgumentParser
import Foundation
import Reports
import TraceStore

/// `nntrace check RUN ANSWERS`: a learner's hand-worked values checked against the run's trace.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check a file of hand-worked values of a step against a recorded run.",
    discussion: """
      ANSWERS is a text file: a `step N` line, then one value a line as `key: value`, keys named \
      like the trace (`z layer 1 unit 1 row 0: 0.3775`, `loss row 0: …`, `loss: …` for the batch, \
      `grad_w layer 2 from 1 to 1: …`, `w layer 2 from 1 to 1: …`, `b layer 2 unit 1: …`); \
      `nntrace export RUN --worksheet` writes one to fill in. See docs/exercises.md.

      Each value is checked in the order it is computed. A wrong one is diagnosed (the common \
      wrong formula it matches); a later value that is wrong only because it was worked from an \
      earlier wrong one is marked as carrying that error forward. Nothing is written.

      Exit status: 0 every value right; 2 some value wrong; 65 a malformed answer file (the \
      message names the file, line and key); 66 no such run or step.
      """)

  @Argument(help: ArgumentHelp("A run id, or latest.", valueName: "run"))
  var runID: String

  @Argument(help: ArgumentHelp("The answer file.", valueName: "answers"))
  var answers: String

  @OptionGroup var database: DatabaseOption

  @Flag(help: "No colours (also when NO_COLOR is set or output is not a terminal).")
  var noColor = false

  func run() throws {
    let file = try readAnswers()
    let db = try database.open(readOnly: true)
    let id = try RunArgument.resolve(runID, in: db)
    let check: AnswerCheck
    let reader: TraceReader
    do {
      reader = try TraceReader(database: db, runID: id)
      guard reader.run.capture == "all", let trace = try reader.step(file.step) else {
        throw Failure.report(
          "run \(id) has no recorded values of step \(file.step) (it has steps 0–\(max(0, reader.run.steps - 1))\(reader.run.capture == "all" ? "" : ", recorded with --capture \(reader.run.capture)"))",
          status: Failure.Status.notFound)
      }
      check = try AnswerCheck(configuration: reader.configuration, trace: trace, answers: file, file: answers)
    } catch let problem as AnswerFile.Problem {
      throw Failure.report(problem.description, status: Failure.Status.badLesson)
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch let error as ExitCode {
      throw error
    } catch {
      throw Failure.database(error)
    }
    let terminal = Terminal(noColor: noColor)
    var output = StandardOutput()
    output.write(
      terminal.bold("Checking \(TextSafety.terminal(answers)) against run \(id)")
        + terminal.dim(" · \(TextSafety.terminal(reader.configuration.title)) · step \(file.step)") + "\n\n")
    output.write(check.text(style: terminal.style))
    if !check.allRight { throw ExitCode(2) }
  }

  /// The answer file, read and parsed; a message naming file, line and key (exit 65) when it cannot be.
  private func readAnswers() throws -> AnswerFile {
    let url = URL(fileURLWithPath: answers)
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      data = try handle.read(upToCount: AnswerFile.largestSize + 1) ?? Data()
    } catch {
      throw Failure.report(
        "cannot read \(TextSafety.terminal(answers)): \(error.localizedDescription)", status: Failure.Status.notFound)
    }
    guard data.count <= AnswerFile.largestSize else {
      throw Failure.report(
        "\(TextSafety.terminal(answers)):1: the file is larger than \(AnswerFile.largestSize / 1024) KiB; an answer file takes a few kilobytes",
        status: Failure.Status.badLesson)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw Failure.report(
        "\(TextSafety.terminal(answers)):1: the file is not UTF-8 text", status: Failure.Status.badLesson)
    }
    do {
      return try AnswerFile(text: text, file: answers)
    } catch {
      throw Failure.report(error.description, status: Failure.Status.badLesson)
    }
  }
}
