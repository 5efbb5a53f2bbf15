#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with gnome-keyring's Secret Service unlocked,
# in a throw-away home folder, so keychain tests never touch the user's own keyring.
# Usage: scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${OCES_KEYRING_INNER:-}" ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -m 700 "$scratch/run"
  export OCES_KEYRING_INNER=1 HOME="$scratch" XDG_RUNTIME_DIR="$scratch/run" \
    XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  dbus-run-session -- "$0" "$@"
  exit $?
fi
# Inside the session: start the keyring daemon with an empty login keyring, unlocked.
eval "$(printf 'oces-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
