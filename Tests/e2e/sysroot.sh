#!/usr/bin/env bash
# Runs real Debian riscv64 programs (Tests/e2e/sysroot-cases.txt) from the
# sysroot under tern, comparing with qemu-riscv64 using the same sysroot, then
# checks --strace output, the missing-interpreter message and --stats after
# the guest closed its stderr.
#
#   TERN=.build/release/tern SYSROOT=build/sysroot Tests/e2e/sysroot.sh [FILTER]
#
# The last line printed is "N passed, M failed"; the exit status is non-zero
# when M > 0.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
SYSROOT=${SYSROOT:-$ROOT/build/sysroot}
QEMU=${QEMU:-qemu-riscv64}
TIMEOUT=${E2E_TIMEOUT:-60}
FILTER=${1:-}
FILES="$HERE/sysroot"
PASSED=0; FAILED=0; FAILED_NAMES=()

summary() {
    [ "$FAILED" -eq 0 ] || echo "failed cases: ${FAILED_NAMES[*]}"
    echo "$PASSED passed, $FAILED failed"
}
die() { echo "sysroot e2e: $*" >&2; FAILED=$((FAILED + 1)); FAILED_NAMES+=(setup); summary; exit 2; }
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "FAIL $1: $2"; }
selected() { [ -z "$FILTER" ] || [[ "$1" == *"$FILTER"* ]]; }

