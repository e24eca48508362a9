#!/usr/bin/env bash
# Install the Debian packages needed to build, run and test MNR Tracker.
#
# Idempotent: asks dpkg which packages are missing and touches apt only when
# something is missing, so a second run takes well under a second.
# Works as root (CI) or as a user with sudo; needs no TTY and no stdin.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# Needed for the build, the app and the test suites.
required=(
  build-essential meson ninja-build pkg-config
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsoup-3.0-dev
  libsqlite3-dev libsecret-1-dev
  gettext iso-codes desktop-file-utils appstream
  xvfb xauth dbus-x11 at-spi2-core
  python3-dogtail python3-pyatspi gir1.2-atspi-2.0 gir1.2-gtk-4.0 gir1.2-adw-1
  imagemagick glib-networking flatpak-builder librsvg2-common
  gnome-keyring
  poppler-utils
  clang libclang-rt-14-dev
)
# Nice to have; installed only if the distribution still ships them.
optional=(
  appstream-util
  fonts-cantarell
  fonts-noto-color-emoji
)

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

has_candidate() {
  local cand
  cand=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
  [ -n "$cand" ] && [ "$cand" != "(none)" ]
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: not a Debian-like system (no dpkg/apt-get); install these yourself:" >&2
  echo "  ${required[*]} ${optional[*]}" >&2
  exit 0
fi

missing_required=()
for p in "${required[@]}"; do
  is_installed "$p" || missing_required+=("$p")
done
missing_optional=()
for p in "${optional[@]}"; do
  is_installed "$p" || missing_optional+=("$p")
done

if [ ${#missing_required[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

# An optional package the local package index does not know is skipped without
# running 'apt-get update' every time -- unless an update is needed anyway.
installable_optional=()
for p in "${missing_optional[@]}"; do
  has_candidate "$p" && installable_optional+=("$p")
done
if [ ${#missing_required[@]} -eq 0 ] && [ ${#installable_optional[@]} -eq 0 ]; then
  echo "install-deps: all required packages present (not available here: ${missing_optional[*]})"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    # Fall back to an interactive sudo only when there is a terminal to ask on.
    if ! sudo -n true 2>/dev/null; then
      if [ -t 0 ]; then
        SUDO=(sudo env DEBIAN_FRONTEND=noninteractive)
      else
        echo "install-deps: missing ${missing_required[*]} ${installable_optional[*]}" >&2
        echo "install-deps: not root and sudo needs a password; install them and retry" >&2
        exit 1
      fi
    fi
  else
    echo "install-deps: missing ${missing_required[*]} ${installable_optional[*]}" >&2
    echo "install-deps: not root and no sudo; install them and retry" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing_required[*]} ${missing_optional[*]}"
"${SUDO[@]}" apt-get update -q </dev/null

# After the update, keep only the optional packages the archive really has.
to_install=("${missing_required[@]}")
for p in "${missing_optional[@]}"; do
  if has_candidate "$p"; then
    to_install+=("$p")
  else
    echo "install-deps: $p is not available in this distribution, skipping"
  fi
done

"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${to_install[@]}" </dev/null
echo "install-deps: done"
