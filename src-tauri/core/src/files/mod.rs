//! The user's certificate files on disk: find them, place them in `.oces`, back them up and
//! archive old ones, without ever losing one.
//!
//! Rules that every function here keeps:
//! - a file the user has is never overwritten: an existing name is "already in place" (same
//!   SHA-256) or "name taken" with a free name suggested;
//! - a copy is written to a temporary file beside the target, flushed, read back and compared
//!   by SHA-256, and only then given its name (a rename that refuses to replace anything);
//! - a move is a verified copy first; the source is removed only when it is still the same;
//! - any failure leaves the source as it was and no file under the target name; temporary files
//!   of a process that was killed mid-copy are removed by the next operation in that folder.

pub mod archive;
pub mod backup;
pub mod find;
pub mod place;

use crate::error::{Coded, ErrorCode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a file operation failed. Positions and names only, never file contents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The source is gone (moved or deleted meanwhile).
    #[error("`{}` is no longer there", file.display())]
    SourceMissing {
        /// The source.
        file: PathBuf,
    },
    /// The source changed while it was being copied; nothing was removed.
    #[error("`{}` changed while it was copied", file.display())]
    SourceChanged {
        /// The source.
        file: PathBuf,
    },
    /// No permission to write in the target folder (read-only, another user's).
    #[error("no permission to write in `{}`", dir.display())]
    PermissionDenied {
        /// The folder.
        dir: PathBuf,
    },
    /// The disk (or the user's quota) is full.
    #[error("not enough space in `{}`", dir.display())]
    DiskFull {
        /// The folder.
        dir: PathBuf,
    },
    /// The file type is not one this save writes (`.txt`, `.json`, `.csv`).
    #[error("a file of this type cannot be saved here (expected {expected})")]
    TypeNotAllowed {
        /// The expected extensions, e.g. `.txt, .json`.
        expected: String,
    },
    /// The new name cannot be used.
    #[error("the name cannot be used: {reason}")]
    NameInvalid {
        /// Which rule it breaks (`empty`, `separator`, `reserved`, `trailing`, `too_long`).
        reason: &'static str,
    },
    /// Another file already has that name; nothing was written.
    #[error("another file is already called `{name}`")]
    NameTaken {
        /// The name.
        name: String,
        /// A free name to offer instead.
        suggestion: String,
    },
    /// The copy did not read back the same; it was removed.
    #[error("the copy of `{}` could not be verified", file.display())]
    VerifyFailed {
        /// The source.
        file: PathBuf,
    },
    /// Another input/output error.
    #[error("failed to read or write `{}`", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

impl Coded for FileError {
    fn code(&self) -> ErrorCode {
        match self {
            FileError::SourceMissing { .. } => ErrorCode::FileSourceMissing,
            FileError::SourceChanged { .. } => ErrorCode::FileSourceChanged,
            FileError::PermissionDenied { .. } => ErrorCode::FilePermissionDenied,
            FileError::DiskFull { .. } => ErrorCode::FileDiskFull,
            FileError::NameInvalid { .. } => ErrorCode::FileNameInvalid,
            FileError::TypeNotAllowed { .. } => ErrorCode::FileTypeNotAllowed,
            FileError::NameTaken { .. } => ErrorCode::FileNameTaken,
            FileError::VerifyFailed { .. } => ErrorCode::FileVerifyFailed,
            FileError::Io { .. } => ErrorCode::FileIo,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        match self {
            FileError::SourceMissing { file }
            | FileError::SourceChanged { file }
            | FileError::VerifyFailed { file } => BTreeMap::from([("file", file_name(file))]),
            FileError::PermissionDenied { dir } | FileError::DiskFull { dir } => {
                BTreeMap::from([("folder", dir.display().to_string())])
            }
            FileError::NameInvalid { reason } => BTreeMap::from([("reason", reason.to_string())]),
            FileError::TypeNotAllowed { expected } => {
                BTreeMap::from([("expected", expected.clone())])
            }
            FileError::NameTaken { name, suggestion } => {
                BTreeMap::from([("name", name.clone()), ("suggestion", suggestion.clone())])
            }
            FileError::Io { path, .. } => BTreeMap::from([("file", file_name(path))]),
        }
    }
}

/// Map an OS error writing into `dir` to the error the user can act on.
pub(crate) fn write_error(dir: &Path, e: std::io::Error) -> FileError {
    use std::io::ErrorKind;
    // ENOSPC (28), EDQUOT (122), EFBIG (27, a file-size limit) all mean "no room".
    let full = matches!(
        e.kind(),
        ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded
    ) || matches!(e.raw_os_error(), Some(27 | 28 | 122));
    if full {
        FileError::DiskFull {
            dir: dir.to_path_buf(),
        }
    } else if matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    ) {
        FileError::PermissionDenied {
            dir: dir.to_path_buf(),
        }
    } else {
        FileError::Io {
            path: dir.to_path_buf(),
            source: e,
        }
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
