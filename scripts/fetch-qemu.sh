#!/usr/bin/env bash
# Puts a current qemu-riscv64 into DEST (DEST/usr/bin/qemu-riscv64): Debian's
# qemu-user package for amd64 from suite forky (statically linked, so it runs on
# an older host), fetched with apt-get under a private configuration in APT_DIR
# and unpacked with dpkg -x. The mirror is the one the machine's apt sources
# name (or $DEBIAN_MIRROR); the machine's apt set-up is never touched.
#
#   scripts/fetch-qemu.sh DEST APT_DIR
set -euo pipefail
dest=$1; apt_dir=$2
suite=${QEMU_SUITE:-forky}
# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"

mkdir -p "$apt_dir"; apt_dir=$(cd "$apt_dir" && pwd)
mkdir -p "$(dirname "$dest")"; dest=$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")
apt_private "$apt_dir" amd64 "$suite"
apt_private_update "$apt_dir"

version=$(apt-cache "${apt_opts[@]}" policy qemu-user | awk '/Candidate:/ { print $2 }')
[ -n "$version" ] && [ "$version" != "(none)" ] || { echo "fetch-qemu: no qemu-user in $suite" >&2; exit 1; }
if [ -x "$dest/usr/bin/qemu-riscv64" ] && [ "$(cat "$dest/.version" 2>/dev/null)" = "$version" ]; then
  echo "fetch-qemu: $dest has qemu-user $version"; exit 0
fi
cd "$apt_dir/debs"
# apt-get download names the file with the epoch's colon escaped (1%3a...).
deb() { ls qemu-user_*"${version#*:}"_amd64.deb 2>/dev/null | head -n 1; }
[ -n "$(deb)" ] || apt-get "${apt_opts[@]}" download "qemu-user=$version"
rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
dpkg -x "$(deb)" "$dest.tmp"
"$dest.tmp/usr/bin/qemu-riscv64" -version | head -n 1
echo "$version" > "$dest.tmp/.version"
rm -rf "$dest"; mv "$dest.tmp" "$dest"
echo "fetch-qemu: $dest/usr/bin/qemu-riscv64 ready (qemu-user $version)"
