#!/usr/bin/env bash
# Coverage-guided fuzzing (docs/fuzzing.md): builds the libFuzzer targets in Fuzz/ with AddressSanitizer in
# their own scratch path, then runs one target or all of them for SECONDS each (default 60).
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]
#
# FUZZ_CONFIG=release builds optimised (slower to build, several times more executions a second); the
# default is debug. Extra libFuzzer flags can follow in FUZZ_FLAGS (for example FUZZ_FLAGS=-runs=1000000).
#
# Each target reads its committed seeds (Fuzz/Corpus/TARGET) and grows a working corpus in
# .build-fuzz/corpus/TARGET. A crash, a broken invariant, a leak, a timeout (-timeout) or running out of
# memory (-rss_limit_mb) is a finding: its input is kept in Fuzz/Findings/TARGET/ and the script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(yaml campaign seeds targets reach recurrence notify template delivery dates xlsx)
target=${1:-all}
seconds=${2:-60}
config=${FUZZ_CONFIG:-debug}
scratch=.build-fuzz
[[ $config == debug ]] || scratch=.build-fuzz-$config

if [[ $target == all ]]; then
    selected=("${TARGETS[@]}")
elif [[ " ${TARGETS[*]} " == *" $target "* ]]; then
    selected=("$target")
else
    echo "fuzz.sh: unknown target '$target'. Targets: all ${TARGETS[*]}" >&2
    exit 64
fi
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: SECONDS must be a whole number above 0, not '$seconds'" >&2; exit 64; }

dictionary() {
    case $1 in
        reach) echo csv ;;
        recurrence) echo rrule ;;
        template) echo template ;;
        delivery) echo http ;;
        dates) echo dates ;;
        xlsx) echo xlsx ;;
        *) echo yaml ;;
    esac
}

# ld.gold cannot link Swift with -sanitize=fuzzer (an internal error), so lld, which the toolchain ships.
flags=(-c "$config" --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
swift build "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol '__asan" || true
binary="$(swift build "${flags[@]}" --show-bin-path)/outreach-fuzz"
[[ -x $binary ]] || { echo "fuzz.sh: the build failed" >&2; exit 1; }
[[ -d Fuzz/Corpus/yaml ]] || python3 Fuzz/make-corpus.py

failed=()
printf '%-11s %10s %9s %s\n' target runs exec/s result > "$scratch/summary.txt"
for name in "${selected[@]}"; do
    corpus="$scratch/corpus/$name"
    findings="Fuzz/Findings/$name"
    mkdir -p "$corpus" "$findings"
    log="$scratch/$name.log"
    echo "== $name: $seconds s (log: $log)"
    set +e
    OUTREACH_FUZZ_TARGET=$name ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$binary" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -dict="Fuzz/Dictionaries/$(dictionary "$name").dict" -artifact_prefix="$findings/" ${FUZZ_FLAGS:-} \
        "$corpus" "Fuzz/Corpus/$name" > "$log" 2>&1
    status=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    result=ok
    if [[ $status -ne 0 ]]; then
        result="FINDING (exit $status): $(grep -m1 -E 'ERROR: |Fatal error|invariant broken' "$log" || echo 'see log')"
        failed+=("$name")
        tail -n 40 "$log"
    fi
    printf '%-11s %10s %9s %s\n' "$name" "$runs" "$speed" "$result" | tee -a "$scratch/summary.txt"
done
echo
cat "$scratch/summary.txt"
if ((${#failed[@]})); then
    echo "fuzz.sh: findings in ${failed[*]}; inputs in Fuzz/Findings/. Fix them, add a unit test, and copy the input to Fuzz/Corpus/TARGET/." >&2
    exit 1
fi
