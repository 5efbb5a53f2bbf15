//! Old certificates in `.oces` (CUG-9): list them, move the chosen ones to a dated folder in
//! the archive folder beside `.oces` (never delete), and move them back on request (undo).
//!
//! The archive lies outside `.oces`, beside it in the user's folder (`OCES-arkiv`), so an
//! archived certificate is surely gone from DKMAnet's login box, which shows the files in
//! `.oces`; the guide does not say whether it also shows those in folders inside it. Each file
//! is moved as a verified copy first: the original goes only once the copy reads back the
//! same ([`super::place`], `Mode::Move`), so nothing is lost on the way.
//!
//! The archive folder's name follows the language when it is first made: `OCES-arkiv` for a
//! Danish user, `OCES-archive` for an English one, and the dated folder inside it is written
//! the same way ("6. december 2026" / "2026-12-06"). Once one exists it is used whatever the
//! language, so a language switch never leaves two archives. Earlier versions archived inside
//! `.oces` (`arkiv`, `archive`): those folders are left as they are, their records can still
//! be undone, and the search still skips them.

use super::place::{place, Mode, Placed};
use super::FileError;
use crate::cert;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A file in `.oces`, with what could be read without its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OcesEntry {
    /// The file.
    pub path: PathBuf,
    /// Its name.
    pub name: String,
    /// Holder (common name), when readable without a password.
    pub holder: Option<String>,
    /// End of validity (RFC 3339), when readable.
    pub not_after: Option<String>,
    /// Expired as of `now` (when readable).
    pub expired: bool,
    /// Same holder as the current certificate and older: replaced by it.
    pub replaced: bool,
    /// This is the current certificate (same content).
    pub current: bool,
    /// Protected by a password, so its details are not known.
    pub protected: bool,
    /// Its RID (DKMAnet), when readable.
    pub rid: Option<String>,
}

/// One archiving, kept so it can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArchiveRecord {
    /// The dated folder inside the archive folder beside `.oces` ([`archive_dir`]).
    pub folder: PathBuf,
    /// Each file: where it was, where it is now.
    pub moved: Vec<(PathBuf, PathBuf)>,
    /// What each moved file held, in the order of `moved`, to name it on the screen (empty in
    /// a record saved by an earlier version).
    #[serde(default)]
    pub certificates: Vec<ArchivedCertificate>,
    /// Files an earlier version had archived inside `.oces` (`.oces/arkiv/<date>/…`), moved
    /// to the archive folder beside it with their dated folders: where each was, where it is
    /// now ([`move_earlier_archives`]).
    #[serde(default)]
    pub earlier: Vec<(PathBuf, PathBuf)>,
}

/// A moved certificate as the screen names it. Every text is attacker-controlled (a file name,
/// a certificate's subject): control and direction characters are escaped here
/// ([`crate::text::plain`]), and the window shows them as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArchivedCertificate {
    /// The file's name.
    pub name: String,
    /// The holder (common name), when readable without a password.
    pub holder: Option<String>,
    /// End of validity (RFC 3339), when readable.
    pub not_after: Option<String>,
}

impl ArchivedCertificate {
    /// What `bytes` (the file `name`) hold, as far as they open without a password.
    fn of(name: &str, bytes: &[u8], now: time::OffsetDateTime) -> ArchivedCertificate {
        let read = cert::open_bytes(bytes, None)
            .and_then(|o| cert::inspect(&o, now))
            .ok();
        ArchivedCertificate {
            name: crate::text::plain(name).into_owned(),
            holder: read
                .as_ref()
                .and_then(|r| r.certificate.common_name.as_deref())
                .map(|h| crate::text::plain(h).into_owned()),
            not_after: read.map(|r| r.certificate.not_after),
        }
    }
}

/// What the current certificate is, to compare the others with.
#[derive(Debug, Clone, Default)]
pub struct Current {
    /// Its path in `.oces` (if placed).
    pub path: Option<PathBuf>,
    /// Its holder.
    pub holder: Option<String>,
    /// Its end of validity (RFC 3339).
    pub not_after: Option<String>,
}

