#!/usr/bin/env bash
# Signs Windows files (executables, DLLs, installers, MSI packages) in place with Authenticode,
# using osslsigncode (Debian). package-windows.sh calls it for every file it ships; makensis
# calls it for the NSIS uninstaller while it builds the setup program.
#
# The code-signing certificate comes from the environment, never from the command line:
#   OCES_SIGN_PFX=FILE            a PKCS#12 file with the certificate, its chain and the key
#   OCES_SIGN_PASSWORD=...        its password (or, with PKCS#11, the token's PIN); handed to
#                                 osslsigncode through a pipe, never as an argument
# or a key in a hardware token or HSM:
#   OCES_SIGN_PKCS11_MODULE=FILE  the token's PKCS#11 module (e.g. a vendor's .so, opensc-pkcs11.so)
#   OCES_SIGN_PKCS11_KEY=URI      the key, as a pkcs11: URI (e.g. pkcs11:token=sign;object=code)
#   OCES_SIGN_CERT=FILE           the certificate and its chain (PEM), when they are not on the token
#   OCES_SIGN_PKCS11_CERT=URI     or the certificate on the token, as a pkcs11: URI
#   OCES_SIGN_PKCS11_ENGINE=FILE  the OpenSSL engine (default: libengine-pkcs11-openssl's "pkcs11")
# and optionally:
#   OCES_SIGN_TIMESTAMP_URL=URL   an RFC 3161 time-stamping server; the signature then stays valid
#                                 after the certificate expires
#
# Usage: scripts/sign-windows.sh FILE...     signs each FILE in place (written beside, then renamed)
#        scripts/sign-windows.sh --configured  exit 0 when a certificate is configured, 1 when not
#        scripts/sign-windows.sh --describe    one line: what signs (no secret), or "not signed"
set -euo pipefail

configured() {
  [ -n "${OCES_SIGN_PFX:-}" ] || [ -n "${OCES_SIGN_PKCS11_MODULE:-}" ]
}

describe() {
  local ts=""
  [ -n "${OCES_SIGN_TIMESTAMP_URL:-}" ] && ts=", time-stamped by ${OCES_SIGN_TIMESTAMP_URL}"
  if [ -n "${OCES_SIGN_PFX:-}" ]; then
    echo "signed with the certificate in ${OCES_SIGN_PFX}${ts}"
  elif [ -n "${OCES_SIGN_PKCS11_MODULE:-}" ]; then
    echo "signed with the key ${OCES_SIGN_PKCS11_KEY:-?} of the PKCS#11 module ${OCES_SIGN_PKCS11_MODULE}${ts}"
  else
    echo "NOT SIGNED: no code-signing certificate (OCES_SIGN_PFX or OCES_SIGN_PKCS11_MODULE); Windows SmartScreen will warn users who download these files"
  fi
}

case "${1:-}" in
  --configured) configured; exit ;;
  --describe) describe; exit 0 ;;
  ""|-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac

configured || { echo "error: sign-windows.sh: no code-signing certificate: set OCES_SIGN_PFX or OCES_SIGN_PKCS11_MODULE" >&2; exit 1; }
command -v osslsigncode >/dev/null 2>&1 || { echo "error: sign-windows.sh: osslsigncode is not installed (scripts/setup.sh setup_windows installs it)" >&2; exit 1; }

args=(-h sha256 -n "OCES-guiden")
if [ -n "${OCES_SIGN_PFX:-}" ]; then
  [ -f "$OCES_SIGN_PFX" ] || { echo "error: sign-windows.sh: OCES_SIGN_PFX: no file $OCES_SIGN_PFX" >&2; exit 1; }
  args+=(-pkcs12 "$OCES_SIGN_PFX")
else
  [ -n "${OCES_SIGN_PKCS11_KEY:-}" ] || { echo "error: sign-windows.sh: OCES_SIGN_PKCS11_KEY (a pkcs11: URI of the key) is not set" >&2; exit 1; }
  [ -n "${OCES_SIGN_PKCS11_ENGINE:-}" ] && args+=(-pkcs11engine "$OCES_SIGN_PKCS11_ENGINE")
  args+=(-pkcs11module "$OCES_SIGN_PKCS11_MODULE")
  if [ -n "${OCES_SIGN_CERT:-}" ]; then
    args+=(-certs "$OCES_SIGN_CERT")
  elif [ -n "${OCES_SIGN_PKCS11_CERT:-}" ]; then
    args+=(-pkcs11cert "$OCES_SIGN_PKCS11_CERT")
  else
    echo "error: sign-windows.sh: set OCES_SIGN_CERT (PEM file) or OCES_SIGN_PKCS11_CERT (pkcs11: URI)" >&2
    exit 1
  fi
  args+=(-key "$OCES_SIGN_PKCS11_KEY")
fi
[ -n "${OCES_SIGN_TIMESTAMP_URL:-}" ] && args+=(-ts "$OCES_SIGN_TIMESTAMP_URL")

for f in "$@"; do
  [ -f "$f" ] || { echo "error: sign-windows.sh: no file $f" >&2; exit 1; }
  tmp="$(dirname "$f")/.signing.$$.$(basename "$f")"
  rm -f "$tmp"
  log="$(mktemp)"
  # The password goes through a pipe (a file name like /dev/fd/63), so it is in no process's
  # arguments and in no file. Empty when unset: a PKCS#12 file without a password.
  if osslsigncode sign "${args[@]}" -readpass <(printf '%s' "${OCES_SIGN_PASSWORD:-}") \
    -in "$f" -out "$tmp" >"$log" 2>&1; then
    mv -f "$tmp" "$f"
    rm -f "$log"
    echo "signed: $(basename "$f")"
  else
    rm -f "$tmp"
    # osslsigncode's own messages name files and OpenSSL errors, never the password.
    echo "error: sign-windows.sh: osslsigncode could not sign $f:" >&2
    sed 's/^/  /' "$log" >&2
    rm -f "$log"
    exit 1
  fi
done
