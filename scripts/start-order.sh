#!/usr/bin/env bash
# Writes src-tauri/start-order.txt: the window binary's functions that run from its start to the
# idle start screen, found by running a release build of it under valgrind's callgrind. Release
# builds for Linux place them side by side (src-tauri/build.rs), so the idle window keeps less
# of its code resident (issue 31). Run it again after updating dependencies (their functions'
# names change) or a large change of the start-up code, and commit the file; a stale file only
# costs memory, never correctness.
# Needs valgrind (callgrind_control), Xvfb when there is no display, and the UI's npm packages.
# Usage: ./scripts/start-order.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
echo "building the release window with its symbols …"
(cd ui && npm run build --silent >/dev/null)
# The window as the package has it (`tauri build` builds it alone, with Tauri's custom-protocol
# feature; scripts/bench-start.sh too), only not stripped: the names are needed. The names carry
# hashes of each crate's features and of the compiler's version, so the order only fits a build
# made the same way with the same compiler and Cargo.lock.
cargo rustc --release --locked --quiet -p oces-wizard-window --bin oces-wizard-window \
  --features tauri/custom-protocol -- -C strip=none
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$TARGET/release/oces-wizard-window" "$work/oces-wizard-window"
cmd=(python3 "$ROOT/scripts/start_order.py" "$work/oces-wizard-window" "$ROOT/src-tauri/start-order.txt")
if [ -z "${DISPLAY:-}" ]; then
  xvfb-run -a -s "-screen 0 1280x800x24" "${cmd[@]}"
else
  "${cmd[@]}"
fi
