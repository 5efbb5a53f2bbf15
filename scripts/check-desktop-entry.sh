#!/usr/bin/env bash
# Checks the menu entry of a built .deb: it must open guide links (oces-wizard://) and hand the
# link to the program. `MimeType=x-scheme-handler/oces-wizard` registers the scheme; `%u` in
# `Exec` passes the link on a cold start (Tauri's own template has no `%u`, so the link would be
# lost when the app is not running).
# Usage: scripts/check-desktop-entry.sh FILE.deb
#        scripts/check-desktop-entry.sh --self-test   (a good and two bad packages made here)
set -euo pipefail

check() {
  local deb="$1" entry
  entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - --wildcards '*usr/share/applications/*.desktop' 2>/dev/null) \
    || { echo "error: $deb has no menu entry (.desktop)" >&2; return 1; }
  grep -Eq '^MimeType=(.*;)?x-scheme-handler/oces-wizard(;|$)' <<<"$entry" \
    || { echo "error: the menu entry of $deb does not register oces-wizard:// (MimeType)" >&2; return 1; }
  grep -Eq '^Exec=[^ ]*oces-wizard-window %u$' <<<"$entry" \
    || { echo "error: the menu entry of $deb does not pass the link to oces-wizard-window (Exec … %u)" >&2; return 1; }
  echo "menu entry: opens oces-wizard:// links with oces-wizard-window %u"
}

self_test() {
  local work; work=$(mktemp -d); trap 'rm -rf "$work"' RETURN
  make() { # name, exec line, mime line
    mkdir -p "$work/$1/DEBIAN" "$work/$1/usr/share/applications"
    printf 'Package: t\nVersion: 1\nArchitecture: all\nMaintainer: t\nDescription: t\n' > "$work/$1/DEBIAN/control"
    printf '[Desktop Entry]\nType=Application\nName=t\n%s\n%s\n' "$2" "$3" > "$work/$1/usr/share/applications/t.desktop"
    dpkg-deb --build --root-owner-group "$work/$1" "$work/$1.deb" >/dev/null
  }
  make good 'Exec=oces-wizard-window %u' 'MimeType=x-scheme-handler/oces-wizard;'
  make no-u 'Exec=oces-wizard-window' 'MimeType=x-scheme-handler/oces-wizard;'
  make no-mime 'Exec=oces-wizard-window %u' 'MimeType=x-scheme-handler/oces-wizard-other;'
  check "$work/good.deb" >/dev/null || { echo "self-test: the good package was refused" >&2; return 1; }
  for bad in no-u no-mime; do
    if check "$work/$bad.deb" 2>/dev/null; then echo "self-test: $bad was not caught" >&2; return 1; fi
  done
  echo "check-desktop-entry self-test: a good entry passes, one without %u and one without the scheme are caught"
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: scripts/check-desktop-entry.sh FILE.deb | --self-test" >&2; exit 2 ;;
  *) check "$1" ;;
esac
