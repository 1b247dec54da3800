#!/usr/bin/env bash
# Builds a riscv64 sysroot from Debian's riscv64 packages (suite forky) with
# apt-get under a private configuration: its own sources list, state and cache
# folders inside build/apt. The machine's own apt sources are never touched.
#
#   scripts/make-sysroot.sh SYSROOT_DIR APT_DIR PACKAGE...
#
# Dependencies are resolved by apt's simulation against an empty package
# database; every package of the closure is downloaded by name and unpacked
# with dpkg -x. The Release file is verified with debian-archive-keyring. The
# mirror is the one the machine's apt sources name (or $DEBIAN_MIRROR).
set -euo pipefail
sysroot=$1; apt_dir=$2; shift 2
packages=("$@")
suite=${DEBIAN_SUITE:-forky}
# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"

mkdir -p "$apt_dir"; apt_dir=$(cd "$apt_dir" && pwd)
mkdir -p "$(dirname "$sysroot")"; sysroot=$(cd "$(dirname "$sysroot")" && pwd)/$(basename "$sysroot")
apt_private "$apt_dir" riscv64 "$suite"
: > "$apt_dir/state/status"
opts=("${apt_opts[@]}")

# Nothing to do when the same package set was unpacked within the last day.
request=$(printf '%s\n' "${packages[@]}" | sort -u)
if [ -f "$sysroot/.request" ] && [ "$(cat "$sysroot/.request")" = "$request" ] &&
   [ -z "$(find "$sysroot/.request" -mmin +1440)" ]; then
  echo "make-sysroot: $sysroot is up to date"; exit 0
fi

# Refresh the package lists at most once a day.
apt_private_update "$apt_dir"

# The dependency closure, from apt's own resolver (nothing counts as installed).
mapfile -t closure < <(apt-get "${opts[@]}" install -s --no-install-recommends "${packages[@]}" \
  | awk '$1 == "Inst" { print $2 }' | sort -u)
[ ${#closure[@]} -gt 0 ] || { echo "make-sysroot: dependency resolution found nothing" >&2; exit 1; }
echo "make-sysroot: ${#closure[@]} packages: ${closure[*]}"

cd "$apt_dir/debs"
missing=()
for p in "${closure[@]}"; do ls "${p}"_*_riscv64.deb "${p}"_*_all.deb >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] || apt-get "${opts[@]}" download "${missing[@]}"

rm -rf "$sysroot.tmp"; mkdir -p "$sysroot.tmp"
for p in "${closure[@]}"; do
  for deb in "${p}"_*_riscv64.deb "${p}"_*_all.deb; do [ -e "$deb" ] && dpkg -x "$deb" "$sysroot.tmp"; done
done
# Merged /usr: /lib, /bin, /sbin point into usr/ (the loader is /lib/ld-linux-riscv64-lp64d.so.1).
for d in lib bin sbin; do
  if [ -d "$sysroot.tmp/$d" ] && [ ! -L "$sysroot.tmp/$d" ]; then
    mkdir -p "$sysroot.tmp/usr/$d"; cp -a "$sysroot.tmp/$d/." "$sysroot.tmp/usr/$d/"; rm -rf "$sysroot.tmp/$d"
  fi
  [ -e "$sysroot.tmp/$d" ] || { mkdir -p "$sysroot.tmp/usr/$d"; ln -s "usr/$d" "$sysroot.tmp/$d"; }
done
printf '%s\n' "${closure[@]}" > "$sysroot.tmp/.packages"
printf '%s\n' "$request" > "$sysroot.tmp/.request"
rm -rf "$sysroot"; mv "$sysroot.tmp" "$sysroot"
echo "make-sysroot: $(cd "$sysroot" && pwd) ready"
