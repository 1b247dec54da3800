#!/usr/bin/env bash
# Checks that `tern fuzz` catches a wrong emulator: against corrupting-emulator.sh it must
# exit 1, name a failing seed, the differing register, and print a minimized sequence.
#   bash Tests/fuzz/self-check.sh [TERN]
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TERN=${1:-$HERE/../../.build/release/tern}
out=$("$TERN" fuzz --seed 1 --count 300 --analyse 1 --tern "$HERE/corrupting-emulator.sh" 2>&1)
status=$?
fail() { echo "fuzz self-check: $*"; echo "$out"; exit 1; }
[ "$status" -eq 1 ] || fail "expected exit status 1, got $status"
grep -q '^MISMATCH seed [0-9]* (' <<<"$out" || fail "no analysed mismatch"
grep -q '^  x10 (a0): tern 0x3 qemu 0x1$' <<<"$out" || fail "differing a0 not reported"
grep -q '^  minimized to [0-9]* instructions' <<<"$out" || fail "no minimized sequence"
grep -q ' mismatches ' <<<"$out" || fail "no summary line"
echo "fuzz self-check: mismatch detected, located and minimized as expected"
