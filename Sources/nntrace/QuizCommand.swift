import ArgumentParser
import Foundation
import Lessons
import Reports
import TraceStore

/// `nntrace quiz LESSON|RUN`: asks for a step's values one by one and diagnoses wrong answers.
struct QuizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quiz",
    abstract: "Work a step by hand: nntrace asks for its values in order and checks each answer.",
    discussion: """
      LESSON|RUN is a built-in lesson id or a lesson file (run first into the database, as \
      `nntrace run --quiet` would) or a recorded run (an id or latest). The quiz asks for the \
      values of one step in the order they are computed — z, a, the loss, δ, ∂L/∂w, the update — \
      each as a worksheet line with the numbers it is worked from. Type each value; a right one \
      moves on, a wrong one is diagnosed (the common wrong formula it matches, recomputed from \
      the trace) and the worked line is shown as `nntrace replay` prints it. q stops; the score \
      comes at the end.

      Answers are read from standard input, one a line, whether it is a terminal or a pipe \
      (`printf '0.3775\\n0.59327\\n' | nntrace quiz chain-rule`); the end of input ends the quiz.

      Without options, a built-in lesson's exercise set chooses the part, step and values \
      (docs/exercises.md); else step 0, its first data row, 2 units per layer.
      """)

  @Argument(help: ArgumentHelp("A lesson id or file, or a run id or latest.", valueName: "lesson|run"))
  var target: String

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("For a lesson of several parts: the part to work.", valueName: "name"))
  var part: String?

  @OptionGroup(title: "What to ask") var exercise: ExerciseOptions

  @Flag(help: "No colours (also when NO_COLOR is set or output is not a terminal).")
  var noColor = false

  func run() throws {
    let id: Int64
    let db: TraceDatabase
    if target == "latest" || Int64(target) != nil {
      db = try database.open(readOnly: true)
      id = try RunArgument.resolve(target, in: db)
      if part != nil {
        throw Failure.report("--part chooses among a lesson's runs; run \(id) is already one", status: 64)
      }
    } else {
      db = try database.open()
      id = try LessonRecording(lesson: target, part: part).record(into: db)
    }
    let reader: TraceReader
    do {
      reader = try TraceReader(database: db, runID: id)
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.notFound)
    } catch {
      throw Failure.database(error)
    }
    let sheet = try exercise.sheet(reader: reader)
    QuizSession.stopOnInterrupt()
    var output = StandardOutput()
    QuizSession(run: reader.run, sheet: sheet, terminal: Terminal(noColor: noColor)).run(output: &output)
  }
}

/// A lesson run into the database before its quiz, quietly, as `nntrace run --quiet` runs it.
struct LessonRecording {
  let lesson: String
  let part: String?

  /// Runs every part and returns the run of the part to quiz: `part`, the exercise set's, else the first.
  func record(into db: TraceDatabase) throws -> Int64 {
    Interrupt.install()
    let session: LessonSession
    var runners: [LessonRunner] = []
    do {
      let catalog = LessonCatalog.locate().flatMap { try? LessonCatalog(directory: $0) }
      session = try LessonSession(reference: try LessonReference.resolve(lesson, catalog: catalog))
      for spec in session.parts {
        runners.append(try LessonRunner(spec: spec, lessonName: session.reference.name, directory: session.directory))
      }
    } catch let error as LessonError {
      throw Failure.lesson(error)
    }
    let names = session.parts.compactMap(\.part)
    let wanted = part ?? ExerciseSet.of(lesson: session.reference.name)?.part
    if let wanted, !names.contains(wanted) {
      let list = names.isEmpty ? "it has one part" : "its parts are " + names.joined(separator: ", ")
      throw Failure.report(
        "lesson \(TextSafety.terminal(session.reference.name)) has no part '\(TextSafety.terminal(wanted))': \(list)",
        status: Failure.Status.usage)
    }
    var chosen: Int64?
    for runner in runners {
      let result: LessonRunner.Result
      do {
        result = try runner.run(database: db, capture: .all, shouldStop: { Interrupt.received != 0 })
      } catch {
        throw Failure.database(error)
      }
      if Interrupt.received != 0 {
        throw Failure.report(
          "interrupted while recording the lesson: run \(result.runID) is kept and marked interrupted",
          status: Interrupt.exitStatus)
      }
      if chosen == nil && (wanted == nil || runner.spec.part == wanted) { chosen = result.runID }
    }
    guard let chosen else { throw Failure.report("the lesson recorded no run", status: 1) }
    return chosen
  }
}
