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
pub mod unreadable;

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
        /// A name that keeps the rules, offered instead (when the name the user typed is known).
        suggestion: Option<String>,
    },
    /// Another program has the file open and does not let others use it (Windows: a sharing
    /// or lock violation); closing that program is the fix.
    #[error("`{}` is in use by another program", file.display())]
    InUse {
        /// The file, or the folder being written in when the file is not known.
        file: PathBuf,
    },
    /// The full path is longer than the OS allows (Windows: 260 characters unless long paths
    /// are switched on).
    #[error("the path of `{}` is too long", file.display())]
    PathTooLong {
        /// The file or folder.
        file: PathBuf,
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
            FileError::NameInvalid {
                suggestion: Some(_),
                ..
            } => ErrorCode::FileNameInvalidSuggestion,
            FileError::NameInvalid { .. } => ErrorCode::FileNameInvalid,
            FileError::InUse { .. } => ErrorCode::FileInUse,
            FileError::PathTooLong { .. } => ErrorCode::FilePathTooLong,
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
            | FileError::VerifyFailed { file }
            | FileError::InUse { file }
            | FileError::PathTooLong { file } => BTreeMap::from([("file", file_name(file))]),
            FileError::PermissionDenied { dir } | FileError::DiskFull { dir } => {
                BTreeMap::from([("folder", dir.display().to_string())])
            }
            FileError::NameInvalid { reason, suggestion } => {
                let mut p = BTreeMap::from([("reason", reason.to_string())]);
                if let Some(s) = suggestion {
                    p.insert("suggestion", s.clone());
                }
                p
            }
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

/// What an OS error means for the user, whichever OS raised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OsCause {
    /// No room on the disk or in the quota.
    Full,
    /// No permission, or a read-only file system.
    Denied,
    /// Another program holds the file (Windows' sharing and lock violations).
    InUse,
    /// The path is longer than the OS allows.
    TooLong,
    /// The OS refuses the name (forbidden characters, a reserved device name).
    BadName,
    /// The file or folder is not there.
    Missing,
    /// Anything else.
    Other,
}

/// Sort an OS error by what the user can do about it. The raw codes come first, because they
/// differ per OS (Linux's 28, ENOSPC, is Windows' ERROR_OUT_OF_PAPER) and `ErrorKind` lumps
/// some together (on Windows a name with forbidden characters and a path that is too long are
/// both `InvalidFilename`); `ErrorKind` covers the rest.
pub(crate) fn os_cause(e: &std::io::Error) -> OsCause {
    use std::io::ErrorKind;
    match raw_cause(e.raw_os_error()) {
        OsCause::Other => {}
        known => return known,
    }
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded => {
            OsCause::Full
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => OsCause::Denied,
        ErrorKind::NotFound => OsCause::Missing,
        ErrorKind::InvalidFilename => OsCause::BadName,
        _ => OsCause::Other,
    }
}

#[cfg(windows)]
fn raw_cause(code: Option<i32>) -> OsCause {
    // winerror.h: ERROR_HANDLE_DISK_FULL 39, ERROR_DISK_FULL 112, ERROR_DISK_QUOTA_EXCEEDED
    // 1295; ERROR_ACCESS_DENIED 5, ERROR_WRITE_PROTECT 19; ERROR_SHARING_VIOLATION 32,
    // ERROR_LOCK_VIOLATION 33, ERROR_USER_MAPPED_FILE 1224; ERROR_FILENAME_EXCED_RANGE 206;
    // ERROR_INVALID_NAME 123, ERROR_BAD_PATHNAME 161; ERROR_FILE_NOT_FOUND 2,
    // ERROR_PATH_NOT_FOUND 3.
    match code {
        Some(39 | 112 | 1295) => OsCause::Full,
        Some(5 | 19) => OsCause::Denied,
        Some(32 | 33 | 1224) => OsCause::InUse,
        Some(206) => OsCause::TooLong,
        Some(123 | 161) => OsCause::BadName,
        Some(2 | 3) => OsCause::Missing,
        _ => OsCause::Other,
    }
}

