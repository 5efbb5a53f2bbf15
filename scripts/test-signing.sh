#!/usr/bin/env bash
# Signing, tested so that the wiring cannot rot. Makes a throw-away certificate authority, a
# code-signing certificate in a password-protected PKCS#12 file and a time-stamping authority
# (a local RFC 3161 server, tests/windows/tsa-server.py), then runs package-windows.sh with
# OCES_SIGN_PFX, OCES_SIGN_PASSWORD and --timestamp-url, and checks with `osslsigncode verify`
# that every artefact carries a valid, time-stamped signature of that certificate:
# the setup program, the MSI, the two programs inside the MSI (msiextract) and the NSIS
# uninstaller (installed from the signed setup program under Wine, which also shows that the
# signed setup program still installs), and a program signed through PKCS#11 with the key in a
# throw-away SoftHSM token. The same files checked against another CA must fail, and the
# password and PIN must appear nowhere in the output.
# Usage: scripts/test-signing.sh      (test-windows.sh calls it; the debug build must exist)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
fail() { echo "error: signing test: $*" >&2; exit 1; }
private_tmpdir
keys="$TMPDIR/keys"
mkdir -p "$keys"
cd "$keys"

# ca NAME CN: a self-signed CA. leaf NAME CN EKU: a certificate of the first CA.
ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 2 -subj "/CN=$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
leaf() {
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/O=oces-wizard test/CN=$2" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out "$1.pem" -extfile "$1.ext" 2>/dev/null
}
ca ca "OCES-guiden throw-away signing CA"
ca other-ca "Some other CA"
leaf sign "OCES-guiden throw-away code signing" codeSigning
leaf tsa "OCES-guiden throw-away time stamps" critical,timeStamping
password="Sign-Sentinel-$(openssl rand -hex 8)-Æø"
export OCES_SIGN_PASSWORD="$password"
openssl pkcs12 -export -inkey sign.key -in sign.pem -certfile ca.pem -out sign.pfx -passout env:OCES_SIGN_PASSWORD
rm -f sign.key
echo "made a throw-away CA, a code-signing certificate (PKCS#12 with a password) and a TSA"

# The time-stamping server.
cat >tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = $keys
serial = \$dir/tsa.serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
echo 01 >tsa.serial
python3 "$ROOT/tests/windows/tsa-server.py" "$keys/tsa.cnf" "$keys" >tsa.port 2>tsa.err &
tsa_pid=$!
on_exit "kill $tsa_pid 2>/dev/null || true"
for _ in $(seq 100); do [ -s tsa.port ] && break; sleep 0.1; done
[ -s tsa.port ] || fail "the local time-stamping server did not start: $(cat tsa.err)"
tsa_url="http://127.0.0.1:$(cat tsa.port)/"
cd "$ROOT"

say "signing: package-windows.sh with the throw-away certificate, time-stamped by $tsa_url"
out="$TMPDIR/signed"
export OCES_SIGN_PFX="$keys/sign.pfx"
unset OCES_SIGN_PKCS11_MODULE OCES_SIGN_TIMESTAMP_URL
log="$TMPDIR/package.log"
set +e
"$ROOT/scripts/package-windows.sh" --debug --out "$out" --timestamp-url "$tsa_url" >"$log" 2>&1
rc=$?
set -e
grep -v -e '^$' "$log" | grep -e '^signed' -e '^signing' -e '^WebView2Loader' -e 'error' || true
[ "$rc" = 0 ] || { cat "$log" >&2; fail "package-windows.sh with a certificate failed (exit $rc)"; }
grep -q '^signing: signed with the certificate in' "$log" || fail "the signed build does not say it is signed"
if grep -rqF "$password" "$log" "$out"; then fail "the certificate's password appears in the output"; fi
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

