#!/usr/bin/env bash
# Writes ui/src/ipc/bindings.ts anew from the Rust commands and types (src-tauri/src/bindings.rs).
# Run it after changing a command or a type that crosses to the window, and commit the result:
# `cargo test -p oces-wizard-window` fails while the checked-in file is stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo test -p oces-wizard-window --lib --locked -- --ignored --exact bindings::write_bindings
git --no-pager diff --stat -- ui/src/ipc/bindings.ts
