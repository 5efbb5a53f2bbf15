#!/usr/bin/env bash
# Builds the two Windows installers and the winget manifests, signs them when a code-signing
# certificate is given, and prints their sizes:
#   target/windows/OCES-guiden-<version>-setup.exe   NSIS, per user, no administrator rights
#   target/windows/OCES-guiden-<version>-x64.msi     Windows Installer, per machine (IT: Intune,
#                                                    Group Policy, SCCM), built with wixl
#   target/windows/winget/<version>/                 winget manifests for both installers
#
# Usage: scripts/package-windows.sh [--debug] [--out DIR] [--no-setup] [--version V]
#                                   [--msi-only] [--timestamp-url URL]
#   --debug     package the debug build that the Windows tests use (test-windows.sh: the
#               installers' round trips under Wine). The release installers, whose sizes are
#               the benchmark (at most 8 MB each), are the default.
#   --out DIR   where to write the installers (default: target/windows)
#   --version V the version the installers carry (default: the workspace's). The programs
#               inside still say their own; the test uses it to build a "next version" MSI
#               for the upgrade.
#   --msi-only  build only the MSI
#   --timestamp-url URL   an RFC 3161 time-stamping server for the signatures
#               (or OCES_SIGN_TIMESTAMP_URL)
#
# Signing: with OCES_SIGN_PFX + OCES_SIGN_PASSWORD, or OCES_SIGN_PKCS11_MODULE and friends (see
# scripts/sign-windows.sh), the two programs, the NSIS uninstaller, the setup program and the
# MSI are signed with osslsigncode. Without, the output says that the files are NOT SIGNED.
#
# The winget manifests point at OCES_DOWNLOAD_URL/<file> (default: a placeholder that the
# output names); their hashes are those of the installers just built.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
WIN=x86_64-pc-windows-gnu
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
usage="usage: scripts/package-windows.sh [--debug] [--out DIR] [--no-setup] [--version V] [--msi-only] [--timestamp-url URL]"
profile=release setup=1 out="$TARGET_DIR/windows" version="" nsis=1
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --out) out="${2:?$usage}"; shift ;;
    --no-setup) setup=0 ;;
    --version) version="${2:?$usage}"; shift ;;
    --msi-only) nsis=0 ;;
    --timestamp-url) export OCES_SIGN_TIMESTAMP_URL="${2:?$usage}"; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ "$setup" = 1 ] && [ "$profile" = release ]; then
  setup_all
  setup_windows
  build_ui
fi
[ -n "$version" ] || version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
# Windows Installer versions are three numbers below 256.256.65536.
[[ "$version" =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,5})$ ]] && [ "${BASH_REMATCH[1]}" -le 255 ] \
  && [ "${BASH_REMATCH[2]}" -le 255 ] && [ "${BASH_REMATCH[3]}" -le 65535 ] \
  || { echo "error: version '$version' is not major.minor.patch (at most 255.255.65535)" >&2; exit 2; }

bin="$TARGET_DIR/$WIN/$profile"
if [ "$profile" = release ]; then
  say "building oces-wizard for Windows (release)"
  # The features `tauri build` turns on for a shipped app: assets served from the binary.
  cargo build --release --locked --target "$WIN" -p oces-wizard
  cargo build --release --locked --target "$WIN" -p oces-wizard-window --features tauri/custom-protocol
fi

sign="$ROOT/scripts/sign-windows.sh"
signing=0
"$sign" --configured && signing=1
[ "$signing" = 0 ] || command -v osslsigncode >/dev/null 2>&1 \
  || { echo "error: signing needs osslsigncode (scripts/setup.sh setup_windows installs it)" >&2; exit 1; }

private_tmpdir
stage="$TMPDIR/stage"
mkdir -p "$stage"
for f in oces-wizard.exe oces-wizard-window.exe WebView2Loader.dll; do
  [ -f "$bin/$f" ] || { echo "error: $bin/$f is missing: build for $WIN first" >&2; exit 1; }
  cp "$bin/$f" "$stage/"