case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac
case "$SYSROOT" in /*) ;; *) SYSROOT="$PWD/$SYSROOT" ;; esac
[ -x "$TERN" ] || die "tern not found: $TERN"
[ -x "$SYSROOT/usr/bin/busybox" ] || die "no sysroot at $SYSROOT (make sysroot)"
command -v "$QEMU" >/dev/null || die "$QEMU not found"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-sysroot.XXXXXX") || die "mktemp failed"
[ "${E2E_KEEP:-0}" = 1 ] && echo "scratch: $SCRATCH" || trap 'rm -rf "$SCRATCH"' EXIT
ulimit -c 0 2>/dev/null || true
# The project-written pthreads program (Samples/threads.c), linked dynamically
# against the sysroot's libc, installed where both runs find it.
mkdir -p "$SYSROOT/opt/tern-e2e" &&
    riscv64-linux-gnu-gcc -O2 -pthread -o "$SYSROOT/opt/tern-e2e/threads" "$ROOT/Samples/threads.c" ||
    die "cannot build Samples/threads.c for the sysroot"
CLEAN_ENV=(env -i HOME=/tmp LC_ALL=C PATH=/usr/bin:/bin TZ=UTC)  # sorted: tern orders the environment by name

# fixture DIR: the files the coreutils cases read, with fixed contents and times.
fixture() {
    mkdir -p "$1/tree/sub"
    printf 'banana\napple\ncherry\napple\ndate\nfig\n' > "$1/tree/fruit.txt"
    printf 'x,10\nb,2\na,2\nc,33\nd,-1\n' > "$1/tree/data.csv"
    printf 'nested\n' > "$1/tree/sub/inner.txt"
    ln -s fruit.txt "$1/tree/link"
    chmod 644 "$1"/tree/*.txt "$1/tree/data.csv" "$1/tree/sub/inner.txt"; chmod 755 "$1/tree" "$1/tree/sub"
    touch -h -d '2024-02-03 04:05:06' "$1"/tree/* "$1/tree/sub/inner.txt" "$1/tree/sub" "$1/tree"
}

# run DIR OUT ERR STDIN -- COMMAND...  -> RC
run() {
    local dir=$1 out=$2 err=$3 in=$4; shift 5
    (cd "$dir" && timeout -k 5 "$TIMEOUT" "$@" <"$in" >"$out" 2>"$err"); RC=$?
}

# split_env: leading NAME=VALUE words of $words become environment ($envs) for both runs.
split_env() {
    envs=()
    while [ ${#words[@]} -gt 0 ] && [[ "${words[0]}" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do envs+=("${words[0]}"); words=("${words[@]:1}"); done
}

# steps DIR COMMAND STDIN: the " ;; "-separated commands, each one process under tern
# and under qemu in its own directory, compared after every step.
steps() {
    local d=$1 all=$2 in=$3 i=0 step why=()
    fixture "$d/t"; fixture "$d/q"
    : > "$d/t.all"; : > "$d/q.all"
    while [ -n "$all" ]; do
        step=${all%% ;; *}; [ "$step" = "$all" ] && all= || all=${all#* ;; }
        i=$((i + 1))
        eval "words=($step)"
        split_env
        run "$d/t" "$d/t.out" "$d/t.err" "$in" -- "${CLEAN_ENV[@]}" "${envs[@]}" "$TERN" run -L "$SYSROOT" "${words[@]}"; trc=$RC
        run "$d/q" "$d/q.out" "$d/q.err" "$in" -- "${CLEAN_ENV[@]}" "${envs[@]}" "$QEMU" -L "$SYSROOT" "$SYSROOT${words[0]}" "${words[@]:1}"; qrc=$RC
        { echo "== step $i: ${words[*]} (status $trc)"; cat "$d/t.out"; sed "s#$d/t#DIR#g" "$d/t.err"; } >> "$d/t.all"
        { echo "== step $i: ${words[*]} (status $qrc)"; cat "$d/q.out"; sed "s#$d/q#DIR#g" "$d/q.err"; } >> "$d/q.all"
        [ "$qrc" != 124 ] || why+=("qemu timed out at step $i")
        [ "$trc" != 124 ] || why+=("tern timed out at step $i")
    done
    cmp -s "$d/q.all" "$d/t.all" || why+=("output of the steps differs")
    if [ ${#why[@]} -eq 0 ]; then pass "$name"; else
        fail "$name" "$(IFS=';'; echo "${why[*]}")"
        diff -u --label qemu --label tern "$d/q.all" "$d/t.all" | head -n 40 | sed 's/^/    /'
    fi
}

n=0
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    IFS='|' read -r name command stdin expected <<<"$line"
    selected "$name" || continue
    n=$((n + 1)); d="$SCRATCH/$name"; mkdir -p "$d/q" "$d/t"
    command=${command//@/$FILES/}
    in=/dev/null; [ -z "$stdin" ] || in="$FILES/$stdin"
    if [[ "$command" == *" ;; "* ]]; then
        # Steps: each is its own process under both, in the same directory,
        # compared step by step (stdout, stderr and status).
        steps "$d" "$command" "$in"
        continue
    fi
    eval "words=($command)"
    split_env
    fixture "$d/t"
    run "$d/t" "$d/t.out" "$d/t.err" "$in" -- "${CLEAN_ENV[@]}" "${envs[@]}" "$TERN" run -L "$SYSROOT" "${words[@]}"; trc=$RC
    why=()
    [ "$trc" != 124 ] || why+=("tern timed out after ${TIMEOUT}s")
    if [ -n "$expected" ]; then
        ref="$FILES/$expected"
        [ "$trc" = 0 ] || why+=("exit status $trc, want 0")
        cmp -s "$ref" "$d/t.out" || why+=("stdout differs from $expected")
    else
        fixture "$d/q"
        prog="$SYSROOT${words[0]}"
        run "$d/q" "$d/q.out" "$d/q.err" "$in" -- "${CLEAN_ENV[@]}" "${envs[@]}" "$QEMU" -L "$SYSROOT" "$prog" "${words[@]:1}"; qrc=$RC
        [ "$qrc" != 124 ] || why+=("qemu timed out after ${TIMEOUT}s: the case itself is broken")
        [ "$qrc" = "$trc" ] || why+=("exit status: qemu $qrc, tern $trc")
        cmp -s "$d/q.out" "$d/t.out" || why+=("stdout differs")
        sed "s#$d/q#DIR#g" "$d/q.err" > "$d/q.err.n"; sed "s#$d/t#DIR#g" "$d/t.err" > "$d/t.err.n"
        cmp -s "$d/q.err.n" "$d/t.err.n" || why+=("stderr differs")
        ref="$d/q.out"
    fi
    if [ ${#why[@]} -eq 0 ]; then pass "$name"; else
        fail "$name" "$(IFS=';'; echo "${why[*]}")"
        diff -u --label expected --label tern "$ref" "$d/t.out" | head -n 30 | sed 's/^/    /'
        [ -z "$expected" ] && diff -u --label "qemu stderr" --label "tern stderr" "$d/q.err.n" "$d/t.err.n" | head -n 10 | sed 's/^/    /'
    fi
done <"$HERE/sysroot-cases.txt"
[ "$n" -gt 0 ] || [ -n "$FILTER" ] || die "no cases in sysroot-cases.txt"

# --strace: decoded arguments and results, like qemu's -strace.
if selected strace; then
    d="$SCRATCH/strace"; mkdir -p "$d"
    run "$d" "$d/out" "$d/err" /dev/null -- "${CLEAN_ENV[@]}" "$TERN" run --strace -L "$SYSROOT" /usr/bin/lua5.4 -e 'io.write("hi\n") io.open("/nonexistent") os.exit(3)'
    why=()
    grep -Eq '^[0-9]+ openat\(AT_FDCWD,"/lib/riscv64-linux-gnu/libm.so.6",O_RDONLY\|O_CLOEXEC,00\) = [0-9]+$' "$d/err" || why+=("no decoded openat line")
    grep -Eq '^[0-9]+ openat\(AT_FDCWD,"/nonexistent",O_RDONLY,00\) = -1 errno=2 \(No such file or directory\)$' "$d/err" || why+=("no decoded failing openat line")
    grep -Eq '^[0-9]+ mmap\(0x0,0x[0-9a-f]+,PROT_READ\|PROT_WRITE,MAP_PRIVATE\|MAP_ANONYMOUS,-1,0x0\) = 0x[0-9a-f]+$' "$d/err" || why+=("no decoded mmap line")
    grep -Eq '^[0-9]+ write\(1,"hi\\n",3\) = 3$' "$d/err" || why+=("no decoded write line")
    [ "$(tail -n 1 "$d/err")" = "$(sed -n 's/ .*//p' "$d/err" | head -n 1) exit_group(3)" ] || why+=("last line is not exit_group(3)")
    [ "$RC" = 3 ] && [ "$(cat "$d/out")" = hi ] || why+=("exit status $RC or stdout wrong")
    if [ ${#why[@]} -eq 0 ]; then pass strace; else fail strace "$(IFS=';'; echo "${why[*]}")"; head -n 20 "$d/err" | sed 's/^/    | /'; fi
fi

# A dynamic program without a sysroot: one clear line naming the interpreter path.
if selected missing-interpreter; then
    d="$SCRATCH/missing-interpreter"; mkdir -p "$d"
    run "$d" "$d/out" "$d/err" /dev/null -- env -u TERN_SYSROOT "$TERN" run "$SYSROOT/usr/bin/lua5.4" -v
    want="tern: $SYSROOT/usr/bin/lua5.4: cannot load the program interpreter /lib/ld-linux-riscv64-lp64d.so.1: No such file or directory; pass --sysroot DIR (or -L DIR, TERN_SYSROOT) with the guest's root file system"
    if [ "$RC" = 1 ] && [ "$(cat "$d/err")" = "$want" ]; then pass missing-interpreter; else
        fail missing-interpreter "status $RC, stderr: $(head -c 300 "$d/err")"; fi
fi
# A guest that closes its stderr (xz does before exiting): --stats has nowhere
# to go, and tern still ends with the guest's status instead of trapping.
if selected stats-closed-stderr; then
    d="$SCRATCH/stats-closed-stderr"; mkdir -p "$d"
    run "$d" "$d/out" "$d/err" /dev/null -- "$TERN" run --stats --sysroot "$SYSROOT" "$SYSROOT/usr/bin/busybox" sh -c 'exec 2>&-; echo done; exit 3'
    if [ "$RC" = 3 ] && [ "$(cat "$d/out")" = done ]; then pass stats-closed-stderr; else
        fail stats-closed-stderr "status $RC (want 3), stdout: $(head -c 100 "$d/out")"; fi
fi
summary
[ "$FAILED" -eq 0 ]
