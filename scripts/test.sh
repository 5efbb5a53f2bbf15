#!/usr/bin/env bash
# Installs whatever is missing and runs every check and test: UI type check and formatting,
# rustfmt, the no-Tauri-in-core rule, complete lock files, clippy, the API docs, unit and integration tests,
# the end-to-end tests in the real window under Xvfb (screenshots in artifacts/screenshots/),
# the Windows build with its tests and installer under Wine, the macOS type check, and the .deb.
# Usage: ./scripts/test.sh        (SKIP_PACKAGE=1 leaves out the .deb build)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
# A test run gains nothing from incremental compilation (each crate builds once per profile and
# target) and its files take gigabytes; set CARGO_INCREMENTAL=1 to keep them.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
setup_all
setup_windows
# The probe time-limit test builds a network without answers: ip (iproute2), python3. The
# end-to-end run's screens are drawn again by Chromium (the engine of Windows' WebView2):
# Debian's chromium and chromedriver; python3 serves the pages.
apt_install_missing "test tools" iproute2 python3 chromium chromium-driver
setup_tauri_driver
setup_cargo_deny

say "UI: type check and formatting"
(cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -1)
(cd ui && npx prettier --check . --log-level warn)
build_ui

say "Rust: formatting"
cargo fmt --all -- --check

say "oces-core must not depend on Tauri"
if cargo tree -p oces-core -e normal --prefix none | grep -q '^tauri'; then
  echo "error: oces-core depends on tauri:" >&2
  cargo tree -p oces-core -e normal -i tauri >&2 || true
  exit 1
fi
echo "ok"

say "lock files: complete and authoritative"
# npm: a fresh resolution must not add or change anything (and the check must catch a removal).
"$ROOT/scripts/check-npm-lock.sh"
"$ROOT/scripts/check-npm-lock.sh" --self-test
(cd ui && git diff --quiet -- package-lock.json) || { echo "error: ui/package-lock.json changed during install" >&2; exit 1; }
# Cargo: Cargo.lock holds the dependencies of every platform at once, so one resolution checks
# it; the Windows and macOS builds below are --locked as well.
if ! out="$(cargo metadata --locked --format-version 1 2>&1 >/dev/null)"; then
  echo "$out" >&2
  echo "error: Cargo.lock is not complete: run 'cargo update -w' and commit Cargo.lock" >&2
  exit 1
fi
echo "Cargo.lock is complete for Linux, Windows and macOS"

say "supply chain: cargo deny (licences, bans, sources, advisories) and locked builds"
cargo deny --log-level error check licenses bans sources
# An advisory check whose database may be out of reach: passing says so; a database that
# cannot be reached (output matching $3) is reported as "not checked"; found advisories, or
# any other failure, fail the run.
# usage: advisories NAME "what passing means" "unreachable pattern" "why not checked" CMD...
advisories() {
  local name="$1" ok="$2" unreachable="$3" why="$4" out
  shift 4
  if out="$("$@" 2>&1)"; then
    echo "$name: $ok"
  elif grep -q "$unreachable" <<<"$out"; then
    echo "$name: $why; not checked"
  else
    echo "$out" >&2
    exit 1
  fi
}
# Advisories need the RustSec database from github.com (out of reach on this project's CI).
advisories "cargo deny advisories" "none" "failed to fetch advisory database" \
  "the RustSec database cannot be fetched here" cargo deny --log-level error check advisories
# npm audit of what ships (not the build tools); this registry mirror has no audit endpoint.
advisories "npm audit" "no known vulnerabilities in the shipped packages" \
  "audit endpoint returned an error" "the registry here has no audit endpoint" \
  npm --prefix ui audit --omit=dev --audit-level=low
echo "ok"

say "Rust: clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "Rust: documentation (a broken link or doc warning fails)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

say "Rust: unit and integration tests"
cargo test --workspace --exclude e2e --exclude empty-window --locked

say "the command line's tests against the static Linux build (musl + dlmalloc, as packaged)"
# The .deb's command line is built for musl (scripts/build-cli.sh): other C library, other
# allocator; its own tests run on that build too.
if rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl && command -v musl-gcc >/dev/null; then
  CC_x86_64_unknown_linux_musl=musl-gcc cargo test --target x86_64-unknown-linux-musl -p oces-wizard --locked
else
  echo "skipped: the Rust target x86_64-unknown-linux-musl or musl-gcc is missing (scripts/setup.sh installs both)"
fi

say "keychain: a real Secret Service (gnome-keyring in a private D-Bus session)"
"$ROOT/scripts/with-keyring.sh" cargo test -p oces-core --test keychain --locked -- --ignored

say "end-to-end tests in the real window (Xvfb)"
cargo build -p oces-wizard-window -p oces-wizard --locked
# The tests are compiled before the time limit starts: on a fresh machine that build alone
# took minutes. The limit guards against a hung window, not a slow machine.
cargo test -p e2e --locked --no-run
export E2E_SCREENSHOTS="$ROOT/artifacts/screenshots"
rm -rf "$E2E_SCREENSHOTS"
# Inside a private D-Bus session with gnome-keyring, so DMS-6 stores in a real Secret Service.
timeout 1800 "$ROOT/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p e2e --locked -- --test-threads=1 --nocapture 2> >(grep -v -e 'Locale not supported' -e "Using the fallback 'C' locale" -e '^$' >&2) ||
  { rc=$?; [ "$rc" != 124 ] || echo "error: the end-to-end tests did not end within 30 minutes (stopped; the last test named above was running)" >&2; exit "$rc"; }
echo "screenshots: $(ls "$E2E_SCREENSHOTS"/*.png | wc -l) files in artifacts/screenshots/"

say "every screen of the end-to-end run drawn by Chromium (Windows' WebView2 engine), 100 % and 150 %"
# Headless: no display needed. Fails when a screen cannot be drawn or its sticky step head
# takes more than one line; the other layout differences are listed in
# artifacts/screenshots/chromium/report.txt.
timeout 600 cargo test -p e2e --locked --test chromium -- --ignored --nocapture ||
  { rc=$?; [ "$rc" != 124 ] || echo "error: the Chromium drawings did not end within 10 minutes (stopped)" >&2; exit "$rc"; }

# Windows: cross-build, the tests under Wine, the installer round trip; macOS: type check.
"$ROOT/scripts/test-windows.sh" --no-setup
"$ROOT/scripts/check-macos.sh" --no-setup

if [ "${SKIP_PACKAGE:-0}" != "1" ]; then
  # The package check builds release without whole-program LTO (package.sh --check): the same
  # code and packaging in about half the build time. The .deb whose size is the benchmark comes
  # from ./scripts/package.sh.
  "$ROOT/scripts/package.sh" --no-setup --check
fi
say "all checks and tests passed"
echo "build folder: $(du -sh "${CARGO_TARGET_DIR:-$ROOT/target}" 2>/dev/null | cut -f1) in ${CARGO_TARGET_DIR:-$ROOT/target}"
