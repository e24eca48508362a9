#!/usr/bin/env bash
# Runs a test on a D-Bus session bus of its own, with the secrets service
# in a chosen state, so that both paths of the token's storage are tested
# on purpose whatever the machine has installed:
#
#   session.sh keyring COMMAND...  a private gnome-keyring, created and
#                                  unlocked without a prompt (exit 77, a
#                                  skip, where gnome-keyring is missing)
#   session.sh none COMMAND...     no secrets service at all: nothing can
#                                  be activated on this bus
#
# The command sees MNR_TEST_KEYRING=private or MNR_TEST_KEYRING=absent.
set -euo pipefail

mode=${1:?keyring or none}
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${MNR_KEYRING_SESSION_INNER:-}" = 1 ]; then
  unset MNR_KEYRING_SESSION_INNER
  if [ "$mode" = keyring ]; then
    # Its keyrings live in the private data folder; the password is known
    # and given on stdin, so no prompt ever appears.
    # Not with the tests' G_DEBUG=fatal-warnings: a warning of its own
    # would end it, and the bus would then start one that prompts.
    eval "$(printf 'mnr-test' | env -u G_DEBUG -u MALLOC_CHECK_ gnome-keyring-daemon --unlock --components=secrets)"
    # It takes the bus name a moment later; a call before that would have
    # the bus start a second daemon, which asks for a password.
    for _ in $(seq 50); do
      gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
        grep -q true && break
      sleep 0.1
    done
    export MNR_TEST_KEYRING=private
  else
    export MNR_TEST_KEYRING=absent
  fi
  exec "$@"
fi

home=$(mktemp -d /tmp/mnr-keyring.XXXXXX)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data" "$home/runtime"
chmod 700 "$home/runtime"
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/runtime"
# The tests in here need no accessibility bus; nothing could start one.
export GTK_A11Y=none NO_AT_BRIDGE=1
unset DBUS_SESSION_BUS_ADDRESS

case "$mode" in
  keyring)
    if ! command -v gnome-keyring-daemon >/dev/null; then
      echo "gnome-keyring is not installed: the keyring path cannot be tested here"
      exit 77
    fi
    MNR_KEYRING_SESSION_INNER=1 dbus-run-session -- "$0" keyring "$@"
    ;;
  none)
    MNR_KEYRING_SESSION_INNER=1 dbus-run-session --config-file="$here/no-services.conf" -- "$0" none "$@"
    ;;
  *)
    echo "session.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
