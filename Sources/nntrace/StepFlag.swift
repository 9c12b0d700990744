/// Lets `--step` mean two things, as the command line's contract and the replay filters need.
///
/// `--step N` (a number follows) chooses step N; a bare `--step` asks to step
/// through the narration interactively, which ArgumentParser sees as
/// `--interactive`. Only the `run` and `replay` commands are rewritten.
enum StepFlag {
  /// The commands whose `--step` may stand alone.
  static let commands: Set<String> = ["run", "replay"]

  /// `arguments` (without the program name) with each bare `--step` of `run` or `replay` turned into `--interactive`.
  static func rewrite(_ arguments: [String]) -> [String] {
    guard let command = arguments.firstIndex(where: { !$0.hasPrefix("-") }), commands.contains(arguments[command])
    else { return arguments }
    var result = Array(arguments[...command])
    var k = command + 1
    while k < arguments.count {
      let argument = arguments[k]
      if argument == "--" {
        result += arguments[k...]
        break
      }
      if argument == "--step" {
        let next = k + 1 < arguments.count ? arguments[k + 1] : nil
        if let next, Int(next) != nil {
          result += [argument, next]
          k += 2
          continue
        }
        result.append("--interactive")
      } else {
        result.append(argument)
      }
      k += 1
    }
    return result
  }
}