/// The certificate files directly in `.oces`.
pub fn list_oces(oces: &Path, current: &Current, now: time::OffsetDateTime) -> Vec<OcesEntry> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(oces) else {
        return out;
    };
    let current_sha = current
        .path
        .as_ref()
        .and_then(|p| crate::limits::read_file(p, cert::MAX_FILE_SIZE).ok())
        .map(|b| super::sha256_hex(&b));
    for e in entries.flatten() {
        let path = e.path();
        if !path.is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let bytes = match crate::limits::read_file(&path, cert::MAX_FILE_SIZE) {
            Ok(b) if !b.is_empty() => b,
            _ => continue,
        };
        let is_current = current_sha.as_deref() == Some(super::sha256_hex(&bytes).as_str());
        let (holder, not_after, expired, protected, rid) =
            match cert::open_bytes(&bytes, None).and_then(|o| cert::inspect(&o, now)) {
                Ok(r) => (
                    r.certificate.common_name.clone(),
                    Some(r.certificate.not_after.clone()),
                    r.findings.iter().any(|f| f.code == "cert.expired"),
                    false,
                    r.oces
                        .id
                        .clone()
                        .filter(|_| r.oces.id_type.as_deref() == Some("RID")),
                ),
                Err(cert::LoadError::PasswordNeeded | cert::LoadError::WrongPassword) => {
                    (None, None, false, true, None)
                }
                Err(_) => continue, // not a certificate file: not ours to archive
            };
        let replaced = !is_current
            && holder.is_some()
            && holder == current.holder
            && match (&not_after, &current.not_after) {
                (Some(a), Some(b)) => a < b,
                _ => false,
            };
        out.push(OcesEntry {
            path,
            name,
            holder,
            not_after,
            expired,
            replaced,
            current: is_current,
            protected,
            rid,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The names of the archive folder inside `.oces` that earlier versions made: Danish, then
/// English. No longer made; never searched for certificates ([`super::find`]).
pub const FOLDER_NAMES: [&str; 2] = ["arkiv", "archive"];

/// The names of the archive folder beside `.oces`: Danish, then English. Never searched for
/// certificates either.
pub const ARCHIVE_NAMES: [&str; 2] = ["OCES-arkiv", "OCES-archive"];

/// The archive folder beside `oces` (in the same folder, the user's folder): one that exists
/// already (the current language's name first, so a folder of each is not joined by a third),
/// else the name of `lang`.
pub fn archive_dir(oces: &Path, lang: Lang) -> PathBuf {
    let own = match lang {
        Lang::Da => ARCHIVE_NAMES[0],
        Lang::En => ARCHIVE_NAMES[1],
    };
    let beside = oces.parent().unwrap_or(Path::new("."));
    std::iter::once(own)
        .chain(ARCHIVE_NAMES)
        .map(|n| beside.join(n))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| beside.join(own))
}

/// The dated folder's name for `date`, the way `lang` writes a date: "6. december 2026" in
/// Danish (no ISO date on a Danish screen), "2026-12-06" in English, as before.
pub fn dated_name(date: time::Date, lang: Lang) -> String {
    match lang {
        Lang::Da => crate::i18n::date_only(date, Lang::Da),
        Lang::En => date.to_string(),
    }
}

/// Move the chosen files out of `oces` into the dated folder `<archive folder>/<date>/` beside
/// it (verified moves: each original goes only after its copy reads back the same). Stops at
/// the first failure; what was moved before it is in the record, so it can be undone (boxed
/// with the error: a record with its paths is large, on Windows most of all).
pub fn archive(
    oces: &Path,
    files: &[PathBuf],
    date: time::Date,
    lang: Lang,
) -> Result<ArchiveRecord, Box<(ArchiveRecord, FileError)>> {
    let folder = archive_dir(oces, lang).join(dated_name(date, lang));
    let now = time::OffsetDateTime::now_utc();
    let mut record = ArchiveRecord {
        folder: folder.clone(),
        moved: Vec::new(),
        certificates: Vec::new(),
        earlier: Vec::new(),
    };
    if let Err(e) = move_earlier_archives(oces, &archive_dir(oces, lang), &mut record.earlier) {
        return Err(Box::new((record, e)));
    }
    for f in files {
        if f.parent() != Some(oces) {
            let e = FileError::SourceMissing { file: f.clone() };
            return Err(Box::new((record, e)));
        }
        let target_name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // What it holds, read before it moves (the same capped read the list uses).
        let held = crate::limits::read_file(f, cert::MAX_FILE_SIZE)
            .map(|b| ArchivedCertificate::of(&target_name, &b, now))
            .unwrap_or_else(|_| ArchivedCertificate {
                name: crate::text::plain(&target_name).into_owned(),
                holder: None,
                not_after: None,
            });
        let name = if folder.join(&target_name).exists() {
            super::place::free_name(&folder, &target_name)
        } else {
            target_name
        };
        match place(f, &folder, Some(&name), Mode::Move) {
            Ok(Placed::Placed { path, .. }) => {
                record.moved.push((f.clone(), path));
                record.certificates.push(held);
            }
            Ok(Placed::AlreadyInPlace { .. }) => {} // cannot happen: the name was free
            Err(e) => return Err(Box::new((record, e))),
        }
    }
    Ok(record)
}

/// How deep [`move_earlier_archives`] goes below an old archive folder (its dated folders
/// hold the files; earlier versions made nothing deeper).
const EARLIER_DEPTH: usize = 3;

/// How many entries [`move_earlier_archives`] looks at in all: an old archive is a handful of
/// certificates, and a folder that is not one is not walked without end.
const EARLIER_ENTRIES: usize = 2_000;

/// Move what earlier versions archived inside `oces` (`arkiv` or `archive`, with the dated
/// folders in them) to `archive`, the archive folder beside it, keeping each file's dated
/// folder. Each file is a verified move: the original goes only after its copy reads back the
/// same; a name already taken in the target gets a free one. Folders emptied by it go; the
/// first failure stops it, and what was not moved stays where it was. Symbolic links and
/// other special files are left alone, and names that are not valid Unicode too. Each move
/// is added to `moved` as it happens, so a stop still leaves a full record.
pub fn move_earlier_archives(
    oces: &Path,
    archive: &Path,
    moved: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), FileError> {
    let mut budget = EARLIER_ENTRIES;
    for name in FOLDER_NAMES {
        let old = oces.join(name);
        // Not followed when it is a link: only a real folder inside .oces is an old archive.
        if !std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        move_tree(&old, archive, 0, &mut budget, moved)?;
        let _ = std::fs::remove_dir(&old);
    }
    Ok(())
}

fn move_tree(
    from: &Path,
    to: &Path,
    depth: usize,
    budget: &mut usize,
    moved: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), FileError> {
    let Ok(dir) = std::fs::read_dir(from) else {
        return Ok(());
    };
    let mut entries: Vec<_> = dir.flatten().take(*budget).collect();
    *budget -= entries.len();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Ok(kind) = e.file_type() else { continue };
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let path = e.path();
        if kind.is_dir() && depth < EARLIER_DEPTH {
            move_tree(&path, &to.join(&name), depth + 1, budget, moved)?;
            let _ = std::fs::remove_dir(&path);
        } else if kind.is_file() {
            let free = if to.join(&name).exists() {
                super::place::free_name(to, &name)
            } else {
                name
            };
            if let Placed::Placed { path: now, .. } = place(&path, to, Some(&free), Mode::Move)? {
                moved.push((path, now));
            }
        }
    }
    Ok(())
}

/// One archived file back under its original name and folder (a verified move).
fn put_back(original: &Path, archived: &Path) -> Result<(), FileError> {
    let dir = original.parent().unwrap_or(Path::new("."));
    let name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    place(archived, dir, Some(&name), Mode::Move).map(|_| ())
}

/// Move archived files back where they were (verified moves).
pub fn undo(record: &ArchiveRecord) -> Result<(), FileError> {
    // What came from an earlier version's archive inside .oces goes back there too.
    for (original, archived) in record.earlier.iter().rev() {
        put_back(original, archived)?;
        let _ = std::fs::remove_dir(archived.parent().unwrap_or(Path::new(".")));
    }
    for (original, archived) in &record.moved {
        put_back(original, archived)?;
    }
    // Only if empty: the dated folder, then the archive folder it is in.
    let _ = std::fs::remove_dir(&record.folder);
    if let Some(archive) = record.folder.parent().filter(|a| {
        a.file_name()
            .is_some_and(|n| ARCHIVE_NAMES.iter().chain(&FOLDER_NAMES).any(|k| n == *k))
    }) {
        let _ = std::fs::remove_dir(archive);
    }
    Ok(())
}
