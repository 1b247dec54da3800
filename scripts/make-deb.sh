#!/usr/bin/env bash
# Builds OUT/tern_VERSION_amd64.deb: the release binary (stripped), its man page,
# completions and docs under /usr (scripts/install.sh), the maintainer scripts
# and debconf question from packaging/debian (postinst offers binfmt_misc),
# and Depends computed from the libraries the binary links.
#
#   scripts/make-deb.sh TERN MANPAGE OUT
set -euo pipefail
tern=$1 manpage=$2 out=$3
here=$(cd "$(dirname "$0")/.." && pwd)
version=$("$tern" --version | awk '{print $2}')
[ -n "$version" ] || { echo "make-deb: cannot read the version from $tern --version" >&2; exit 1; }
stage="$out/root"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
bash "$here/scripts/install.sh" "$tern" "$manpage" "$stage" /usr
gzip -9n "$stage/usr/share/man/man1/tern.1"
# As Debian's dh_strip does: no symbol tables in the packaged binary (84 -> 61 MB).
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/tern"
cat > "$stage/usr/share/doc/tern/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tern
Comment: Tern, a RISC-V (rv64gc) Linux user-mode dynamic binary translator.
 Built from the Tern source tree with Swift; the Swift runtime and
 swift-argument-parser (Apache License 2.0 with Runtime Library Exception)
 are linked statically.
COPYRIGHT
# Depends: the packages of the shared libraries tern links, at least the versions built against.
depends=$(ldd "$tern" | awk '/=> \//{print $3}' | while read -r lib; do
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] || pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] && echo "$pkg (>= $(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//'))"
done | sort -u | paste -sd, - | sed 's/,/, /g')
[ -n "$depends" ] || { echo "make-deb: no library packages found for $tern" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$here/packaging/debian/control.in" > "$stage/DEBIAN/control"
install -m 755 "$here"/packaging/debian/{config,postinst,prerm,postrm} "$stage/DEBIAN/"
install -m 644 "$here/packaging/debian/templates" "$stage/DEBIAN/"
# A checkout under a set-group-ID directory passes that bit to every directory made here;
# dpkg-deb refuses such a control directory and the bit does not belong in the package.
find "$stage" -type d -exec chmod g-s,u=rwx,go=rx {} +
deb="$out/tern_${version}_amd64.deb"
# zstd (dpkg 1.21.18+, Debian 12): xz took minutes on this binary, zstd -3 under a second.
dpkg-deb --root-owner-group -Zzstd -z3 --build "$stage" "$deb" >/dev/null
echo "$deb"
