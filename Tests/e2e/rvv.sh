#!/usr/bin/env bash
# Autovectorised samples (Samples/rvv, clang -O3 -march=rva23u64): each runs under
# the current qemu-riscv64 (-cpu rva23u64,vlen=N, the golden model) and under
# `tern run --cpu rva23u64,vlen=N` with each engine, at VLEN 128 and 256; stdout
# and exit status must match (and tern must write nothing to stderr). qemu runs with
# rvv_ta_all_1s and rvv_ma_all_1s on: tail- and mask-agnostic elements become all
# ones, as Tern fills them (Samples/rvv/vtypes.c checks them). Each also
# runs under `tern lockstep` (the reference interpreter's V beside the engine)
# without a divergence, and a deliberately perturbed reference must be caught. Without V
# (`--cpu rva22u64`) the same binary must die with SIGILL on both.
# A sample with a NAME.expected file is compared with that file (Linux's output)
# instead: qemu-user 11 neither saves the vector state in signal frames nor
# implements prctl(PR_RISCV_V_GET_CONTROL), which vsignal.c checks.
# Then the vector FP instructions' legality per SEW, Zvfh and frm against qemu, and the
# prctl and signal-frame programs of Tests/e2e/rvv-exec against Linux's output.
#
#   TERN=... QEMU_NEW=build/qemu/usr/bin/qemu-riscv64 Tests/e2e/rvv.sh
set -u
SUITE=rvv; . "$(dirname "${BASH_SOURCE[0]}")/qemu-new-common.sh"
VLENS=${RVV_VLENS:-128 256}

# Lockstep runs: the threaded engine at every VLEN, the native one at the first.
lockstep_engines() { if [ "$1" = "${VLENS%% *}" ]; then echo threaded native; else echo threaded; fi; }

for bin in "${bins[@]}"; do
  name=rvv/$(basename "$bin")
  for vlen in $VLENS; do
    cpu=rva23u64,vlen=$vlen
    expected=$ROOT/Samples/$name.expected
    if [ -f "$expected" ]; then cp "$expected" "$scratch/q.out"; q=0
    else
      timeout "$TIMEOUT" "$QEMU_NEW" -cpu "$cpu,rvv_ta_all_1s=true,rvv_ma_all_1s=true" "$bin" > "$scratch/q.out" 2> "$scratch/q.err" < /dev/null; q=$?
      if [ "$q" != 0 ]; then fail "$name:vlen=$vlen" "qemu exit status $q"; continue; fi
    fi
    for engine in auto threaded native; do
      timeout "$TIMEOUT" "$TERN" run --engine "$engine" --cpu "$cpu" "$bin" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
      check_tern "$name:vlen=$vlen:$engine" "$q"
    done
    # The reference interpreter's own V beside the engine, compared after every block.
    for engine in $(lockstep_engines "$vlen"); do
      timeout "$LOCKSTEP_TIMEOUT" "$TERN" lockstep --engine "$engine" --cpu "$cpu" "$bin" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
      label="$name:vlen=$vlen:lockstep-$engine"
      if ! grep -q ': no divergence$' "$scratch/t.err"; then fail "$label" "$(head -c 400 "$scratch/t.err")"
      elif [ "$q" != "$t" ]; then fail "$label" "exit status: qemu $q, lockstep $t"
      elif ! cmp -s "$scratch/q.out" "$scratch/t.out"; then fail "$label" "stdout differs"
      else pass "$label"; fi
    done
  done
  { timeout "$TIMEOUT" "$TERN" run --cpu rva22u64 "$bin" > /dev/null 2> "$scratch/t.err" < /dev/null; } 2> /dev/null; t=$?
  { timeout "$TIMEOUT" "$QEMU_NEW" -cpu rva22u64 "$bin" > /dev/null 2>&1 < /dev/null; } 2> /dev/null; q=$?
  if [ "$t" = 132 ] && [ "$q" = 132 ] && grep -q "guest SIGILL at pc 0x" "$scratch/t.err"; then pass "$name:rva22u64-sigill"
  else fail "$name:rva22u64-sigill" "tern exit $t, qemu exit $q: $(head -c 200 "$scratch/t.err")"; fi
done
# The lockstep check itself: a reference perturbed in one vector instruction
# (vadd.vv's first element XOR 0x10) must be caught at that instruction.
bin=$ROOT/Samples/out/rvv/intkernels
if [ -x "$bin" ]; then
  timeout "$LOCKSTEP_TIMEOUT" "$TERN" lockstep --cpu rva23u64 --inject-fault vadd.vv:0x10 "$bin" > /dev/null 2> "$scratch/t.err" < /dev/null; t=$?
  if [ "$t" = 3 ] && grep -q '^tern: lockstep divergence at pc 0x[0-9a-f]*: vadd.vv ' "$scratch/t.err" \
     && grep -q '^  v[0-9]*\[0\]: engine 0x[0-9a-f]*, reference 0x' "$scratch/t.err"; then pass "rvv/intkernels:lockstep-injected-fault"
  else fail "rvv/intkernels:lockstep-injected-fault" "status $t: $(head -c 300 "$scratch/t.err")"; fi
