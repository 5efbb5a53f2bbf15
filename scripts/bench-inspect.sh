#!/usr/bin/env bash
# Benchmark: `oces-wizard inspect` (the whole process) against openssl on the same files,
# as a ratio (target: at most 0.25 for the PKCS#12 files), plus in-process open+inspect times.
# Files: a legacy PKCS#12 (3DES/RC2-40, SHA-1), a modern one (AES-256, SHA-256) and a PEM,
# all made here by openssl. Each figure is the median of [rounds] whole processes started by
# scripts/bench_median.py (not a shell loop, whose own fork costs more than our process).
# Usage: ./scripts/bench-inspect.sh [rounds]   (default 41)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-41}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${BIN:-$TARGET/release/oces-wizard}"
echo "building the release command line …"
cargo build --release -p oces-wizard-cli --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  openssl req -x509 -newkey rsa:3072 -nodes -subj "/CN=bench.example.test/O=Bench ApS/C=DK" \
    -keyout k.pem -out c.pem -days 365 2>/dev/null
  openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:bench -out modern.p12
  openssl pkcs12 -export -legacy -inkey k.pem -in c.pem -passout pass:bench -out legacy.p12
)

median_ms() { # stdin-file command… ; prints the median ms of ROUNDS runs
  python3 "$ROOT/scripts/bench_median.py" "$ROUNDS" "$@"
}

printf '%-34s %10s %10s %8s\n' "file" "inspect" "openssl" "ratio"
row() { # label, ours, theirs
  awk -v l="$1" -v a="$2" -v b="$3" -v t="${4:-}" 'BEGIN { r = a / b; printf "%-34s %8s ms %8s ms %8.2f  %s\n", l, a, b, r, (t == "" ? "" : (r <= t ? "ok (target " t ")" : "OVER target " t)) }'
}
printf 'bench\n' >"$work/pw"
a=$(median_ms "$work/pw" "$BIN" inspect "$work/legacy.p12" --password-stdin --json)
b=$(median_ms /dev/null openssl pkcs12 -legacy -info -noout -in "$work/legacy.p12" -passin pass:bench)
row "legacy.p12 (3DES/RC2-40, SHA-1)" "$a" "$b" 0.25
a=$(median_ms "$work/pw" "$BIN" inspect "$work/modern.p12" --password-stdin --json)
b=$(median_ms /dev/null openssl pkcs12 -info -noout -in "$work/modern.p12" -passin pass:bench)
row "modern.p12 (AES-256, SHA-256)" "$a" "$b" 0.25
a=$(median_ms /dev/null "$BIN" inspect "$work/c.pem" --json)
b=$(median_ms /dev/null openssl x509 -text -noout -in "$work/c.pem")
row "certificate.pem" "$a" "$b"
echo "(ratio = inspect / openssl, medians of $ROUNDS whole processes each; target at most 0.25 for PKCS#12)"
echo
cargo run --release -q -p oces-core --example bench_open -- bench "$work/legacy.p12" "$work/modern.p12" "$work/c.pem"
