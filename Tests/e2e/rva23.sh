#!/usr/bin/env bash
# RVA23 samples (Samples/rva23, compiled by clang for Zba/Zbb/Zbs/Zicond/Zfa/Zfh/Zcb):
# each runs under a current qemu-riscv64 with -cpu rva23u64 (the golden model;
# Debian 12's qemu 7.2 lacks these extensions; a sample's `// cpu: MODEL` line
# adds properties, as `rva23u64,zfh=true`) and under `tern run --cpu` with the same
# model and each engine; stdout and exit status must match. The same binary
# under `--cpu rv64gc` must die with SIGILL (status 132) at an extension
# instruction, as qemu does with the extensions switched off. The single-dash
# `-cpu` and the TERN_CPU environment variable choose the model the same way.
#
#   TERN=... QEMU_NEW=build/qemu/usr/bin/qemu-riscv64 Tests/e2e/rva23.sh
set -u
SUITE=rva23; . "$(dirname "${BASH_SOURCE[0]}")/qemu-new-common.sh"

for bin in "${bins[@]}"; do
  name=rva23/$(basename "$bin")
  cpu=$(sed -n 's|^// cpu: \([^ ]*\).*|\1|p' "$ROOT/Samples/$name.c" | head -1)
  cpu=${cpu:-rva23u64}
  timeout "$TIMEOUT" "$QEMU_NEW" -cpu "$cpu" "$bin" > "$scratch/q.out" 2> "$scratch/q.err" < /dev/null; q=$?
  for engine in auto threaded native; do
    timeout "$TIMEOUT" "$TERN" run --engine "$engine" --cpu "$cpu" "$bin" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
    check_tern "$name:$engine" "$q"
  done
  # Outside the model: SIGILL on both sides.
  # (braces with 2>/dev/null: the shell's own "Illegal instruction" notice stays out of the log)
  { timeout "$TIMEOUT" "$TERN" run --cpu rv64gc "$bin" > /dev/null 2> "$scratch/t.err" < /dev/null; } 2> /dev/null; t=$?
  { timeout "$TIMEOUT" "$QEMU_NEW" -cpu rv64,zba=false,zbb=false,zbs=false,zicond=false,zcb=false,zfa=false,zfh=false,zfhmin=false "$bin" \
    > /dev/null 2>&1 < /dev/null; } 2> /dev/null; q=$?
  if [ "$t" = 132 ] && [ "$q" = 132 ] && grep -q "guest SIGILL at pc 0x" "$scratch/t.err"; then pass "$name:rv64gc-sigill"
  else fail "$name:rv64gc-sigill" "tern exit $t, qemu exit $q: $(head -c 200 "$scratch/t.err")"; fi
done

# The model's other spellings, on the first sample: qemu-user's single-dash -cpu
# and the TERN_CPU environment variable (as QEMU_CPU), which the command line
# overrides; a bad TERN_CPU is an error naming the variable.
bin=${bins[0]}; name=rva23/$(basename "$bin")
timeout "$TIMEOUT" "$QEMU_NEW" -cpu rva23u64 "$bin" > "$scratch/q.out" 2> /dev/null < /dev/null; q=$?
cpu_case() {  # label, expected status, expected stdout file or '', stderr pattern ('': empty stderr), command...
  local label=$1 want=$2 out=$3 pattern=$4; shift 4
  { timeout "$TIMEOUT" "$@" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; } 2> /dev/null; t=$?
  if [ "$t" != "$want" ]; then fail "$name:$label" "exit status $t, want $want ($(head -c 200 "$scratch/t.err"))"
  elif [ -n "$out" ] && ! cmp -s "$out" "$scratch/t.out"; then fail "$name:$label" "stdout differs from qemu -cpu rva23u64"
  elif [ -z "$pattern" ] && [ -s "$scratch/t.err" ]; then fail "$name:$label" "tern wrote to stderr: $(head -c 200 "$scratch/t.err")"
  elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$scratch/t.err"; then fail "$name:$label" "stderr '$(head -c 200 "$scratch/t.err")' lacks '$pattern'"
  else pass "$name:$label"; fi
}
cpu_case "-cpu rva23u64" "$q" "$scratch/q.out" "" "$TERN" run -cpu rva23u64 "$bin"
cpu_case "-cpu rv64gc" 132 "" "guest SIGILL at pc 0x" "$TERN" run -cpu rv64gc "$bin"
cpu_case "TERN_CPU=rv64gc" 132 "" "guest SIGILL at pc 0x" env TERN_CPU=rv64gc "$TERN" run "$bin"
cpu_case "TERN_CPU=rv64gc -cpu rva23u64" "$q" "$scratch/q.out" "" \
  env TERN_CPU=rv64gc "$TERN" run -cpu rva23u64 "$bin"
cpu_case "TERN_CPU=rva23u64" "$q" "$scratch/q.out" "" env TERN_CPU=rva23u64 "$TERN" run "$bin"
# qemu's generic rv64 model: without Zicond and Zcb the sample dies of SIGILL on
# both; with them switched on it runs as under qemu with the same -cpu.
timeout "$TIMEOUT" "$QEMU_NEW" -cpu rv64,zicond=true,zcb=true "$bin" > "$scratch/q64.out" 2> /dev/null < /dev/null; q64=$?
cpu_case "-cpu rv64" 132 "" "guest SIGILL at pc 0x" "$TERN" run -cpu rv64 "$bin"
cpu_case "-cpu rv64,zicond=true,zcb=true" "$q64" "$scratch/q64.out" "" "$TERN" run -cpu rv64,zicond=true,zcb=true "$bin"
cpu_case "TERN_CPU=bogus" 64 "" "TERN_CPU: unknown CPU model 'bogus'" env TERN_CPU=bogus "$TERN" run "$bin"
# -cpu help (qemu's spelling, also '?') lists the models and exits 0 without a program;
# without -cpu help a program is required.
for spelling in help '?'; do
  "$TERN" run -cpu "$spelling" > "$scratch/t.out" 2> "$scratch/t.err"; t=$?
  if [ "$t" = 0 ] && [ ! -s "$scratch/t.err" ] && grep -q '^  rv64gc ' "$scratch/t.out" && grep -q '^  rva22u64 ' "$scratch/t.out" \
     && grep -q '^  rva23u64 ' "$scratch/t.out" && grep -q '^  rv64 ' "$scratch/t.out" && grep -q '^  max ' "$scratch/t.out" && grep -q 'properties: .*zbb' "$scratch/t.out"
  then pass "cpu:-cpu $spelling"; else fail "cpu:-cpu $spelling" "exit $t: $(head -c 300 "$scratch/t.out" "$scratch/t.err")"; fi
done
"$TERN" run -cpu rva23u64 > /dev/null 2> "$scratch/t.err"; t=$?
if [ "$t" = 64 ] && grep -q "Missing expected argument '<program>'" "$scratch/t.err"; then pass "cpu:no program"
else fail "cpu:no program" "exit $t: $(head -c 200 "$scratch/t.err")"; fi
finish
