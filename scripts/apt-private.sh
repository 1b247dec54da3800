# Sourced by scripts that fetch Debian packages with apt-get under a private
# configuration (own sources list, state and cache inside an APT_DIR), never
# touching the machine's apt set-up.
#
#   debian_mirror            prints the Debian archive URI: $DEBIAN_MIRROR, else the
#                            main archive the machine's own apt sources name
#   apt_private DIR ARCH SUITE
#                            prepares DIR and sets the array `apt_opts` for
#                            `apt-get "${apt_opts[@]}" ...` on ARCH packages of SUITE

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  local uri
  # deb822 sources (URIs: lines), then one-line sources (deb URI suite ...); the
  # security archive and other repositories are skipped.
  uri=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }'
           cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
             awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; break } }'
         } | grep -v -e security -e '^cdrom:' | grep -E '/debian/?$' | head -n 1)
  if [ -z "$uri" ]; then
    echo "apt-private: no Debian archive in the machine's apt sources; set DEBIAN_MIRROR" >&2
    return 1
  fi
  echo "${uri%/}"
}

apt_private() {
  local dir=$1 arch=$2 suite=$3 mirror
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -r "$keyring" ] || { echo "apt-private: $keyring missing (apt-get install debian-archive-keyring)" >&2; return 1; }
  mirror=$(debian_mirror) || return 1
  mkdir -p "$dir"/{state/lists/partial,cache/archives/partial,etc/sources.list.d,etc/preferences.d,etc/apt.conf.d,debs}
  echo "deb [arch=$arch signed-by=$keyring] $mirror $suite main" > "$dir/etc/sources.list"
  [ -e "$dir/state/status" ] || : > "$dir/state/status"
  apt_opts=(-o Dir::Etc="$dir/etc" -o Dir::Etc::SourceList="$dir/etc/sources.list"
            -o Dir::Etc::SourceParts="$dir/etc/sources.list.d" -o Dir::Etc::Parts="$dir/etc/apt.conf.d"
            -o Dir::Etc::PreferencesParts="$dir/etc/preferences.d"
            -o Dir::State="$dir/state" -o Dir::State::status="$dir/state/status"
            -o Dir::Cache="$dir/cache" -o APT::Architecture="$arch" -o APT::Architectures::="$arch"
            -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)
}

# Refreshes the package lists of a private configuration at most once a day.
apt_private_update() {
  local dir=$1 lists
  lists=("$dir"/state/lists/*_Packages*)
  if [ ! -e "${lists[0]}" ] || [ -n "$(find "$dir/state/lists" -maxdepth 1 -name '*_Packages*' -mmin +1440)" ]; then
    apt-get "${apt_opts[@]}" update
  fi
}
