#!/usr/bin/env bash
# Tests the per-machine MSI under Wine, in a new prefix, the way IT deploys it:
#  1. msiexec /i OLD.msi /qn: the files in C:\Program Files\OCES-guiden, the Start-menu entry,
#     one "Apps" entry with name, version and publisher, the program folder on the machine's
#     PATH, the oces-wizard:// scheme for every user (HKLM\Software\Classes\oces-wizard with
#     "URL Protocol", its command the installed window in Program Files with "%1"); the
#     installed oces-wizard.exe answers --version and reads a PKCS#12 with inspect, by its full
#     path and by its bare name from a new command prompt;
#  2. msiexec /i NEXT.msi /qn (a higher version): a major upgrade, so there is still exactly
#     one OCES-guiden in "Apps", now with the new version, and the program still answers;
#     installing OLD.msi again afterwards is refused (no downgrade);
#  3. msiexec /x {ProductCode} /qn: the program, its folder, the Start-menu entry, the "Apps"
#     entry, the PATH entry and the oces-wizard:// scheme's key are gone; the user's data (.oces,
#     the app's data folder, backups) is byte for byte what it was before the first install.
# Every msiexec run writes a verbose log; a failure prints what failed and the log's end.
# Usage: scripts/test-msi.sh OLD.msi NEXT.msi
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
old_msi="$(realpath "${1:?usage: scripts/test-msi.sh OLD.msi NEXT.msi}")"
next_msi="$(realpath "${2:?usage: scripts/test-msi.sh OLD.msi NEXT.msi}")"
cd "$ROOT"
fail() { echo "error: MSI test: $*" >&2; exit 1; }
msi_prop() { msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' -v p="$2" '$1 == p { print $2 }'; }
old_version="$(msi_prop "$old_msi" ProductVersion)" old_code="$(msi_prop "$old_msi" ProductCode)"
next_version="$(msi_prop "$next_msi" ProductVersion)" next_code="$(msi_prop "$next_msi" ProductCode)"
[ "$old_code" != "$next_code" ] || fail "both packages have the ProductCode $old_code"
[ "$(msi_prop "$old_msi" UpgradeCode)" = "$(msi_prop "$next_msi" UpgradeCode)" ] || fail "the two packages have different UpgradeCodes"

private_tmpdir
wine_prefix_new
echo "prefix: $WINEPREFIX ($(wine --version))"
user_dir="$WINEPREFIX/drive_c/users/$(id -un)"
prog="$WINEPREFIX/drive_c/Program Files/OCES-guiden"
# The Start-menu entry. The package asks for ProgramMenuFolder with ALLUSERS=1, which Windows
# resolves to the all-users Start menu; Wine 8's msiexec resolves it to the installing user's
# (its ProgramMenuFolder ignores ALLUSERS), so either place counts here, and the output says which.
menu_all="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/OCES-guiden.lnk"
menu_user="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/OCES-guiden.lnk"
menu_where() {
  if [ -f "$menu_all" ]; then echo "all users"; elif [ -f "$menu_user" ]; then echo "the installing user's (Wine)"; fi
}
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
env_key='HKLM\System\CurrentControlSet\Control\Session Manager\Environment'
program_files_files=(oces-wizard.exe oces-wizard-window.exe WebView2Loader.dll)

# wine_cmd WHAT CMD...: runs a Windows program under Wine, output in $TMPDIR/last.out and
# .err. Wine sometimes fails to start a process (error 1359, ERROR_INTERNAL_ERROR); that one
# known flake is retried once, saying so. Returns the program's exit status.
wine_cmd() {
  local what="$1" rc
  shift
  for attempt in 1 2; do
    set +e
    "$@" >"$TMPDIR/last.out" 2>"$TMPDIR/last.err"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ] && [ "$attempt" = 1 ] && { [ "$rc" = 1359 ] || grep -qw 1359 "$TMPDIR/last.err"; }; then
      echo "note: Wine could not start $what (error 1359, a known Wine flake); trying once more" >&2
      timeout 60 wineserver -w || true
      continue
    fi
    return "$rc"
  done
}

