#!/usr/bin/env bash
# Autovectorised samples (Samples/rvv, clang -O3 -march=rva23u64): each runs under
# the current qemu-riscv64 (-cpu rva23u64,vlen=N, the golden model) and under
# `tern run --cpu rva23u64,vlen=N` with each engine, at VLEN 128 and 256; stdout
# and exit status must match (and tern must write nothing to stderr). Without V
# (`--cpu rva22u64`) the same binary must die with SIGILL on both.
# A sample with a NAME.expected file is compared with that file (Linux's output)
# instead: qemu-user 11 neither saves the vector state in signal frames nor
# implements prctl(PR_RISCV_V_GET_CONTROL), which vsignal.c checks.
#
#   TERN=... QEMU_NEW=build/qemu/usr/bin/qemu-riscv64 Tests/e2e/rvv.sh
set -u
SUITE=rvv; . "$(dirname "${BASH_SOURCE[0]}")/qemu-new-common.sh"
VLENS=${RVV_VLENS:-128 256}

for bin in "${bins[@]}"; do
  name=rvv/$(basename "$bin")
  for vlen in $VLENS; do
    cpu=rva23u64,vlen=$vlen
    expected=$ROOT/Samples/$name.expected
    if [ -f "$expected" ]; then cp "$expected" "$scratch/q.out"; q=0
    else
      timeout "$TIMEOUT" "$QEMU_NEW" -cpu "$cpu" "$bin" > "$scratch/q.out" 2> "$scratch/q.err" < /dev/null; q=$?
      if [ "$q" != 0 ]; then fail "$name:vlen=$vlen" "qemu exit status $q"; continue; fi
    fi
    for engine in auto threaded native; do
      timeout "$TIMEOUT" "$TERN" run --engine "$engine" --cpu "$cpu" "$bin" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
      check_tern "$name:vlen=$vlen:$engine" "$q"
    done
  done
  { timeout "$TIMEOUT" "$TERN" run --cpu rva22u64 "$bin" > /dev/null 2> "$scratch/t.err" < /dev/null; } 2> /dev/null; t=$?
  { timeout "$TIMEOUT" "$QEMU_NEW" -cpu rva22u64 "$bin" > /dev/null 2>&1 < /dev/null; } 2> /dev/null; q=$?
  if [ "$t" = 132 ] && [ "$q" = 132 ] && grep -q "guest SIGILL at pc 0x" "$scratch/t.err"; then pass "$name:rva22u64-sigill"
  else fail "$name:rva22u64-sigill" "tern exit $t, qemu exit $q: $(head -c 200 "$scratch/t.err")"; fi
done
finish
