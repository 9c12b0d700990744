import Foundation

/// What an answer is: right, wrong by a mistake nntrace recognises, carried forward, or wrong in a way it does not.
public enum Verdict: Sendable, Equatable {
  /// Right to the printed precision.
  case right
  /// Wrong, but right from the learner's own earlier values: it carries their error forward.
  case carried
  /// Wrong, and what `mistake` gives (the wrong formula's value, worked from the trace).
  case mistake(Mistake, gives: Double)
  /// Wrong in a way none of the common mistakes explains.
  case unrecognised
}

/// When an answer counts as right: within one unit of the last digit the worksheet prints.
public enum Tolerance {
  /// How far an answer may be from `value`: 0.000001 for values printed with 6 decimals, one unit of
  /// the 6th significant figure for values printed in e-notation (below 0.001 or from 10⁷).
  public static func of(_ value: Double) -> Double {
    let magnitude = abs(value)
    if magnitude == 0 || (magnitude >= NumberFormat.smallMagnitude && magnitude < NumberFormat.largeMagnitude) {
      return 1e-6
    }
    return pow(10, floor(log10(magnitude)) - 5)
  }

  /// Whether `answer` is `value` to the printed precision.
  public static func matches(_ answer: Double, _ value: Double) -> Bool {
    answer.isFinite && value.isFinite && abs(answer - value) <= of(value) * (1 + 1e-9)
  }

  /// The rule in words, as the quiz and the worksheet state it.
  public static let statement =
    "An answer counts as right within ±0.000001 of the value (±1 in the 6th significant figure for values printed in e-notation), whether worked from the recorded values or from the numbers as printed here."
}

extension ExerciseSheet {
  /// Judges `answer` to `exercise`.
  ///
  /// - Parameter answers: the learner's earlier values (an answer file's); a
  ///   wrong answer that they explain is ``Verdict/carried``, and the wrong
  ///   formulas are worked from them too.
  public func judge(_ answer: Double, for exercise: Exercise, answers: [AnswerKey: Double] = [:]) -> Verdict {
    var printed = values
    printed.rounded = true
    if Tolerance.matches(answer, exercise.value) { return .right }
    if let worked = exercise.work(printed), Tolerance.matches(answer, worked) { return .right }
    var own = values
    own.answers = answers
    own.answers[exercise.key] = nil
    var ownPrinted = own
    ownPrinted.rounded = true
    let contexts = [own, ownPrinted]
    if !answers.isEmpty {
      for context in contexts {
        if let worked = exercise.work(context), Tolerance.matches(answer, worked) { return .carried }
      }
    }
    for (mistake, work) in exercise.mistakes {
      for context in contexts {
        guard let wrong = work(context), wrong.isFinite, !Tolerance.matches(wrong, exercise.value) else { continue }
        if Tolerance.matches(answer, wrong) { return .mistake(mistake, gives: wrong) }
      }
    }
    return .unrecognised
  }

  /// `exercise`'s value worked from the recorded values, `answers` in place of theirs.
  public func work(_ exercise: Exercise, answers: [AnswerKey: Double] = [:]) -> Double? {
    var context = values
    context.answers = answers
    return exercise.work(context)
  }

  /// The numbers `exercise` is worked from that are not asked on this sheet, with their values.
  func givens(of exercise: Exercise) -> [(symbol: Tex, value: Double)] {
    exercise.uses.compactMap { given in value(given).map { (symbol(given), $0) } }
  }
}
