#!/usr/bin/env bash
# Builds the release .deb with the Tauri bundler and prints its size.
# Output: target/release/bundle/deb/oces-wizard_<version>_amd64.deb
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
if [ "${1:-}" != "--no-setup" ]; then
  setup_system
  setup_rust
  setup_node
  setup_npm
  build_ui
fi
say "building the .deb (release)"
# AppImage would download a helper at build time; the .deb needs nothing from outside.
ui/node_modules/.bin/tauri build --bundles deb --ci 2>&1 | grep -v -e '^\s*$' | tail -5
deb=$(ls -t "${CARGO_TARGET_DIR:-$ROOT/target}"/release/bundle/deb/*.deb | head -1)
dpkg-deb --info "$deb" >/dev/null
size=$(stat -c %s "$deb")
awk -v f="$deb" -v s="$size" 'BEGIN { printf "deb: %s (%d bytes, %.1f MiB; target at most 10 MiB)\n", f, s, s / 1048576 }'
