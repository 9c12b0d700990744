#!/usr/bin/env bash
# Regenerates transcripts/: for every built-in lesson (lessons/NN-id.yaml), what a learner sees.
#
#   transcripts/NN-id/narration.txt   the colourless narration of `nntrace run ID`
#   transcripts/NN-id/report.md       `nntrace export RUN… -o report.md` of the lesson's run(s),
#   transcripts/NN-id/report-*.svg    with its charts beside it
#   transcripts/NN-id/worksheet.md    for a lesson with an exercise set (docs/exercises.md): the worksheet
#   transcripts/NN-id/worksheet-key.md  of the set's run, `nntrace export RUN --worksheet`, and its answer key
#
# A lesson recorded as several runs (its parts) gets one report.md of them all, the parts
# side by side (`nntrace export 1 2 … -o report.md`). Each lesson runs in a fresh database
# (transcript.sqlite, in a temporary folder), so run ids start at 1.
#
# Usage: tools/make-transcripts.sh [OUTDIR]        (default: transcripts/ of this checkout)
# The binary is $NNTRACE_BIN if set, else this checkout's `swift build` (built first).
# Tests/nntraceTests/TranscriptsTests.swift runs this into a temporary folder and
# compares the result with transcripts/ byte for byte.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/transcripts}"
bin="${NNTRACE_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$root" && swift build >&2)
  bin="$(cd "$root" && swift build --show-bin-path)/nntrace"
fi

mkdir -p "$out"
rm -rf "$out"/[0-9][0-9]-*
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The lessons with an exercise set, and the part each set works (Sources/Reports/Exercises/ExerciseSet.swift).
exercise_part() {
  case "$1" in
    perceptron) echo and ;;
    forward-pass) echo one ;;
    optimizers) echo adam ;;
    chain-rule | xor-mlp) echo - ;;
    *) echo "" ;;
  esac
}

for lesson in "$root"/lessons/[0-9][0-9]-*.yaml; do
  name="$(basename "$lesson" .yaml)"
  id="${name#*-}"
  dir="$out/$name"
  mkdir -p "$dir"
  rm -f "$work"/transcript.sqlite*
  status=0
  (cd "$work" && env -u NNTRACE_DB NO_COLOR=1 NNTRACE_LESSONS="$root/lessons" \
    "$bin" run "$id" --db transcript.sqlite --no-color </dev/null) >"$dir/narration.txt" || status=$?
  # 3 is a run that diverged on purpose: its narration is still the transcript.
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "make-transcripts: nntrace run $id exited with status $status" >&2
    exit 1
  fi
  runs="$(grep '^Replay \(it\|them\) with: nntrace replay ' "$dir/narration.txt" | sed 's/.*nntrace replay //')"
  # shellcheck disable=SC2086 # $runs is the run ids, one word each
  (cd "$dir" && "$bin" export $runs --db "$work/transcript.sqlite" -o report.md 2>/dev/null)
  part="$(exercise_part "$id")"
  if [ -n "$part" ]; then
    run="${runs%% *}"
    if [ "$part" != "-" ]; then
      run="$("$bin" query "SELECT id FROM runs WHERE part = '$part'" --db "$work/transcript.sqlite" --format csv | tail -n 1)"
    fi
    (cd "$dir" && "$bin" export "$run" --db "$work/transcript.sqlite" --worksheet -o worksheet.md 2>/dev/null)
  fi
done
