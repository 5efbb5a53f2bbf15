#!/usr/bin/env bash
# Benchmark: time to the first interactive screen and idle memory at the start screen, the app
# against an empty Tauri window on the same Tauri (bench/empty-window), both release builds.
# Targets (issue 31): first screen at most 1.05 times, idle memory at most 1.10 times the empty
# window.
# Prints medians and ratios, also against the empty window painting as the app does.
# Usage: ./scripts/bench-start.sh [runs]   (default 10; under Xvfb when there is no display)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-10}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
echo "building the release app and the empty window …"
(cd ui && npm run build --silent >/dev/null)
# Each program alone, as the package builds the window (`tauri build`: alone, with Tauri's
# custom-protocol feature). Built together, Cargo would join the features their dependencies
# are built with, which gives other code and other symbol names than the package's, so the
# order of the start-up code (src-tauri/start-order.txt) would not fit the binary measured.
# The empty window is built the same way, for a like-for-like comparison.
cargo build --release --locked --quiet -p oces-wizard-window --features tauri/custom-protocol
cargo build --release --locked --quiet -p oces-wizard
cargo build --release --locked --quiet -p empty-window --features tauri/custom-protocol
# The window program, as the menu entry (installer/linux/oces-wizard.desktop) and the Windows
# shortcut start it. `oces-wizard` without a subcommand, from a terminal, first runs the command
# line, which then replaces itself with the window (a few milliseconds more): LAUNCHER=1 adds
# that way in to the same runs, as `before`.
if [ "${LAUNCHER:-0}" = 1 ]; then export BEFORE="$TARGET/release/oces-wizard"; fi
cmd=(python3 "$ROOT/scripts/bench_start.py" "$RUNS" "$TARGET/release/oces-wizard-window" "$TARGET/release/empty-window")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${cmd[@]}"
fi
exec "${cmd[@]}"
