#!/usr/bin/env bash
# Benchmark: `oces-wizard inspect` (the whole process) against openssl on the same files,
# as a ratio of wall times and of CPU times (target: at most 0.22 for the PKCS#12 files, a clear
# margin under issue 31's 0.25), plus in-process open+inspect times.
# Files: a legacy PKCS#12 (3DES/RC2-40, SHA-1), a modern one (AES-256, SHA-256) and a PEM,
# all made here by openssl. Each figure is the median of [rounds] whole processes started by
# scripts/bench_median.py (not a shell loop, whose own fork costs more than our process).
# Usage: ./scripts/bench-inspect.sh [rounds]   (default 41)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-41}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
echo "building the release command line (as shipped: scripts/build-cli.sh) …"
BIN="${BIN:-$("$ROOT/scripts/build-cli.sh" --quiet)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  openssl req -x509 -newkey rsa:3072 -nodes -subj "/CN=bench.example.test/O=Bench ApS/C=DK" \
    -keyout k.pem -out c.pem -days 365 2>/dev/null
  openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:bench -out modern.p12
  openssl pkcs12 -export -legacy -inkey k.pem -in c.pem -passout pass:bench -out legacy.p12
)

median_ms() { # stdin-file command… ; prints "wall cpu", the medians in ms of ROUNDS runs
  python3 "$ROOT/scripts/bench_median.py" --cpu "$ROUNDS" "$@"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before the runs)"
echo "the binary: $(if readelf -d "$BIN" | grep -q NEEDED; then echo "dynamically linked ($(readelf -d "$BIN" | grep -o 'lib[^]]*' | xargs))"; else echo "static (no dynamic loader)"; fi)"
printf '%-34s %17s %17s %12s %12s\n' "file" "inspect wall/cpu" "openssl wall/cpu" "wall ratio" "cpu ratio"
row() { # label, "ours wall cpu", "theirs wall cpu", target
  awk -v l="$1" -v a="$2" -v b="$3" -v t="${4:-}" 'BEGIN {
    split(a, x, " "); split(b, y, " "); r = x[1] / y[1]; c = x[2] / y[2]
    printf "%-34s %7.2f/%5.2f ms %7.2f/%5.2f ms %12.2f %12.2f  %s\n", l, x[1], x[2], y[1], y[2], r, c,
      (t == "" ? "" : ("wall " (r <= t ? "ok" : "OVER") ", cpu " (c <= t ? "ok" : "OVER") " (target " t ")"))
  }'
}
printf 'bench\n' >"$work/pw"
a=$(median_ms "$work/pw" "$BIN" inspect "$work/legacy.p12" --password-stdin --json)
b=$(median_ms /dev/null openssl pkcs12 -legacy -info -noout -in "$work/legacy.p12" -passin pass:bench)
row "legacy.p12 (3DES/RC2-40, SHA-1)" "$a" "$b" 0.22
a=$(median_ms "$work/pw" "$BIN" inspect "$work/modern.p12" --password-stdin --json)
b=$(median_ms /dev/null openssl pkcs12 -info -noout -in "$work/modern.p12" -passin pass:bench)
row "modern.p12 (AES-256, SHA-256)" "$a" "$b" 0.22
a=$(median_ms /dev/null "$BIN" inspect "$work/c.pem" --json)
b=$(median_ms /dev/null openssl x509 -text -noout -in "$work/c.pem")
row "certificate.pem" "$a" "$b"
a=$(median_ms /dev/null "$BIN" --version)
b=$(median_ms /dev/null /bin/true)
row "start only: --version vs /bin/true" "$a" "$b"
echo "(medians of $ROUNDS whole processes each. Target: inspect at most 0.22 times openssl's time"
echo " for the PKCS#12 files, wall and CPU (issue 31 asked for 0.25; 0.22 keeps a margin). The CPU"
echo " time is the kernel's account of each process (user + system): it leaves out waiting for a"
echo " core, so it moves less with the load.)"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v valgrind >/dev/null && [ "${INSTRUCTIONS:-1}" = 1 ]; then
  # Instructions of the whole process, the figure that does not move with the load (valgrind
  # runs SHA-1 and SHA-256 without SHA-NI, so the key derivation weighs more here than in the
  # wall time). INSTRUCTIONS=0 leaves this out.
  instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); printf "%.1f M", $NF / 1e6 }'; }
  echo "instructions (callgrind): legacy $(instr "$BIN" inspect "$work/legacy.p12" --password-stdin --json <"$work/pw")" \
    "vs openssl $(instr openssl pkcs12 -legacy -info -noout -in "$work/legacy.p12" -passin pass:bench);" \
    "modern $(instr "$BIN" inspect "$work/modern.p12" --password-stdin --json <"$work/pw")" \
    "vs openssl $(instr openssl pkcs12 -info -noout -in "$work/modern.p12" -passin pass:bench)"
fi
echo
cargo run --release -q -p oces-core --example bench_open -- bench "$work/legacy.p12" "$work/modern.p12" "$work/c.pem"
