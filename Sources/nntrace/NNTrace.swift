import ArgumentParser

/// The `nntrace` command: every number a neural network computes, recorded and explained.
@main
struct NNTrace: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nntrace",
    abstract: "Run small neural-network lessons and see every number they compute.",
    discussion: """
      nntrace trains small networks from scratch and records every intermediate value \
      (inputs, pre-activations z, activations a, deltas δ, gradients and updates) in an \
      SQLite database that you can replay, export or query.

      Start with `nntrace lessons`, then `nntrace run perceptron` and `nntrace replay latest`.

      The database is --db PATH, else $NNTRACE_DB, else ./nntrace.sqlite.

      Work a step by hand with `nntrace quiz chain-rule`, or on a worksheet from \
      `nntrace export RUN --worksheet` checked by `nntrace check RUN ANSWERS`.

      Exit status: 0 success; 2 nntrace check found a wrong value; 3 training diverged (NaN or infinity); 64 bad usage (also SQL \
      that nntrace query cannot run or that would write); \
      65 a mistake in a lesson file; 66 no such run or database; 130 interrupted (128 + the \
      signal: 143 for SIGTERM); \
      1 anything else (for example a database that cannot be written).
      """,
    version: "nntrace 0.1.0",
    subcommands: [
      LessonsCommand.self, RunCommand.self, RunsCommand.self, ReplayCommand.self, ExportCommand.self, DiffCommand.self,
      QueryCommand.self, SchemaCommand.self, RmCommand.self, VacuumCommand.self, BenchCommand.self, QuizCommand.self,
      CheckCommand.self,
    ]
  )

  /// Runs the command line, a bare `--step` of `run` and `replay` read as stepping (see ``StepFlag``).
  static func main() {
    main(StepFlag.rewrite(Array(CommandLine.arguments.dropFirst())))
  }
}
