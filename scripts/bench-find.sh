#!/usr/bin/env bash
# Benchmark: finding certificate files among 10,000 files in a Downloads folder, against
# `find` over the same folders, as a ratio (target: at most 0.65 of its CPU time, a clear margin
# under issue 31's 0.75). Whole processes both, each
# figure the median of [rounds] runs started by scripts/bench_median.py.
# Usage: ./scripts/bench-find.sh [rounds]   (default 21)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-21}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
echo "building the release command line (as shipped: scripts/build-cli.sh) …"
BIN="${BIN:-$("$ROOT/scripts/build-cli.sh" --quiet)}"
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

median_ms() { python3 "$ROOT/scripts/bench_median.py" --cpu "$ROUNDS" /dev/null "$@"; }
echo "the binary: $(if readelf -d "$BIN" | grep -q NEEDED; then echo "dynamically linked ($(readelf -d "$BIN" | grep -o 'lib[^]]*' | xargs))"; else echo "static (no dynamic loader)"; fi)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before the runs)"
ours=$(OCES_WIZARD_HOME="$home" median_ms "$BIN" find --json)
theirs=$(median_ms find "$dl" "$home/Desktop" "$home/Documents" "$home/.oces" -type f)
awk -v a="$ours" -v b="$theirs" 'BEGIN {
  split(a, x, " "); split(b, y, " "); r = x[1] / y[1]; c = x[2] / y[2]
  printf "oces-wizard find %7.2f ms (cpu %.2f)   find -type f %7.2f ms (cpu %.2f)\n", x[1], x[2], y[1], y[2]
  printf "wall ratio %.2f %s, cpu ratio %.2f %s (target: at most 0.65; issue 31 asked for 0.75)\n", r, (r <= 0.65 ? "ok" : "OVER"), c, (c <= 0.65 ? "ok" : "OVER")
}'
echo "(medians of $ROUNDS whole processes each; load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg))"
candidates=$(find "$dl" "$home/Desktop" "$home/Documents" "$home/.oces" -maxdepth 2 -type f \
  \( -iname '*.p12' -o -iname '*.pfx' -o -iname '*.pem' -o -iname '*.crt' -o -iname '*.cer' \
  -o -iname '*.der' -o -iname '*.html' -o -iname '*.htm' -o -iname '*.txt' -o -iname '*.key' \
  -o -iname '*.p7b' -o ! -name '*.*' \) | wc -l)
if command -v strace >/dev/null; then
  # What the search does with the files it looks at: opened, and bytes read (from the files,
  # not counting the directory listings).
  # (`open` as well as `openat`: musl's C library calls the older one.)
  OCES_WIZARD_HOME="$home" strace -f -qq -e trace=open,openat,read -e signal=none -o "$home/strace.txt" \
    "$BIN" find --json >/dev/null
  awk -v n="$candidates" -v d="$dl" '
    # A candidate is opened by its path, or (Linux, since issue 31) by its name in the
    # handle of its folder: `openat(3, "name", …)`.
    (/open(at)?\(/ && index($0, d) || /openat\([0-9]+, "/) && !/O_DIRECTORY/ && !/= -1/ { opened++ }
    /^[0-9]+ +read\(/ { split($0, p, "= "); if (p[2] + 0 > 0) bytes += p[2] }
    END { printf "candidates by name: %d; files opened: %d; bytes read in all: %d (%.0f per candidate)\n", n, opened, bytes, bytes / n }' "$home/strace.txt"
fi
if command -v valgrind >/dev/null && [ "${INSTRUCTIONS:-1}" = 1 ]; then
  instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); printf "%.1f M", $NF / 1e6 }'; }
  echo "instructions (callgrind): oces-wizard find $(OCES_WIZARD_HOME="$home" instr "$BIN" find --json)," \
    "find -type f $(instr find "$dl" "$home/Desktop" "$home/Documents" "$home/.oces" -type f)"
fi
