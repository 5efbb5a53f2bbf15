#!/usr/bin/env bash
# Builds the release .deb with the Tauri bundler and prints its size.
# Output: target/release/bundle/deb/oces-wizard_<version>_amd64.deb
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
# Usage: scripts/package.sh [--no-setup] [--check]
#   --no-setup  the caller has installed everything and built the UI (test.sh)
#   --check     the package check of the test command: the release profile without whole-program
#               LTO and with parallel code generation (about half the build time on two cores).
#               The code, the features and the packaging are the same; the binaries are larger,
#               so the size printed is an upper bound, not the benchmark figure.
setup=1 kind="release"
for arg in "$@"; do
  case "$arg" in
    --no-setup) setup=0 ;;
    --check) kind="check build: release without LTO"
      export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 ;;
    *) echo "usage: scripts/package.sh [--no-setup] [--check]" >&2; exit 2 ;;
  esac
done
if [ "$setup" = 1 ]; then
  setup_all
  build_ui
fi
say "building the .deb ($kind)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
# The command line (`oces-wizard`) is its own small binary, one static program (musl: no
# dynamic loader at its start, scripts/build-cli.sh); the bundler builds the window
# (`oces-wizard-window`) and takes the launcher in as an extra file of the package.
cli=$("$ROOT/scripts/build-cli.sh" --quiet)
extra=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/oces-wizard":"%s"}}}}}' "$cli")
# AppImage would download a helper at build time; the .deb needs nothing from outside.
ui/node_modules/.bin/tauri build --bundles deb --ci --config "$extra" 2>&1 | grep -v -e '^\s*$' | tail -5
deb=$(ls -t "$TARGET"/release/bundle/deb/*.deb | head -1)
dpkg-deb --info "$deb" >/dev/null
contents=$(dpkg-deb --contents "$deb")
for f in usr/bin/oces-wizard usr/bin/oces-wizard-window; do
  grep -Eq " (\./)?$f\$" <<<"$contents" || { echo "error: /$f is missing from $deb" >&2; exit 1; }
done
# The command line in the package is the one built (static when build-cli.sh built it for
# musl), and it answers.
unpacked=$(mktemp -d)
dpkg-deb -x "$deb" "$unpacked"
if [[ "$cli" == */x86_64-unknown-linux-musl/* ]] && readelf -d "$unpacked/usr/bin/oces-wizard" | grep -q NEEDED; then
  echo "error: /usr/bin/oces-wizard in $deb needs shared libraries" >&2; rm -rf "$unpacked"; exit 1
fi
"$unpacked/usr/bin/oces-wizard" --version >/dev/null || { echo "error: /usr/bin/oces-wizard --version failed" >&2; rm -rf "$unpacked"; exit 1; }
rm -rf "$unpacked"
# The menu entry opens guide links (oces-wizard://) and passes the link on (%u).
"$ROOT/scripts/check-desktop-entry.sh" --self-test
"$ROOT/scripts/check-desktop-entry.sh" "$deb"
size=$(stat -c %s "$deb")
awk -v f="$deb" -v s="$size" -v k="$kind" 'BEGIN { printf "deb: %s (%d bytes, %.1f MiB, %s; target at most 10 MiB)\n", f, s, s / 1048576, k }'
