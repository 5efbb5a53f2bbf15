//! The backup copy (CUG-7): a verified copy in a place the user picks, checked byte for byte
//! and by opening it with the password. The place (never the password) is what is remembered.

use super::place::{place, Mode, Placed};
use super::FileError;
use crate::cert::{self, LoadError};
use crate::error::{Coded, ErrorCode};
use crate::secret::Password;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Why a backup failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    /// Copying failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The original itself does not open with this password.
    #[error(transparent)]
    Source(#[from] LoadError),
}

impl Coded for BackupError {
    fn code(&self) -> ErrorCode {
        match self {
            BackupError::File(e) => e.code(),
            BackupError::Source(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        match self {
            BackupError::File(e) => e.params(),
            BackupError::Source(e) => e.params(),
        }
    }
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Backup {
    /// What was written (or found already there).
    pub placed: Placed,
    /// The copy opened with the password and holds the same certificates.
    pub opened_with_password: bool,
    /// The copy was checked by SHA-256 against the original instead of by opening it (a CUG
    /// file the reader does not understand, see [`super::unreadable`]).
    #[serde(default)]
    pub verified_by_hash: bool,
}

/// Copy `src` into `dir` and prove the copy is usable.
pub fn backup(src: &Path, dir: &Path, password: Option<&Password>) -> Result<Backup, BackupError> {
    let original = cert::open_file(src, password)?;
    let placed = place(src, dir, None, Mode::Copy)?;
    let reopened = cert::open_file(placed.path(), password);
    match reopened {
        Ok(copy) if copy.certificates == original.certificates => Ok(Backup {
            placed,
            opened_with_password: password.is_some(),
            verified_by_hash: false,
        }),
        _ => {
            // Only a copy we wrote ourselves is removed again.
            if let Placed::Placed { path, .. } = &placed {
                let _ = std::fs::remove_file(path);
            }
            Err(FileError::VerifyFailed {
                file: src.to_path_buf(),
            }
            .into())
        }
    }
}

/// Copy `src` into `dir` as it is, and prove the copy is the same file: its SHA-256 must equal
/// `expected` (the hash taken when the file was chosen). For a file the reader cannot open.
pub fn backup_as_is(src: &Path, dir: &Path, expected: &str) -> Result<Backup, BackupError> {
    let hash_of = |p: &Path| -> Result<String, FileError> {
        use crate::limits::ReadError;
        let bytes = crate::limits::read_file(p, cert::MAX_FILE_SIZE).map_err(|e| match e {
            ReadError::Io(e) => super::read_error(p, e),
            ReadError::NotAFile | ReadError::TooLarge { .. } => FileError::VerifyFailed {
                file: p.to_path_buf(),
            },
        })?;
        Ok(super::sha256_hex(&bytes))
    };
    if hash_of(src)? != expected {
        // The file changed since it was chosen: do not back up something else.
        return Err(FileError::VerifyFailed {
            file: src.to_path_buf(),
        }
        .into());
    }
    let placed = place(src, dir, None, Mode::Copy)?;
    if hash_of(placed.path()).ok().as_deref() == Some(expected) {
        return Ok(Backup {
            placed,
            opened_with_password: false,
            verified_by_hash: true,
        });
    }
    if let Placed::Placed { path, .. } = &placed {
        let _ = std::fs::remove_file(path);
    }
    Err(FileError::VerifyFailed {
        file: src.to_path_buf(),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_read_is_backed_up_as_it_is_and_checked_by_hash() {
        let d = tempfile::tempdir().expect("tempdir");
        let src = d.path().join("John Smith.html");
        std::fs::write(&src, "<html><body>not understood</body></html>").expect("write");
        let hash = super::super::sha256_hex(&std::fs::read(&src).expect("read"));
        let usb = d.path().join("usb");
        std::fs::create_dir(&usb).expect("dir");
        let b = backup_as_is(&src, &usb, &hash).expect("backed up");
        assert!(b.verified_by_hash && !b.opened_with_password);
        assert_eq!(
            std::fs::read(b.placed.path()).expect("copy"),
            std::fs::read(&src).expect("original")
        );
        // Changed since it was chosen: refused, nothing new written.
        std::fs::write(&src, "<html>changed</html>").expect("write");
        let other = d.path().join("other");
        std::fs::create_dir(&other).expect("dir");
        assert!(backup_as_is(&src, &other, &hash).is_err());
        assert_eq!(std::fs::read_dir(&other).expect("list").count(), 0);
    }
}
