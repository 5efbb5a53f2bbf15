#!/usr/bin/env bash
# Installs whatever is missing, builds oces-wizard and starts it.
# Usage: ./scripts/run.sh [app arguments…]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
setup_all
build_ui
say "building the app"
cargo build -p oces-wizard-window -p oces-wizard
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ $# -eq 0 ]; then
  echo "note: no graphical session found (DISPLAY/WAYLAND_DISPLAY unset); starting under Xvfb, where the window is invisible." >&2
  echo "      From a desktop session the window opens normally." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${CARGO_TARGET_DIR:-$ROOT/target}/debug/oces-wizard" "$@"
fi
exec "${CARGO_TARGET_DIR:-$ROOT/target}/debug/oces-wizard" "$@"
