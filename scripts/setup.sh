#!/usr/bin/env bash
# Installs whatever is missing to build, run and test oces-wizard on Debian 12 / Ubuntu:
# system packages (apt), Rust (rustup, only if cargo is missing), Node.js check, the UI's npm
# packages (npm ci, exactly as locked), and tauri-driver for the end-to-end tests. Safe to run again: every step
# checks first and does nothing when the thing is already there.
# Sourced by run.sh, test.sh and package.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# Each heading carries the time since the first script of this run started (test.sh and the
# scripts it calls share the clock), so a slow step shows in the log.
OCES_T0="${OCES_T0:-$(date +%s)}"
export OCES_T0
# It also carries the free disk space where the build goes: a full run needs several GB, and a
# disk that fills up shows as a compiler's "No space left on device" far from its cause.
say() {
  local t=$(($(date +%s) - OCES_T0)) free where="${CARGO_TARGET_DIR:-$ROOT}"
  [ -e "$where" ] || where="$ROOT"
  free="$(df -Pk "$where" 2>/dev/null | awk 'NR == 2 { printf "%.1f", $4 / 1048576 }')"
  printf '\n==> [%d:%02d, %s GiB free] %s\n' $((t / 60)) $((t % 60)) "${free:-?}" "$*"
  if [ -n "$free" ] && [ "${free%.*}" -lt 3 ]; then
    echo "warning: only $free GiB left on the disk that holds the build; a full test run writes several GB" >&2
  fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "error: '$*' needs root: run as root or install sudo" >&2; exit 1
  fi
}

# Debian/Ubuntu packages: WebKitGTK and GTK for the window, a C toolchain, Xvfb and
# WebKitWebDriver for the end-to-end tests, NSS tools for the certificate store tests, openssl
# to write PKCS#12 test files the way users' tools do, xclip to read the clipboard in tests,
# D-Bus and gnome-keyring for the keychain tests (a real Secret Service), libdbus for keyring,
# musl's C compiler wrapper for the static release command line (scripts/build-cli.sh).
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev file curl ca-certificates
  xvfb xauth webkit2gtk-driver libnss3-tools openssl xclip
  dbus-daemon gnome-keyring libdbus-1-dev musl-tools
)

# apt_install_missing "WHAT" PACKAGE...: installs those of the packages that are missing.
apt_install_missing() {
  local what="$1" missing=()
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing $what: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

setup_system() {
  apt_install_missing "system packages" "${APT_PACKAGES[@]}"
}

setup_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  for c in rustfmt clippy; do
    if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1 && command -v rustup >/dev/null 2>&1; then
      rustup component add "$c"
    fi
  done
  # The release command line is one static program on musl (scripts/build-cli.sh).
  if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx x86_64-unknown-linux-musl; then
    say "adding the Rust target x86_64-unknown-linux-musl"
    rustup target add x86_64-unknown-linux-musl
  fi
}

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)||a===21||(a>=23)?0:1)'
}

setup_node() {
  if ! node_ok; then
    say "installing Node.js and npm from the distribution"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || true
  fi
  if ! node_ok; then
    echo "error: the UI build (Vite 8) needs Node.js 20.19 or newer; this machine has $(node --version 2>/dev/null || echo none)." >&2
    echo "       Install a newer Node.js (e.g. from your distribution's backports or nodejs.org) and run this again." >&2
    exit 1
  fi
}

setup_npm() {
  # Re-install only when the lock file changed since the last install. `npm ci` installs exactly
  # what ui/package-lock.json names and never rewrites it; the lock lists every platform's
  # optional packages (scripts/check-npm-lock.sh keeps it so), so `npm ci` has nothing to add.
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/ui/package-lock.json" -nt "$stamp" ]; then
    say "installing the UI's npm packages (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The two cargo tools below are built without optimisation (--debug): they do little work here,
# and a debug build compiles in far less time on a fresh machine.
setup_cargo_deny() {
  if ! command -v cargo-deny >/dev/null 2>&1; then
    say "installing cargo-deny (licence and source policy)"
    cargo install cargo-deny --version '^0.20' --locked --quiet --debug
  fi
}

setup_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver (end-to-end tests)"
    cargo install tauri-driver --version '^2' --locked --quiet --debug
  fi
}

