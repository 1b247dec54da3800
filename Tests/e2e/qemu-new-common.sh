# Shared by the e2e scripts that compare Tern with the current qemu-riscv64
# (rva23.sh, rvv.sh, sysroot-rvv.sh): paths, counters, scratch space, the sample list and the
# comparison of one Tern run with the golden output. Source it with SUITE set:
#
#   SUITE=rvv; . "$(dirname "${BASH_SOURCE[0]}")/qemu-new-common.sh"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
QEMU_NEW=${QEMU_NEW:-$ROOT/build/qemu/usr/bin/qemu-riscv64}
TIMEOUT=${E2E_TIMEOUT:-120}
# Lockstep runs interpret every instruction twice (reference and engine): ~25 s of CPU for the
# longest vector sample, over 120 s of wall time on a loaded 2-core machine. A hang guard only.
LOCKSTEP_TIMEOUT=${E2E_LOCKSTEP_TIMEOUT:-400}
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
[ -x "$QEMU_NEW" ] || { echo "$SUITE: $QEMU_NEW missing (make setup)"; echo "0 passed, 1 failed"; exit 1; }
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT

# The suite's samples (Samples/out/$SUITE), unless NO_SAMPLES=1 (a suite of sysroot programs).
shopt -s nullglob
if [ "${NO_SAMPLES:-0}" != 1 ]; then
  bins=("$ROOT"/Samples/out/"$SUITE"/*)
  [ ${#bins[@]} -gt 0 ] || { echo "$SUITE: no samples in Samples/out/$SUITE (make samples)"; echo "0 passed, 1 failed"; exit 1; }
fi

# check_tern LABEL QEMU_STATUS: judges the Tern run whose status is in $t and whose
# output is in $scratch/t.out and t.err against qemu's status and $scratch/q.out.
check_tern() {
  if [ "$2" != "$t" ]; then fail "$1" "exit status: qemu $2, tern $t ($(head -c 200 "$scratch/t.err"))"
  elif ! cmp -s "$scratch/q.out" "$scratch/t.out"; then fail "$1" "stdout differs"
  elif [ -s "$scratch/t.err" ]; then fail "$1" "tern wrote to stderr: $(head -c 200 "$scratch/t.err")"
  else pass "$1"; fi
}

# finish: the summary line and the script's status.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
