//! Finding certificate files in the user's folders, by content, newest first.
//!
//! Downloads (whatever its name in the OS language), Desktop, Documents and `.oces`, plus one
//! level of sub-folders. Files are candidates by name (`.p12 .pfx .pem .crt .cer .der .html
//! .htm .txt .key .p7b` or no extension; names can lie, so a DER certificate saved as `.htm` is
//! still found) and by size (not empty, not over [`MAX_FILE_SIZE`]). For each candidate only
//! the first 4 KiB are read to sniff it; HTML pages and DER/PEM files are then opened to see
//! whether they really hold a certificate. Everything else is passed over without being read.

use crate::cert::{self, LoadError, MAX_FILE_SIZE};
use crate::paths::UserFolders;
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

fn path_as_text<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

/// The exact form of a path that is not valid Unicode (see [`Found::path_raw`]).
pub fn raw_path(p: &Path) -> Option<String> {
    if p.to_str().is_some() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(
            p.as_os_str()
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        Some(
            p.as_os_str()
                .encode_wide()
                .map(|u| format!("{u:04x}"))
                .collect(),
        )
    }
    #[cfg(not(any(unix, windows)))]
    {
        None
    }
}

/// Where a file was found.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Folder {
    /// Downloads.
    Downloads,
    /// Desktop.
    Desktop,
    /// Documents.
    Documents,
    /// `~/.oces`.
    Oces,
}

/// What a found file holds (before any password).
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Holds {
    /// A PKCS#12 file (certificate and, usually, key; password-protected).
    Pkcs12,
    /// One or more certificates (PEM or DER), no key.
    Certificate,
    /// A web page with a certificate inside (DKMA CUG).
    CugHtml,
}

/// A file that holds a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Found {
    /// Full path, as text. A path that is not valid Unicode (possible on Linux and Windows)
    /// shows U+FFFD where it is not; [`Found::path_raw`] then holds it exactly.
    #[serde(serialize_with = "path_as_text")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub path: PathBuf,
    /// Only for a path that is not valid Unicode: its exact bytes (Unix) or UTF-16 code units
    /// (Windows, four hex digits each), in lower-case hex. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_raw: Option<String>,
    /// File name as shown: control and bidi characters made visible ([`crate::text`]);
    /// [`Found::path`] is exact, for opening.
    pub name: String,
    /// Which folder.
    pub folder: Folder,
    /// Last change, seconds since 1970.
    pub modified: i64,
    /// Size in bytes.
    pub size: u64,
    /// What it holds.
    pub holds: Holds,
    /// Which certificate it holds, as far as can be read before any password; None when the
    /// certificates are encrypted too (the password is needed to see them).
    pub certificate: Option<Preview>,
}

/// Which certificate a found file holds, read before the password (not yet checked for a
/// PKCS#12 file: the password confirms it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Preview {
    /// Holder (subject common name).
    pub common_name: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// CVR number.
    pub cvr: Option<String>,
    /// RID/UID/FID/PID or UUID.
    pub id: Option<String>,
    /// Employee, organisation, system, personal.
    pub kind: Option<crate::cert::identify::Kind>,
    /// OCES generation (from the anchor when the chain is verified).
    pub generation: crate::cert::identify::Generation,
    /// Test or production, from the anchor; unknown unless the chain is verified.
    pub environment: crate::cert::identify::Environment,
    /// The chain check's verdict.
    pub trust: crate::cert::trust::TrustStatus,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// Read before the password: not yet checked.
    pub before_password: bool,
}

/// What can be told about a found file's certificate without its password.
pub fn preview(path: &Path) -> Option<Preview> {
    let r = cert::inspect_before_password(path, time::OffsetDateTime::now_utc()).ok()?;
    Some(Preview {
        common_name: r.certificate.common_name,
        organisation: r.certificate.organisation,
        cvr: r.oces.cvr,
        id: r.oces.id,
        kind: r.oces.kind,
        generation: r.oces.generation,
        environment: r.oces.environment,
        trust: r.trust.status,
        not_after: r.certificate.not_after,
        before_password: r.before_password,
    })
}

const EXTENSIONS: &[&str] = &[
    "p12", "pfx", "pem", "crt", "cer", "der", "html", "htm", "txt", "key", "p7b",
];

fn is_candidate_name(p: &Path) -> bool {
    match p.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(e) => EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)),
    }
}

