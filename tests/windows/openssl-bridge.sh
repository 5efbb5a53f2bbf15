#!/bin/sh
# Runs the Linux `openssl` for a Windows test binary under Wine (testkit::openssl_output and
# TlsServer, on Windows). Wine starts a program that is not a Windows executable as a Unix
# program, so a Windows process can call this script; what Wine does not do is turn the Windows
# paths in the arguments into Unix paths, or hand the exit status back. This script does both:
# `C:\users\…` becomes `$WINEPREFIX/dosdevices/c:/users/…`, and the exit status is written to
# the file named by OCES_OPENSSL_STATUS (itself a Windows path), openssl's output to the same
# name with `.out` and `.err` added, and its process id with `.pid`, so that a server can be
# stopped with `--kill PID`.
# A test fixture only; set up by scripts/test-windows.sh.
set -u

unix_path() {
  p=$1
  case "$p" in '\\?\'*) p=${p#????} ;; esac
  case "$p" in
    [A-Za-z]:\\* | [A-Za-z]:/*)
      drive=$(printf '%s' "$p" | cut -c1 | tr 'A-Z' 'a-z')
      rest=$(printf '%s' "$p" | cut -c3- | tr '\\' '/')
      printf '%s/dosdevices/%s:%s' "$WINEPREFIX" "$drive" "$rest"
      ;;
    *) printf '%s' "$p" ;;
  esac
}

if [ "${1:-}" = "--kill" ]; then
  kill "$2" 2>/dev/null
  exit 0
fi

: "${WINEPREFIX:=$HOME/.wine}"
status=$(unix_path "${OCES_OPENSSL_STATUS:?set by testkit}")
# Whatever happens, the waiting test gets a status (127: the bridge itself failed), and no
# handle of the test run's own output stays open in a server left running. Once the real status
# is written the trap is dropped: the test removes the status file as soon as it has read it, and
# a trap writing 127 after that would leave a stray file for a later test program whose Windows
# process id (Wine reuses them) and call number are the same.
trap '[ -f "$status" ] || echo 127 >"$status"' EXIT
exec 2>>"$status.log" >>"$status.log"
for a do
  shift
  set -- "$@" "$(unix_path "$a")"
done
# Wine passes a Unix program only the handles it inherited from a console or a file, not the
# pipes a Windows parent makes, so the output goes to files beside the status file.
openssl "$@" </dev/null >"$status.out" 2>"$status.err" &
pid=$!
echo "$pid" >"$status.pid"
wait "$pid"
echo "$?" >"$status.tmp"
trap - EXIT
mv "$status.tmp" "$status"
