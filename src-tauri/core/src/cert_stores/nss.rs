//! NSS databases (Firefox profiles, Chromium/Chrome's `~/.pki/nssdb`) through NSS's own tools:
//! `pk12util` imports a PKCS#12 file, `certutil` lists and deletes. The PKCS#12 password goes
//! to `pk12util` on its standard input (`-w /dev/stdin`), never on the command line where other
//! users could read it; the database's own password is given as empty so a database locked
//! with a primary password fails instead of waiting for a prompt. Every run has a time limit.

use super::{same_fingerprint, CertStore, Installable, StoreError};
use crate::error::ErrorCode;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one tool run may take.
const TOOL_TIMEOUT: Duration = Duration::from_secs(30);

/// How the NSS tools are started. `prefix` runs them through another program (the tests use
/// `setpriv` to act as a user without write access); normally it is empty.
#[derive(Debug, Clone, Default)]
pub struct Tools {
    /// Program and arguments put before the tool's name.
    pub prefix: Vec<OsString>,
    /// Where to look for the tools instead of `PATH` (tests).
    pub dir: Option<PathBuf>,
}

/// One NSS database.
#[derive(Debug, Clone)]
pub struct NssStore {
    /// The folder holding `cert9.db` and `key4.db`.
    pub dir: PathBuf,
    /// What the user reads.
    pub label: String,
    /// How to run the tools.
    pub tools: Tools,
}

/// The install command for the NSS tools on this distribution, for an administrator.
pub fn install_hint() -> String {
    let has = |p: &str| Path::new(p).exists();
    if has("/usr/bin/apt-get") {
        "sudo apt-get install libnss3-tools".into()
    } else if has("/usr/bin/dnf") {
        "sudo dnf install nss-tools".into()
    } else if has("/usr/bin/zypper") {
        "sudo zypper install mozilla-nss-tools".into()
    } else if has("/usr/bin/pacman") {
        "sudo pacman -S nss".into()
    } else {
        "install the NSS tools (certutil, pk12util) with your package manager".into()
    }
}

/// The NSS databases under a home folder that browsers use: Firefox profiles (also Snap and
/// Flatpak installs) and `~/.pki/nssdb` (Chromium, Chrome, and other NSS programs). Only
/// databases that exist (`cert9.db`) are returned; none are created.
pub fn discover(home: &Path) -> Vec<NssStore> {
    let mut out = Vec::new();
    let shared = home.join(".pki/nssdb");
    if shared.join("cert9.db").is_file() {
        out.push(NssStore {
            dir: shared,
            label: "Chromium, Chrome (~/.pki/nssdb)".into(),
            tools: Tools::default(),
        });
    }
    for (base, label) in [
        (".mozilla/firefox", "Firefox"),
        ("snap/firefox/common/.mozilla/firefox", "Firefox (Snap)"),
        (
            ".var/app/org.mozilla.firefox/.mozilla/firefox",
            "Firefox (Flatpak)",
        ),
    ] {
        let Ok(entries) = std::fs::read_dir(home.join(base)) else {
            continue;
        };
        let mut profiles: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("cert9.db").is_file())
            .collect();
        profiles.sort();
        for p in profiles {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Profile folders are `<random>.<name>`: show the name.
            let shown = name.split_once('.').map_or(name.as_str(), |(_, n)| n);
            out.push(NssStore {
                label: format!("{label}: {shown}"),
                dir: p,
                tools: Tools::default(),
            });
        }
    }
    out
}

/// What a tool run gave.
struct Output {
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

impl NssStore {
    /// A store for a database folder (tests, and a folder the user names).
    pub fn at(dir: &Path, label: &str) -> NssStore {
        NssStore {
            dir: dir.to_path_buf(),
            label: label.to_string(),
            tools: Tools::default(),
        }
    }

    fn db_arg(&self) -> OsString {
        let mut s = OsString::from("sql:");
        s.push(self.dir.as_os_str());
        s
    }

