//! Finding certificate files in the user's folders, by content, newest first.
//!
//! Downloads (whatever its name in the OS language), Desktop, Documents and `.oces`, plus one
//! level of sub-folders. Files are candidates by name (`.p12 .pfx .pem .crt .cer .der .html
//! .htm .txt .key .p7b` or no extension; names can lie, so a DER certificate saved as `.htm` is
//! still found) and by size (not empty, not over [`MAX_FILE_SIZE`]). Each candidate is opened
//! once, without blocking or following a link and with no look at its path before
//! ([`crate::limits::read_listed_file_if`]): its first 4 KiB decide whether it can be a
//! certificate file, and only then is the rest read, from the same handle. The bytes
//! are parsed once, for both "does it hold a certificate" and the preview
//! ([`cert::look_before_password`]).
//!
//! One [`Budget`] covers the run: time, certificates parsed and signatures checked
//! ([`FIND_TIME`], [`FIND_CERTIFICATES`], [`FIND_SIGNATURES`]). Before a file is parsed its
//! certificates are counted without parsing ([`cert::count_certificates`]); a file holding more
//! than [`MAX_PREVIEW_CERTIFICATES`] (a CA bundle, or a hostile file) is confirmed by its first
//! certificate alone and listed without a preview. When the budget is spent the search stops
//! and says so ([`Stopped`], code `find.stopped`), with what it found until then.

use crate::budget::{Budget, Exhausted};
use crate::cert::{self, LoadError, MAX_FILE_SIZE};
use crate::paths::UserFolders;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest one search may take.
pub const FIND_TIME: Duration = Duration::from_secs(10);
/// The most certificates one search may parse (a real folder needs a few dozen).
pub const FIND_CERTIFICATES: u64 = 20_000;
/// The most signatures one search may check.
pub const FIND_SIGNATURES: u64 = 2_000;
/// A file with more certificates than this is listed without a preview (real chains hold
/// three to five; a CA bundle about 150).
pub const MAX_PREVIEW_CERTIFICATES: usize = 256;

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
    Some(preview_of(r))
}

fn preview_of(r: cert::Inspection) -> Preview {
    Preview {
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
    }
}

/// Why a search stopped before it had looked at every file (`find.stopped`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stopped {
    /// Always `find.stopped`.
    pub code: &'static str,
    /// What ran out.
    pub reason: Exhausted,
    /// Candidate files looked at before it stopped.
    pub files_looked_at: usize,
    /// Certificates parsed by then.
    pub certificates_parsed: u64,
    /// Signatures checked by then.
    pub signature_checks: u64,
    /// Milliseconds spent by then.
    pub ms: u64,
}

/// A search's result: the files found (newest first), and why it stopped early, if it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Search {
    /// Certificate files found.
    pub found: Vec<Found>,
    /// Set when the budget ran out before every file was looked at.
    pub stopped: Option<Stopped>,
}

/// The budget of one search ([`FIND_TIME`], [`FIND_CERTIFICATES`], [`FIND_SIGNATURES`]).
pub fn find_budget() -> Budget {
    Budget::new(FIND_TIME, FIND_CERTIFICATES, FIND_SIGNATURES)
}

struct Scan<'b> {
    budget: &'b Budget,
    found: Vec<Found>,
    /// Which file each of `found` is, where the handle told (see [`Identity`]).
    inodes: Vec<Option<(u64, u64)>>,
    looked_at: usize,
    stopped: Option<Exhausted>,
    now: time::OffsetDateTime,
}

impl Scan<'_> {
    fn new(budget: &Budget) -> Scan<'_> {
        Scan {
            budget,
            found: Vec::new(),
            inodes: Vec::new(),
            looked_at: 0,
            stopped: None,
            now: time::OffsetDateTime::now_utc(),
        }
    }

    fn finish(self) -> Search {
        self.finish_with_inodes().0
    }

    /// [`Scan::finish`], and which file each found one is (in the same order).
    fn finish_with_inodes(self) -> (Search, Vec<Option<(u64, u64)>>) {
        let spent = self.budget.spent();
        let search = Search {
            stopped: self.stopped.map(|reason| Stopped {
                code: "find.stopped",
                reason,
                files_looked_at: self.looked_at,
                certificates_parsed: spent.certificates_parsed,
                signature_checks: spent.signature_checks,
                ms: u64::try_from(self.budget.elapsed().as_millis()).unwrap_or(u64::MAX),
            }),
            found: self.found,
        };
        (search, self.inodes)
    }
}

