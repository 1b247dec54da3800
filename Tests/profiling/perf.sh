#!/usr/bin/env bash
# Profiling a guest with perf: `perf record` of Tests/profiling/hot.c under
# tern with --perfmap (perf report reads /tmp/perf-PID.map) and with --jitdump
# (perf inject --jit), for each engine with a native tier; perf report must
# name the sample's hot guest function (checksum_rounds). Where perf cannot
# record, this fails and says why.
#
#   TERN=.build/release/tern Tests/profiling/perf.sh
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-perf.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
PROGRAM="$SCRATCH/hot"
HOT=checksum_rounds
pass=0 fail=0
check() { if [ "$2" = 0 ]; then pass=$((pass+1)); echo "PASS perf: $1"; else fail=$((fail+1)); echo "FAIL perf: $1${3:+: $3}"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }

command -v perf >/dev/null || { check "perf is installed (make setup: linux-perf)" 1; finish; }
riscv64-linux-gnu-gcc -static -O2 -o "$PROGRAM" "$HERE/hot.c" || { check "building $HERE/hot.c" 1; finish; }
if ! perf record -q -e cpu-clock -o "$SCRATCH/probe.data" -- true >"$SCRATCH/probe.err" 2>&1; then
    check "perf can record here" 1 "$(head -3 "$SCRATCH/probe.err" | tr '\n' ' ') (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid); run as root or lower it)"
    finish
fi

# The guest function with most samples in a perf report (its first symbol line).
top_symbol() { perf report -i "$1" --stdio --sort symbol 2>/dev/null | awk '/^ *[0-9.]+%/{print $3; exit}'; }

for engine in native auto; do
    perf record -q -e cpu-clock -F 2000 -o "$SCRATCH/map-$engine.data" -- \
        "$TERN" run --engine "$engine" --perfmap "$PROGRAM" >"$SCRATCH/map.out" 2>"$SCRATCH/map.err"
    status=$?
    pid=$(perf report -i "$SCRATCH/map-$engine.data" --stdio --sort pid 2>/dev/null | awk '/tern/{sub(/:.*/, "", $2); print $2; exit}')
    grep -q " $HOT" "/tmp/perf-$pid.map" 2>/dev/null
    check "--perfmap ($engine) writes /tmp/perf-PID.map naming native blocks by guest symbol" $?
    top=$(top_symbol "$SCRATCH/map-$engine.data")
    [ $status = 0 ] && [[ "$top" == "$HOT"* ]]
    check "perf report names $HOT as the hottest code ($engine, perf map)" $? "top symbol '$top'"
    rm -f "/tmp/perf-$pid.map"

    ( cd "$SCRATCH" && TMPDIR="$SCRATCH" HOME="$SCRATCH" perf record -q -k 1 -e cpu-clock -F 2000 -o "jit-$engine.data" -- \
        "$TERN" run --engine "$engine" --jitdump "$PROGRAM" >jit.out 2>jit.err &&
      HOME="$SCRATCH" perf inject --jit -i "jit-$engine.data" -o "jit-$engine.injected" >inject.err 2>&1 )
    status=$?
    top=$(HOME="$SCRATCH" top_symbol "$SCRATCH/jit-$engine.injected")
    [ $status = 0 ] && [[ "$top" == "$HOT"* ]]
    check "perf inject --jit + perf report names $HOT as the hottest code ($engine, jitdump)" $? "top symbol '$top'"
done
finish
