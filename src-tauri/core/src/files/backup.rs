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
pub struct Backup {
    /// What was written (or found already there).
    pub placed: Placed,
    /// The copy opened with the password and holds the same certificates.
    pub opened_with_password: bool,
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
