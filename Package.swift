// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// The code that runs once per value — the engine, the recorder, the store, the lessons and the
/// reports — is optimised even in debug builds, so that `swift run nntrace …` and `swift test` train
/// and record at full speed: unoptimised, the engine's loops are about a hundred times slower.
/// Results do not change, since the optimiser keeps the order of every floating-point operation.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// The engine's matrix kernels and exponential are written for wide vector registers. Build them
/// for the vector instructions of the machine that builds (AVX-512 or AVX2 where it has them, as C's
/// `-march=native` does): the kernels run 3 to 4 times faster than with the baseline x86-64 (SSE2)
/// instructions, and every result is the same to the bit, since the order of every sum is fixed
/// and nothing is fused. Set NNTRACE_PORTABLE_BUILD=1 to build a binary for any CPU of the architecture.
let engineSettings: [SwiftSetting] =
  (ProcessInfo.processInfo.environment["NNTRACE_PORTABLE_BUILD"] == nil
    ? [.unsafeFlags(["-target-cpu", "native"])] : []) + hotPathSettings

let package = Package(
  name: "nntrace",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nntrace", targets: ["nntrace"]),
    // The lesson reader as a library, for the fuzz targets of fuzz/ (a package of their own): it
    // links neither the trace store nor SQLite.
    .library(name: "LessonFormat", targets: ["LessonFormat"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // Tests only: checks that exported reports parse as Markdown with real tables.
    .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
  ],
  targets: [
    .target(name: "NeuralEngine", swiftSettings: engineSettings),
    .target(name: "Tracing", dependencies: ["NeuralEngine"], swiftSettings: engineSettings),
    // sqlite3_db_config is variadic, which Swift cannot call: a C wrapper hardens each connection.
    .target(name: "CSQLiteSafety", linkerSettings: [.linkedLibrary("sqlite3")]),
    .target(
      name: "TraceStore",
      dependencies: [
        "Tracing", "CSQLiteSafety",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: hotPathSettings
    ),
    // The lesson format: YAML, CSV and their validation, into a `LessonSpec`. No store.
    .target(
      name: "LessonFormat",
      dependencies: ["NeuralEngine", "Tracing", "Yams"],
      swiftSettings: hotPathSettings
    ),
    // The running of lessons: a `LessonSpec` trained on the engine and recorded in the store.
    .target(
      name: "Lessons",
      dependencies: ["LessonFormat", "NeuralEngine", "Tracing", "TraceStore"],
      swiftSettings: hotPathSettings
    ),
    .target(
      name: "Reports",
      dependencies: ["LessonFormat", "TraceStore", "Tracing"],
      // The explorable page's template, style and script, compiled into the binary as byte arrays
      // (`PackageResources.page_html` …): the executable needs no resource bundle beside it.
      resources: [
        .embedInCode("Page/Assets/page.html"), .embedInCode("Page/Assets/page.css"),
        .embedInCode("Page/Assets/page.js"),
      ],
      swiftSettings: hotPathSettings
    ),
    .executableTarget(
      name: "nntrace",
      dependencies: [
        "NeuralEngine", "Tracing", "TraceStore", "Lessons", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The Swift runtime and Foundation linked in: a short run no longer spends about 5 ms
      // loading and binding twenty shared libraries before main.
      swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
      linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]
    ),
    // What the test targets share: temporary directories, the sqlite3 shell.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "TracingTests", dependencies: ["Tracing", "NeuralEngine", "TestSupport"]),
    .testTarget(name: "TraceStoreTests", dependencies: ["TraceStore", "Tracing", "NeuralEngine", "TestSupport"]),
    .testTarget(
      name: "LessonsTests", dependencies: ["Lessons", "LessonFormat", "TraceStore", "NeuralEngine", "TestSupport"]),
    .testTarget(
      name: "ReportsTests",
      dependencies: [
        "Reports", "Lessons", "TraceStore", "Tracing", "TestSupport", .product(name: "Ink", package: "Ink"),
      ]
    ),
    .testTarget(name: "nntraceTests", dependencies: ["TraceStore", "TestSupport"], exclude: ["Corpus", "Handouts"]),
  ]
)
