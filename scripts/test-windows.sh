#!/usr/bin/env bash
# Windows, built and tested on this Linux machine:
#  1. cross-builds oces-wizard.exe (command line) and oces-wizard-window.exe (window) for
#     x86_64-pc-windows-gnu, with WebView2Loader.dll beside them;
#  2. runs the core's, oces-winkey's and the command line's tests, built for Windows, under Wine
#     in a throw-away prefix, including the Windows-only tests (certificate store, the key in the
#     CNG Software KSP and its RSA-PSS proof as far as Wine goes, Credential Manager, Internet
#     Options proxy, known folders, Windows error codes);
#  3. builds the installers, the per-user setup program (NSIS) and the per-machine MSI (wixl),
#     and the winget manifests (checked against their schema); the unsigned build says so;
#  4. tests the setup program under Wine: silent install, the installed command answers, silent
#     uninstall removes the program and leaves the user's data (test-installer.sh);
#  5. tests the MSI under Wine: silent install to Program Files, the command answers by path
#     and on the PATH, a major upgrade to a next version leaves one product, silent uninstall
#     leaves the user's data byte for byte (test-msi.sh);
#  6. signs everything with a throw-away certificate and a local time-stamping server, and
#     verifies each artefact with osslsigncode (test-signing.sh).
# The window itself is not started: WebView2 does not run under Wine.
#
# Usage: scripts/test-windows.sh [--no-setup]     (test.sh calls it with --no-setup)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
[ "${1:-}" = "--no-setup" ] || { setup_all; setup_windows; build_ui; }
private_tmpdir

WIN=x86_64-pc-windows-gnu
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/$WIN/debug"

say "Windows: cross-building the command line, the window and the tests ($WIN)"
cargo build --locked --target "$WIN" -p oces-wizard -p oces-wizard-window
cargo test --locked --target "$WIN" -p oces-core -p oces-winkey -p oces-wizard --no-run 2>&1 | grep -v '^  Executable'
for f in oces-wizard.exe oces-wizard-window.exe WebView2Loader.dll; do
  [ -f "$BIN/$f" ] || { echo "error: $BIN/$f was not built" >&2; exit 1; }
done
echo "built: oces-wizard.exe, oces-wizard-window.exe, WebView2Loader.dll"

say "Windows: clippy on the Windows-only code"
cargo clippy --locked --target "$WIN" -p oces-core -p oces-winkey -p oces-wizard -p oces-wizard-window --all-targets --quiet -- -D warnings

say "Windows: a throw-away Wine prefix"
wine_prefix_new   # from setup.sh: sets WINEPREFIX and friends, removed on exit
echo "prefix: $WINEPREFIX ($(wine --version))"
# Linux openssl for the test fixtures, through the bridge (see tests/windows/openssl-bridge.sh).
export OCES_WINE_OPENSSL="Z:${ROOT//\//\\}\\tests\\windows\\openssl-bridge.sh"

say "Windows: the core's, oces-winkey's and the command line's tests under Wine"
log="$TMPDIR/windows-tests.log"
# --include-ignored: the Windows-only tests that change the user's store, credentials and
# registry are ignored on a developer's own Windows PC; here the prefix is thrown away.
# One wineserver for the whole run: a server left to shut down on its own when one test program
# ends can drop the connection of the next one as it starts ("recvmsg: Connection reset by
# peer"). Wine's own services are started now, with nothing of this script open, and the tests
# write to a file followed by `tail --pid`, so no process Wine keeps running can hold the output
# open and stall the step; wine_server_stop ends them all.
wineserver -p
timeout 300 wine wineboot </dev/null >/dev/null 2>&1 || true
set +e
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine \
  timeout 1200 cargo test --locked --target "$WIN" -p oces-core -p oces-winkey -p oces-wizard -- --include-ignored \
  </dev/null >"$log" 2>&1 &
tests_pid=$!
tail -n +1 -f --pid="$tests_pid" "$log" \
  | grep -E '^(test result|     Running|error|failures:|---- |thread |  left|  right|test .* FAILED)'
