#!/usr/bin/env bash
# Real coverage-guided fuzzing (Jazzer) of every reader of untrusted bytes, one target after the other,
# each to a fixed number of executions; writes a summary table. Not part of `mvn verify` (which only
# replays the committed inputs). Usage, from the repository root:
#
#   packaging/fuzz-all.sh                       # all 8 targets, 10^6 executions each
#   RUNS=100000 packaging/fuzz-all.sh HfConfigFuzzTest#readConfig NpyFuzzTest#readTensor
#
# RUNS      executions per target (default 1000000); libFuzzer's -runs, so the count is exact
# MAX_TIME  seconds per target before it stops short (default 0: no limit)
# NICE      niceness of the fuzzing JVM (default 15: the machine is shared)
# Logs: target/fuzz/<target>.log; table: target/fuzz/summary.md. Findings land in the target's
# src/test/resources/<package>/<Test>Inputs/<method>/ (commit them: `mvn verify` replays them); the
# growing working corpus in .cifuzz-corpus/ (git-ignored).
#
# How the count is set: jazzer-junit 0.24.0 takes only maxDuration/maxExecutions from @FuzzTest (fixed
# at compile time), but it appends the JUnit configuration parameters jazzer.internal.arg.1, .2, ... to
# libFuzzer's command line after its own flags (jazzer.internal.arg.0 is argv[0]); libFuzzer keeps the
# last value of a flag, so -runs and -max_total_time given here override the annotation's 5 minutes.
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-1000000}
MAX_TIME=${MAX_TIME:-0}
NICE=${NICE:-15}
ALL=(SafetensorsFuzzTest#readSafetensors TorchZipFuzzTest#readTorchZip TorchZipFuzzTest#unpickle
     HfConfigFuzzTest#readConfig HfConfigFuzzTest#readPreprocess NpyFuzzTest#readTensor
     ReplayFuzzTest#replay ImageFolderFuzzTest#openFolder)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

mkdir -p target/fuzz
SUMMARY=target/fuzz/summary.md
[ -f "$SUMMARY" ] || printf '| target | runs | seconds | exec/s | findings | corpus: units (files) |\n|---|---:|---:|---:|---:|---:|\n' > "$SUMMARY"

# compile once, so the timed runs below do not include it
nice -n "$NICE" mvn -B -ntp -q test-compile || exit 1

for t in "${TARGETS[@]}"; do
    cls=${t%%#*}
    method=${t##*#}
    log=target/fuzz/${cls}-${method}.log
    echo "== $t: $RUNS runs (log: $log)"
    JAZZER_FUZZ=1 nice -n "$NICE" mvn -B -ntp -o surefire:test@fuzz-regression -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtest="$t" -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs="$RUNS" \
        -Djazzer.internal.arg.2=-max_total_time="$MAX_TIME" -Djazzer.internal.arg.3=-print_final_stats=1 \
        > "$log" 2>&1
    rc=$?
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    if [ -n "$done_line" ]; then
        runs=$(echo "$done_line" | awk '{print $2}')
        secs=$(echo "$done_line" | awk '{print $5}')
    else # stopped early (finding, killed): the last status line, marked incomplete
        runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#') (stopped)"
        secs='?'
    fi
    # a finding fails the test (libFuzzer stops at the first); the input is written as crash-*/timeout-*
    findings=$(grep -cE '== Java Exception|ERROR: libFuzzer|FuzzTestFindingException|deadly signal' "$log")
    [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ] && findings="error (rc $rc)"
    # libFuzzer's corpus (inputs that add coverage) at the end, and the files kept in .cifuzz-corpus/
    units=$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    files=$(find .cifuzz-corpus/org.spacetimelens.*."$cls"/"$method" -type f 2>/dev/null | wc -l)
    corpus="${units:-?} ($files files)"
    rate='?'
    [ "$secs" != '?' ] && [ "$secs" -gt 0 ] && rate=$(( runs / secs ))
    row="| $t | $runs | $secs | $rate | $findings | $corpus |"
    echo "$row" | tee -a "$SUMMARY"
done
echo "summary: $SUMMARY"
