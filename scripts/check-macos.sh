#!/usr/bin/env bash
# Type-checks the core, the command line and the window for macOS (aarch64-apple-darwin) on
# this Linux machine with `cargo clippy -D warnings`: Rust's type and borrow checks and the
# lints of every macOS-only line (the login keychain store, the Keychain for the gateway
# credentials) run here. ring's C code
# is compiled by clang without an SDK, against the stand-in headers in tests/macos-sdk-stubs/.
# Nothing is linked or run: that needs a Mac (README, "Developing on Windows and macOS").
# Usage: scripts/check-macos.sh [--no-setup]
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
[ "${1:-}" = "--no-setup" ] || { setup_all; setup_windows; build_ui; }
MAC=aarch64-apple-darwin
say "macOS: type check of the core, the command line and the window ($MAC)"
# The cc crate splits CFLAGS at spaces: the stand-in headers go through a path without any.
private_tmpdir
stubs="$TMPDIR/macos-sdk-stubs"
cp -r "$ROOT/tests/macos-sdk-stubs" "$stubs"
case "$stubs$(clang -print-resource-dir)" in *" "*) echo "error: TMPDIR must not contain spaces" >&2; exit 1 ;; esac
export CC_aarch64_apple_darwin=clang AR_aarch64_apple_darwin=llvm-ar
export CFLAGS_aarch64_apple_darwin="-nostdinc -ffreestanding -isystem $(clang -print-resource-dir)/include -isystem $stubs"
cargo clippy --locked --target "$MAC" -p oces-core -p oces-wizard -p oces-wizard-window --quiet -- -D warnings
echo "macOS type check: passed"