wait "$tests_pid"
rc=$?
set -e
passed=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^passed;?$/) s += $(i-1) } END { print s + 0 }' "$log")
failed=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^failed;?$/) s += $(i-1) } END { print s + 0 }' "$log")
ignored=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^ignored;?$/) s += $(i-1) } END { print s + 0 }' "$log")
# The Windows-only tests: the tests/windows*.rs binaries (core, command line, policies),
# oces-winkey's unit tests (a Windows-only crate) and the unit test of the Windows error codes.
win_only=$(awk '/Running (tests\/windows(_[a-z]+)?\.rs|unittests src\/lib\.rs \(.*oces_winkey)/ { w = 1; next } w && /^test result:/ { s += $4; w = 0 }
  /^test files::tests::windows_errors_map_to_coded_errors \.\.\. ok$/ { s += 1 } END { print s + 0 }' "$log")
wine_server_stop
# Every test runs here (ignored ones included), and the Windows-only ones must all be there:
# 9 in core/tests/windows.rs, 1 in launcher/tests/windows.rs, 1 in
# launcher/tests/windows_policy.rs (the registry policies), 3 in oces-winkey, the error-code
# unit test.
WIN_ONLY_EXPECTED=15
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$ignored" -ne 0 ] \
  || [ "$win_only" -lt "$WIN_ONLY_EXPECTED" ]; then
  echo "error: Windows tests under Wine: $passed passed, $failed failed, $ignored not run," \
    "$win_only of $WIN_ONLY_EXPECTED Windows-only (exit $rc); full log: $log" >&2
  cp "$log" "$TARGET_DIR/windows-tests.log" 2>/dev/null && echo "log kept: $TARGET_DIR/windows-tests.log" >&2
  exit 1
fi
echo "Windows tests under Wine: $passed passed, 0 failed ($win_only of them Windows-only)"

say "Windows: the window on a PC without WebView2 says what to install"
# Wine has no WebView2, like a Windows 10 PC that missed the runtime: the window program must
# say so (on standard error, and in a message box that waits for the user), not vanish.
err="$TMPDIR/window.err"
timeout 60 xvfb-run -a wine "$BIN/oces-wizard-window.exe" >/dev/null 2>"$err" &
said=""
for _ in $(seq 300); do grep -q 'Microsoft Edge WebView2' "$err" && { said=1; break; }; sleep 0.1; done
sleep 1
waiting=""
pgrep -f 'oces-wizard-window.exe' >/dev/null && waiting=1
wine_server_stop
wait || true
[ -n "$said" ] || { echo "error: the window program did not say that WebView2 is missing:" >&2; cat "$err" >&2; exit 1; }
[ -n "$waiting" ] || { echo "error: the window program ended instead of showing its message" >&2; exit 1; }
echo "the window program says what to install, and its message waits for the user"

say "Windows: the installers (NSIS setup program and MSI) and the winget manifests, unsigned"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
check="$TARGET_DIR/windows-check"
rm -rf "$check"
# Without a certificate (whatever the caller's environment holds), the build must say so.
env -u OCES_SIGN_PFX -u OCES_SIGN_PKCS11_MODULE "$ROOT/scripts/package-windows.sh" --debug --out "$check" \
  | tee "$TMPDIR/package.log"
grep -q '^signing: NOT SIGNED' "$TMPDIR/package.log" || { echo "error: an unsigned build does not say that it is not signed" >&2; exit 1; }
"$ROOT/scripts/check-winget.sh" "$check/winget/$version" "$check"
"$ROOT/scripts/check-winget.sh" --self-test "$check/winget/$version" "$check"

say "Windows: the setup program (NSIS), installed and uninstalled under Wine"
"$ROOT/scripts/test-installer.sh" "$check/OCES-guiden-$version-setup.exe"

say "Windows: the MSI, installed, upgraded and uninstalled under Wine"
# The next version: the same programs in a package with the patch number one higher.
next="$(awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }' <<<"$version")"
env -u OCES_SIGN_PFX -u OCES_SIGN_PKCS11_MODULE "$ROOT/scripts/package-windows.sh" --debug --msi-only \
  --version "$next" --out "$check/next" | grep -e '^MSI'
"$ROOT/scripts/test-msi.sh" "$check/OCES-guiden-$version-x64.msi" "$check/next/OCES-guiden-$next-x64.msi"

say "Windows: signing (a throw-away certificate and time-stamping server), verified"
"$ROOT/scripts/test-signing.sh"
