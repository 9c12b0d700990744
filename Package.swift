// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "nntrace",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "nntrace", targets: ["nntrace"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .target(name: "NeuralEngine"),
    .target(name: "Tracing", dependencies: ["NeuralEngine"]),
    .target(
      name: "TraceStore",
      dependencies: [
        "Tracing",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    .target(
      name: "Lessons",
      dependencies: ["NeuralEngine", "Tracing", "TraceStore", "Yams"]
    ),
    .target(name: "Reports", dependencies: ["TraceStore"]),
    .executableTarget(
      name: "nntrace",
      dependencies: [
        "NeuralEngine", "Tracing", "TraceStore", "Lessons", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine"], exclude: ["Fixtures"]),
    .testTarget(name: "TracingTests", dependencies: ["Tracing", "NeuralEngine"]),
    .testTarget(name: "TraceStoreTests", dependencies: ["TraceStore", "Tracing", "NeuralEngine"]),
    .testTarget(name: "LessonsTests", dependencies: ["Lessons", "TraceStore", "NeuralEngine"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Lessons", "TraceStore"]),
    .testTarget(name: "nntraceTests", dependencies: ["TraceStore"]),
  ]
)
