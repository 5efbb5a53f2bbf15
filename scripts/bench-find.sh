#!/usr/bin/env bash
# Benchmark: finding certificate files among 10,000 files in a Downloads folder, against
# `find` over the same folders, as a ratio (target: at most 0.75). Whole processes both, each
# figure the median of [rounds] runs started by scripts/bench_median.py.
# Usage: ./scripts/bench-find.sh [rounds]   (default 21)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-21}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${BIN:-$TARGET/release/oces-wizard}"
echo "building the release command line …"
cargo build --release -p oces-wizard-cli --quiet
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
dl="$home/Downloads"
mkdir -p "$dl/invoices" "$home/Desktop" "$home/Documents" "$home/.oces"
(
  cd "$home"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench.example.test" \
    -keyout k.pem -out c.pem -days 30 2>/dev/null
  openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:x -out c.p12
  openssl x509 -in c.pem -outform DER -out c.der
)
# 10,000 files: what a Downloads folder holds (documents, images, archives), some text and
# web pages without certificates, and 12 certificate files, some with lying names.
exts=(pdf jpg png docx xlsx zip mp4 csv)
for i in $(seq 1 9800); do
  printf 'file %d with some content\n' "$i" >"$dl/download-$i.${exts[$((i % 8))]}"
done
for i in $(seq 1 100); do printf 'notes %d\n' "$i" >"$dl/notes-$i.txt"; done
for i in $(seq 1 88); do printf '<html><body>page %d</body></html>\n' "$i" >"$dl/invoices/page-$i.html"; done
for i in 1 2 3 4; do cp "$home/c.p12" "$dl/cert-$i.p12"; cp "$home/c.pem" "$dl/cert-$i.pem"; cp "$home/c.der" "$dl/renamed-$i.htm"; done
count=$(find "$dl" -type f | wc -l)
found=$(OCES_WIZARD_HOME="$home" "$BIN" find --json | grep -c '"path"')
echo "files in Downloads: $count; certificate files found: $found (expected 12)"
[ "$found" -eq 12 ] || { echo "error: expected 12 certificate files" >&2; exit 1; }

median_ms() { python3 "$ROOT/scripts/bench_median.py" "$ROUNDS" /dev/null "$@"; }
ours=$(OCES_WIZARD_HOME="$home" median_ms "$BIN" find --json)
theirs=$(median_ms find "$dl" "$home/Desktop" "$home/Documents" "$home/.oces" -type f)
awk -v a="$ours" -v b="$theirs" 'BEGIN { r = a / b; printf "oces-wizard find %8.2f ms   find -type f %8.2f ms   ratio %.2f  %s (target at most 0.75)\n", a, b, r, (r <= 0.75 ? "ok" : "OVER") }'
