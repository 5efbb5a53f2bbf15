#!/usr/bin/env bash
# Checks that ui/package-lock.json is complete: a fresh resolution against the registry
# (`npm install --package-lock-only --ignore-scripts`, in a temporary copy of ui/) must give the
# same packages, versions and integrity hashes. A lock that lacks an entry the registry now
# serves (for example a new optional platform binary) would make `npm ci` refuse or `npm install`
# rewrite the lock on a fresh machine; this says so before that happens.
#
# Usage: scripts/check-npm-lock.sh              check ui/package-lock.json
#        scripts/check-npm-lock.sh --self-test  prove the check fails on a lock with one
#                                               optional entry removed
# Exit status: 0 when the lock is complete, 1 when it drifted, 2 when npm itself failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# compare OLD NEW: prints one line per package that is missing, added or different.
compare() {
  node - "$1" "$2" <<'JS'
const fs = require("fs");
const [oldPath, newPath] = process.argv.slice(2);
const read = (p) => JSON.parse(fs.readFileSync(p, "utf8")).packages || {};
const a = read(oldPath), b = read(newPath);
// `resolved` depends on the machine's npm settings (omit-lockfile-registry-resolved), so it is
// not compared; what is installed is decided by name, version and integrity.
const key = (e) => JSON.stringify([e.version, e.integrity, !!e.optional, !!e.dev]);
const lines = [];
for (const name of Object.keys(b)) {
  if (name === "") continue;
  if (!(name in a)) lines.push(`  missing from the lock: ${name}@${b[name].version}`);
  else if (key(a[name]) !== key(b[name]))
    lines.push(`  differs: ${name} (lock ${a[name].version}, registry ${b[name].version})`);
}
for (const name of Object.keys(a)) {
  if (name !== "" && !(name in b)) lines.push(`  no longer resolved: ${name}@${a[name].version}`);
}
process.stdout.write(lines.join("\n") + (lines.length ? "\n" : ""));
JS
}

# check DIR: resolves DIR's package.json afresh in a temporary copy and compares with its lock.
check() {
  local src="$1" tmp diffs
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  cp "$src/package.json" "$src/package-lock.json" "$tmp/"
  [ -f "$src/.npmrc" ] && cp "$src/.npmrc" "$tmp/"
  if ! (cd "$tmp" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund \
    --loglevel=error >"$tmp/npm.log" 2>&1); then
    echo "error: npm could not resolve ui/package.json against the registry:" >&2
    sed 's/^/  /' "$tmp/npm.log" >&2
    return 2
  fi
  diffs="$(compare "$src/package-lock.json" "$tmp/package-lock.json")"
  if [ -n "$diffs" ]; then
    echo "error: ui/package-lock.json is not complete: the registry resolves ui/package.json differently." >&2
    echo "$diffs" >&2
    echo "To refresh the lock: cd ui && npm install --package-lock-only --ignore-scripts," >&2
    echo "then check the change (git diff ui/package-lock.json) and commit it." >&2
    return 1
  fi
  echo "ui/package-lock.json is complete ($(node -e 'console.log(Object.keys(require(process.argv[1]).packages).length - 1)' "$src/package-lock.json") packages)"
}

if [ "${1:-}" = "--self-test" ]; then
  # Remove one optional platform package from a copy of the lock: the check must fail and
  # name exactly that package.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp "$ROOT/ui/package.json" "$ROOT/ui/package-lock.json" "$work/"
  removed="$(node - "$work/package-lock.json" <<'JS'
const fs = require("fs");
const p = process.argv[2];
const lock = JSON.parse(fs.readFileSync(p, "utf8"));
const name = Object.keys(lock.packages).find((k) => lock.packages[k].optional && /\/cli-win32-/.test(k))
  || Object.keys(lock.packages).find((k) => lock.packages[k].optional);
if (!name) { console.error("no optional package in the lock"); process.exit(1); }
delete lock.packages[name];
fs.writeFileSync(p, JSON.stringify(lock, null, 2) + "\n");
console.log(name);
JS
)"
  set +e
  out="$(check "$work" 2>&1)"
  rc=$?
  set -e
  if [ "$rc" -eq 1 ] && grep -q "missing from the lock: $removed@" <<<"$out"; then
    echo "self-test: removing $removed from the lock is caught:"
    sed 's/^/  | /' <<<"$out"
    exit 0
  fi
  echo "error: self-test: the drift check did not catch the removal of $removed (exit $rc):" >&2
  echo "$out" >&2
  exit 1
fi

check "$ROOT/ui"
