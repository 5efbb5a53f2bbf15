#!/usr/bin/env bash
# Benchmark: `oces-wizard inspect` (the whole process) against openssl on the same files,
# as a ratio (target: at most 0.5), plus in-process open+inspect times.
# Files: a legacy PKCS#12 (3DES/RC2-40, SHA-1), a modern one (AES-256, SHA-256) and a PEM,
# all made here by openssl. Usage: ./scripts/bench-inspect.sh [rounds]   (default 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-30}"
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

now_ns() { date +%s%N; }
mean_ms() { # stdin-file command… ; runs it ROUNDS times, prints mean ms
  local t0 t1 input="$1"
  shift
  t0=$(now_ns)
  for _ in $(seq "$ROUNDS"); do "$@" >/dev/null 2>&1 <"$input" || { echo "failed: $*" >&2; exit 1; }; done
  t1=$(now_ns)
  awk -v a="$t0" -v b="$t1" -v n="$ROUNDS" 'BEGIN { printf "%.2f", (b - a) / n / 1e6 }'
}

printf '%-34s %10s %10s %8s\n' "file" "inspect" "openssl" "ratio"
row() { # label, ours, theirs
  awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%-34s %8s ms %8s ms %8.2f\n", l, a, b, a / b }'
}
printf 'bench\n' >"$work/pw"
a=$(mean_ms "$work/pw" "$BIN" inspect "$work/legacy.p12" --password-stdin --json)
b=$(mean_ms /dev/null openssl pkcs12 -legacy -info -noout -in "$work/legacy.p12" -passin pass:bench)
row "legacy.p12 (3DES/RC2-40, SHA-1)" "$a" "$b"
a=$(mean_ms "$work/pw" "$BIN" inspect "$work/modern.p12" --password-stdin --json)
b=$(mean_ms /dev/null openssl pkcs12 -info -noout -in "$work/modern.p12" -passin pass:bench)
row "modern.p12 (AES-256, SHA-256)" "$a" "$b"
a=$(mean_ms /dev/null "$BIN" inspect "$work/c.pem" --json)
b=$(mean_ms /dev/null openssl x509 -text -noout -in "$work/c.pem")
row "certificate.pem" "$a" "$b"
echo "(ratio = inspect / openssl, whole process each, same loop; target at most 0.50)"
echo
cargo run --release -q -p oces-core --example bench_open -- bench "$work/legacy.p12" "$work/modern.p12" "$work/c.pem"
