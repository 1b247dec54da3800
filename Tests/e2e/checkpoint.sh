#!/usr/bin/env bash
# Checkpoint/restore end-to-end tests (docs/CHECKPOINT.md):
#
#  1. Sweep: every case of Tests/e2e/checkpoint-cases.txt runs once
#     uninterrupted, then for several instruction counts N
#     `tern run --checkpoint IMG --checkpoint-after N` followed by
#     `tern restore IMG`; the first part's stdout and stderr followed by the
#     resumed part's must equal the uninterrupted run's, with the same exit
#     status. N sweeps the run (1, then POINTS evenly spread counts); when the
#     guest ends before N (a multithreaded guest retires a varying count) no
#     image may be written and the run must equal the uninterrupted one.
#  2. --checkpoint-on SIGUSR2 while the guest waits in read(2) on a pipe:
#     the restored guest reads the rest from its new stdin.
#  3. Restore error cases: missing, not an image, truncated, corrupt header,
#     corrupt pages, other format version: status 1, exactly one line on
#     stderr, nothing on stdout (no guest code ran).
#
#   TERN=... Tests/e2e/checkpoint.sh [FILTER]
#
# Environment: TERN (default .build/release/tern), CKPT_POINTS (default 4),
# SYSROOT (a riscv64 root: its cases run too, skipped only when SYSROOT is unset),
# E2E_TIMEOUT (seconds per run, default 60).
# The last line is "N passed, M failed"; the exit status is non-zero when M > 0.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
case "$TERN" in /*) ;; *) TERN=$(cd "$(dirname "$TERN")" && pwd)/$(basename "$TERN") ;; esac
POINTS=${CKPT_POINTS:-4}
TIMEOUT=${E2E_TIMEOUT:-60}
FILTER=${1:-}
SYSROOT=${SYSROOT:-}
[ -z "$SYSROOT" ] || SYSROOT=$(cd "$SYSROOT" && pwd)

# The guests see only stdin, stdout and stderr: descriptors this script
# inherited would be restored closed with a warning each (see the docs).
for fd in /proc/$$/fd/*; do
    n=${fd##*/}
    [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-" 2>/dev/null
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tern-ckpt.XXXXXX")
# Only the script itself cleans up: a subshell killed early (the watchdogs) runs the trap too.
trap '[ "$BASHPID" = "$$" ] && rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0
FAILED_NAMES=()
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "FAIL $1${2:+: $2}"; }
selected() { [ -z "$FILTER" ] || [[ "$1" == *"$FILTER"* ]]; }
[ -x "$TERN" ] || { echo "checkpoint: no tern at $TERN"; echo "0 passed, 1 failed"; exit 2; }

# Runs tern with a clean environment in $WORK/cwd; $1 = output prefix, rest = tern arguments.
tern_run() {
    local out=$1; shift
    (cd "$WORK/cwd" && env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C \
        timeout "$TIMEOUT" "$TERN" "$@" <"${STDIN:-/dev/null}" >"$out.out" 2>"$out.err")
    echo $? >"$out.status"
}