# Windows and macOS builds on this Linux machine (scripts/test-windows.sh, package-windows.sh,
# check-macos.sh): the MinGW-w64 cross compiler and linker, Wine to run the Windows binaries and
# the installers, NSIS to build the setup program, wixl and msitools to build and read the MSI,
# osslsigncode to sign and verify (Authenticode), Debian's python3 with YAML and JSON Schema
# for the winget manifest check, SoftHSM and OpenSSL's PKCS#11 engine to test signing with a
# key in a token, clang to compile ring's C code for macOS, and the Rust standard libraries of
# both targets.
# (llvm for llvm-ar, the archiver of the macOS objects).
WINDOWS_APT_PACKAGES=(gcc-mingw-w64-x86-64 wine wine64 nsis wixl msitools osslsigncode
  python3-yaml python3-jsonschema softhsm2 libengine-pkcs11-openssl clang llvm)

setup_windows() {
  apt_install_missing "the Windows and macOS build tools" "${WINDOWS_APT_PACKAGES[@]}"
  local have
  have="$(rustup target list --installed 2>/dev/null || true)"
  for t in x86_64-pc-windows-gnu aarch64-apple-darwin; do
    grep -qx "$t" <<<"$have" || { say "adding the Rust target $t"; rustup target add "$t"; }
  done
}

# Commands to run when the script exits, newest first (several steps add their own clean-up).
OCES_ON_EXIT=()
on_exit() {
  OCES_ON_EXIT=("$1" "${OCES_ON_EXIT[@]}")
  trap 'for c in "${OCES_ON_EXIT[@]}"; do eval "$c"; done' EXIT
}

# A private temporary folder for this script run, removed when it exits: the MinGW tools and
# Wine leave files in TMPDIR that would otherwise pile up in /tmp.
private_tmpdir() {
  TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/oces-run.XXXXXX")"
  export TMPDIR
  on_exit 'rm -rf "$TMPDIR"'
}

# A new, empty Wine prefix for this script run (64-bit only), removed when the script exits.
# Wine's menu and file-type integration is off, and the prefix is made with a stand-in home
# folder, so its Desktop and Documents are not linked to the real ones and nothing is written
# into the real home folder. Wine 8 lacks bcryptprimitives.dll (ProcessPrng), which Rust's
# standard library imports on Windows; a stand-in built from tests/windows/bcryptprimitives.c
# goes into the prefix only.
wine_prefix_new() {
  WINEPREFIX="$(mktemp -d "${TMPDIR:-/tmp}/oces-wine.XXXXXX")"
  export WINEPREFIX WINEARCH=win64 WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe="
  on_exit wine_prefix_remove
  mkdir -p "$WINEPREFIX/home"
  HOME="$WINEPREFIX/home" timeout 300 wine wineboot --init >/dev/null 2>&1 || true
  timeout 120 wineserver -w || true
  [ -d "$WINEPREFIX/drive_c/windows/system32" ] || { echo "error: Wine could not make a prefix in $WINEPREFIX" >&2; exit 1; }
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$ROOT/tests/windows/bcryptprimitives.c" -ladvapi32
}

wine_server_stop() {
  wineserver -k 2>/dev/null || true
  timeout 60 wineserver -w 2>/dev/null || true
}

wine_prefix_remove() {
  wine_server_stop
  [ -n "${WINEPREFIX:-}" ] && rm -rf "$WINEPREFIX"
}

build_ui() {
  say "building the UI"
  (cd "$ROOT/ui" && npx vite build --logLevel warn)
}

# Everything a build needs (run.sh, test.sh).
setup_all() {
  setup_system
  setup_rust
  setup_node
  setup_npm
}
