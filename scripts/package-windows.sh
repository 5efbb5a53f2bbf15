#!/usr/bin/env bash
# Builds the Windows installer (NSIS, per user, no administrator rights) and prints its size.
# Output: target/windows/OCES-guiden-<version>-setup.exe
#
# Usage: scripts/package-windows.sh [--debug] [--out DIR] [--no-setup]
#   --debug     package the debug build that the Windows tests use (test.sh: the installer's
#               install/uninstall round trip under Wine). The release installer, whose size is
#               the benchmark (at most 8 MB), is the default.
#   --out DIR   where to write the installer (default: target/windows)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
WIN=x86_64-pc-windows-gnu
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
profile=release setup=1 out="$TARGET_DIR/windows"
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --out) out="$2"; shift ;;
    --no-setup) setup=0 ;;
    *) echo "usage: scripts/package-windows.sh [--debug] [--out DIR] [--no-setup]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$setup" = 1 ] && [ "$profile" = release ]; then
  setup_all
  setup_windows
  build_ui
fi

bin="$TARGET_DIR/$WIN/$profile"
if [ "$profile" = release ]; then
  say "building oces-wizard for Windows (release)"
  # The features `tauri build` turns on for a shipped app: assets served from the binary.
  cargo build --release --locked --target "$WIN" -p oces-wizard-cli
  cargo build --release --locked --target "$WIN" -p oces-wizard --features tauri/custom-protocol
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
private_tmpdir
stage="$TMPDIR/stage"
mkdir -p "$stage"
for f in oces-wizard.exe oces-wizard-window.exe WebView2Loader.dll; do
  [ -f "$bin/$f" ] || { echo "error: $bin/$f is missing: build for $WIN first" >&2; exit 1; }
  cp "$bin/$f" "$stage/"
done
# The debug build keeps line tables for backtraces; the installer does not need them.
[ "$profile" = debug ] && x86_64-w64-mingw32-strip --strip-debug "$stage"/*.exe

mkdir -p "$out"
installer="$out/OCES-guiden-$version-setup.exe"
rm -f "$installer"
say "building the Windows installer (NSIS, $profile)"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DBINDIR="$stage" -DICON="$ROOT/icons/icon.ico" -DOUTFILE="$installer" \
  installer/windows/oces-wizard.nsi
size=$(stat -c %s "$installer")
awk -v f="$installer" -v s="$size" -v p="$profile" 'BEGIN { printf "installer: %s (%d bytes, %.1f MiB, %s; target at most 8 MB)\n", f, s, s / 1048576, p }'