# ---------------------------------------------------------------- 1. sweep
sweep_case() {  # NAME PROGRAM [ARGS...]
    local name=$1; shift
    local d="$WORK/$name"
    mkdir -p "$d" "$WORK/cwd"
    tern_run "$d/full" run "$@"
    # The instruction count from a second run's --stats (tern's own report is its last).
    tern_run "$d/count" run --stats "$@"
    local total
    total=$(grep 'guest instructions retired' "$d/count.err" | tail -1 | awk '{print $NF}')
    [ -n "$total" ] || { fail "$name" "no instruction count (status $(cat "$d/count.status"))"; return; }
    local points=(1) i
    for ((i = 1; i <= POINTS; i++)); do points+=($((total * i / (POINTS + 1)))); done
    for n in "${points[@]}"; do
        local c="$d/at$n" img="$d/at$n.img"
        tern_run "$c.a" run --checkpoint "$img" --checkpoint-after "$n" "$@"
        if [ -f "$img" ]; then
            if [ "$(cat "$c.a.status")" != 0 ]; then
                fail "$name@$n" "checkpoint run ended with status $(cat "$c.a.status"): $(head -c 300 "$c.a.err")"; continue
            fi
            tern_run "$c.b" restore "$img"
        else
            : >"$c.b.out"; : >"$c.b.err"; cp "$c.a.status" "$c.b.status"
        fi
        cat "$c.a.out" "$c.b.out" >"$c.out"
        cat "$c.a.err" "$c.b.err" >"$c.err"
        if ! cmp -s "$c.out" "$d/full.out"; then
            fail "$name@$n" "stdout differs: $(diff "$c.out" "$d/full.out" | head -5 | tr '\n' ' ')"
        elif ! cmp -s "$c.err" "$d/full.err"; then
            fail "$name@$n" "stderr differs: $(diff "$c.err" "$d/full.err" | head -5 | tr '\n' ' ')"
        elif [ "$(cat "$c.b.status")" != "$(cat "$d/full.status")" ]; then
            fail "$name@$n" "status $(cat "$c.b.status"), uninterrupted $(cat "$d/full.status")"
        else
            pass "$name@$n"
        fi
        rm -f "$img"
    done
}

run_cases() {
    local name program args
    while IFS='|' read -r name program args; do
        case "$name" in ''|'#'*) continue ;; esac
        selected "$name" || continue
        local prog
        if [[ "$program" == sysroot:* ]]; then
            [ -n "$SYSROOT" ] || continue
            prog=("-L" "$SYSROOT" "$SYSROOT/${program#sysroot:}")
        else
            prog=("$ROOT/Samples/out/$program")
        fi
        eval "local words=($args)"
        sweep_case "$name" "${prog[@]}" "${words[@]}"
    done <"$HERE/checkpoint-cases.txt"
}

