#!/usr/bin/env bash
# End-to-end tests for tern: every case has its own expected result
# (expected/NAME.out, .status and optionally .err, checked in); the sample is
# run under qemu-riscv64 (the golden model) and `tern run`, and both must give
# exactly the expected stdout, stderr and exit status; then checks tern's
# behaviour on bad inputs.  See Tests/e2e/README.md.
#
#   TERN=/path/to/tern Tests/e2e/run.sh [FILTER]
#
# FILTER (optional) is a substring; only cases whose name contains it run.
# Environment: TERN (default .build/release/tern), QEMU (default
# qemu-riscv64), E2E_TIMEOUT (seconds per run, default 60), E2E_KEEP=1 keeps
# the scratch directory, E2E_BLESS=1 writes qemu's results as the expected
# files of cases that have none (review them before committing).
# The last line printed is always "N passed, M failed"; the exit status is
# non-zero when M > 0.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLES="$ROOT/Samples"
OUT="$SAMPLES/out"
TERN=${TERN:-$ROOT/.build/release/tern}
QEMU=${QEMU:-qemu-riscv64}
TIMEOUT=${E2E_TIMEOUT:-60}
FILTER=${1:-}
CASES="$HERE/cases.txt"
EXPECTED="$HERE/expected"
CLEAN_PATH=/usr/local/bin:/usr/bin:/bin
# TERN_ENGINE=threaded|native|auto runs every tern invocation with --engine.
ENGINE=(); [ -z "${TERN_ENGINE:-}" ] || ENGINE=(--engine "$TERN_ENGINE")

PASSED=0
FAILED=0
FAILED_NAMES=()

summary() {
    if [ "$FAILED" -gt 0 ]; then
        echo "failed cases: ${FAILED_NAMES[*]}"
    fi
    echo "$PASSED passed, $FAILED failed"
}

die() {  # a problem with the test set-up itself: counts as one failure
    echo "e2e: $*" >&2
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("setup")
    summary
    exit 2
}

pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() {
    FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1")
    echo "FAIL $1${2:+: $2}"
}

selected() { [ -z "$FILTER" ] || [[ "$1" == *"$FILTER"* ]]; }

# ---------------------------------------------------------------- set-up
case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac
[ -x "$TERN" ] || die "tern binary not found or not executable: $TERN (set TERN=...)"
command -v "$QEMU" >/dev/null 2>&1 || die "$QEMU not found (apt-get install qemu-user)"
command -v timeout >/dev/null 2>&1 || die "timeout(1) not found (coreutils)"
command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || die "riscv64-linux-gnu-gcc not found (make setup)"
make -s -C "$SAMPLES" >/dev/null || die "building the samples failed (make -C Samples)"
[ -d "$OUT" ] || die "no $OUT: build the samples (make -C Samples; needs gcc-riscv64-linux-gnu)"
# Tern's diagnostics for unimplemented syscalls and the like: opted into when the
# build makes them optional (-d unimp), so that every one of them fails the case.
DIAG=(); if "$TERN" run --help 2>/dev/null | grep -q 'unimp'; then DIAG=(-d unimp); fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-e2e.XXXXXX") || die "mktemp failed"
if [ "${E2E_KEEP:-0}" = 1 ]; then
    echo "scratch directory: $SCRATCH"
else
    trap 'rm -rf "$SCRATCH"' EXIT
fi
ulimit -c 0 2>/dev/null || true

# run_capture OUTFILE ERRFILE SHELLMSGFILE STDINFILE -- COMMAND...
# Runs COMMAND under timeout inside a separate bash, so that the "Segmentation
# fault"-style message bash prints when a child dies by a signal lands in
# SHELLMSGFILE instead of our own output.  Sets RC to the exit status
# (128+N for death by signal N, 124 for a timeout).
run_capture() {
    local out=$1 err=$2 shmsg=$3 in=$4
    shift 5
    IN=$in OUT=$out ERR=$err T=$TIMEOUT bash -c \
        'ulimit -c 0 2>/dev/null; timeout -k 5 "$T" "$@" <"$IN" >"$OUT" 2>"$ERR"; rc=$?; exit $rc' \
        e2e "$@" 2>"$shmsg" </dev/null
    RC=$?
}