# msiexec WHAT ARGS...: runs msiexec silently with a verbose log; fails with the log's end.
msiexec_ok() {
  local what="$1" log rc=0
  shift
  log="$TMPDIR/msiexec-$(date +%s%N).log"
  wine_cmd "msiexec ($what)" timeout 600 wine msiexec "$@" /qn "/l*v" "$(winepath -w "$log" 2>/dev/null)" || rc=$?
  timeout 120 wineserver -w || true
  if [ "$rc" -ne 0 ]; then
    echo "error: MSI test: $what: msiexec $* ended with $rc; the end of its log:" >&2
    [ -f "$log" ] && tr -d '\r' <"$log" | grep -av '^$' | tail -40 >&2 \
      || cat "$TMPDIR/last.err" >&2
    exit 1
  fi
}

# The "Apps" entries whose DisplayName is OCES-guiden, one line each: KEY<tab>DisplayVersion<tab>Publisher.
apps_entries() {
  wine reg query "$uninstall_key" /s 2>/dev/null | tr -d '\r' | awk '
    /^HKEY_/ { if (n == "OCES-guiden") print k "\t" v "\t" p; k = $0; n = v = p = ""; next }
    $1 == "DisplayName" { $1 = $2 = ""; sub(/^ +/, ""); n = $0 }
    $1 == "DisplayVersion" { $1 = $2 = ""; sub(/^ +/, ""); v = $0 }
    $1 == "Publisher" { $1 = $2 = ""; sub(/^ +/, ""); p = $0 }
    END { if (n == "OCES-guiden") print k "\t" v "\t" p }'
}
machine_path() {
  wine reg query "$env_key" /v PATH 2>/dev/null | tr -d '\r' | awk '$1 == "PATH" { $1 = $2 = ""; sub(/^ +/, ""); print }'
}
# The guide-link scheme, per machine: its key, whether it has "URL Protocol", and its command
# (the default value of shell\open\command), empty when there is none. The per-user setup
# program writes the same values under HKCU (scripts/test-installer.sh).
scheme_key='HKLM\Software\Classes\oces-wizard'
reg_default() { wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | awk '$1 == "(Default)" || $1 == "<NO" { sub(/^ *[^ ]+ +REG_SZ +/, ""); print }'; }
scheme_command() { reg_default "$scheme_key\shell\open\command"; }
scheme_is_url() { wine reg query "$scheme_key" /v "URL Protocol" 2>/dev/null | tr -d '\r' | grep -q 'URL Protocol *REG_SZ'; }
scheme_there() { wine reg query "$scheme_key" >/dev/null 2>&1; }
# How many times the program folder is on the machine's PATH.
on_path() { machine_path | tr ';' '\n' | grep -ciFx -e 'C:\Program Files\OCES-guiden\' -e 'C:\Program Files\OCES-guiden' || true; }

p12="Z:${ROOT//\//\\}\\src-tauri\\core\\tests\\producers\\keytool-java17.p12"
# check_the_program_answers WHEN [by-path-only]
check_the_program_answers() {
  local when="$1" out json
  wine_cmd "oces-wizard.exe --version" timeout 60 wine "$prog/oces-wizard.exe" --version \
    || fail "$when: the installed oces-wizard.exe --version failed: $(cat "$TMPDIR/last.err")"
  out="$(tr -d '\r' <"$TMPDIR/last.out")"
  grep -q "[0-9]\.[0-9]" <<<"$out" || fail "$when: oces-wizard.exe --version said: $out"
  wine_cmd "oces-wizard.exe inspect" bash -c 'printf "Keytool-Pw-17\n" | timeout 60 wine "$1" inspect "$2" --password-stdin --json' _ \
    "$prog/oces-wizard.exe" "$p12" || fail "$when: the installed oces-wizard.exe inspect failed: $(cat "$TMPDIR/last.err")"
  json="$(tr -d '\r' <"$TMPDIR/last.out")"
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); s=json.dumps(d, ensure_ascii=False); assert "Keytool Testbruger" in s, s' "$json" \
    || fail "$when: the installed oces-wizard.exe inspect did not read the file: $json"
  if [ "${2:-}" = by-path-only ]; then
    echo "$when: oces-wizard.exe answers by its path ($out); inspect reads a PKCS#12"
    return
  fi
  # By its bare name, from a new command prompt: the machine's PATH is read when Wine starts.
  timeout 60 wineserver -k 2>/dev/null || true
  timeout 60 wineserver -w 2>/dev/null || true
  wine_cmd "cmd /c oces-wizard --version" timeout 60 wine cmd /c oces-wizard --version \
    || fail "$when: 'oces-wizard --version' in a new command prompt failed (PATH: $(machine_path)): $(tr -d '\r' <"$TMPDIR/last.out") $(cat "$TMPDIR/last.err")"
  [ "$(tr -d '\r' <"$TMPDIR/last.out")" = "$out" ] || fail "$when: 'oces-wizard --version' on the PATH said: $(cat "$TMPDIR/last.out")"
  echo "$when: oces-wizard.exe answers by its path and on the PATH ($out); inspect reads a PKCS#12"
}

