import Testing
import Tracing

@Suite struct IndexListTests {
  @Test func numbersAndRangesAreParsedSortedAndMerged() throws {
    let list = try #require(IndexList(parsing: "7, 0,2-4,3,5"))
    #expect(list.ranges == [0...0, 2...5, 7...7])
    #expect(list.description == "0,2-5,7")
  }

  @Test(arguments: ["", "a", "1,,2", "-1", "3-", "5-2", "1-2-3", "1.5", "2 3"])
  func textThatIsNotAListIsRejected(_ text: String) {
    #expect(IndexList(parsing: text) == nil)
  }

  @Test func membershipFollowsTheRanges() throws {
    let list = try #require(IndexList(parsing: "1,4-6,10"))
    let members = (0...12).filter(list.contains)
    #expect(members == [1, 4, 5, 6, 10])
  }

  @Test func countBelowALimitCountsOnlyIndicesUnderIt() throws {
    let list = try #require(IndexList(parsing: "1,4-6,10"))
    #expect(list.count(below: 0) == 0)
    #expect(list.count(below: 5) == 2)
    #expect(list.count(below: 7) == 4)
    #expect(list.count(below: 100) == 5)
    #expect(list.last == 10)
  }
}