/// What the first bytes of a file suggest.
fn sniff_prefix(prefix: &[u8]) -> Option<Holds> {
    const P7_OID: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
    if prefix.first() == Some(&0x30) {
        let head = &prefix[..prefix.len().min(40)];
        if cert::pkcs12::starts_like_pfx(head) && head.windows(P7_OID.len()).any(|w| w == P7_OID) {
            return Some(Holds::Pkcs12);
        }
        return Some(Holds::Certificate); // maybe DER: confirmed by opening
    }
    let text = String::from_utf8_lossy(prefix).to_ascii_lowercase();
    if text.contains("<html") || text.contains("<!doctype html") || text.contains("<body") {
        return Some(Holds::CugHtml);
    }
    if text.contains("-----begin ") {
        return Some(Holds::Certificate);
    }
    None
}

/// Open a suggested file to see whether it really holds a certificate.
fn confirm(path: &Path, guess: Holds) -> Option<Holds> {
    if guess == Holds::Pkcs12 {
        return Some(Holds::Pkcs12); // encrypted: the structure was enough
    }
    match cert::open_file(path, None) {
        Ok(o) => Some(match o.format {
            cert::FileFormat::Pkcs12 => Holds::Pkcs12,
            cert::FileFormat::CugHtml => Holds::CugHtml,
            _ => Holds::Certificate,
        }),
        // Protected content inside a page: a certificate is there.
        Err(LoadError::PasswordNeeded | LoadError::WrongPassword) => Some(guess),
        Err(_) => None,
    }
}

fn scan_dir(dir: &Path, folder: Folder, depth: usize, out: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        // The name as shown (lists, the window); `path` stays exact for opening.
        let shown_name = crate::text::plain(&name).into_owned();
        if ft.is_dir() {
            // One level down, skipping hidden folders (and our archive inside .oces).
            if depth > 0 && !name.starts_with('.') && name != "archive" {
                scan_dir(&path, folder, depth - 1, out);
            }
            continue;
        }
        if !ft.is_file() || name.starts_with(super::place::TEMP_PREFIX) || !is_candidate_name(&path)
        {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if meta.len() == 0 || meta.len() > MAX_FILE_SIZE {
            continue;
        }
        let mut prefix = [0u8; 4096];
        let n = match std::fs::File::open(&path).and_then(|mut f| f.read(&mut prefix)) {
            Ok(n) => n,
            Err(_) => continue,
        };
        let Some(guess) = sniff_prefix(&prefix[..n]) else {
            continue;
        };
        let Some(holds) = confirm(&path, guess) else {
            continue;
        };
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let certificate = preview(&path);
        out.push(Found {
            path_raw: raw_path(&path),
            path,
            name: shown_name,
            folder,
            modified,
            size: meta.len(),
            certificate,
            holds,
        });
    }
}

/// Certificate files in the user's folders, newest first (the same file found twice, e.g.
/// when Documents is the home folder, is listed once).
pub fn find_certificates(folders: &UserFolders) -> Vec<Found> {
    let mut out = Vec::new();
    let places = [
        (folders.downloads.as_ref(), Folder::Downloads),
        (folders.desktop.as_ref(), Folder::Desktop),
        (folders.documents.as_ref(), Folder::Documents),
    ];
    for (dir, folder) in places {
        if let Some(d) = dir {
            scan_dir(d, folder, 1, &mut out);
        }
    }
    scan_dir(&folders.oces_dir(), Folder::Oces, 0, &mut out);
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));
    out
}

/// Certificate files in one folder the user picked (browse), newest first.
pub fn find_in(dir: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    scan_dir(dir, Folder::Downloads, 0, &mut out);
    out.sort_by_key(|f| std::cmp::Reverse(f.modified));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(sniff_prefix(b"<!DOCTYPE html><html>"), Some(Holds::CugHtml));
        assert_eq!(
            sniff_prefix(b"junk\n-----BEGIN CERTIFICATE-----"),
            Some(Holds::Certificate)
        );
        assert_eq!(sniff_prefix(b"%PDF-1.7"), None);
        let pfx = [
            0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xc0, 0x06, 0x09, 0x2a,
            0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
        ];
        assert_eq!(sniff_prefix(&pfx), Some(Holds::Pkcs12));
        assert!(is_candidate_name(Path::new("a/John Smith.HTML")));
        assert!(is_candidate_name(Path::new("a/certificate")));
        assert!(!is_candidate_name(Path::new("a/holiday.jpg")));
    }
}