# The user's data, made before anything is installed; it must come through install, upgrade
# and uninstall unchanged.
mkdir -p "$user_dir/.oces/backup" "$user_dir/AppData/Roaming/oces-wizard/data"
printf '<html>Søren Ærø</html>' >"$user_dir/.oces/Søren Ærø.html"
printf 'backup' >"$user_dir/.oces/backup/Søren Ærø.html"
printf '{"flow":"cug"}' >"$user_dir/AppData/Roaming/oces-wizard/data/progress.json"
printf 'settings' >"$user_dir/AppData/Roaming/oces-wizard/data/settings.json"
user_data() { (cd "$user_dir" && find .oces AppData/Roaming/oces-wizard -type f -exec sha256sum {} + | sort); }
before="$(user_data)"

say "MSI: silent install of $(basename "$old_msi") ($(stat -c %s "$old_msi") bytes, version $old_version)"
msiexec_ok "install $old_version" /i "$(winepath -w "$old_msi")"
for f in "${program_files_files[@]}"; do
  [ -f "$prog/$f" ] || fail "$f is not in C:\\Program Files\\OCES-guiden"
done
[ -n "$(menu_where)" ] || fail "no Start-menu entry OCES-guiden"
entries="$(apps_entries)"
[ "$(grep -c . <<<"$entries")" = 1 ] || fail "expected one OCES-guiden in Apps, found: ${entries:-none}"
IFS=$'\t' read -r key shown_version publisher <<<"$entries"
[ "${key##*\\}" = "$old_code" ] || fail "the Apps entry is $key, not the ProductCode $old_code"
[ "$shown_version" = "$old_version" ] || fail "Apps shows version '$shown_version', not $old_version"
[ -n "$publisher" ] || fail "the Apps entry has no Publisher"
[ "$(on_path)" = 1 ] || fail "the program folder is not on the machine's PATH once: $(machine_path)"
echo "installed per machine: C:\\Program Files\\OCES-guiden, Start-menu entry ($(menu_where)), one Apps entry ($old_version, $publisher), on the PATH"
scheme_is_url || fail "$scheme_key has no \"URL Protocol\" value: $(wine reg query "$scheme_key" 2>&1 | tr -d '\r')"
[ "$(scheme_command)" = '"C:\Program Files\OCES-guiden\oces-wizard-window.exe" "%1"' ] \
  || fail "the oces-wizard:// scheme's command is not the installed window in Program Files: '$(scheme_command)'"
[ "$(reg_default "$scheme_key")" = "URL:OCES-guiden" ] || fail "$scheme_key's name is '$(reg_default "$scheme_key")'"
echo "oces-wizard:// for every user: $scheme_key, URL Protocol, command $(scheme_command)"
check_the_program_answers "after install"

