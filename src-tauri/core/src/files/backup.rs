//! The backup copy (CUG-7): a verified copy in a place the user picks, checked byte for byte
//! and by opening it with the password. The place (never the password) is what is remembered.
//!
//! A copy is only a backup when it outlives what can happen to the original: the place is
//! judged first ([`judge`]). A temporary folder (which the computer empties) is refused; a
//! folder on the same disk as the certificate (lost with it when the disk breaks or the PC is
//! stolen) is used only when the user says so ("Brug den alligevel"), and the result says it.

use super::place::{place, Mode, Placed};
use super::FileError;
use crate::cert::{self, LoadError};
use crate::error::{Coded, ErrorCode};
use crate::secret::Password;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// The folder is a temporary one: the computer empties it, so the copy would not last.
    #[error("`{}` is a temporary folder", dir.display())]
    Temporary {
        /// The folder.
        dir: PathBuf,
    },
    /// The folder is on the same disk as the certificate, and the user has not said to use it
    /// anyway.
    #[error("`{}` is on the same disk as the certificate", dir.display())]
    SameDisk {
        /// The folder.
        dir: PathBuf,
    },
}

impl Coded for BackupError {
    fn code(&self) -> ErrorCode {
        match self {
            BackupError::File(e) => e.code(),
            BackupError::Source(e) => e.code(),
            BackupError::Temporary { .. } => ErrorCode::BackupTemporary,
            BackupError::SameDisk { .. } => ErrorCode::BackupSameDisk,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        match self {
            BackupError::File(e) => e.params(),
            BackupError::Source(e) => e.params(),
            // The screen says it in words; the folder's path is for the log only.
            BackupError::Temporary { .. } | BackupError::SameDisk { .. } => BTreeMap::new(),
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
    /// The copy is on the same disk as the certificate: the user chose to use that folder
    /// anyway, and the screen says to move the copy to a USB stick or network drive later.
    #[serde(default)]
    pub same_disk: bool,
}

/// Where a backup would go, judged before anything is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Another disk: a USB stick, a network drive, another drive of the computer.
    OtherDisk,
    /// The same disk as the certificate: the copy is lost with it.
    SameDisk,
    /// One of the computer's temporary folders, which it empties.
    Temporary,
}

/// Judge `dir` as the place for a backup of `src`, with `temp_dirs` as the computer's
/// temporary folders ([`temp_dirs`]). A folder whose disk cannot be told (it is not there, it
/// cannot be read) is not judged: the copy itself then says what is wrong with it.
pub fn judge(src: &Path, dir: &Path, temp_dirs: &[PathBuf]) -> Place {
    let canonical = |p: &Path| dunce::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let dir = canonical(dir);
    if temp_dirs.iter().any(|t| dir.starts_with(canonical(t))) {
        return Place::Temporary;
    }
    match same_disk(src, &dir) {
        Some(true) => Place::SameDisk,
        Some(false) | None => Place::OtherDisk,
    }
}

/// Whether two paths are on the same disk: the device number on Linux and macOS.
#[cfg(unix)]
fn same_disk(a: &Path, b: &Path) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    Some(std::fs::metadata(a).ok()?.dev() == std::fs::metadata(b).ok()?.dev())
}

/// Whether two paths are on the same disk: the drive letter or network share on Windows, of
/// the path as the system resolves it (a `subst` drive or a link leads to the real one; a
/// mapped network drive to its share).
#[cfg(windows)]
fn same_disk(a: &Path, b: &Path) -> Option<bool> {
    let volume = |p: &Path| {
        let real = std::fs::canonicalize(p).ok()?;
        windows_volume(&real.to_string_lossy())
    };
    Some(volume(a)? == volume(b)?)
}

#[cfg(not(any(unix, windows)))]
fn same_disk(_: &Path, _: &Path) -> Option<bool> {
    None
}

/// The volume of a Windows path, in lower case: `c:` for `C:\…` or `\\?\C:\…`,
/// `\\server\share` for `\\server\share\…` or `\\?\UNC\server\share\…`, the
/// volume's GUID name for `\\?\Volume{…}\…`. None for a path without one.
#[cfg(any(windows, test))]
fn windows_volume(path: &str) -> Option<String> {
    let lower = path.replace('/', "\\").to_lowercase();
    let rest = lower
        .strip_prefix("\\\\?\\")
        .or_else(|| lower.strip_prefix("\\\\.\\"));
    let (unc, rest) = match rest {
        Some(r) => match r.strip_prefix("unc\\") {
            Some(share) => (true, share),
            None => (false, r),
        },
        None => match lower.strip_prefix("\\\\") {
            Some(share) => (true, share),
            None => (false, lower.as_str()),
        },
    };
    let mut parts = rest.split('\\').filter(|p| !p.is_empty());
    if unc {
        let (server, share) = (parts.next()?, parts.next()?);
        return Some(format!("\\\\{server}\\{share}"));
    }
    let first = parts.next()?;
    let drive = first.len() == 2
        && first.ends_with(':')
        && first.starts_with(|c: char| c.is_ascii_alphabetic());
    (drive || first.starts_with("volume{")).then(|| first.to_string())
}

/// The computer's temporary folders, which it (or the user's cleanup) empties: the system's
/// temporary folder, and on Linux and macOS `/tmp`, `/var/tmp` and `/dev/shm`, on Windows
/// `%TEMP%`, `%TMP%` and Windows' own `Temp`. A debug build (the end-to-end tests, whose
/// folders all lie in the system's temporary folder) takes `OCES_WIZARD_TEST_TEMP_DIR`
/// instead, which a release build never reads.
pub fn temp_dirs() -> Vec<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(p) = std::env::var_os("OCES_WIZARD_TEST_TEMP_DIR").filter(|p| !p.is_empty()) {
        return vec![PathBuf::from(p)];
    }
    let mut dirs = vec![std::env::temp_dir()];
    #[cfg(unix)]
    dirs.extend(["/tmp", "/var/tmp", "/dev/shm"].map(PathBuf::from));
    #[cfg(windows)]
    {
        for var in ["TEMP", "TMP"] {
            dirs.extend(
                std::env::var_os(var)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from),
            );
        }
        if let Some(root) = std::env::var_os("SystemRoot").filter(|v| !v.is_empty()) {
            dirs.push(PathBuf::from(root).join("Temp"));
        }
    }
    dirs
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
            same_disk: false,
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
            same_disk: false,
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

    /// A temporary folder is refused whatever disk it is on; a folder on the certificate's own
    /// disk is "same disk"; the computer's own temporary folder counts as temporary.
    #[test]
    fn a_temporary_folder_and_the_same_disk_are_told_apart() {
        let d = tempfile::tempdir().expect("tempdir");
        let src = d.path().join("oces").join("John Smith.html");
        std::fs::create_dir_all(src.parent().expect("parent")).expect("dir");
        std::fs::write(&src, "x").expect("write");
        let temp = d.path().join("temp");
        let in_temp = temp.join(".tmpAbC123");
        let usb = d.path().join("usb");
        for dir in [&in_temp, &usb] {
            std::fs::create_dir_all(dir).expect("dir");
        }
        let temps = [temp.clone()];
        assert_eq!(judge(&src, &in_temp, &temps), Place::Temporary);
        assert_eq!(judge(&src, &temp, &temps), Place::Temporary);
        assert_eq!(judge(&src, &usb, &temps), Place::SameDisk);
        // The same folder reached another way (a `..` in it) is the same folder.
        let roundabout = usb.join("..").join("temp").join(".tmpAbC123");
        assert_eq!(judge(&src, &roundabout, &temps), Place::Temporary);
        // The system's own temporary folder (where this test's folders lie) is one.
        assert!(temp_dirs().contains(&std::env::temp_dir()));
        assert_eq!(judge(&src, &usb, &temp_dirs()), Place::Temporary);
        // A folder that is not there is not judged: the copy says what is wrong with it.
        assert_eq!(judge(&src, &d.path().join("gone"), &[]), Place::OtherDisk);
    }

    /// Another file system is another disk (Linux: `/proc` has a device number of its own).
    #[cfg(target_os = "linux")]
    #[test]
    fn another_file_system_is_another_disk() {
        let d = tempfile::tempdir().expect("tempdir");
        let src = d.path().join("John Smith.html");
        std::fs::write(&src, "x").expect("write");
        assert_eq!(judge(&src, Path::new("/proc"), &[]), Place::OtherDisk);
        assert_eq!(judge(&src, d.path(), &[]), Place::SameDisk);
    }

    /// Windows' volumes: the drive letter, the network share, the volume's GUID name, in
    /// whichever form the system writes the path.
    #[test]
    fn the_windows_volume_of_a_path() {
        for (path, volume) in [
            (r"C:\Users\a\.oces\x.p12", Some("c:")),
            (r"\\?\c:\Users\a", Some("c:")),
            (r"E:\", Some("e:")),
            (r"e:", Some("e:")),
            (r"\\fil01\Hjem\a", Some(r"\\fil01\hjem")),
            (r"\\?\UNC\FIL01\hjem\a\b", Some(r"\\fil01\hjem")),
            (
                r"\\?\Volume{12345678-aaaa-bbbb-cccc-1234567890ab}\x",
                Some("volume{12345678-aaaa-bbbb-cccc-1234567890ab}"),
            ),
            (r"relative\folder", None),
            (r"\\server", None),
        ] {
            assert_eq!(windows_volume(path).as_deref(), volume, "{path}");
        }
        assert_ne!(windows_volume(r"C:\a"), windows_volume(r"D:\a"));
        assert_ne!(
            windows_volume(r"\\fil01\hjem\a"),
            windows_volume(r"\\fil01\andet\a")
        );
    }

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
