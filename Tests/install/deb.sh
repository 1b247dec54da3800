#!/usr/bin/env bash
# The Debian package from `make deb`: its contents, `apt-get install ./tern_*.deb`,
# the installed tern running a sample, its man page, completions, docs and
# debconf question, then `apt-get remove --purge`.
#
#   SUDO=... Tests/install/deb.sh build/deb
set -u
OUT=${1:-build/deb}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SUDO=${SUDO:-}
pass=0 fail=0
check() { if [ "$2" = 0 ]; then pass=$((pass+1)); echo "PASS deb: $1"; else fail=$((fail+1)); echo "FAIL deb: $1"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }

deb=$(ls "$OUT"/tern_*_amd64.deb 2>/dev/null | tail -1)
[ -n "$deb" ] || { echo "deb: no package in $OUT (make deb)"; fail=1; finish; }
case "$deb" in /*) ;; *) deb="$PWD/$deb" ;; esac
version=$(dpkg-deb -f "$deb" Version)
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/tern usr/share/man/man1/tern.1.gz usr/share/bash-completion/completions/tern \
         usr/share/zsh/vendor-completions/_tern usr/share/fish/vendor_completions.d/tern.fish \
         usr/share/doc/tern/README.md usr/share/doc/tern/ARCHITECTURE.md usr/share/doc/tern/copyright; do
    grep -q " \./$f\$" <<<"$contents"
    check "the package holds /$f" $?
done
[ "$(basename "$deb")" = "tern_${version}_amd64.deb" ] && [ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ]
check "named tern_VERSION_amd64.deb" $?

# One install at a time on this machine (parallel `make test` runs share its dpkg database).
exec 9>"${TMPDIR:-/tmp}/tern-deb-test.lock"
flock -w 900 9 || { echo "deb: another deb test held the lock for 15 minutes"; fail=$((fail+1)); finish; }
if dpkg-query -W -f='${Status}' tern 2>/dev/null | grep -q "install ok installed"; then
    echo "deb: a tern package is installed on this machine already; not replacing it (remove it to run this test)"
    fail=$((fail+1)); finish
fi
if ! $SUDO true 2>/dev/null; then
    echo "deb: installing needs root (or sudo): not tested"
    fail=$((fail+1)); finish
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 "$deb" >"$OUT/install.log" 2>&1
check "apt-get install ./$(basename "$deb")" $?
trap '$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q -o DPkg::Lock::Timeout=300 tern >/dev/null 2>&1' EXIT
[ "$(/usr/bin/tern --version)" = "tern $version" ]
check "the installed tern --version says $version" $?
/usr/bin/tern run "$ROOT/Samples/out/hello" >"$OUT/hello.out" 2>&1 && qemu-riscv64 "$ROOT/Samples/out/hello" | cmp -s - "$OUT/hello.out"
check "the installed tern runs Samples/out/hello as qemu-riscv64 does" $?
man -w tern >/dev/null 2>&1 && zcat /usr/share/man/man1/tern.1.gz | grep -q '^\.SH "\?SUBCOMMANDS\|^\.SH NAME'
check "man tern finds the generated page" $?
bash -c 'source /usr/share/bash-completion/completions/tern && complete -p tern' >/dev/null 2>&1
check "the bash completion loads and completes tern" $?
echo "get tern/binfmt" | $SUDO debconf-communicate tern 2>/dev/null | grep -q "^0 false"
check "postinst asked debconf's tern/binfmt (default: no registration)" $?
grep -q "tern binfmt install" "$OUT/install.log"
check "postinst tells how to register with binfmt_misc" $?
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q -o DPkg::Lock::Timeout=300 tern >"$OUT/remove.log" 2>&1 && ! [ -e /usr/bin/tern ]
check "apt-get remove --purge takes it away" $?
trap - EXIT
finish
