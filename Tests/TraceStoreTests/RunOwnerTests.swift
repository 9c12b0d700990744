import Foundation
import Testing

@testable import TraceStore

@Suite struct RunOwnerTests {
  @Test func theStoredFormReadsBack() throws {
    let owner = RunOwner(host: "lab-7", pid: 4242, start: 123_456)
    #expect(owner.text == "lab-7 4242 123456")
    #expect(RunOwner(text: owner.text) == owner)
    #expect(RunOwner(text: "lab-7 4242 -") == RunOwner(host: "lab-7", pid: 4242, start: nil))
    #expect(RunOwner(text: "nonsense") == nil)
  }

  @Test func thisProcessIsNotGone() {
    #expect(!RunOwner.current.isGone)
  }

  @Test func aProcessThatHasEndedIsGone() throws {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/sh")
    child.arguments = ["-c", "exit 0"]
    try child.run()
    child.waitUntilExit()
    let owner = RunOwner(host: RunOwner.current.host, pid: child.processIdentifier, start: nil)
    #expect(owner.isGone)
  }

  @Test func aLivingProcessWithAnotherStartTimeIsNotTheOwner() throws {
    // This process's id, but a start time it never had: the id was reused.
    var owner = RunOwner.current
    guard let start = owner.start else { return }  // no /proc: start times cannot be compared
    owner.start = start + 1
    #expect(owner.isGone)
  }

  @Test func anOwnerOnAnotherHostIsNeverDeclaredGone() {
    let owner = RunOwner(host: RunOwner.current.host + "-elsewhere", pid: 999_999, start: nil)
    #expect(!owner.isGone)
  }
}