    fn run(&self, tool: &str, args: &[&OsStr], stdin: Option<&[u8]>) -> Result<Output, StoreError> {
        let program: OsString = match &self.tools.dir {
            Some(d) => d.join(tool).into_os_string(),
            None => tool.into(),
        };
        let mut cmd = match self.tools.prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        cmd.args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Messages in English, so the error names below are recognised.
            .env("LC_ALL", "C");
        let mut child = cmd.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                StoreError {
                    code: ErrorCode::StoreToolMissing,
                    detail: Some(tool.to_string()),
                    admin_command: Some(install_hint()),
                }
            } else {
                StoreError::new(ErrorCode::StoreFailed).detail(e.kind().to_string())
            }
        })?;
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            let _ = pipe.write_all(input);
        }
        let deadline = Instant::now() + TOOL_TIMEOUT;
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(StoreError::new(ErrorCode::StoreFailed).detail("timed out"));
                }
            }
        }
        let out = child
            .wait_with_output()
            .map_err(|_| StoreError::new(ErrorCode::StoreFailed))?;
        Ok(Output {
            ok: out.status.success(),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// The nicknames in the database (as bytes: NSS does not promise UTF-8).
    fn nicknames(&self) -> Result<Vec<OsString>, StoreError> {
        Ok(self.listing()?.into_iter().map(|(nick, _)| nick).collect())
    }

    /// `certutil -L`: one line per certificate, its nickname and whether its trust flags have
    /// the `u` ("user") flag. NSS shows `u` only when the database holds the private key that
    /// belongs to the certificate: it is worked out from the key, not stored (a `u` given with
    /// `certutil -M -t u,u,u` does not show), and it shows with a primary password set too,
    /// without logging in (tests/nss_store.rs checks these).
    fn listing(&self) -> Result<Vec<(OsString, bool)>, StoreError> {
        let db = self.db_arg();
        let out = self.run("certutil", &[OsStr::new("-L"), OsStr::new("-d"), &db], None)?;
        if !out.ok {
            return Err(classify(&out.stderr));
        }
        // A header of three lines, then `<nickname>   <trust>` per line (`u,u,u`, `C,,`, `,,`).
        Ok(out
            .stdout
            .split(|b| *b == b'\n')
            .skip(3)
            .filter_map(|line| {
                let line = trim_end(line);
                let cut = line.iter().rposition(|b| *b == b' ')?;
                let nick = trim_end(&line[..cut]);
                let user = line[cut + 1..].contains(&b'u');
                (!nick.is_empty()).then(|| (os_from_bytes(nick), user))
            })
            .collect())
    }

    /// The certificates under a nickname, as DER.
    fn under(&self, nick: &OsStr) -> Result<Vec<Vec<u8>>, StoreError> {
        let db = self.db_arg();
        let out = self.run(
            "certutil",
            &[
                OsStr::new("-L"),
                OsStr::new("-d"),
                &db,
                OsStr::new("-n"),
                nick,
                OsStr::new("-a"),
            ],
            None,
        )?;
        if !out.ok {
            return Err(classify(&out.stderr));
        }
        Ok(crate::cert::open_bytes(&out.stdout, None)
            .map(|o| o.certificates)
            .unwrap_or_default())
    }

    /// The nickname holding the certificate with this fingerprint, and how many certificates
    /// share that nickname.
    fn find(&self, fp: &str) -> Result<Option<(OsString, usize)>, StoreError> {
        for nick in self.nicknames()? {
            let certs = self.under(&nick)?;
            if certs
                .iter()
                .any(|c| same_fingerprint(&super::fingerprint(c), fp))
            {
                return Ok(Some((nick, certs.len())));
            }
        }
        Ok(None)
    }
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &b[..end]
}

#[cfg(unix)]
fn os_from_bytes(b: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(b).to_os_string()
}

#[cfg(not(unix))]
fn os_from_bytes(b: &[u8]) -> OsString {
    String::from_utf8_lossy(b).into_owned().into()
}

/// An NSS tool's message to a code.
fn classify(stderr: &str) -> StoreError {
    let code = if stderr.contains("SEC_ERROR_READ_ONLY") || stderr.contains("PR_NO_ACCESS_RIGHTS") {
        ErrorCode::StoreReadOnly
    } else if stderr.contains("SEC_ERROR_BAD_PASSWORD") && stderr.contains("PKCS12")
        // A file whose certificates are in the clear (MitID Erhverv's) gets past decoding and
        // fails on the MAC instead.
        || stderr.contains("SEC_ERROR_PKCS12_INVALID_MAC")
    {
        ErrorCode::CertWrongPassword
    } else if stderr.contains("SEC_ERROR_BAD_PASSWORD") || stderr.contains("token is locked") {
        ErrorCode::StorePrimaryPassword
    } else if stderr.contains("SEC_ERROR_BAD_DATABASE") {
        ErrorCode::StoreDamaged
    } else {
        ErrorCode::StoreFailed
    };
    let name = stderr
        .split(|c: char| c.is_whitespace() || c == ':')
        .find(|w| w.starts_with("SEC_ERROR_") || w.starts_with("PR_"))
        .map(str::to_string);
    StoreError {
        code,
        detail: name,
        admin_command: None,
    }
}

impl CertStore for NssStore {
    fn name(&self) -> String {
        self.label.clone()
    }

    fn kind(&self) -> super::StoreKind {
        super::StoreKind::Nss
    }

    fn contains(&self, fingerprint: &str) -> Result<bool, StoreError> {
        Ok(self.find(fingerprint)?.is_some())
    }

    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
        // pk12util reads the file by name: a private temporary copy (0600 on Unix).
        let tmp = tempfile::Builder::new()
            .prefix("oces-wizard-")
            .suffix(".p12")
            .tempfile()
            .map_err(|_| StoreError::new(ErrorCode::StoreFailed).detail("temporary file"))?;
        std::fs::write(tmp.path(), item.pkcs12)
            .map_err(|_| StoreError::new(ErrorCode::StoreFailed).detail("temporary file"))?;
        #[cfg(unix)]
        if !self.tools.prefix.is_empty() {
            // A tool run as another user (tests) must be able to read the copy.
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        let db = self.db_arg();
        let out = self.run(
            "pk12util",
            &[
                OsStr::new("-i"),
                tmp.path().as_os_str(),
                OsStr::new("-d"),
                &db,
                OsStr::new("-w"),
                OsStr::new("/dev/stdin"),
                OsStr::new("-K"),
                OsStr::new(""),
            ],
            Some(item.password.expose().as_bytes()),
        )?;
        if out.ok {
            Ok(())
        } else {
            Err(classify(&out.stderr))
        }
    }

    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut all = Vec::new();
        for nick in self.nicknames()? {
            all.extend(self.under(&nick)?);
        }
        Ok(all)
    }

    /// The key by certutil's `u` flag (see `NssStore::listing`). Several certificates under
    /// one nickname (a renewed certificate kept beside the old one) are told apart only when
    /// all or none of them have the flag; otherwise which one has the key is not known: None.
    fn certificates_with_keys(&self) -> Result<Vec<super::WithKey>, StoreError> {
        let mut flags: Vec<(OsString, Vec<bool>)> = Vec::new();
        for (nick, user) in self.listing()? {
            match flags.iter_mut().find(|(n, _)| *n == nick) {
                Some((_, f)) => f.push(user),
                None => flags.push((nick, vec![user])),
            }
        }
        let mut all = Vec::new();
        for (nick, f) in flags {
            let key = if f.iter().all(|u| *u) {
                Some(true)
            } else if f.iter().all(|u| !u) {
                Some(false)
            } else {
                None
            };
            all.extend(self.under(&nick)?.into_iter().map(|c| (c, key)));
        }
        Ok(all)
    }

    fn remove(&self, fingerprint: &str) -> Result<bool, StoreError> {
        let Some((nick, count)) = self.find(fingerprint)? else {
            return Ok(false);
        };
        if count > 1 {
            // Deleting by nickname would take the other certificates too: leave them.
            return Err(StoreError::new(ErrorCode::StoreShared));
        }
        let db = self.db_arg();
        let empty = tempfile::NamedTempFile::new()
            .map_err(|_| StoreError::new(ErrorCode::StoreFailed).detail("temporary file"))?;
        let args = |cmd: &'static str| {
            [
                OsString::from(cmd),
                "-d".into(),
                db.clone(),
                "-n".into(),
                nick.clone(),
                "-f".into(),
                empty.path().into(),
            ]
        };
        // -F removes the key together with its certificate; a certificate without a key is
        // removed with -D.
        let with_key = args("-F");
        let refs: Vec<&OsStr> = with_key.iter().map(OsString::as_os_str).collect();
        let out = self.run("certutil", &refs, None)?;
        // Without a key, -F may succeed and leave the certificate: check, then use -D.
        if !out.ok || self.find(fingerprint)?.is_some() {
            let only_cert = args("-D");
            let refs: Vec<&OsStr> = only_cert.iter().map(OsString::as_os_str).collect();
            let out = self.run("certutil", &refs, None)?;
            if !out.ok {
                return Err(classify(&out.stderr));
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_messages_become_codes() {
        let c = |s: &str| classify(s).code;
        assert_eq!(
            c("pk12util: function failed: SEC_ERROR_READ_ONLY: security library: read-only database."),
            ErrorCode::StoreReadOnly
        );
        assert_eq!(
            c("pk12util: PKCS12 decode not verified: SEC_ERROR_BAD_PASSWORD: The security password entered is incorrect."),
            ErrorCode::CertWrongPassword
        );
        assert_eq!(
            c("pk12util: PKCS12 decode not verified: SEC_ERROR_PKCS12_INVALID_MAC: Unable to import. Invalid MAC. Incorrect password or corrupt file."),
            ErrorCode::CertWrongPassword
        );
        assert_eq!(
            c("certutil: function failed: SEC_ERROR_BAD_DATABASE: security library: bad database."),
            ErrorCode::StoreDamaged
        );
        assert_eq!(
            classify("x: SEC_ERROR_BAD_DATABASE: y").detail.as_deref(),
            Some("SEC_ERROR_BAD_DATABASE")
        );
    }

    #[test]
    fn discovers_browser_databases_only() {
        let home = tempfile::tempdir().expect("tmp");
        let mk = |rel: &str| {
            let d = home.path().join(rel);
            std::fs::create_dir_all(&d).expect("mkdir");
            std::fs::write(d.join("cert9.db"), b"").expect("write");
        };
        mk(".pki/nssdb");
        mk(".mozilla/firefox/ab12cd.default-release");
        mk("snap/firefox/common/.mozilla/firefox/zz.default");
        std::fs::create_dir_all(home.path().join(".mozilla/firefox/Crash Reports")).expect("mkdir");
        let found: Vec<String> = discover(home.path()).into_iter().map(|s| s.label).collect();
        assert_eq!(
            found,
            [
                "Chromium, Chrome (~/.pki/nssdb)",
                "Firefox: default-release",
                "Firefox (Snap): default"
            ]
        );
    }
}