#[cfg(not(windows))]
fn raw_cause(code: Option<i32>) -> OsCause {
    // errno: EFBIG 27 (a file-size limit), ENOSPC 28, EDQUOT 122 (Linux) / 69 (macOS);
    // ETXTBSY 26 (a running program's file); ENAMETOOLONG 36 (Linux) / 63 (macOS).
    let macos = cfg!(target_os = "macos");
    match code {
        Some(27 | 28) => OsCause::Full,
        Some(122) if !macos => OsCause::Full,
        Some(69) if macos => OsCause::Full,
        Some(26) => OsCause::InUse,
        Some(36) if !macos => OsCause::TooLong,
        Some(63) if macos => OsCause::TooLong,
        _ => OsCause::Other,
    }
}

/// Map an OS error writing into `dir` to the error the user can act on.
pub(crate) fn write_error(dir: &Path, e: std::io::Error) -> FileError {
    let dir = dir.to_path_buf();
    match os_cause(&e) {
        OsCause::Full => FileError::DiskFull { dir },
        OsCause::Denied => FileError::PermissionDenied { dir },
        OsCause::InUse => FileError::InUse { file: dir },
        OsCause::TooLong => FileError::PathTooLong { file: dir },
        OsCause::BadName => FileError::NameInvalid {
            reason: "separator",
            suggestion: None,
        },
        OsCause::Missing | OsCause::Other => FileError::Io {
            path: dir,
            source: e,
        },
    }
}

/// Map an OS error reading `file` (a source the user chose) to the error they can act on.
pub(crate) fn read_error(file: &Path, e: std::io::Error) -> FileError {
    let file = file.to_path_buf();
    match os_cause(&e) {
        OsCause::Missing => FileError::SourceMissing { file },
        OsCause::InUse => FileError::InUse { file },
        OsCause::TooLong => FileError::PathTooLong { file },
        // A source's name is the user's own; "choose another name" would not fit here.
        _ => FileError::Io {
            path: file,
            source: e,
        },
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

    fn code_of(raw: i32) -> ErrorCode {
        write_error(Path::new("dir"), Error::from_raw_os_error(raw)).code()
    }

    /// The codes each OS really raises map to what the user can act on; the other OS's numbers
    /// mean something else there and must not be read the same way.
    #[test]
    #[cfg(windows)]
    fn windows_errors_map_to_coded_errors() {
        assert_eq!(code_of(112), ErrorCode::FileDiskFull); // ERROR_DISK_FULL
        assert_eq!(code_of(39), ErrorCode::FileDiskFull); // ERROR_HANDLE_DISK_FULL
        assert_eq!(code_of(5), ErrorCode::FilePermissionDenied); // ERROR_ACCESS_DENIED
        assert_eq!(code_of(32), ErrorCode::FileInUse); // ERROR_SHARING_VIOLATION
        assert_eq!(code_of(33), ErrorCode::FileInUse); // ERROR_LOCK_VIOLATION
        assert_eq!(code_of(206), ErrorCode::FilePathTooLong); // ERROR_FILENAME_EXCED_RANGE
        assert_eq!(code_of(123), ErrorCode::FileNameInvalid); // ERROR_INVALID_NAME

        // Linux's ENOSPC (28) is ERROR_OUT_OF_PAPER here, EDQUOT (122) ERROR_INSUFFICIENT_BUFFER.
        assert_eq!(code_of(28), ErrorCode::FileIo);
        assert_eq!(code_of(122), ErrorCode::FileIo);
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn linux_errors_map_to_coded_errors() {
        assert_eq!(code_of(28), ErrorCode::FileDiskFull); // ENOSPC
        assert_eq!(code_of(122), ErrorCode::FileDiskFull); // EDQUOT
        assert_eq!(code_of(27), ErrorCode::FileDiskFull); // EFBIG
        assert_eq!(code_of(13), ErrorCode::FilePermissionDenied); // EACCES
        assert_eq!(code_of(30), ErrorCode::FilePermissionDenied); // EROFS
        assert_eq!(code_of(36), ErrorCode::FilePathTooLong); // ENAMETOOLONG
        assert_eq!(code_of(26), ErrorCode::FileInUse); // ETXTBSY

        // Windows' ERROR_DISK_FULL (112) is EHOSTDOWN here, ERROR_SHARING_VIOLATION (32) EPIPE.
        assert_eq!(code_of(112), ErrorCode::FileIo);
        assert_eq!(code_of(32), ErrorCode::FileIo);
    }

    #[test]
    fn a_missing_source_is_said_so() {
        let e = read_error(
            Path::new("gone.p12"),
            Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(e.code(), ErrorCode::FileSourceMissing);
        assert_eq!(e.params().get("file").map(String::as_str), Some("gone.p12"));
    }
}
