#!/usr/bin/env bash
# Fuzzes the certificate readers (PKCS#12, PEM, DER, the DKMA CUG page), the support-code
# decoder and the guide-link/guide-code reader with cargo-fuzz (libFuzzer, nightly Rust), each target for a set time, and prints
# the figures. Not part of the test command: it takes a while.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (default 600)] [TARGET ...]
# A crash leaves its input in fuzz/artifacts/<target>/: make it a regression test in
# src-tauri/core/tests/bad_inputs.rs.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pkcs12 pkcs12_work pkcs12_password pem der cug_html support_code guide_link)

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  say "installing nightly Rust (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

# Seeds from fixtures made here with openssl, plus the real test certificates when present.
seeds="$ROOT/fuzz/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"/{pkcs12,pkcs12_work,pkcs12_password,pem,der,cug_html,support_code,guide_link}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -utf8 \
    -subj "/CN=Fuzz Æ/serialNumber=UI:DK-O:G:175a859d-ed76-45af-828f-3a69691a7157/O=Test/C=DK" \
    -keyout k.pem -out c.pem -days 30 2>/dev/null
  openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12/modern.p12"
  openssl pkcs12 -export -legacy -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12/legacy.p12"
  openssl pkcs12 -export -nomac -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12/nomac.p12"
  # One iteration everywhere: the fuzzer then mutates the counts of files that open quickly.
  openssl pkcs12 -export -iter 1 -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12_work/modern-1.p12"
  openssl pkcs12 -export -legacy -iter 1 -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12_work/legacy-1.p12"
  openssl pkcs12 -export -iter 1 -nomac -inkey k.pem -in c.pem -passout pass:fuzz -out "$seeds/pkcs12_work/nomac-1.p12"
  # The password target: a length byte, the password line, the file.
  for f in "$seeds"/pkcs12_work/*.p12; do
    { printf '\005fuzz\n'; cat "$f"; } > "$seeds/pkcs12_password/$(basename "$f")"
  done
  openssl pkcs12 -export -legacy -iter 1 -inkey k.pem -in c.pem -passout pass: -out "$work/empty.p12"
  { printf '\000'; cat "$work/empty.p12"; } > "$seeds/pkcs12_password/empty-password.p12"
  sed '1d' c.pem > "$seeds/pem/cert-body.txt"
  cat c.pem k.pem | sed '1d' > "$seeds/pem/cert-and-key.txt"
  openssl x509 -in c.pem -outform DER -out "$seeds/der/cert.der"
  b64="$(base64 -w0 "$seeds/pkcs12/legacy.p12")"
  printf '<form><input type="hidden" name="cert" value="%s"></form></body></html>' "$b64" \
    > "$seeds/cug_html/page.html"
)
for f in "$ROOT"/../shared/real-certs/*; do
  [ -f "$f" ] || continue
  case "$f" in
    *.p12|*.pfx) cp "$f" "$seeds/pkcs12/" ;;
    *.cer|*.der|*.crt) cp "$f" "$seeds/der/" ;;
    *.pem) sed '1d' "$f" > "$seeds/pem/$(basename "$f")" ;;
  esac
done
printf 'K222-2222-2V' > "$seeds/support_code/code1"
printf 'k222 2222 2v' > "$seeds/support_code/code2"
printf 'oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678' > "$seeds/guide_link/dms"
printf 'oces-wizard://v1/go?flow=stil&step=STIL-6&env=production&ws=a%%40b&lang=en' > "$seeds/guide_link/stil"
printf 'oces-wizard://v1/go?flow=cug&step=CUG-8&role=security_admin&cvr=31175143' > "$seeds/guide_link/cug"

say "fuzzing ${targets[*]} for ${secs} s each"
cd fuzz
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log="$(mktemp)"
  status=0
  cargo +nightly fuzz run "$t" "corpus/$t" "$seeds/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  speed="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  files="$(ls "corpus/$t" | wc -l)"
  if [ "$status" -eq 0 ]; then
    echo "fuzz $t: ${secs} s, ${runs:-?} runs (${speed:-?}/s), corpus ${files} inputs, no crash"
  else
    echo "fuzz $t: FAILED after ${runs:-?} runs; see fuzz/artifacts/$t/" >&2
    tail -30 "$log" >&2
  fi
  rm -f "$log"
done
