#!/usr/bin/env bash
# RVA23 samples (Samples/rva23, compiled by clang for Zba/Zbb/Zbs/Zicond/Zfa/Zfh/Zcb):
# each runs under a current qemu-riscv64 with -cpu rva23u64 (the golden model;
# Debian 12's qemu 7.2 lacks these extensions; a sample's `// cpu: MODEL` line
# adds properties, as `rva23u64,zfh=true`) and under `tern run --cpu` with the same
# model and each engine; stdout and exit status must match. The same binary
# under `--cpu rv64gc` must die with SIGILL (status 132) at an extension
# instruction, as qemu does with the extensions switched off.
#
#   TERN=... QEMU_NEW=build/qemu/usr/bin/qemu-riscv64 Tests/e2e/rva23.sh
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
QEMU_NEW=${QEMU_NEW:-$ROOT/build/qemu/usr/bin/qemu-riscv64}
TIMEOUT=${E2E_TIMEOUT:-120}
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
[ -x "$QEMU_NEW" ] || { echo "rva23: $QEMU_NEW missing (make setup)"; echo "0 passed, 1 failed"; exit 1; }
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT

shopt -s nullglob
bins=("$ROOT"/Samples/out/rva23/*)
[ ${#bins[@]} -gt 0 ] || { echo "rva23: no samples in Samples/out/rva23 (make samples)"; echo "0 passed, 1 failed"; exit 1; }
for bin in "${bins[@]}"; do
  name=rva23/$(basename "$bin")
  cpu=$(sed -n 's|^// cpu: \([^ ]*\).*|\1|p' "$ROOT/Samples/$name.c" | head -1)
  cpu=${cpu:-rva23u64}
  timeout "$TIMEOUT" "$QEMU_NEW" -cpu "$cpu" "$bin" > "$scratch/q.out" 2> "$scratch/q.err" < /dev/null; q=$?
  for engine in auto threaded native; do
    timeout "$TIMEOUT" "$TERN" run --engine "$engine" --cpu "$cpu" "$bin" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
    if [ "$q" != "$t" ]; then fail "$name:$engine" "exit status: qemu $q, tern $t ($(head -c 200 "$scratch/t.err"))"
    elif ! cmp -s "$scratch/q.out" "$scratch/t.out"; then fail "$name:$engine" "stdout differs"
    elif [ -s "$scratch/t.err" ]; then fail "$name:$engine" "tern wrote to stderr: $(head -c 200 "$scratch/t.err")"
    else pass "$name:$engine"; fi
  done
  # Outside the model: SIGILL on both sides.
  # (subshells: the shell's own "Illegal instruction" notice stays out of the log)
  ( timeout "$TIMEOUT" "$TERN" run --cpu rv64gc "$bin" > /dev/null 2> "$scratch/t.err" < /dev/null ) 2> /dev/null; t=$?
  ( timeout "$TIMEOUT" "$QEMU_NEW" -cpu rv64,zba=false,zbb=false,zbs=false,zicond=false,zcb=false,zfa=false,zfh=false,zfhmin=false "$bin" \
    > /dev/null 2>&1 < /dev/null ) 2> /dev/null; q=$?
  if [ "$t" = 132 ] && [ "$q" = 132 ] && grep -q "guest SIGILL at pc 0x" "$scratch/t.err"; then pass "$name:rv64gc-sigill"
  else fail "$name:rv64gc-sigill" "tern exit $t, qemu exit $q: $(head -c 200 "$scratch/t.err")"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