# split_words STRING -> WORDS array, shell quoting rules, no expansions
split_words() {
    WORDS=()
    [ -n "${1//[[:space:]]/}" ] || return 0
    printf '%s' "$1" | xargs -r printf '%s\0' >"$SCRATCH/words" 2>"$SCRATCH/words.err" || return 1
    mapfile -d '' -t WORDS <"$SCRATCH/words"
}

# The stderr checks shared by all tern runs.
crash_text() {  # FILE... -> prints the first crash marker found, if any
    grep -h -m1 -E 'Fatal error|Backtrace|Segmentation fault|Illegal instruction|Aborted|Bus error|Trace/breakpoint|Stack dump|Current stack trace' "$@" 2>/dev/null | head -n1
}

show_diff() {  # EXPECTED ACTUAL
    diff -a -u --label "expected stdout" --label "actual stdout" "$1" "$2" | head -n 40
}

# ---------------------------------------------------------------- samples
echo "== comparing with $QEMU: TERN=$TERN"
n=0
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    IFS='|' read -r name args stdin envs flags ternflags <<<"$line"
    name=${name// /}
    selected "$name" || continue
    n=$((n + 1))
    bin="$OUT/${name%%:*}"
    d="$SCRATCH/case$n"
    mkdir -p "$d"
    if [ ! -x "$bin" ]; then fail "$name" "guest binary $bin missing"; continue; fi

    if ! { split_words "${args:-}" && argv=("${WORDS[@]}") &&
           split_words "${envs:-}" && envv=("${WORDS[@]}") &&
           split_words "${flags:-}" && flagv=("${WORDS[@]}") &&
           split_words "${ternflags:-}" && ternv=("${WORDS[@]}"); }; then
        fail "$name" "cannot parse the cases.txt line (unbalanced quote?): $(head -n 1 "$SCRATCH/words.err")"
        continue
    fi
    case "${stdin:-}" in
        '') in=/dev/null ;;
        @*) in="$OUT/${stdin#@}" ;;
        /*) in=$stdin ;;
        *)  in="$HERE/$stdin" ;;
    esac
    if [ ! -r "$in" ]; then fail "$name" "stdin file $in missing"; continue; fi

    cleanenv=(env -i PATH="$CLEAN_PATH" "${envv[@]}")
    # -d unimp unless the case chooses its own -d items.
    casediag=("${DIAG[@]}"); [[ " ${ternv[*]} " != *" -d "* ]] || casediag=()
    # Both runs start in the scratch directory so relative paths agree.
    (cd "$d" && run_capture "$d/q.out" "$d/q.err" "$d/q.sh" "$in" -- \
        "${cleanenv[@]}" "$QEMU" "${flagv[@]}" "$bin" "${argv[@]}"; echo "$RC" >"$d/q.rc")
    (cd "$d" && run_capture "$d/t.out" "$d/t.err" "$d/t.sh" "$in" -- \
        "${cleanenv[@]}" "$TERN" run "${ENGINE[@]}" "${casediag[@]}" "${ternv[@]}" "${flagv[@]}" "$bin" "${argv[@]}"; echo "$RC" >"$d/t.rc")
    qrc=$(cat "$d/q.rc"); trc=$(cat "$d/t.rc")

    # The case's own expected result: stdout, exit status, stderr (empty unless
    # expected/NAME.err says otherwise).
    exp="$EXPECTED/$name"
    if [ "${E2E_BLESS:-0}" = 1 ] && [ ! -f "$exp.out" ]; then
        cp "$d/q.out" "$exp.out"; echo "$qrc" >"$exp.status"
        [ ! -s "$d/q.err" ] || cp "$d/q.err" "$exp.err"
        echo "    blessed: $exp.{out,status} from qemu"
    fi
    why=()
    if [ ! -f "$exp.out" ] || [ ! -f "$exp.status" ]; then
        fail "$name" "no expected result (expected/$name.out and .status; E2E_BLESS=1 writes qemu's)"
        continue
    fi
    want=$(cat "$exp.status")
    experr="$exp.err"; [ -f "$experr" ] || experr=/dev/null
    [ "$qrc" = 124 ] && why+=("qemu timed out (${TIMEOUT}s): the sample itself is broken")
    [ "$trc" = 124 ] && why+=("tern timed out after ${TIMEOUT}s")
    [ "$qrc" = "$want" ] || why+=("qemu exit status $qrc, expected $want")
    [ "$trc" = "$want" ] || why+=("tern exit status $trc, expected $want")
    cmp -s "$exp.out" "$d/q.out" || why+=("qemu stdout differs from expected/$name.out")
    cmp -s "$exp.out" "$d/t.out" || why+=("tern stdout differs from expected/$name.out")
    cmp -s "$experr" "$d/q.err" || why+=("qemu stderr differs from the expected stderr")
    # Tern's own fatal line (a guest killed by a signal) is expected in NAME.tern.err.
    ternerr=$experr; [ ! -f "$exp.tern.err" ] || ternerr="$exp.tern.err"
    if [ ${#ternv[@]} -eq 0 ] || [ -f "$exp.tern.err" ]; then
        cmp -s "$ternerr" "$d/t.err" || why+=("tern stderr differs from the expected stderr")
    else
        # tern-only flags (--stats...) print their reports to stderr; any other
        # tern diagnostic (an unimplemented syscall...) still fails.
        diag=$(grep -v -E '^tern: (translation cache statistics|hottest blocks)' "$d/t.err" | grep -m1 '^tern: ')
        [ -z "$diag" ] || why+=("tern diagnostic: $diag")
    fi
    crash=$(crash_text "$d/t.err" "$d/t.sh")
    [ -z "$crash" ] || why+=("tern crashed: $crash")
    if [ ${#why[@]} -eq 0 ]; then
        pass "$name"
    else
        fail "$name" "$(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"
        echo "    exit status: expected=$want qemu=$qrc tern=$trc"
        if ! cmp -s "$exp.out" "$d/q.out"; then show_diff "$exp.out" "$d/q.out" | sed 's/^/    qemu| /'; fi
        if ! cmp -s "$exp.out" "$d/t.out"; then show_diff "$exp.out" "$d/t.out" | sed 's/^/    tern| /'; fi
        if [ -s "$d/t.err" ]; then
            echo "    tern stderr (first 10 lines):"
            head -n 10 "$d/t.err" | sed 's/^/    | /'
        fi
        if [ -s "$d/q.err" ]; then
            echo "    qemu stderr (first 10 lines):"
            head -n 10 "$d/q.err" | sed 's/^/    | /'
        fi
    fi
done <"$CASES"
[ "$n" -gt 0 ] || [ -n "$FILTER" ] || die "no cases read from $CASES"

# ---------------------------------------------------------------- tern-only expected outputs
# check_expected NAME EXPECTED -- PROGRAM [ARGS...]
#   Runs PROGRAM under tern alone; passes when the status is 0, stdout equals
#   expected/EXPECTED and stderr is empty (Tern prints nothing unless asked).
check_expected() {
    local name=$1 expected="$HERE/expected/$2"
    shift 3
    selected "$name" || return 0
    local d="$SCRATCH/$name"
    mkdir -p "$d"
    run_capture "$d/t.out" "$d/t.err" "$d/t.sh" /dev/null -- \
        env -i PATH="$CLEAN_PATH" "$TERN" run "${ENGINE[@]}" "$@"
    if [ "$RC" = 0 ] && cmp -s "$expected" "$d/t.out" && [ ! -s "$d/t.err" ]; then
        pass "$name"
    else
        fail "$name" "exit status $RC, stderr not empty, or stdout differs from expected/$2"
        head -n 5 "$d/t.err" | sed 's/^/    stderr: /'
        show_diff "$expected" "$d/t.out" | sed 's/^/    /'
    fi
}

# Host calls, tern only (qemu answers the host-call ecall with -ENOSYS): every
# call must reach the host and the error answers must match the checked-in output.
check_expected hostcall:require-host hostcall-require-host.txt -- "$OUT/hostcall" --require-host
# Interface ioctls with unmapped buffers give EFAULT, as Samples/netif.c built
# for the host shows (tern only: qemu 7.2 aborts on them).
check_expected netif:bad-pointers netif-bad-pointers.txt -- "$OUT/netif" --bad-pointers
# Programs run through descriptors (fexecve, execveat AT_EMPTY_PATH, a script
# through a close-on-exec one), as Samples/fexecve.c prints on the host (tern
# only: qemu-user cannot execve a riscv64 program without binfmt_misc).
check_expected fexecve fexecve.txt -- "$OUT/fexecve"
# Guest memory that faults although mapped (tern only: qemu 7.2 dies on it):
# syscall buffers in a file mapping past the end of its file are EFAULT, a guest
# access there SIGBUS; mlock of PROT_NONE memory and mremap growth of each kind
# of mapping, as Samples/memfault.c prints built for the host.
check_expected memfault memfault.txt -- "$OUT/memfault"
# Tern's own descriptors (here the --perfmap file) are out of the guest's reach:
# close_range, close, fcntl and dup3 over the whole table behave as on Linux
# (Samples/ownfds.c built for the host), and the perf map still names the hot
# function compiled afterwards (engines with a native tier). The sample writes
# its pid (the perf map's name) to the file given as its argument.
check_expected ownfds ownfds.txt -- --perfmap "$OUT/ownfds" "$SCRATCH/ownfds.pid"
if selected ownfds:perfmap && [ "${TERN_ENGINE:-}" != threaded ]; then
    pid=$(cat "$SCRATCH/ownfds.pid" 2>/dev/null)
    if [ -n "$pid" ] && grep -q ' hot_rounds' "/tmp/perf-$pid.map" 2>/dev/null; then
        pass ownfds:perfmap
    else
        fail ownfds:perfmap "/tmp/perf-$pid.map does not name hot_rounds (the guest closed Tern's descriptor)"
    fi
    rm -f "/tmp/perf-$pid.map"
fi
# What execve keeps (mask, ignored signals, limits, fds, cwd, umask, raw
# argv/envp bytes); the guest's LD_PRELOAD must not reach the host tern.
check_expected execstate execstate.txt -- "$OUT/execstate"
# --strace must reach the new program (its rt_sigpending shows up).
if selected execstate:strace; then
    d="$SCRATCH/execstate-strace"; mkdir -p "$d"
    run_capture "$d/s.out" "$d/s.err" "$d/s.sh" /dev/null -- \
        env -i PATH="$CLEAN_PATH" "$TERN" run "${ENGINE[@]}" --strace "$OUT/execstate"
    if [ "$RC" = 0 ] && grep -q ' rt_sigpending(' "$d/s.err" && cmp -s "$HERE/expected/execstate.txt" "$d/s.out"; then
        pass execstate:strace
    else
        fail execstate:strace "exit status $RC, or the new program's syscalls are not traced"
    fi
fi

# ---------------------------------------------------------------- bad inputs
# Each must give exactly one stderr line starting with "tern: ", a non-zero
# status, no hang and no crash of tern itself.
#
# check_bad NAME KIND EXPECTED_RC -- PROGRAM [ARGS...]
#   KIND loader: status must be non-zero, not death by a signal, and not
#                124..127 (timeout, or tern could not be executed)
#   KIND guest:  status must equal EXPECTED_RC (qemu's), the line must
#                contain 0x, and stdout must equal qemu's.
check_bad() {
    local name=$1 kind=$2 want=$3
    shift 4
    selected "$name" || return 0
    local d="$SCRATCH/$name"
    mkdir -p "$d"
    (cd "$d" && run_capture "$d/t.out" "$d/t.err" "$d/t.sh" /dev/null -- \
        env -i PATH="$CLEAN_PATH" "$TERN" run "${ENGINE[@]}" "$@"; echo "$RC" >"$d/t.rc")
    local rc lines first crash why=()
    rc=$(cat "$d/t.rc")
    lines=$(awk 'END { print NR }' "$d/t.err")
    first=$(head -n 1 "$d/t.err")
    crash=$(crash_text "$d/t.err")
    [ "$rc" != 124 ] || why+=("timed out after ${TIMEOUT}s")
    [ "$rc" != 0 ] || why+=("exit status 0")
    [ "$lines" = 1 ] || why+=("$lines stderr lines, want exactly 1")
    [[ "$first" == "tern: "* ]] || why+=("stderr does not start with 'tern: '")
    [ -z "$crash" ] || why+=("crash marker in stderr: $crash")
    if [ "$kind" = loader ]; then
        case "$rc" in 125|126|127) why+=("status $rc: tern could not be run (timeout/env)") ;; esac
        [ ! -s "$d/t.sh" ] || why+=("tern died by a signal: $(head -n 1 "$d/t.sh")")
    else
        [ "$rc" = "$want" ] || why+=("exit status $rc, qemu gives $want")
        [[ "$first" == *0x* ]] || why+=("message lacks an address (0x...)")
        if [ -n "${QEMU_OUT:-}" ] && ! cmp -s "$QEMU_OUT" "$d/t.out"; then
            why+=("stdout differs from qemu's")
        fi
    fi
    if [ ${#why[@]} -eq 0 ]; then
        pass "$name"
        echo "    $first"
    else
        fail "$name" "$(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"
        echo "    exit status: $rc"
        echo "    stderr (first 10 lines):"
        head -n 10 "$d/t.err" | sed 's/^/    | /'
        if [ -n "${QEMU_OUT:-}" ] && ! cmp -s "$QEMU_OUT" "$d/t.out"; then
            show_diff "$QEMU_OUT" "$d/t.out" | sed 's/^/    /'
        fi
    fi
}

echo "== bad inputs"
B="$SCRATCH/bad-inputs"
mkdir -p "$B"
QEMU_OUT=

check_bad bad:missing-file loader 0 -- "$B/does-not-exist"

printf 'this is a text file,\nnot an ELF executable\n' >"$B/text.txt"
chmod +x "$B/text.txt"
check_bad bad:not-elf loader 0 -- "$B/text.txt"

: >"$B/empty"
chmod +x "$B/empty"
check_bad bad:empty-file loader 0 -- "$B/empty"

check_bad bad:directory loader 0 -- "$B"

host_elf=
for f in /bin/true /usr/bin/true; do
    if [ -f "$f" ] && [ "$(head -c 4 "$f" | od -An -c | tr -d ' \n')" = '177ELF' ]; then host_elf=$f; break; fi
done
if [ -z "$host_elf" ]; then
    fail bad:foreign-elf "no host ELF (/bin/true) to try as a foreign executable"
elif [ "$(uname -m)" = riscv64 ]; then
    fail bad:foreign-elf "the host is riscv64: /bin/true is not foreign here"
else
    check_bad bad:foreign-elf loader 0 -- "$host_elf"
fi

# patch FILE OFFSET BYTE... : overwrite bytes in place (octal escapes via printf)
patch_bytes() {
    local file=$1 off=$2 s='' b
    shift 2
    for b in "$@"; do s+=$(printf '\\%03o' "$b"); done
    # shellcheck disable=SC2059
    printf "$s" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

if [ -f "$OUT/hello" ]; then
    head -c 100 "$OUT/hello" >"$B/truncated"
    chmod +x "$B/truncated"
    check_bad bad:truncated-elf loader 0 -- "$B/truncated"

    # e_phoff (offset 0x20, 8 bytes little-endian) -> 0x0000007fffff0000,
    # far past the end of the file.
    cp "$OUT/hello" "$B/bad-phoff"
    patch_bytes "$B/bad-phoff" 32 0 0 255 255 127 0 0 0
    check_bad bad:phoff-past-eof loader 0 -- "$B/bad-phoff"

    # e_phnum (offset 0x38, 2 bytes) -> 0xffff: program headers run off the file.
    cp "$OUT/hello" "$B/bad-phnum"
    patch_bytes "$B/bad-phnum" 56 255 255
    check_bad bad:phnum-huge loader 0 -- "$B/bad-phnum"

    # EI_CLASS (offset 4) -> 1: claims to be a 32-bit ELF.
    cp "$OUT/hello" "$B/elf32"
    patch_bytes "$B/elf32" 4 1
    check_bad bad:elf32-class loader 0 -- "$B/elf32"
else
    fail bad:samples "Samples/out/hello missing: ELF-corruption cases skipped"
fi

# Guest faults: compare the status (and the stdout printed before the fault)
# with qemu's.
for g in illegal wildptr; do
    gb="$OUT/bad/$g"
    selected "bad:$g" || continue
    if [ ! -x "$gb" ]; then fail "bad:$g" "guest binary $gb missing"; continue; fi
    gd="$SCRATCH/qemu-$g"
    mkdir -p "$gd"
    run_capture "$gd/q.out" "$gd/q.err" "$gd/q.sh" /dev/null -- env -i PATH="$CLEAN_PATH" "$QEMU" "$gb"
    qrc=$RC
    # qemu itself must give the expected status and stdout (expected/bad-NAME.out).
    case "$g" in illegal) expect=132 ;; wildptr) expect=139 ;; esac
    if [ "$qrc" != "$expect" ]; then
        fail "bad:$g:qemu" "qemu gives status $qrc, expected $expect"
    elif ! cmp -s "$EXPECTED/bad-$g.out" "$gd/q.out"; then
        fail "bad:$g:qemu" "qemu stdout differs from expected/bad-$g.out"
        show_diff "$EXPECTED/bad-$g.out" "$gd/q.out" | sed 's/^/    /'
    else
        pass "bad:$g:qemu"
    fi
    QEMU_OUT="$gd/q.out"
    check_bad "bad:$g" guest "$qrc" -- "$gb"
    QEMU_OUT=
done

# Deaths by signals the guest raises or receives (abort, raise, kill, SIGPIPE,
# a parent's SIGTERM/SIGKILL): Linux and qemu print nothing, so tern's stderr
# must stay empty; stdout and the status are qemu's.
if selected bad:signaldeath; then
    gb="$OUT/bad/signaldeath" gd="$SCRATCH/signaldeath"
    mkdir -p "$gd"
    run_capture "$gd/q.out" "$gd/q.err" "$gd/q.sh" /dev/null -- env -i PATH="$CLEAN_PATH" "$QEMU" "$gb"; qrc=$RC
    run_capture "$gd/t.out" "$gd/t.err" "$gd/t.sh" /dev/null -- env -i PATH="$CLEAN_PATH" "$TERN" run "${ENGINE[@]}" "$gb"; trc=$RC
    why=()
    [ "$trc" = "$qrc" ] || why+=("exit status $trc, qemu gives $qrc")
    cmp -s "$gd/q.out" "$gd/t.out" || why+=("stdout differs from qemu's")
    [ ! -s "$gd/t.err" ] || why+=("tern wrote on stderr: $(head -n 1 "$gd/t.err")")
    if [ ${#why[@]} -eq 0 ]; then pass bad:signaldeath; else fail bad:signaldeath "$(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"; fi
fi

# ---------------------------------------------------------------- tools
# tern disasm, --trace and tern lockstep on the hello sample.
# check_tool NAME CONDITION-DESCRIPTION -- test command (exit 0 = pass)
check_tool() {
    local name=$1 what=$2
    shift 3
    selected "$name" || return 0
    if "$@"; then pass "$name"; else fail "$name" "$what"; fi
}
T="$SCRATCH/tools"
mkdir -p "$T"
H="$OUT/hello"
if [ ! -x "$H" ]; then
    fail tools "$H missing: the tool checks cannot run"
else
    echo "== tools"
    "$TERN" disasm "$H" >"$T/dis.out" 2>"$T/dis.err"; echo $? >"$T/dis.rc"
    check_tool tools:disasm "status 0, a <main> label and instruction rows" -- \
        bash -c '[ "$(cat "$1.rc")" = 0 ] && grep -q "^[0-9a-f]\{16\} <main>:$" "$1.out" && [ "$(grep -c "^ *[0-9a-f]*:	" "$1.out")" -gt 10000 ]' _ "$T/dis"
    entry=$(grep -m1 "<_start>:" "$T/dis.out" | cut -d' ' -f1)
    check_tool tools:disasm-start "--start/--count list exactly N rows" -- \
        bash -c '[ "$("$1" disasm --start "0x$2" --count 3 "$3" | grep -c "^ *[0-9a-f]*:	")" = 3 ]' _ "$TERN" "$entry" "$H"
    check_tool tools:disasm-bad-start "an address outside code is one tern: line, status 1" -- \
        bash -c '"$1" disasm --start 0x5 "$2" >/dev/null 2>"$3"; [ $? = 1 ] && [ "$(wc -l <"$3")" = 1 ] && grep -q "^tern: " "$3"' _ "$TERN" "$H" "$T/bad.err"
    "$TERN" run --trace=in_asm,exec "$H" >"$T/tr.out" 2>"$T/tr.err"; echo $? >"$T/tr.rc"
    "$TERN" run "$H" >"$T/plain.out" 2>/dev/null
    check_tool tools:trace "stdout unchanged, IN: blocks and Trace lines on stderr" -- \
        bash -c '[ "$(cat "$1/tr.rc")" = 0 ] && cmp -s "$1/tr.out" "$1/plain.out" && grep -q "^IN: main$" "$1/tr.err" && grep -q "^Trace 0x[0-9a-f]\{16\} <main>$" "$1/tr.err"' _ "$T"
    check_tool tools:trace-unknown "an unknown --trace item is rejected (status 64)" -- \
        bash -c '"$1" run --trace=in_asm,nope "$2" >/dev/null 2>&1; [ $? = 64 ]' _ "$TERN" "$H"
    "$TERN" lockstep "${ENGINE[@]}" "$H" >"$T/ls.out" 2>"$T/ls.err"; echo $? >"$T/ls.rc"
    check_tool tools:lockstep "status 0, same stdout, no divergence" -- \
        bash -c '[ "$(cat "$1/ls.rc")" = 0 ] && cmp -s "$1/ls.out" "$1/plain.out" && grep -q "no divergence" "$1/ls.err"' _ "$T"
    check_tool tools:lockstep-injected "an injected fault is reported with status 3" -- \
        bash -c '"$1" lockstep "${@:4}" --inject-fault add "$2" >/dev/null 2>"$3"; [ $? = 3 ] && grep -q "^tern: lockstep divergence at pc 0x" "$3"' _ "$TERN" "$H" "$T/inj.err" "${ENGINE[@]}"
fi

summary
[ "$FAILED" -eq 0 ]
