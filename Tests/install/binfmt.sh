#!/usr/bin/env bash
# `tern binfmt install` in a user and mount namespace of its own (unshare -Urm)
# with a private binfmt_misc instance (Linux 6.7+): then ./riscv64-program,
# a #! script whose interpreter is a riscv64 program, a guest execve of another
# riscv64 program and a dynamically linked sysroot program run directly.
# Where binfmt_misc cannot be mounted that way, this says so and counts
# nothing as passed.
#
#   TERN=.build/release/tern [SYSROOT=build/sysroot] Tests/install/binfmt.sh
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TERN=${TERN:-$ROOT/.build/release/tern}
case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac
SYSROOT=${SYSROOT:-$ROOT/build/sysroot}
case "$SYSROOT" in /*) ;; *) SYSROOT="$PWD/$SYSROOT" ;; esac
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-binfmt.XXXXXX")
[ "${BINFMT_KEEP:-0}" = 1 ] && echo "scratch: $SCRATCH" || trap 'rm -rf "$SCRATCH"' EXIT

if ! unshare -Urm sh -c 'mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc' 2>"$SCRATCH/mount.err"; then
    echo "binfmt: NOT TESTED: binfmt_misc cannot be mounted in a new user and mount namespace on this kernel"
    echo "binfmt:   (Linux $(uname -r); private binfmt_misc instances need 6.7 or later): $(cat "$SCRATCH/mount.err")"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi

riscv64-linux-gnu-gcc -static -O2 -o "$SCRATCH/hello" "$ROOT/Samples/hello.c" &&
    riscv64-linux-gnu-gcc -static -O2 -o "$SCRATCH/args" "$ROOT/Samples/args.c" &&
    riscv64-linux-gnu-gcc -static -O2 -o "$SCRATCH/execer" "$HERE/execer.c" || { echo "binfmt: cannot build the programs"; echo "0 passed, 1 failed"; exit 1; }
printf '#!%s first\necho this line is an argument file\n' "$SCRATCH/args" > "$SCRATCH/script"
chmod +x "$SCRATCH/hello" "$SCRATCH/args" "$SCRATCH/execer" "$SCRATCH/script"
qemu-riscv64 "$SCRATCH/hello" > "$SCRATCH/hello.expected"

# Everything below runs as root of the new namespace, with its own binfmt_misc.
cat > "$SCRATCH/inside.sh" <<INSIDE
set -u
cd "$SCRATCH"
mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
pass=0 fail=0
check() { if [ "\$2" = 0 ]; then pass=\$((pass+1)); echo "PASS binfmt: \$1"; else fail=\$((fail+1)); echo "FAIL binfmt: \$1"; fi; }
"$TERN" binfmt status >status-before.txt 2>&1; [ \$? = 1 ] && grep -q "not registered" status-before.txt
check "status before install says not registered" \$?
"$TERN" binfmt install >install.txt 2>&1 && grep -q "registered tern-riscv64" install.txt
check "install registers tern-riscv64" \$?
"$TERN" binfmt status >status.txt 2>&1 && grep -q "^  flags: OCF" status.txt && grep -q "^  interpreter $(readlink -f "$TERN")\$" status.txt &&
    grep -q "^  magic 7f454c460201010000000000000000000200f300" status.txt &&
    grep -q "^  mask ffffffffffffff00fffffffffffffffffeffffff" status.txt
check "status shows the interpreter, flags OCF, qemu's riscv64 magic and mask" \$?
./hello >hello.out 2>hello.err && cmp -s hello.out hello.expected
check "./hello runs directly" \$?
./script one "two words" >script.out 2>&1
grep -q 'argv\[1\]="first"' script.out && grep -q 'argv\[2\]="./script"' script.out && grep -q 'argv\[4\]="two words"' script.out
check "a riscv64 #! script runs (its interpreter is a riscv64 program)" \$?
./execer ./args x >exec.out 2>&1 && grep -q "execer: running ./args" exec.out && grep -q 'argv\[1\]="x"' exec.out
check "a guest execve of a riscv64 program goes through binfmt_misc" \$?
TERN_SYSROOT="$SYSROOT" "$SYSROOT/usr/bin/lua5.4" -e 'print(6 * 7)' >lua.out 2>&1 && [ "\$(cat lua.out)" = 42 ]
check "a dynamically linked program (the sysroot's lua5.4, make sysroot) finds its libraries through TERN_SYSROOT" \$?
"$TERN" binfmt remove >remove.txt 2>&1 && ! [ -e /proc/sys/fs/binfmt_misc/tern-riscv64 ]
check "remove unregisters it" \$?
./hello >/dev/null 2>&1; [ \$? != 0 ]
check "after remove, ./hello is not runnable" \$?
echo "\$pass passed, \$fail failed"
[ \$fail = 0 ]
INSIDE
unshare -Urm bash "$SCRATCH/inside.sh"
