//! Old certificates in `.oces` (CUG-9): list them, move the chosen ones to a dated folder in
//! the archive folder in `.oces` (never delete), and move them back on request (undo).
//!
//! The archive folder's name follows the language when it is first made: `arkiv` for a Danish
//! user, `archive` for an English one, and the dated folder inside it is written the same way
//! ("6. december 2026" / "2026-12-06"). Once one exists it is used whatever the language, so
//! a language switch never leaves two archives, and the `archive` folder made by earlier
//! versions (all of them named it so) is still the one used and still skipped by the search.

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
    /// The dated folder inside the archive folder in `.oces` ([`archive_dir`]).
    pub folder: PathBuf,
    /// Each file: where it was, where it is now.
    pub moved: Vec<(PathBuf, PathBuf)>,
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

/// The names the archive folder in `.oces` has had: Danish, then English (the only name before
/// the Danish one). Never searched for certificates ([`super::find`]).
pub const FOLDER_NAMES: [&str; 2] = ["arkiv", "archive"];

/// The archive folder in `oces`: one that exists already (the current language's name first,
/// so a folder of each is not joined by a third), else the name of `lang`.
pub fn archive_dir(oces: &Path, lang: Lang) -> PathBuf {
    let own = match lang {
        Lang::Da => FOLDER_NAMES[0],
        Lang::En => FOLDER_NAMES[1],
    };
    std::iter::once(own)
        .chain(FOLDER_NAMES)
        .map(|n| oces.join(n))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| oces.join(own))
}

/// The dated folder's name for `date`, the way `lang` writes a date: "6. december 2026" in
/// Danish (no ISO date on a Danish screen), "2026-12-06" in English, as before.
pub fn dated_name(date: time::Date, lang: Lang) -> String {
    match lang {
        Lang::Da => crate::i18n::date_only(date, Lang::Da),
        Lang::En => date.to_string(),
    }
}

/// Move the chosen files into the dated folder `<archive folder>/<date>/` of `oces` (verified
/// moves). Stops at the first failure; what was moved before it is in the record, so it can be
/// undone.
pub fn archive(
    oces: &Path,
    files: &[PathBuf],
    date: time::Date,
    lang: Lang,
) -> Result<ArchiveRecord, (ArchiveRecord, FileError)> {
    let folder = archive_dir(oces, lang).join(dated_name(date, lang));
    let mut record = ArchiveRecord {
        folder: folder.clone(),
        moved: Vec::new(),
    };
    for f in files {
        if f.parent() != Some(oces) {
            let e = FileError::SourceMissing { file: f.clone() };
            return Err((record, e));
        }
        let target_name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = if folder.join(&target_name).exists() {
            super::place::free_name(&folder, &target_name)
        } else {
            target_name
        };
        match place(f, &folder, Some(&name), Mode::Move) {
            Ok(Placed::Placed { path, .. }) => record.moved.push((f.clone(), path)),
            Ok(Placed::AlreadyInPlace { .. }) => {} // cannot happen: the name was free
            Err(e) => return Err((record, e)),
        }
    }
    Ok(record)
}

/// Move archived files back where they were (verified moves).
pub fn undo(record: &ArchiveRecord) -> Result<(), FileError> {
    for (original, archived) in &record.moved {
        let dir = original.parent().unwrap_or(Path::new("."));
        let name = original
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        place(archived, dir, Some(&name), Mode::Move)?;
    }
    let _ = std::fs::remove_dir(&record.folder); // only if empty
    Ok(())
}
