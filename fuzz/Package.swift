// swift-tools-version: 6.0
import PackageDescription

/// libFuzzer targets for the lesson reader, kept out of the main package: a fuzz target has no
/// `main` of its own (libFuzzer provides it), so it only links when built with
/// `-sanitize=fuzzer`. See README.md and run.sh.
let package = Package(
  name: "nntrace-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "nntrace", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "FuzzLessonParser",
      dependencies: [.product(name: "LessonFormat", package: "nntrace")]
    ),
    .executableTarget(
      name: "FuzzCSVTable",
      dependencies: [.product(name: "LessonFormat", package: "nntrace")]
    ),
  ]
)
