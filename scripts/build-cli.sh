#!/usr/bin/env bash
# Builds the release command line (`oces-wizard`) as it is shipped on Linux and prints the
# binary's path (the build's own output goes to stderr).
#
# On x86-64 Linux it is one static program for musl (x86_64-unknown-linux-musl): no dynamic
# loader runs at its start. glibc's loader runs 68 CPUID instructions at every start (counted),
# and in a virtual machine each one is a trip to the hypervisor (16-20 us on the project's
# machine): `/bin/true` takes 0.9 ms of CPU there, a static musl program 0.1 ms
# (docs/benchmarks.md, issue 31). The command line needs no shared library: the OS keychain
# (D-Bus) is the window's alone (oces-core's feature `keychain`), and the window
# (`oces-wizard-window`, WebKitGTK) stays a glibc program.
# Elsewhere, or with OCES_CLI_TARGET=native, it is the host's ordinary release build; so it is,
# with a warning, when the musl target or musl-gcc is missing (OCES_CLI_TARGET=x86_64-unknown-
# linux-musl makes that an error instead).
# Needs: the Rust target x86_64-unknown-linux-musl and musl-gcc (Debian's musl-tools), for
# ring's C code; scripts/setup.sh installs both.
# Usage: scripts/build-cli.sh [cargo build options…]   e.g. --quiet
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
musl=x86_64-unknown-linux-musl
want="${OCES_CLI_TARGET:-}"
if [ -z "$want" ]; then
  if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then want=$musl; else want=native; fi
fi
export CC_x86_64_unknown_linux_musl="${CC_x86_64_unknown_linux_musl:-musl-gcc}"
if [ "$want" = $musl ] && [ -z "${OCES_CLI_TARGET:-}" ]; then
  # Chosen by default but not installable here (no Rust target, no musl-gcc): the ordinary
  # build, said loudly; the benchmark scripts print which one they measured.
  if ! rustup target list --installed 2>/dev/null | grep -qx "$want" \
    || ! command -v "$CC_x86_64_unknown_linux_musl" >/dev/null; then
    echo "warning: the Rust target $want or musl-gcc is missing (scripts/setup.sh installs both): building the ordinary glibc command line instead" >&2
    want=native
  fi
fi
if [ "$want" = native ]; then
  cargo build --release --locked -p oces-wizard "$@" >&2
  echo "$TARGET_DIR/release/oces-wizard"
  exit 0
fi
cargo build --release --locked --target "$want" -p oces-wizard "$@" >&2
bin="$TARGET_DIR/$want/release/oces-wizard"
# One static program: a dynamic section would mean a loader after all.
if readelf -d "$bin" 2>/dev/null | grep -q NEEDED; then
  echo "error: $bin needs shared libraries:" >&2
  readelf -d "$bin" | grep NEEDED >&2
  exit 1
fi
echo "$bin"