done
# The debug build keeps line tables for backtraces; the installers do not need them.
[ "$profile" = debug ] && x86_64-w64-mingw32-strip --strip-debug "$stage"/*.exe
if [ "$signing" = 1 ]; then
  say "signing the programs ($("$sign" --describe))"
  "$sign" "$stage/oces-wizard.exe" "$stage/oces-wizard-window.exe"
  # WebView2Loader.dll comes signed by Microsoft (webview2-com-sys); only an unsigned copy is
  # signed here, so Microsoft's signature is never replaced.
  if osslsigncode extract-signature -in "$stage/WebView2Loader.dll" -out "$TMPDIR/loader.sig" >/dev/null 2>&1; then
    echo "WebView2Loader.dll: keeps its own signature"
  else
    "$sign" "$stage/WebView2Loader.dll"
  fi
fi

mkdir -p "$out"
setup_exe="$out/OCES-guiden-$version-setup.exe"
msi="$out/OCES-guiden-$version-x64.msi"
report() {
  local size
  size=$(stat -c %s "$2")
  awk -v w="$1" -v f="$2" -v s="$size" -v p="$profile" \
    'BEGIN { printf "%s: %s (%d bytes, %.1f MiB, %s; target at most 8 MB)\n", w, f, s, s / 1048576, p }'
}

if [ "$nsis" = 1 ]; then
  rm -f "$setup_exe"
  say "building the Windows setup program (NSIS, per user, $profile)"
  nsis_sign=()
  # The uninstaller is written by makensis inside the setup program; !uninstfinalize hands it
  # to the signing script before it is packed (NSIS 3.08).
  [ "$signing" = 1 ] && nsis_sign=(-X"!uninstfinalize '\"$sign\" \"%1\"' = 0")
  makensis -V2 -INPUTCHARSET UTF8 "${nsis_sign[@]}" \
    -DVERSION="$version" -DBINDIR="$stage" -DICON="$ROOT/icons/icon.ico" -DOUTFILE="$setup_exe" \
    installer/windows/oces-wizard.nsi
  [ "$signing" = 1 ] && "$sign" "$setup_exe"
fi

say "building the Windows Installer package (MSI, per machine, $profile)"
# Every version has its own ProductCode, the same on every build of that version: a name-based
# UUID (SHA-1, RFC 4122 version 5) of the version under this project's namespace. The
# UpgradeCode in the .wxs never changes.
product_code="$(python3 -c 'import sys, uuid; print(str(uuid.uuid5(uuid.UUID("84F5AE6C-F629-48AD-8B81-529815F892BF"), "OCES-guiden " + sys.argv[1] + " x64")).upper())' "$version")"
cp "$ROOT/icons/icon.ico" "$stage/icon.ico"
rm -f "$msi"
# wixl resolves the files relative to the folder it runs in.
(cd "$stage" && wixl -a x64 -D Version="$version" -D ProductCode="$product_code" -D BinDir=. \
  -D Icon=icon.ico -o "$TMPDIR/package.msi" "$ROOT/installer/windows/oces-wizard.wxs" 2>&1 \
  | { grep -v -e '^$' -e 'GLib-GObject-WARNING' || true; })
[ -f "$TMPDIR/package.msi" ] || { echo "error: wixl did not write the MSI" >&2; exit 1; }
# The command line on the system PATH: wixl 0.101 has no <Environment>, so the standard
# Environment table and its two standard actions are added with msibuild (msitools). "=-*PATH"
# with "[~];..." appends the program folder to the machine's PATH on install and takes exactly
# that part out again on uninstall. No custom action.
printf 'Environment\tName\tValue\tComponent_\ns72\tl255\tL255\ts72\nEnvironment\tEnvironment\nPathEntry\t=-*PATH\t[~];[INSTALLDIR]\tCommandLine\n' \
  >"$TMPDIR/Environment.idt"
msibuild "$TMPDIR/package.msi" -i "$TMPDIR/Environment.idt" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', 3300)" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', 5200)"
[ "$signing" = 1 ] && "$sign" "$TMPDIR/package.msi"
mv "$TMPDIR/package.msi" "$msi"

say "winget manifests"
winget="$out/winget/$version"
rm -rf "$winget"
mkdir -p "$winget"
url="${OCES_DOWNLOAD_URL:-https://downloads.example.invalid/oces-guiden/$version}"
setup_sha="" setup_name="OCES-guiden-$version-setup.exe"
[ -f "$setup_exe" ] && setup_sha="$(sha256sum "$setup_exe" | cut -d' ' -f1 | tr a-f A-F)"
msi_sha="$(sha256sum "$msi" | cut -d' ' -f1 | tr a-f A-F)"
for t in "$ROOT"/installer/winget/*.yaml; do
  name="$(basename "$t")"
  # The installer manifest lists both installers; with --msi-only it is not written.
  [ -z "$setup_sha" ] && [[ "$name" == *installer* ]] && continue
  sed -e "s|@VERSION@|$version|g" -e "s|@URL@|${url%/}|g" -e "s|@SETUP_FILE@|$setup_name|g" \
    -e "s|@SETUP_SHA256@|$setup_sha|g" -e "s|@MSI_FILE@|$(basename "$msi")|g" \
    -e "s|@MSI_SHA256@|$msi_sha|g" -e "s|@PRODUCT_CODE@|{$product_code}|g" "$t" >"$winget/$name"
done
echo "winget: $winget ($(ls "$winget" | wc -l) files)"
[ -n "${OCES_DOWNLOAD_URL:-}" ] || echo "note: the manifests' InstallerUrl is a placeholder: set OCES_DOWNLOAD_URL to where the installers are published"

[ "$nsis" = 1 ] && report "setup program" "$setup_exe"
report "MSI" "$msi"
echo "MSI ProductCode {$product_code}, UpgradeCode {45FD68F4-119C-463D-973D-CD7B7A47DF78}"
echo "signing: $("$sign" --describe)"
