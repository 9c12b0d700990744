/// One row of the `runs` view.
public struct RunSummary: Sendable, Equatable {
  /// The run id.
  public var id: Int64
  /// The lesson id, or the lesson file's path.
  public var lesson: String
  /// The lesson title.
  public var title: String
  /// The part of a multi-part lesson, if any.
  public var part: String?
  /// `running`, `completed`, `interrupted`, `diverged` or `failed`.
  public var status: String
  /// ISO 8601, UTC.
  public var startedAt: String
  /// ISO 8601, UTC; `nil` while running.
  public var finishedAt: String?
  /// The resolved lesson as JSON.
  public var config: String
  /// The capture policy.
  public var capture: String
  /// Steps completed.
  public var steps: Int
  /// Epochs completed.
  public var epochs: Int
  /// Values recorded.
  public var values: Int
  /// The last step's batch loss.
  public var finalLoss: Double?
  /// Why a run diverged or failed.
  public var detail: String?
  /// The capture plan's thinning in words (`every 10th step, layers 1-2`), if any.
  public var thinning: String?
  /// The lesson's conclusion, filled in from the trace of its runs.
  public var conclusion: String?

  /// A summary.
  public init(
    id: Int64, lesson: String, title: String, part: String?, status: String, startedAt: String, finishedAt: String?,
    config: String, capture: String, steps: Int, epochs: Int, values: Int, finalLoss: Double?, detail: String?,
    thinning: String? = nil, conclusion: String? = nil
  ) {
    self.id = id
    self.lesson = lesson
    self.title = title
    self.part = part
    self.status = status
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.config = config
    self.capture = capture
    self.steps = steps
    self.epochs = epochs
    self.values = values
    self.finalLoss = finalLoss
    self.detail = detail
    self.thinning = thinning
    self.conclusion = conclusion
  }
}

/// How a run ended, for ``TraceDatabase/finishRun(_:with:)``.
public struct RunEnding: Sendable, Equatable {
  /// `completed`, `interrupted`, `diverged` or `failed`.
  public var status: RunStatus
  /// Steps completed.
  public var steps: Int
  /// Epochs completed.
  public var epochs: Int
  /// Values recorded.
  public var values: Int
  /// The last step's batch loss.
  public var finalLoss: Double?
  /// Why it diverged or failed.
  public var detail: String?

  /// An ending.
  public init(status: RunStatus, steps: Int, epochs: Int, values: Int, finalLoss: Double?, detail: String?) {
    self.status = status
    self.steps = steps
    self.epochs = epochs
    self.values = values
    self.finalLoss = finalLoss
    self.detail = detail
  }
}
