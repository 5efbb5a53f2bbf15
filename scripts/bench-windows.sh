#!/usr/bin/env bash
# Benchmark: `oces-wizard.exe inspect` of a legacy PKCS#12 under Wine, next to the Linux
# `oces-wizard inspect` of the same file, both release builds, in the same run. Prints the mean
# time of a whole process for each and their ratio. Wine's own start-up (a few hundred ms) is
# part of the Windows figure; a running wineserver is kept for the whole loop so that it is paid
# once per process, not once per prefix. Usage: ./scripts/bench-windows.sh [rounds] (default 20)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
ROUNDS="${1:-20}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
say "building the release command line for Linux and Windows"
linux=$("$ROOT/scripts/build-cli.sh" --quiet)
cargo build --release --locked --target x86_64-pc-windows-gnu -p oces-wizard --quiet
windows="$TARGET/x86_64-pc-windows-gnu/release/oces-wizard.exe"

private_tmpdir
work="$TMPDIR/work"
mkdir -p "$work"
wine_prefix_new
(
  cd "$work"
  openssl req -x509 -newkey rsa:3072 -nodes -subj "/CN=Søren Ærø/O=Bench ApS/C=DK" -utf8 \
    -keyout k.pem -out c.pem -days 365 2>/dev/null
  openssl pkcs12 -export -legacy -inkey k.pem -in c.pem -passout pass:bench -out legacy.p12
  printf 'bench\n' >pw
)
wineserver -p 60 # keep one wineserver for the whole loop

now_ns() { date +%s%N; }
mean_ms() { # command… ; runs it ROUNDS times with the password on stdin, prints mean ms
  local t0 t1
  "$@" <"$work/pw" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; } # warm-up
  t0=$(now_ns)
  for _ in $(seq "$ROUNDS"); do "$@" <"$work/pw" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; done
  t1=$(now_ns)
  awk -v a="$t0" -v b="$t1" -v n="$ROUNDS" 'BEGIN { printf "%.1f", (b - a) / n / 1e6 }'
}
l=$(mean_ms "$linux" inspect "$work/legacy.p12" --password-stdin --json)
w=$(mean_ms wine "$windows" inspect "Z:${work//\//\\}\\legacy.p12" --password-stdin --json)
printf '%-44s %10s\n' "legacy PKCS#12 (3DES/RC2-40, RSA 3072), $ROUNDS runs" "mean"
printf '%-44s %7s ms\n' "oces-wizard inspect (Linux)" "$l"
printf '%-44s %7s ms\n' "oces-wizard.exe inspect (Windows, under Wine)" "$w"
awk -v a="$w" -v b="$l" 'BEGIN { printf "%-44s %10.1f\n", "ratio Windows/Wine : Linux", a / b }'
