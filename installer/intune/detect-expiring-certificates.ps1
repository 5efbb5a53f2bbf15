<#
.SYNOPSIS
    Intune Remediations detection script for OCES-guiden: does this user have a business
    certificate that has expired or ends soon?

.DESCRIPTION
    Runs "oces-wizard inventory --exit-code --warn-days $WarnDays" (the command line installed
    with OCES-guiden), which lists the certificates in the user's Windows store, ~/.oces and the
    usual download folders, and answers with its exit code:

        0   all fine (or no certificate found)
        1   a certificate ends within $WarnDays days
        2   a certificate has expired (2 wins over 1)
        3   the output could not be written

    Intune's contract for a detection script: exit 0 means "no issue", anything else means
    "issue", and the remediation script (for example a notice to renew) runs. So 0 stays 0, and
    1, 2 and every other answer (3, a crash, a program that is not installed) become 1. The
    last line written is what Intune shows in its "detection output" column.

    Intune settings: "Run this script using the logged-on credentials" = Yes (the certificates
    are the user's: their store and their folders), "Run script in 64-bit PowerShell" = Yes.
    Intune passes no parameters to a detection script: change $WarnDays below instead.
    Nothing is written or changed; no key and no password is read.

    Tested on Linux by src-tauri/launcher/tests/inventory.rs
    (the_intune_detection_script_runs_the_documented_command_and_maps_its_exit_codes): the
    command line, the warning days and the exit-code mapping are read from this file's text, and
    that command line is run against certificates that are fine, expiring and expired. There is
    no PowerShell where the tests run, so the script itself has not been run by them.
#>

# A certificate that ends within this many days counts as expiring (0 to 3650).
$WarnDays = 30

# Where the command line is: the MSI (per machine; $env:ProgramW6432 is the 64-bit Program
# Files folder even in a 32-bit PowerShell), the setup program (per user), or the PATH.
$candidates = @()
foreach ($root in @($env:ProgramW6432, $env:ProgramFiles)) {
    if ($root) { $candidates += Join-Path $root 'OCES-guiden\oces-wizard.exe' }
}
if ($env:LOCALAPPDATA) {
    $candidates += Join-Path $env:LOCALAPPDATA 'Programs\OCES-guiden\oces-wizard.exe'
}
$program = $candidates | Where-Object { Test-Path -LiteralPath $_ -PathType Leaf } | Select-Object -First 1
if (-not $program) {
    $onPath = Get-Command 'oces-wizard.exe' -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($onPath) { $program = $onPath.Source }
}
if (-not $program) {
    Write-Output 'ERROR: oces-wizard.exe (OCES-guiden) is not installed'
    exit 1
}

# The JSON is UTF-8; holder names have Danish letters.
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
try {
    $json = & $program inventory --format json --exit-code --warn-days $WarnDays
    $code = $LASTEXITCODE
} catch {
    Write-Output "ERROR: oces-wizard.exe could not run: $($_.Exception.Message)"
    exit 1
}

# A short summary for the detection output column: how many certificates, how many end soon or
# have ended, and the first of those (name and days left). Never a path, key or password.
$summary = ''
try {
    $inventory = ($json -join "`n") | ConvertFrom-Json
    $certs = @($inventory.certificates)
    $bad = @($certs | Where-Object { $_.status -ne 'ok' } | Sort-Object days_left)
    $summary = "$($certs.Count) certificate(s), $($bad.Count) expiring or expired"
    if ($bad.Count -gt 0) {
        $summary += "; first: $($bad[0].common_name) ($($bad[0].status), $($bad[0].days_left) days)"
    }
} catch {
    $summary = 'the inventory could not be read'
}

switch ($code) {
    0 { Write-Output "OK: $summary (warn days: $WarnDays)"; exit 0 }
    1 { Write-Output "EXPIRING: $summary (warn days: $WarnDays)"; exit 1 }
    2 { Write-Output "EXPIRED: $summary"; exit 1 }
    default { Write-Output "ERROR: oces-wizard.exe inventory ended with $code; $summary"; exit 1 }
}
