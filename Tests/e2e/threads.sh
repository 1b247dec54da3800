#!/usr/bin/env bash
# Repeated runs of the multithreaded programs: each case has its own expected
# stdout and exit status (expected/NAME.out, .status, as in run.sh); it runs once
# under qemu-riscv64, which must give them, and then RUNS times (default 20)
# under `tern run` with each engine, two runs at a time; every run must give them
# exactly. A hang (timeout) or a flaky run is a failure. See Tests/e2e/README.md.
#
#   TERN=/path/to/tern Tests/e2e/threads.sh [FILTER]
#
# Environment: TERN, QEMU (default qemu-riscv64), RUNS (default 20),
# ENGINES (default "threaded native auto"), THREADS_TIMEOUT (seconds per run,
# default 120), GO_THREADS (the Go program built from Tests/go/gothreads by
# `make e2e-threads`; default build/go/gothreads). The last line is
# "N passed, M failed".
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/Samples/out"
TERN=${TERN:-$ROOT/.build/release/tern}
QEMU=${QEMU:-qemu-riscv64}
RUNS=${RUNS:-20}
ENGINES=${ENGINES:-threaded native auto}
TIMEOUT=${THREADS_TIMEOUT:-120}
FILTER=${1:-}
case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac

GO_THREADS=${GO_THREADS:-$ROOT/build/go/gothreads}
case "$GO_THREADS" in /*) ;; *) GO_THREADS="$PWD/$GO_THREADS" ;; esac

# NAME|PROGRAM|ARGS|ENV[|noqemu]: PROGRAM empty means Samples/out/NAME; ENV is
# VAR=VALUE words given to both runs. `noqemu`: qemu-riscv64 cannot run the case
# (robust: qemu-user has no robust futex lists; forkthreads: qemu 7.2 aborts on
# a thread created in a forked child, "qemu_plugin_vcpu_init_hook: assertion
# failed"); its expected output is what the program's host (x86-64 Linux) build prints.
CASES=(
    "parallel||4 0.25|"
    "atomstress||4 0.5|"
    "atomstress-heavy|$OUT/atomstress|4 4|"
    "pingpong||4000|"
    "threadsignals|||"
    "smcthreads|||"
    "threads|||"
    "lrsc|||"
    "exitgroup|||"
    "robust||||noqemu"
    "forkthreads||||noqemu"
    "gothreads|$GO_THREADS||GOMAXPROCS=2"
)

PASSED=0
FAILED=0
FAILED_NAMES=()
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-threads.XXXXXX") || exit 2
trap 'rm -rf "$SCRATCH"' EXIT
ulimit -c 0 2>/dev/null || true

for c in "${CASES[@]}"; do
    IFS='|' read -r name bin args envs noqemu <<<"$c"
    [ -z "$FILTER" ] || [[ "$name" == *"$FILTER"* ]] || continue
    [ -n "$bin" ] || bin="$OUT/$name"
    read -r -a argv <<<"$args"
    read -r -a envv <<<"$envs"
    if [ ! -x "$bin" ]; then FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name"); echo "FAIL $name: $bin missing"; continue; fi
    exp="$HERE/expected/$name"
    if [ ! -f "$exp.out" ] || [ ! -f "$exp.status" ]; then
        FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name"); echo "FAIL $name: no expected/$name.{out,status}"; continue
    fi
    cp "$exp.out" "$SCRATCH/expected"
    want=$(cat "$exp.status")
    if [ "$noqemu" = noqemu ]; then
        qrc=$want
        cp "$SCRATCH/expected" "$SCRATCH/qemu"
    else
        env "${envv[@]}" timeout "$TIMEOUT" "$QEMU" "$bin" "${argv[@]}" >"$SCRATCH/qemu" 2>/dev/null
        qrc=$?
    fi
    if [ "$qrc" != "$want" ] || ! cmp -s "$SCRATCH/expected" "$SCRATCH/qemu"; then
        FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name/qemu")
        echo "FAIL $name: qemu gives exit status $qrc (expected $want) or other stdout"
        diff -a "$SCRATCH/expected" "$SCRATCH/qemu" | head -n 10
    fi
    for engine in $ENGINES; do
        bad=0
        for i in $(seq 1 "$RUNS"); do
            ( env "${envv[@]}" timeout -k 5 "$TIMEOUT" "$TERN" run --engine "$engine" "$bin" "${argv[@]}" \
                  >"$SCRATCH/out.$i" 2>"$SCRATCH/err.$i" </dev/null; echo $? >"$SCRATCH/rc.$i" ) &
            # Two runs at a time: the samples' threads already fill the cores.
            if (( i % 2 == 0 )); then wait; fi
        done
        wait
        for i in $(seq 1 "$RUNS"); do
            rc=$(cat "$SCRATCH/rc.$i")
            if [ "$rc" != "$want" ] || ! cmp -s "$SCRATCH/expected" "$SCRATCH/out.$i"; then
                bad=$((bad + 1))
                if [ "$bad" = 1 ]; then
                    echo "  $name ($engine) run $i: exit status $rc (expected $want)"
                    diff -a "$SCRATCH/expected" "$SCRATCH/out.$i" | head -n 10
                    head -n 5 "$SCRATCH/err.$i"
                fi
            fi
        done
        if [ "$bad" = 0 ]; then
            PASSED=$((PASSED + 1)); echo "PASS $name ($engine, $RUNS runs)"
        else
            FAILED=$((FAILED + 1)); FAILED_NAMES+=("$name/$engine"); echo "FAIL $name ($engine): $bad of $RUNS runs differ"
        fi
    done
done
[ "$FAILED" -gt 0 ] && echo "failed cases: ${FAILED_NAMES[*]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
