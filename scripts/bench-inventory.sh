#!/usr/bin/env bash
# Benchmark: `oces-wizard inventory` over 500 different certificates in a fake home folder
# (400 PEM files and 100 PKCS#12 files with their certificates in the clear, as MitID Erhverv
# hands them out, spread over Downloads, a sub-folder of it, Desktop, Documents and .oces, some
# expired, some expiring). Prints the time of one run per format (target: at most 2 s each).
# Usage: ./scripts/bench-inventory.sh [count]   (default 500)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-500}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -z "${SKIP_BUILD:-}" ] && [ -z "${BIN:-}" ]; then
  echo "building the release command line (as shipped: scripts/build-cli.sh) …"
  BIN=$("$ROOT/scripts/build-cli.sh" --quiet)
fi
BIN="${BIN:-$TARGET/x86_64-unknown-linux-musl/release/oces-wizard}"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
dirs=("Downloads" "Downloads/certifikater" "Desktop" "Documents" ".oces")
for d in "${dirs[@]}"; do mkdir -p "$home/$d"; done
work="$home/.work"
mkdir -p "$work"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/k.pem" 2>/dev/null
echo "making $COUNT certificates …"
for i in $(seq 1 "$COUNT"); do
  d="${dirs[$((i % ${#dirs[@]}))]}"
  days=$(((i % 50) * 20 - 30)) # from 30 days ago to 950 days ahead
  if [ "$days" -le 0 ]; then days=1; fi
  openssl req -x509 -key "$work/k.pem" -subj "/CN=Medarbejder $i/O=Bench Firma $i ApS/C=DK" \
    -days "$days" -out "$work/c.pem" 2>/dev/null
  if [ $((i % 5)) -eq 0 ]; then
    openssl pkcs12 -export -inkey "$work/k.pem" -in "$work/c.pem" -certpbe NONE \
      -passout pass:bench -out "$home/$d/cert-$i.p12"
  else
    cp "$work/c.pem" "$home/$d/cert-$i.pem"
  fi
done
rm -rf "$work"
found=$(OCES_WIZARD_HOME="$home" "$BIN" inventory --format json | grep -c '"fingerprint"')
echo "certificates in the inventory: $found (expected $COUNT)"
[ "$found" -eq "$COUNT" ] || { echo "error: expected $COUNT certificates" >&2; exit 1; }
for format in json csv prom; do
  t0=$(date +%s%N)
  OCES_WIZARD_HOME="$home" "$BIN" inventory --format "$format" >/dev/null
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v f="$format" -v n="$COUNT" \
    'BEGIN { printf "oces-wizard inventory --format %-4s %d certificates: %7.0f ms (target at most 2000 ms)\n", f, n, (b - a) / 1e6 }'
done