else fail "rvv/intkernels:lockstep-injected-fault" "Samples/out/rvv/intkernels missing"; fi

# Vector floating point legality: each instruction at SEW 8..64 (binary16 needs
# Zvfh, which rva23u64 lacks: Zvfhmin only) and under an invalid frm must be
# legal or raise SIGILL exactly as under qemu (one program per case).
CC=${RISCV_CC:-riscv64-linux-gnu-gcc}
fp_insns=("vfadd.vv v8, v16, v24" "vfwadd.wf v8, v16, fa0" "vfmacc.vf v8, fa0, v16" "vmfle.vf v8, v16, fa0"
          "vfredosum.vs v8, v16, v24" "vfwredusum.vs v8, v16, v24" "vfsqrt.v v8, v16" "vfclass.v v8, v16"
          "vfwcvt.f.f.v v8, v16" "vfwcvt.f.x.v v8, v16" "vfwcvt.rtz.x.f.v v8, v16" "vfncvt.f.f.w v8, v16"
          "vfncvt.rod.f.f.w v8, v16" "vfncvt.x.f.w v8, v16" "vfncvt.f.xu.w v8, v16" "vfmv.f.s fa1, v16"
          "vfmv.s.f v8, fa0" "vfmerge.vfm v8, v16, fa0, v0" "vfslide1down.vf v8, v16, fa0")
n=0
for insn in "${fp_insns[@]}"; do
  for setup in "e8 0" "e16 0" "e32 0" "e64 0" "e32 5"; do
    set -- $setup; n=$((n + 1))
    printf '.globl _start\n_start:\n csrwi frm, %s\n vsetivli t0, 4, %s, m1, ta, ma\n %s\n li a0, 0\n li a7, 93\n ecall\n' \
      "$2" "$1" "$insn" > "$scratch/l$n.S"
    if ! "$CC" -nostdlib -static -march=rv64gcv -o "$scratch/l$n" "$scratch/l$n.S" 2> "$scratch/cc.err"; then
      fail "fp-legal:$insn:$1:frm=$2" "assembler: $(head -c 200 "$scratch/cc.err")"; continue
    fi
    for cpu in rva23u64 rva23u64,zvfh=true; do
      { "$QEMU_NEW" -cpu "$cpu" "$scratch/l$n" > /dev/null 2>&1 < /dev/null; } 2> /dev/null; q=$?
      { "$TERN" run --cpu "$cpu" "$scratch/l$n" > /dev/null 2>&1 < /dev/null; } 2> /dev/null; t=$?
      if [ "$q" = "$t" ]; then pass "fp-legal:$insn:$1:frm=$2:$cpu"
      else fail "fp-legal:$insn:$1:frm=$2:$cpu" "exit status: qemu $q, tern $t"; fi
    done
  done
done

# Linux semantics qemu-user 11 lacks (Tests/e2e/rvv-exec, each with Linux's output):
# prctl(PR_RISCV_V_SET_CONTROL)'s next-program setting applied at execve and its value per
# thread (vthreads.c: threads and forked children start with their creator's; qemu implements
# neither the prctl nor a guest execve of a riscv64 program without binfmt_misc), and the
# signal frame before and after the thread used V (qemu's frame is not Linux's layout:
# its sigcontext lacks the 528-byte FP union with the extension header, 704 bytes from
# the ucontext to the interrupted sp against Linux's 960, and it never adds the V record).
exec_cases=("vcontrol::vcontrol.expected" "vframe::vframe.expected" "vframe:v:vframe-v.VLEN.expected" "vthreads::vthreads.expected")
for name in vcontrol vframe vthreads; do
  if ! "$CC" -static -O2 -o "$scratch/$name" "$ROOT/Tests/e2e/rvv-exec/$name.c" 2> "$scratch/cc.err"; then
    fail "rvv-exec/$name" "build: $(head -c 200 "$scratch/cc.err")"
  fi
done
for entry in "${exec_cases[@]}"; do
  IFS=: read -r name argument expected <<< "$entry"
  [ -x "$scratch/$name" ] || continue
  for vlen in $VLENS; do
    cp "$ROOT/Tests/e2e/rvv-exec/${expected/VLEN/$vlen}" "$scratch/q.out"
    for engine in auto threaded native; do
      timeout "$TIMEOUT" "$TERN" run --engine "$engine" --cpu "rva23u64,vlen=$vlen" "$scratch/$name" $argument \
        > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
      check_tern "rvv-exec/$name${argument:+ $argument}:vlen=$vlen:$engine" 0
    done
  done
done
finish
