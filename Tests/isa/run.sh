#!/usr/bin/env bash
# Runs the bare-metal ISA tests (Tests/isa/out/bare) under tern and requires
# every one to pass silently; cross-checks the user-mode builds of the
# unprivileged suites under qemu-riscv64 and tern's Linux mode; checks that a
# deliberately failing test, a test that never ends and a trap loop are
# reported with the documented messages and exit statuses.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
TERN=$(realpath "${TERN:-$root/.build/release/tern}")
cd "$root/Tests/isa"
LIMIT=10000000
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

expect_output() {  # name -> expected stdout
    case $1 in
        rv64mi-htif) printf 'hello from tern bare metal\n' ;;
        rv64mi-htif_console) printf 'ok\n' ;;
    esac
}

for t in out/bare/rv64*; do
    name=${t#out/bare/}
    out=$("$TERN" run --max-instructions $LIMIT "$t" 2>/tmp/tern-isa-err.$$); rc=$?
    err=$(cat /tmp/tern-isa-err.$$)
    if [ $rc -ne 0 ] || [ -n "$err" ] || [ "$out" != "$(expect_output "$name")" ]; then
        bad "$name: exit $rc, stderr '$err', stdout '$out'"
    else ok; fi
done
rm -f /tmp/tern-isa-err.$$
bare_count=$pass

# The user-mode cross-check runs under the current qemu (make setup: build/qemu,
# -cpu max) when present, since the extension suites need it; else Debian's qemu.
QEMU_NEW=${QEMU_NEW:-$root/build/qemu/usr/bin/qemu-riscv64}
if [ -x "$QEMU_NEW" ]; then qemu=("$QEMU_NEW" -cpu max)
elif command -v qemu-riscv64 >/dev/null; then qemu=(qemu-riscv64)
else qemu=(); fi
if [ ${#qemu[@]} -gt 0 ]; then
    for t in out/user/rv64*; do
        name=${t#out/user/}
        "${qemu[@]}" "$t"; q=$?
        "$TERN" run "$t"; r=$?
        if [ $q -ne 0 ] || [ $r -ne 0 ]; then bad "$name (user mode): qemu exit $q, tern exit $r"; else ok; fi
    done
else
    bad "qemu-riscv64 not found: the user-mode cross-check cannot run (make setup installs qemu-user)"
fi

check_negative() {  # file, expected status, expected stderr, extra args
    local err rc
    err=$("$TERN" run $4 "out/bare/$1" 2>&1 >/dev/null); rc=$?
    if [ $rc -ne "$2" ] || [ "$err" != "$3" ]; then bad "$1: exit $rc (want $2), stderr '$err' (want '$3')"; else ok; fi
}
check_negative negative-fail-testnum-7 7 "tern: bare-metal test failed: TESTNUM 7" ""
check_negative negative-spin 124 \
    "tern: bare-metal run stopped after 10000 instructions without a tohost write (--max-instructions)" "--max-instructions 10000"
check_negative negative-trap-loop 125 \
    "tern: bare-metal hart stuck: trap (cause 1) at its own trap handler 0x1000" "--max-instructions 10000"
check_negative negative-bad-tohost 1 \
    "tern: out/bare/negative-bad-tohost: tohost at 0x1000 is not an aligned 8-byte word in a loaded segment" ""

echo "isa: $bare_count bare-metal tests passed; $pass checks passed, $fail failed"
[ $fail -eq 0 ]