# verify FILE: a valid signature of our certificate, with a valid time stamp.
checked=0
verify() {
  local f="$1" v="$TMPDIR/verify.log"
  osslsigncode verify -in "$f" -CAfile "$keys/ca.pem" -TSA-CAfile "$keys/ca.pem" >"$v" 2>&1 \
    || { cat "$v" >&2; fail "osslsigncode verify failed for $(basename "$f")"; }
  grep -q 'OCES-guiden throw-away code signing' "$v" || { cat "$v" >&2; fail "$(basename "$f") is not signed by the throw-away certificate"; }
  # The time stamp's signature, checked against the same CA, which issued the TSA's certificate
  # (osslsigncode 2.5, Debian 12's, and 2.9 both print this line).
  grep -q 'Timestamp Server Signature verification: ok' "$v" || { cat "$v" >&2; fail "$(basename "$f") has no valid time stamp of the throw-away TSA"; }
  # The same file checked against another CA must fail: the check above can fail.
  if osslsigncode verify -in "$f" -CAfile "$keys/other-ca.pem" -TSA-CAfile "$keys/other-ca.pem" >/dev/null 2>&1; then
    fail "$(basename "$f") verifies against an unrelated CA too"
  fi
  checked=$((checked + 1))
  echo "verified: $(basename "$f") (signed, time-stamped)"
}
verify "$out/OCES-guiden-$version-setup.exe"
verify "$out/OCES-guiden-$version-x64.msi"
msiextract -C "$TMPDIR/msi" "$out/OCES-guiden-$version-x64.msi" >/dev/null
for f in oces-wizard.exe oces-wizard-window.exe; do
  verify "$(find "$TMPDIR/msi" -name "$f" | head -1)"
done

say "signing: the signed setup program installs under Wine; its uninstaller is signed"
wine_prefix_new
timeout 300 wine "$out/OCES-guiden-$version-setup.exe" /S
timeout 120 wineserver -w
inst="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/Programs/OCES-guiden"
[ -f "$inst/uninstall.exe" ] || fail "the signed setup program did not install (no uninstall.exe in $inst)"
verify "$inst/uninstall.exe"
verify "$inst/oces-wizard.exe"

say "signing: a key in a PKCS#11 token (SoftHSM) instead of a file"
# The same certificate's key, imported into a throw-away SoftHSM token; sign-windows.sh signs
# with it through the token's PKCS#11 module and the PIN from OCES_SIGN_PASSWORD.
hsm="$TMPDIR/softhsm"
mkdir -p "$hsm/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$hsm" >"$hsm/softhsm2.conf"
export SOFTHSM2_CONF="$hsm/softhsm2.conf"
pin="$(openssl rand -hex 6)"
softhsm2-util --init-token --free --label oces-sign --pin "$pin" --so-pin "$(openssl rand -hex 6)" >/dev/null
openssl pkcs12 -in "$keys/sign.pfx" -nocerts -nodes -passin env:OCES_SIGN_PASSWORD 2>/dev/null \
  | openssl pkcs8 -topk8 -nocrypt -out "$hsm/key.p8"
softhsm2-util --import "$hsm/key.p8" --token oces-sign --label codesign --id 01 --pin "$pin" >/dev/null
rm -f "$hsm/key.p8"
module="$(find /usr/lib -name libsofthsm2.so -path '*softhsm*' | head -1)"
[ -n "$module" ] || fail "no libsofthsm2.so (package softhsm2)"
target="${CARGO_TARGET_DIR:-$ROOT/target}/x86_64-pc-windows-gnu/debug"
cp "$target/oces-wizard.exe" "$TMPDIR/p11-oces-wizard.exe"
env -u OCES_SIGN_PFX OCES_SIGN_PKCS11_MODULE="$module" OCES_SIGN_PKCS11_KEY="pkcs11:token=oces-sign;object=codesign" \
  OCES_SIGN_CERT="$keys/sign.pem" OCES_SIGN_PASSWORD="$pin" OCES_SIGN_TIMESTAMP_URL="$tsa_url" \
  "$ROOT/scripts/sign-windows.sh" "$TMPDIR/p11-oces-wizard.exe" >"$TMPDIR/p11.log" 2>&1 \
  || { cat "$TMPDIR/p11.log" >&2; fail "signing with the PKCS#11 token failed"; }
if grep -qF "$pin" "$TMPDIR/p11.log"; then fail "the token's PIN appears in the output"; fi
verify "$TMPDIR/p11-oces-wizard.exe"

[ "$checked" = 7 ] || fail "$checked artefacts checked, expected 7"
echo "signing: all $checked artefacts signed and time-stamped with the throw-away certificate (6 from a PKCS#12 file, 1 through PKCS#11); no password or PIN in the output"