# ---------------------------------------------------------------- 2. --checkpoint-on
signal_case() {
    local name=checkpoint-on-SIGUSR2
    selected "$name" || return
    local d="$WORK/$name"
    mkdir -p "$d" "$WORK/cwd"
    printf 'first line\nsecond line\n' >"$d/whole.txt"
    STDIN="$d/whole.txt" tern_run "$d/full" run "$ROOT/Samples/out/stdin"
    mkfifo "$d/fifo"
    # tern itself is the background job (no `timeout` in between: it gets the signal).
    (cd "$WORK/cwd" && exec "$TERN" run --checkpoint "$d/img" --checkpoint-on SIGUSR2 \
        "$ROOT/Samples/out/stdin" <"$d/fifo" >"$d/a.out" 2>"$d/a.err") &
    local pid=$!
    exec {w}>"$d/fifo"
    printf 'first line\n' >&$w
    # Once a thread of tern waits in read(0, ...) the line was consumed.
    local waited=0
    until grep -qs '^0 0x0 ' /proc/$pid/task/*/syscall; do
        sleep 0.05; waited=$((waited + 1))
        [ $waited -lt 400 ] || break
    done
    kill -USR2 $pid
    # A watchdog in case the signal is lost (the run would wait for stdin forever).
    (sleep "$TIMEOUT"; kill -KILL $pid 2>/dev/null) >/dev/null 2>&1 &
    local watchdog=$!
    wait $pid; local status=$?
    kill $(pgrep -P $watchdog) $watchdog 2>/dev/null; wait $watchdog 2>/dev/null  # and its sleep
    exec {w}>&-
    if [ $status != 0 ] || [ ! -f "$d/img" ]; then
        fail "$name" "checkpoint run: status $status, image $( [ -f "$d/img" ] && echo written || echo missing): $(head -c 300 "$d/a.err")"
        return
    fi
    printf 'second line\n' >"$d/rest.txt"
    STDIN="$d/rest.txt" tern_run "$d/b" restore "$d/img"
    if cat "$d/a.out" "$d/b.out" | cmp -s - "$d/full.out" && [ "$(cat "$d/b.status")" = "$(cat "$d/full.status")" ] \
        && [ ! -s "$d/b.err" ]; then
        pass "$name"
    else
        fail "$name" "resumed output: $(cat "$d/a.out" "$d/b.out" "$d/b.err" | head -5 | tr '\n' ' ')"
    fi
}

# ------------------------------------------- 2b. --checkpoint-after N with several threads
# N counts the instructions of all threads together; they run in parallel and
# stop at their next block boundaries once the total reached N, so the image
# holds at least N (the checkpoint run's --stats total), and the restored run
# ends as an uninterrupted one.
threads_count_case() {
    local name=checkpoint-after-threads
    selected "$name" || return
    local d="$WORK/$name"
    mkdir -p "$d" "$WORK/cwd"
    local prog=("$ROOT/Samples/out/parallel" 4 0.25)
    tern_run "$d/full" run --stats "${prog[@]}"
    local total
    total=$(grep 'guest instructions retired' "$d/full.err" | tail -1 | awk '{print $NF}')
    [ -n "$total" ] || { fail "$name" "no instruction count"; return; }
    local n=$((total / 2))
    tern_run "$d/a" run --stats --checkpoint "$d/img" --checkpoint-after "$n" "${prog[@]}"
    local at
    at=$(grep 'guest instructions retired' "$d/a.err" | tail -1 | awk '{print $NF}')
    tern_run "$d/b" restore "$d/img"
    if [ "$(cat "$d/a.status")" != 0 ] || [ ! -f "$d/img" ]; then
        fail "$name" "checkpoint run: status $(cat "$d/a.status")"
    elif [ -z "$at" ] || [ "$at" -lt "$n" ]; then
        fail "$name" "the image holds $at instructions, fewer than N=$n"
    elif ! cat "$d/a.out" "$d/b.out" | cmp -s - "$d/full.out" || [ "$(cat "$d/b.status")" != "$(cat "$d/full.status")" ]; then
        fail "$name" "resumed output: $(cat "$d/a.out" "$d/b.out" | head -3 | tr '\n' ' ')"
    else
        pass "$name (N=$n, stopped at $at of $total)"
    fi
}

# --checkpoint-on with four threads computing in parallel: every thread stops
# at its next block boundary, and the restored run ends as an uninterrupted one.
threads_signal_case() {
    local name=checkpoint-on-threads
    selected "$name" || return
    local d="$WORK/$name"
    mkdir -p "$d" "$WORK/cwd"
    local prog=("$ROOT/Samples/out/parallel" 4 6)
    tern_run "$d/full" run "${prog[@]}"
    (cd "$WORK/cwd" && exec "$TERN" run --checkpoint "$d/img" --checkpoint-on SIGUSR2 "${prog[@]}" \
        </dev/null >"$d/a.out" 2>"$d/a.err") &
    local pid=$!
    # Once the guest threads run (tern's main thread is the first, then the watcher and three more).
    local waited=0
    until [ "$(ls /proc/$pid/task 2>/dev/null | wc -l)" -ge 5 ]; do
        sleep 0.02; waited=$((waited + 1))
        [ $waited -lt 500 ] || break
    done
    sleep 0.05
    kill -USR2 $pid
    (sleep "$TIMEOUT"; kill -KILL $pid 2>/dev/null) >/dev/null 2>&1 &
    local watchdog=$!
    wait $pid; local status=$?
    kill $(pgrep -P $watchdog) $watchdog 2>/dev/null; wait $watchdog 2>/dev/null  # and its sleep
    if [ -s "$d/a.out" ]; then
        fail "$name" "the guest ended before the signal (make its run longer)"; return
    fi
    if [ $status != 0 ] || [ ! -f "$d/img" ]; then
        fail "$name" "checkpoint run: status $status, image $( [ -f "$d/img" ] && echo written || echo missing): $(head -c 300 "$d/a.err")"
        return
    fi
    tern_run "$d/b" restore "$d/img"
    if cat "$d/a.out" "$d/b.out" | cmp -s - "$d/full.out" && [ "$(cat "$d/b.status")" = "$(cat "$d/full.status")" ]; then
        pass "$name"
    else
        fail "$name" "resumed output: $(cat "$d/a.out" "$d/b.out" "$d/b.err" | head -5 | tr '\n' ' ')"
    fi
}

# ---------------------------------------------------------------- 3. bad images
error_case() {  # NAME IMAGE EXPECTED-SUBSTRING
    local name="restore-error:$1" img=$2 want=$3
    selected "$name" || return
    tern_run "$WORK/err" restore "$img"
    local lines
    lines=$(wc -l <"$WORK/err.err")
    if [ "$(cat "$WORK/err.status")" != 1 ]; then
        fail "$name" "status $(cat "$WORK/err.status"), expected 1"
    elif [ -s "$WORK/err.out" ]; then
        fail "$name" "the guest wrote to stdout"
    elif [ "$lines" != 1 ] || ! grep -q "^tern: .*$want" "$WORK/err.err"; then
        fail "$name" "expected one line with '$want', got: $(head -3 "$WORK/err.err" | tr '\n' ' ')"
    else
        pass "$name"
    fi
}

error_cases() {
    local d="$WORK/errors"
    mkdir -p "$d" "$WORK/cwd"
    tern_run "$d/make" run --checkpoint "$d/good.img" --checkpoint-after 30000 "$ROOT/Samples/out/matrix"
    [ -f "$d/good.img" ] || { fail "restore-error:setup" "no image written"; return; }
    local size
    size=$(stat -c %s "$d/good.img")
    # Patches COUNT bytes at OFFSET of a copy of the good image with VALUE (a byte).
    patched() { cp "$d/good.img" "$d/$1"; printf "$4" | dd of="$d/$1" bs=1 seek="$2" count="$3" conv=notrunc status=none; }
    error_case missing "$d/no-such-image" "No such file"
    printf 'hello\n' >"$d/text.img"
    error_case not-an-image "$d/text.img" "not a Tern checkpoint image"
    error_case empty /dev/null "not a Tern checkpoint image"
    head -c $((size / 2)) "$d/good.img" >"$d/half.img"
    error_case truncated "$d/half.img" "truncated"
    head -c 40 "$d/good.img" >"$d/header.img"
    error_case truncated-header "$d/header.img" "truncated"
    patched version.img 8 1 '\x63'
    error_case other-version "$d/version.img" "format version 99"
    patched header.img 20 1 '\x01'
    error_case corrupt-header "$d/header.img" "corrupt"
    patched pages.img $((size - 4096 - 100)) 1 '\xa5'
    cmp -s "$d/pages.img" "$d/good.img" && patched pages.img $((size - 4096 - 100)) 1 '\x5a'
    error_case corrupt-pages "$d/pages.img" "corrupt"
    patched section.img 100 1 '\xff'
    cmp -s "$d/section.img" "$d/good.img" && patched section.img 100 1 '\x00'
    error_case corrupt-section "$d/section.img" "corrupt"
    cp "$d/good.img" "$d/long.img"; printf 'x' >>"$d/long.img"
    error_case trailing-bytes "$d/long.img" "corrupt"
    # The good image itself resumes (the cases above are not failing for another reason).
    tern_run "$d/good" restore "$d/good.img"
    tern_run "$d/whole" run "$ROOT/Samples/out/matrix"
    if selected restore-error:control; then
        if cat "$d/make.out" "$d/good.out" | cmp -s - "$d/whole.out"; then pass restore-error:control
        else fail restore-error:control "the unmodified image did not resume"; fi
    fi
}

run_cases
signal_case
threads_count_case
threads_signal_case
error_cases
[ "$FAILED" -eq 0 ] || echo "failed cases: ${FAILED_NAMES[*]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
