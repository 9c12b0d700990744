#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (with AddressSanitizer) and runs one of them.
#
#   fuzz/run.sh lesson [SECONDS]   the lesson reader (LessonParser.parseParts on a file's bytes)
#   fuzz/run.sh csv [SECONDS]      the CSV reader (CSVTable and a lesson's choice of columns)
#
# SECONDS defaults to 600. One fuzzing process, one worker: the machine is shared.
# The corpus libFuzzer grows goes to fuzz/.work/TARGET (not committed); the seeds are
# fuzz/corpus/TARGET (committed); a crashing, leaking or slow input is written to
# fuzz/artifacts/TARGET-crash-… (or -timeout-…, -oom-…), and the run stops.
# Reproduce one with: fuzz/.build/debug/FuzzLessonParser fuzz/artifacts/lesson-crash-…
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-600}
case "$target" in
  lesson) binary=FuzzLessonParser max_len=16384 ;;
  csv) binary=FuzzCSVTable max_len=8192 ;;
  *)
    echo "usage: fuzz/run.sh lesson|csv [seconds]" >&2
    exit 64
    ;;
esac

# --sanitize fuzzer links libFuzzer's main (SwiftPM then gives the executable no entry point of
# its own) and instruments the C code (libyaml, SQLite's shim) with both sanitizers. SwiftPM
# passes each --sanitize to swiftc as a -sanitize= flag of its own, and swiftc keeps only the
# last: -Xswiftc -sanitize=fuzzer,address, which comes after them, gives the Swift code (the
# lesson reader, Yams, the engine) its coverage counters as well as AddressSanitizer.
# -parse-as-library because a target's only code is its @_cdecl'd entry point.
swift build --package-path fuzz -c debug --sanitize fuzzer --sanitize address \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

work="fuzz/.work/$target"
mkdir -p "$work" fuzz/artifacts
# CSV paths in fuzzed lessons are relative to the built-in lessons' folder, so the seeds' data is found.
NNTRACE_FUZZ_DATA=lessons "fuzz/.build/debug/$binary" "$work" "fuzz/corpus/$target" \
  -dict="fuzz/$target.dict" -max_len="$max_len" -timeout=5 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -workers=1 -print_final_stats=1 \
  -artifact_prefix="fuzz/artifacts/$target-"
