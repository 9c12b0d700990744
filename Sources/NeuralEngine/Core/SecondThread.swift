import Foundation
import Synchronization

/// A second thread that takes the other half of a job when it is free to, for ``MLP``'s passes.
///
/// ``split(whole:halves:)`` runs `halves(0)` on the calling thread and offers `halves(1)` to the second
/// thread. If that thread has not started the offered half by the time the caller has finished
/// its own, the caller takes it back and runs it too: a busy second core never costs more than
/// the handover. The two halves must touch disjoint memory; what each computes does not depend
/// on which thread runs it, so results are the same bits either way.
///
/// Waking a sleeping thread takes about as long as half a pass of the workloads that gain from
/// this, so after each job the thread watches for the next for a while (``watch``) before it
/// sleeps: during training it is awake, between trainings it uses no time. When the machine's
/// other core is busy, the thread misses its offers; after ``missesBeforeRest`` in a row the
/// caller runs both halves itself for the next ``rest`` jobs (and the thread sleeps), then offers
/// again.
final class SecondThread: @unchecked Sendable {
  private enum State { case starting, idle, offered, running, done, stopping }

  /// How long the thread watches for the next job before it sleeps.
  static let watch = Duration.microseconds(500)
  /// Offers missed in a row after which the caller stops offering for a while.
  static let missesBeforeRest = 2
  /// Jobs run by the caller alone after the thread missed too many.
  static let rest = 1024

  /// Offers the thread missed in a row; used by the calling thread only.
  private var misses = 0
  /// Jobs left to run alone; used by the calling thread only.
  private var resting = 0

  private let condition = NSCondition()
  /// Guarded by `condition`.
  private var state = State.starting
  /// The offered job, set only while `state` is `offered` or `running`; guarded by `condition`,
  /// except that the thread calls it without the lock while `running`, when the caller leaves it alone.
  private var job: ((Int) -> Void)?
  /// Counts the offers, so the watching thread sees one without taking the lock.
  private let offers = Atomic<Int>(0)

  /// Whether the caller waits for the thread to take every offer, instead of taking it back (for tests).
  private let waits: Bool
  /// Jobs the thread has run; guarded by `condition`.
  private var jobsRun = 0

  /// Jobs the thread has run so far.
  var helped: Int {
    condition.lock()
    defer { condition.unlock() }
    return jobsRun
  }

  /// Starts the thread; with `waits`, every offer is left to it (tests use this to be sure both threads ran).
  init(waits: Bool = false) {
    self.waits = waits
    let thread = Thread { [self] in serve() }
    thread.name = "nntrace engine"
    thread.start()
    // Wait until the thread watches for work, so that the first offers are not missed while it starts.
    condition.lock()
    while state == .starting { condition.wait() }
    condition.unlock()
  }

  /// Ends the thread once it has finished what it is doing. Call once, when training is over.
  func stop() {
    condition.lock()
    state = .stopping
    offers.add(1, ordering: .releasing)
    condition.broadcast()
    condition.unlock()
  }

  /// Runs `halves(0)` and `halves(1)`, the second on the other thread if it is free in time;
  /// while the other thread is resting, `whole()` instead, which must do the same work.
  func split(whole: () -> Void, halves body: (Int) -> Void) {
    if resting > 0 {
      resting -= 1
      whole()
      return
    }
    withoutActuallyEscaping(body) { body in
      condition.lock()
      job = body
      state = .offered
      offers.add(1, ordering: .releasing)
      condition.broadcast()
      condition.unlock()

      body(0)

      condition.lock()
      if state == .offered && !waits {
        state = .idle
        job = nil
        condition.unlock()
        body(1)
        misses += 1
        if misses == Self.missesBeforeRest {
          misses = 0
          resting = Self.rest
        }
        return
      }
      misses = 0
      while state == .running || state == .offered { condition.wait() }
      state = .idle
      job = nil
      condition.unlock()
    }
  }

  private func serve() {
    let clock = ContinuousClock()
    var seen = 0
    condition.lock()
    if state == .starting { state = .idle }
    condition.broadcast()
    while true {
      if state != .offered && state != .stopping {
        // Watch for the next offer without the lock, then sleep until one comes.
        condition.unlock()
        let until = clock.now + Self.watch
        while offers.load(ordering: .acquiring) == seen && clock.now < until {}
        condition.lock()
      }
      while state != .offered && state != .stopping { condition.wait() }
      seen = offers.load(ordering: .acquiring)
      guard state == .offered, job != nil else { break }
      state = .running
      condition.unlock()
      // No copy of the job is kept past the call: the caller's `withoutActuallyEscaping` checks
      // that nothing holds its closure once it returns. The caller leaves `job` alone while running.
      job?(1)
      condition.lock()
      state = .done
      jobsRun += 1
      condition.broadcast()
    }
    condition.unlock()
  }
}

/// Whether the second thread makes steps faster, found out by timing: a second core can be slow
/// even when it is free (two virtual cores may share one physical core's arithmetic), and then two
/// threads take longer than one. Every ``interval`` steps, ``probe`` steps run on one thread and
/// ``probe`` on two; the faster way is kept until the next probe. The results are the same bits
/// either way, so the choice only changes the time.
struct SplitChoice {
  /// Steps between probes.
  static let interval = 256
  /// Steps timed each way at a probe.
  static let probe = 8

  private var alone = Duration.zero
  private var split = Duration.zero
  private var splitsAfterProbe = true

  /// Whether step `step` runs on two threads.
  func splits(atStep step: Int) -> Bool {
    let phase = step % Self.interval
    if phase < Self.probe { return false }
    if phase < 2 * Self.probe { return true }
    return splitsAfterProbe
  }

  /// Takes the time step `step` took; at the end of a probe, chooses.
  mutating func took(_ duration: Duration, atStep step: Int) {
    let phase = step % Self.interval
    if phase < Self.probe {
      alone += duration
    } else if phase < 2 * Self.probe {
      split += duration
      if phase == 2 * Self.probe - 1 {
        splitsAfterProbe = split < alone
        (alone, split) = (.zero, .zero)
      }
    }
  }
}
