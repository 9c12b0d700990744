import ArgumentParser
import Foundation
import Reports
import TraceStore

/// `nntrace export RUN`: a recorded run as a document or as a program.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a recorded run as a PyTorch or Keras script.",
    discussion: """
      `--as pytorch` and `--as keras` print a complete Python script that builds the same network \
      in that framework, with the run's exact initial weights and training rows, and trains it \
      the same way. Set NNTRACE_STEPS=n when running it to stop after n steps.
      """)

  @Argument(help: ArgumentHelp("A run id, or latest.", valueName: "run"))
  var runID: String

  @OptionGroup var database: DatabaseOption

  @Option(name: .customLong("as"), help: ArgumentHelp("pytorch or keras.", valueName: "framework"))
  var framework: String

  @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
  var output: String?

  func validate() throws {
    if FrameworkScript.Framework(rawValue: framework) == nil {
      throw ValidationError("--as: expected pytorch or keras, found '\(framework)'")
    }
  }

  func run() throws {
    let db = try database.open(readOnly: true)
    let id = try RunArgument.resolve(runID, in: db)
    let script: String
    do {
      script = try FrameworkScript.render(
        run: id, database: db, as: FrameworkScript.Framework(rawValue: framework) ?? .pytorch)
    } catch {
      throw Failure.database(error)
    }
    if let output {
      do {
        try script.write(toFile: output, atomically: true, encoding: .utf8)
      } catch {
        throw Failure.report("cannot write \(output): \(error.localizedDescription)", status: 1)
      }
    } else {
      var standardOutput = StandardOutput()
      standardOutput.write(script)
    }
  }
}