say "MSI: $(basename "$next_msi") (version $next_version) over it"
msiexec_ok "upgrade to $next_version" /i "$(winepath -w "$next_msi")"
entries="$(apps_entries)"
[ "$(grep -c . <<<"$entries")" = 1 ] || fail "after the upgrade, expected one OCES-guiden in Apps, found: $entries"
IFS=$'\t' read -r key shown_version publisher <<<"$entries"
[ "${key##*\\}" = "$next_code" ] || fail "after the upgrade the Apps entry is $key, not $next_code"
[ "$shown_version" = "$next_version" ] || fail "after the upgrade Apps shows version '$shown_version'"
for f in "${program_files_files[@]}"; do
  [ -f "$prog/$f" ] || fail "after the upgrade $f is missing"
done
[ -n "$(menu_where)" ] || fail "after the upgrade the Start-menu entry is missing"
[ "$(scheme_command)" = '"C:\Program Files\OCES-guiden\oces-wizard-window.exe" "%1"' ] \
  || fail "after the upgrade the oces-wizard:// scheme's command is '$(scheme_command)'"
[ "$(on_path)" = 1 ] || fail "after the upgrade the program folder is not on the PATH exactly once: $(machine_path)"
echo "major upgrade: one OCES-guiden in Apps, version $next_version"
# By path only: taking the old version's PATH entry out, Wine's msiexec leaves its separator
# behind (";;" once the new entry is added), and Wine's cmd ends its PATH search at an empty
# entry, which Windows' cmd skips. That the folder is on the PATH exactly once is checked above.
check_the_program_answers "after the upgrade" by-path-only
rc=0
log="$TMPDIR/msiexec-downgrade.log"
wine_cmd "msiexec (downgrade)" timeout 600 wine msiexec /i "$(winepath -w "$old_msi")" /qn "/l*v" "$(winepath -w "$log")" || rc=$?
timeout 120 wineserver -w || true
[ "$rc" -ne 0 ] || fail "installing the older $old_version over $next_version was not refused"
# Refused by the package's own rule: FindRelatedProducts finds the newer version, and the
# launch condition (NOT WIX_DOWNGRADE_DETECTED, with the package's message, which Wine's log
# leaves out) stops the install before anything is done; not some other failure.
grep -aq "Found application: $next_code" "$log" && grep -aq 'Action ended .*LaunchConditions. Return value [^1]' "$log" \
  && ! grep -aq 'Action start .*InstallFiles' "$log" \
  || fail "the downgrade failed (exit $rc), but not by the package's launch condition: $(grep -av '^Property' "$log" | tail -20)"
[ "$(apps_entries | cut -f2)" = "$next_version" ] || fail "the refused downgrade changed Apps: $(apps_entries)"
echo "installing the older version again is refused by the package's launch condition (msiexec exit $rc); $next_version stays"

say "MSI: silent uninstall"
msiexec_ok "uninstall" /x "$next_code"
for f in "${program_files_files[@]}"; do
  [ ! -e "$prog/$f" ] || fail "$f is still there after uninstall"
done
[ ! -e "$prog" ] || fail "the program folder is still there: $(ls -A "$prog")"
[ -z "$(menu_where)" ] || fail "the Start-menu entry is still there"
[ -z "$(apps_entries)" ] || fail "the Apps entry is still there: $(apps_entries)"
[ "$(on_path)" = 0 ] || fail "the program folder is still on the PATH: $(machine_path)"
if wine reg query 'HKLM\Software\OCES-guiden\Installer' >/dev/null 2>&1; then fail "HKLM\\Software\\OCES-guiden\\Installer is still there"; fi
if scheme_there; then fail "the oces-wizard:// scheme is still registered: $(wine reg query "$scheme_key" /s 2>&1 | tr -d '\r')"; fi
after="$(user_data)"
[ "$before" = "$after" ] || fail "the user's data changed: $(diff <(echo "$before") <(echo "$after"))"
echo "silent uninstall: program, folder, Start-menu, Apps, PATH and oces-wizard:// entries removed; .oces, backups and the app's data untouched ($(grep -c . <<<"$after") files, byte for byte)"
echo "MSI round trip under Wine: passed"
