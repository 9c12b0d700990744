import Foundation

/// The package checkout the tests belong to, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()  // TestSupport
  .deletingLastPathComponent()  // Tests
  .deletingLastPathComponent()
