#!/usr/bin/env bash
# Debian forky programs from the sysroot with hwprobe and AT_HWCAP reporting V, so
# that the vector code their libraries select at run time is exercised:
#   - OpenSSL 3.6 (libcrypto): riscvcap asks riscv_hwprobe for V and Zbb and reads
#     vlenb, then ChaCha20 runs ChaCha20_ctr32_v_zbb (vlsseg8e32/vssseg8e32, vror.vi,
#     vadd/vxor): `openssl enc -chacha20` over a 256 KiB file and back;
#   - glibc 2.43: the memset ifunc picks __memset_vector when hwprobe's IMA_EXT_0 has
#     V (vsetvli e8,m8 / vse8.v): Tests/e2e/sysroot/rvv-memset.py fills buffers of
#     many lengths through CPython.
# Each case runs under the current qemu-riscv64 (-cpu rva23u64,vlen=N) and under
# `tern run --cpu rva23u64,vlen=N` with the auto and threaded engines, at VLEN 128
# and 256: stdout and exit status must match qemu's, tern must write nothing to
# stderr, and qemu's output must equal the host's (host openssl / python3, or the
# input itself), so a case whose reference is wrong is caught too. Every tern run
# counts its executed vector instructions (--profile-blocks: block entries x the
# block's V instructions, per library) and fails when the library meant to run
# vector code executed none. The same ChaCha20 run with V off (`v=false`: hwprobe
# and AT_HWCAP without V) must give the same bytes with no vector instruction.
#
#   TERN=... QEMU_NEW=build/qemu/usr/bin/qemu-riscv64 SYSROOT=build/sysroot Tests/e2e/sysroot-rvv.sh
set -u
SUITE=sysroot-rvv; NO_SAMPLES=1; . "$(dirname "${BASH_SOURCE[0]}")/qemu-new-common.sh"
SYSROOT=${SYSROOT:-$ROOT/build/sysroot}
case "$SYSROOT" in /*) ;; *) SYSROOT="$PWD/$SYSROOT" ;; esac
VLENS=${RVV_VLENS:-128 256}
FILES=$ROOT/Tests/e2e/sysroot
[ -x "$SYSROOT/usr/bin/openssl" ] && [ -x "$SYSROOT/usr/bin/python3.13" ] ||
  { fail setup "no sysroot with openssl and python3.13 at $SYSROOT (make sysroot)"; finish; exit 1; }
command -v openssl > /dev/null || { fail setup "host openssl missing (make setup)"; finish; exit 1; }
CLEAN_ENV=(env -i HOME=/tmp LC_ALL=C PATH=/usr/bin:/bin TZ=UTC)

# A deterministic 256 KiB input, its ChaCha20 encryption by the host's openssl.
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
IV=0f0e0d0c0b0a09080706050403020100
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 131 + (i >> 9) * 7) % 256 for i in range(262144)))' > "$scratch/in.bin"
openssl enc -chacha20 -K "$KEY" -iv "$IV" -in "$scratch/in.bin" -out "$scratch/enc.ref"
python3 "$FILES/rvv-memset.py" > "$scratch/memset.ref"

# NAME|LIBRARY THAT MUST RUN V|REFERENCE FILE|GUEST COMMAND (a sysroot path and arguments; @X = $scratch/X, %X = Tests/e2e/sysroot/X)
cases=(
  "chacha20-enc|libcrypto.so.3|enc.ref|/usr/bin/openssl enc -chacha20 -K $KEY -iv $IV -in @in.bin"
  "chacha20-dec|libcrypto.so.3|in.bin|/usr/bin/openssl enc -d -chacha20 -K $KEY -iv $IV -in @enc.ref"
  "python-memset|libc.so.6|memset.ref|/usr/bin/python3.13 %rvv-memset.py"
)

# vector_executions JSON LIBRARY: executed vector instructions in LIBRARY's blocks
# (each block's entries times its V instructions), from --stats-json's block profile.
vector_executions() {
  python3 - "$1" "$2" << 'EOF'
import json, sys
stats = json.load(open(sys.argv[1]))
print(sum(block["executions"] * sum(1 for i in block["disassembly"] if i["text"].startswith("v"))
          for block in stats["hottestBlocks"]
          if sys.argv[2] == "" or block.get("symbol", "").split("+")[0] == sys.argv[2]))
EOF
}

# tern_run CPU ENGINE: the guest command under tern with a block profile in $scratch/t.json.
tern_run() {
  timeout "$TIMEOUT" "${CLEAN_ENV[@]}" "$TERN" run --engine "$2" --cpu "$1" --stats-json "$scratch/t.json" \
    --profile-blocks 1000000 -L "$SYSROOT" "${words[@]}" > "$scratch/t.out" 2> "$scratch/t.err" < /dev/null; t=$?
}

for entry in "${cases[@]}"; do
  IFS='|' read -r name library reference command <<< "$entry"
  command=${command//@/$scratch/}; command=${command//%/$FILES/}
  read -r -a words <<< "$command"
  for vlen in $VLENS; do
    cpu=rva23u64,vlen=$vlen
    timeout "$TIMEOUT" "${CLEAN_ENV[@]}" "$QEMU_NEW" -cpu "$cpu" -L "$SYSROOT" "$SYSROOT${words[0]}" "${words[@]:1}" \
      > "$scratch/q.out" 2> "$scratch/q.err" < /dev/null; q=$?
    if [ "$q" != 0 ] || ! cmp -s "$scratch/q.out" "$scratch/$reference"; then
      fail "$name:vlen=$vlen:qemu" "qemu status $q or output differs from the host's ($(head -c 200 "$scratch/q.err"))"; continue
    fi
    for engine in auto threaded; do
      tern_run "$cpu" "$engine"
      before=$failed; check_tern "$name:vlen=$vlen:$engine" "$q"
      [ "$failed" = "$before" ] || continue
      n=$(vector_executions "$scratch/t.json" "$library")
      if [ "${n:-0}" -gt 0 ]; then echo "  $library: $n vector instructions executed"
      else fail "$name:vlen=$vlen:$engine:vector" "no vector instruction executed in $library"; fi
    done
  done
done

# V off: hwprobe and AT_HWCAP without V, so OpenSSL keeps its scalar ChaCha20.
read -r -a words <<< "/usr/bin/openssl enc -chacha20 -K $KEY -iv $IV -in $scratch/in.bin"
tern_run rva23u64,v=false threaded
n=$(vector_executions "$scratch/t.json" "")
if [ "$t" = 0 ] && cmp -s "$scratch/t.out" "$scratch/enc.ref" && [ ! -s "$scratch/t.err" ] && [ "$n" = 0 ]; then pass "chacha20-enc:v=false:scalar"
else fail "chacha20-enc:v=false:scalar" "status $t, $n vector instructions, $(cmp "$scratch/t.out" "$scratch/enc.ref" 2>&1 | head -c 100) $(head -c 200 "$scratch/t.err")"; fi
finish