const EXTENSIONS: &[&str] = &[
    "p12", "pfx", "pem", "crt", "cer", "der", "html", "htm", "txt", "key", "p7b",
];

/// Whether a file name is a candidate by its extension (what [`Path::extension`] gives: the
/// part after the last dot, unless that dot starts the name). Read from the name's bytes: a
/// Downloads folder's thousands of entries end here, and a path parse for each is most of the
/// search's own work. A name without an extension, or with one that is not text, is a
/// candidate (the first bytes decide).
fn is_candidate_name(name: &std::ffi::OsStr) -> bool {
    let b = name.as_encoded_bytes();
    match b.iter().rposition(|&c| c == b'.') {
        None | Some(0) => true,
        Some(i) => {
            let ext = &b[i + 1..];
            if ext.is_ascii() {
                // Every listed extension has three or four letters.
                (3..=4).contains(&ext.len())
                    && EXTENSIONS
                        .iter()
                        .any(|x| x.as_bytes().eq_ignore_ascii_case(ext))
            } else {
                // Not ASCII: never a listed extension; a candidate when it is not text.
                std::str::from_utf8(ext).is_err()
            }
        }
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
    // Case-insensitive, on the bytes (the markers are ASCII): no text is made of the prefix.
    let has = |marker: &[u8]| {
        prefix
            .windows(marker.len())
            .any(|w| w.eq_ignore_ascii_case(marker))
    };
    if has(b"<html") || has(b"<!doctype html") || has(b"<body") {
        return Some(Holds::CugHtml);
    }
    if has(b"-----begin ") {
        return Some(Holds::Certificate);
    }
    None
}

/// What a candidate's bytes hold, and its preview: parsed once, within the budget. `Err` when
/// the budget does not allow it (the search stops there).
fn look(
    bytes: &[u8],
    guess: Holds,
    scan: &Scan<'_>,
) -> Result<Option<(Holds, Option<Preview>)>, Exhausted> {
    let n = cert::count_certificates(bytes);
    if n > MAX_PREVIEW_CERTIFICATES {
        // Too many to read them all: the first one confirms, and no preview.
        if scan.budget.certificates_left() == 0 {
            return Err(Exhausted::Certificates);
        }
        return Ok(match guess {
            Holds::Pkcs12 => Some((Holds::Pkcs12, None)),
            _ => cert::first_pem_certificate(bytes).map(|_| (guess, None)),
        });
    }
    // Each certificate is parsed up to three times (read, order, explain: the summary and the
    // chain check share one parse), plus the anchors the chain reaches; 4 keeps a margin.
    let cost = 4 * n as u64 + 20;
    if cost > scan.budget.certificates_left() {
        return Err(Exhausted::Certificates);
    }
    Ok(match cert::look_before_password(bytes, scan.now) {
        Ok((format, explained)) => {
            let holds = match format {
                cert::FileFormat::Pkcs12 => Holds::Pkcs12,
                cert::FileFormat::CugHtml => Holds::CugHtml,
                _ => Holds::Certificate,
            };
            Some((holds, explained.ok().map(preview_of)))
        }
        // Encrypted: the structure was enough.
        Err(_) if guess == Holds::Pkcs12 => Some((Holds::Pkcs12, None)),
        // Protected content inside a page: a certificate is there.
        Err(LoadError::PasswordNeeded | LoadError::WrongPassword) => Some((guess, None)),
        Err(_) => None,
    })
}

/// What the listing says a folder entry is (no look at the path).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Other,
}

/// Lists `dir` and looks at each entry ([`scan_entry`]). On Linux the listing is read into one
/// buffer and each name is borrowed from it (`getdents64` through rustix's `RawDir`): no
/// allocation per entry, where `std::fs::read_dir` makes two (the entry's name and its copy),
/// and most of a 10,000-file Downloads folder's cost was those (`scripts/bench-find.sh`).
#[cfg(target_os = "linux")]
fn scan_dir(dir: &Path, folder: Folder, depth: usize, scan: &mut Scan<'_>) {
    use rustix::fs::{FileType, Mode, OFlags, RawDir};
    use std::os::unix::ffi::OsStrExt;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NONBLOCK;
    let Ok(fd) = rustix::fs::open(dir, flags, Mode::empty()) else {
        return;
    };
    // Room for many entries per call; one entry needs at most 280 bytes.
    let mut buf = Vec::with_capacity(32 * 1024);
    let mut entries = RawDir::new(&fd, buf.spare_capacity_mut());
    while let Some(Ok(e)) = entries.next() {
        let name = std::ffi::OsStr::from_bytes(e.file_name().to_bytes());
        if name == "." || name == ".." {
            continue;
        }
        let kind = match e.file_type() {
            FileType::Directory => Kind::Dir,
            FileType::RegularFile => Kind::File,
            // A file system that does not say: asked of the entry itself, not followed.
            FileType::Unknown => match std::fs::symlink_metadata(dir.join(name)) {
                Ok(m) if m.is_dir() => Kind::Dir,
                Ok(m) if m.is_file() => Kind::File,
                Ok(_) => Kind::Other,
                Err(_) => continue,
            },
            _ => Kind::Other,
        };
        if !scan_entry(Listed { dir, fd: &fd }, name, kind, folder, depth, scan) {
            return;
        }
    }
}

