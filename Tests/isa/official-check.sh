#!/usr/bin/env bash
# Runs an existing build of the official riscv-tests ISA suites under tern (and
# under qemu-system-riscv64 -machine spike when it is installed) and requires
# every rv64{ui,um,ua,uf,ud,uc,mi,si}-{p,v}-* test that passes on qemu to pass
# on tern. Usage: official-check.sh DIR (the riscv-tests isa/ directory holding
# the built tests; they are not part of this repository).
set -u
dir=${1:?usage: official-check.sh RISCV_TESTS_ISA_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
TERN=$(realpath "${TERN:-$root/.build/release/tern}")
qemu=$(command -v qemu-system-riscv64 || true)
pass=0 fail=0 qemu_fail=0 count=0
for t in "$dir"/rv64u[imafdc]-[pv]-* "$dir"/rv64[ms]i-p-*; do
    [ -f "$t" ] && [ "${t%.dump}" = "$t" ] || continue
    count=$((count + 1))
    name=${t##*/}
    if [ -n "$qemu" ]; then
        timeout 20 "$qemu" -machine spike -cpu rv64,h=false -bios none -nographic -m 256M -icount shift=0 \
            -kernel "$t" >/dev/null 2>&1
        q=$?
    else q=0; fi
    timeout 20 "$TERN" run --bare --max-instructions 100000000 "$t" >/dev/null 2>&1; r=$?
    if [ $r -eq 0 ]; then pass=$((pass + 1)); fi
    if [ $q -ne 0 ]; then qemu_fail=$((qemu_fail + 1)); echo "note: $name fails under qemu (exit $q), tern exit $r"; continue; fi
    if [ $r -ne 0 ]; then fail=$((fail + 1)); echo "FAIL $name (tern exit $r)"; fi
done
[ $count -gt 0 ] || { echo "no rv64 tests found in $dir"; exit 2; }
echo "official: $count tests; tern passed $pass; $fail failed that pass under qemu; qemu failed $qemu_fail"
[ $fail -eq 0 ]