/// The folder an entry was listed in: its path, and on Linux the handle it was listed from
/// (a candidate is opened by its name in it).
#[derive(Clone, Copy)]
struct Listed<'a> {
    dir: &'a Path,
    #[cfg(target_os = "linux")]
    fd: &'a rustix::fd::OwnedFd,
}

/// Lists `dir` and looks at each entry ([`scan_entry`]).
#[cfg(not(target_os = "linux"))]
fn scan_dir(dir: &Path, folder: Folder, depth: usize, scan: &mut Scan<'_>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let kind = if ft.is_dir() {
            Kind::Dir
        } else if ft.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        if !scan_entry(Listed { dir }, &e.file_name(), kind, folder, depth, scan) {
            return;
        }
    }
}

/// One entry of a listed folder: a folder is walked (one level down), a file whose name makes
/// it a candidate is opened and looked at. False when the search stops.
fn scan_entry(
    listed: Listed<'_>,
    file_name: &std::ffi::OsStr,
    kind: Kind,
    folder: Folder,
    depth: usize,
    scan: &mut Scan<'_>,
) -> bool {
    if scan.stopped.is_some() {
        return false;
    }
    let dir = listed.dir;
    if kind == Kind::Dir {
        // One level down, skipping hidden folders and our archive, by any of its names
        // (beside .oces, and inside it as earlier versions made it).
        let name = file_name.to_string_lossy();
        if depth > 0
            && !name.starts_with('.')
            && !super::archive::FOLDER_NAMES.contains(&name.as_ref())
            && !super::archive::ARCHIVE_NAMES.contains(&name.as_ref())
        {
            scan_dir(&dir.join(file_name), folder, depth - 1, scan);
        }
        return true;
    }
    // Most entries of a Downloads folder end here: judged by the bare name, before any
    // path is built or text made of it.
    if kind != Kind::File || !is_candidate_name(file_name) {
        return true;
    }
    // Our own temporary files (an ASCII prefix: the same answer on the bytes as on the text).
    if file_name
        .as_encoded_bytes()
        .starts_with(super::place::TEMP_PREFIX.as_bytes())
    {
        return true;
    }
    if let Some(why) = scan.budget.exhausted() {
        scan.stopped = Some(why);
        return false;
    }
    scan.looked_at += 1;
    // Empty or too large: passed over on the size alone; otherwise the first bytes decide.
    let mut guess = None;
    // The listing said "regular file": opened without a look at the path first, and
    // without following a link put in its place ([`crate::limits::read_listed_file_if`]).
    let sniff = |prefix: &[u8]| {
        guess = sniff_prefix(prefix);
        guess.is_some()
    };
    #[cfg(target_os = "linux")]
    let read = crate::limits::read_listed_file_at(listed.fd, file_name, MAX_FILE_SIZE, 4096, sniff);
    #[cfg(not(target_os = "linux"))]
    let read = crate::limits::read_listed_file_if(&dir.join(file_name), MAX_FILE_SIZE, 4096, sniff)
        .map(|(meta, bytes)| bytes.map(|b| (meta, b)));
    let (Ok(Some((meta, bytes))), Some(guess)) = (read, guess) else {
        return true;
    };
    // Path and name are made only for a file that may be listed.
    let path = dir.join(file_name);
    let name = file_name.to_string_lossy().into_owned();
    let (holds, certificate) = match look(&bytes, guess, scan) {
        Ok(Some(looked)) => looked,
        Ok(None) => return true,
        Err(why) => {
            scan.stopped = Some(why);
            return false;
        }
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    #[cfg(unix)]
    scan.inodes.push({
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    });
    #[cfg(not(unix))]
    scan.inodes.push(None);
    scan.found.push(Found {
        path_raw: raw_path(&path),
        // The name as shown (lists, the window); `path` stays exact for opening.
        name: crate::text::plain(&name).into_owned(),
        path,
        folder,
        modified,
        size: meta.len(),
        certificate,
        holds,
    });
    true
}

/// Certificate files in the user's folders, newest first (the same file found twice, e.g.
/// when Documents is the home folder, is listed once).
pub fn find_certificates(folders: &UserFolders) -> Vec<Found> {
    search_folders(folders, &find_budget()).found
}

/// [`find_certificates`] within `budget`, saying whether it stopped early.
pub fn search_folders(folders: &UserFolders, budget: &Budget) -> Search {
    let mut scan = Scan::new(budget);
    let places = [
        (folders.downloads.as_ref(), Folder::Downloads),
        (folders.desktop.as_ref(), Folder::Desktop),
        (folders.documents.as_ref(), Folder::Documents),
    ];
    for (dir, folder) in places {
        if let Some(d) = dir {
            scan_dir(d, folder, 1, &mut scan);
        }
    }
    scan_dir(&folders.oces_dir(), Folder::Oces, 0, &mut scan);
    let (mut out, inodes) = scan.finish_with_inodes();
    let mut found: Vec<(Found, Option<(u64, u64)>)> = std::mem::take(&mut out.found)
        .into_iter()
        .zip(inodes)
        .collect();
    found.sort_by(|(a, _), (b, _)| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
    let mut seen = std::collections::HashSet::new();
    out.found = found
        .into_iter()
        .filter(|(f, inode)| seen.insert(Identity::of(f, *inode)))
        .map(|(f, _)| f)
        .collect();
    out
}

/// Which file a found one is, so that a file two folders reach (Documents set to the home
/// folder, which holds Downloads) is listed once. On Unix its device and inode, from the
/// handle it was read through (no system call; a hard link is the same file too); elsewhere
/// its canonical path (one look at each folder of it, per file found).
#[derive(PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

impl Identity {
    fn of(f: &Found, inode: Option<(u64, u64)>) -> Identity {
        match inode {
            Some((dev, ino)) => Identity::Inode(dev, ino),
            None => Identity::Path(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())),
        }
    }
}

/// Certificate files in one folder the user picked (browse), newest first.
pub fn find_in(dir: &Path) -> Vec<Found> {
    search_in(dir, &find_budget()).found
}

/// [`find_in`] within `budget`, saying whether it stopped early.
pub fn search_in(dir: &Path, budget: &Budget) -> Search {
    let mut scan = Scan::new(budget);
    scan_dir(dir, Folder::Downloads, 0, &mut scan);
    let mut out = scan.finish();
    out.found.sort_by_key(|f| std::cmp::Reverse(f.modified));
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
        assert_eq!(sniff_prefix(b"\xff\xfe<HTML>"), Some(Holds::CugHtml));
        assert_eq!(sniff_prefix(b"<BoDy>"), Some(Holds::CugHtml));
        assert_eq!(sniff_prefix(b"x -----BEGIN CERT"), Some(Holds::Certificate));
        assert_eq!(sniff_prefix(b"-----BEGIN"), None);
        assert_eq!(sniff_prefix(b""), None);
        let pfx = [
            0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xc0, 0x06, 0x09, 0x2a,
            0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
        ];
        assert_eq!(sniff_prefix(&pfx), Some(Holds::Pkcs12));
        let name = |n: &str| is_candidate_name(std::ffi::OsStr::new(n));
        assert!(name("John Smith.HTML"));
        assert!(name("certificate"));
        assert!(name(".p12"));
        assert!(name("cert.backup.PFX"));
        assert!(!name("holiday.jpg"));
        assert!(!name("cert.p12.jpg"));
        assert!(!name("cert."));
        // The same answer as the path's own extension, for every kind of name.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let raw = |b: &[u8]| is_candidate_name(std::ffi::OsStr::from_bytes(b));
            assert!(
                raw(b"cert.\xff\xfe"),
                "an extension that is not text: the bytes decide"
            );
            assert!(!raw(b"cert.\xc3\xb8"), "a text extension not in the list");
        }
        for n in [
            "a.p12", ".hidden", "x.tar.gz", "no-ext", "a.b.", "..p12", "a..pem", ".a.pem", "a.ø",
            "a.PEM", "a.Key", "a.jpeg", "a.pe", "a.p7bx", "a.HTM",
        ] {
            let by_path = match Path::new(n).extension() {
                None => true,
                Some(e) => EXTENSIONS
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(&e.to_string_lossy())),
            };
            assert_eq!(name(n), by_path, "{n}");
        }
    }
}
