//! Copy or move a certificate file into a folder (`.oces`, a backup place), verified.

use super::{read_error, sha256_hex, write_error, FileError};
use crate::cert::MAX_FILE_SIZE;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::temp::{remove_stale_temp_files, TEMP_PREFIX};

/// Copy (keep the original) or move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Keep the original where it is (the default).
    Copy,
    /// Remove the original after a verified copy.
    Move,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Placed {
    /// The file was written.
    Placed {
        /// Where.
        path: PathBuf,
        /// Its SHA-256.
        sha256: String,
        /// Whether the original was removed (move).
        source_removed: bool,
    },
    /// The same file (same SHA-256) was already there under that name; nothing was written.
    AlreadyInPlace {
        /// Where.
        path: PathBuf,
        /// Its SHA-256.
        sha256: String,
    },
}

impl Placed {
    /// Where the file is now.
    pub fn path(&self) -> &Path {
        match self {
            Placed::Placed { path, .. } | Placed::AlreadyInPlace { path, .. } => path,
        }
    }
}

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Check a new file name (it must work on Windows too) and give it the source's extension
/// when it has none: `Firma A` + `John Smith.html` → `Firma A.html`.
pub fn checked_name(name: &str, source: &Path) -> Result<String, FileError> {
    let name = name.trim_start();
    let bad = |reason| {
        Err(FileError::NameInvalid {
            reason,
            suggestion: Some(suggest_name(name, source)),
        })
    };
    if name.is_empty() || name == "." || name == ".." {
        return bad("empty");
    }
    if name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|'])
        || name.chars().any(char::is_control)
    {
        return bad("separator");
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return bad("trailing");
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        return bad("reserved");
    }
    let src_ext = source.extension().and_then(|e| e.to_str()).unwrap_or("");
    let has_ext = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(src_ext));
    let full = if src_ext.is_empty() || has_ext {
        name.to_string()
    } else {
        format!("{name}.{src_ext}")
    };
    if full.len() > 200 {
        return bad("too_long");
    }
    Ok(full)
}

/// A name close to `name` that keeps the rules of [`checked_name`]: characters Windows forbids
/// become `-`, trailing dots and spaces go, a reserved device name (`CON`, `LPT1`) gets a `-fil`
/// suffix, and a name with nothing left becomes the source's own name cleaned the same way,
/// or `certifikat`.
pub fn suggest_name(name: &str, source: &Path) -> String {
    let source_stem = source
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    [name, source_stem.as_str()]
        .iter()
        .map(|n| cleaned(n))
        .find(|n| !n.trim_matches(['-', '.', ' ']).is_empty())
        .unwrap_or_else(|| "certifikat".into())
}

/// `name` with what Windows forbids taken out (see [`suggest_name`]); may come out empty.
fn cleaned(name: &str) -> String {
    let mut s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    // Leave room for an extension within the length limit (on a character boundary).
    let mut cut = s.len().min(180);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    // Trailing dots and spaces last: the cut may have made new ones.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let stem_len = s.find('.').unwrap_or(s.len());
    if RESERVED.contains(&s[..stem_len].trim_end().to_ascii_uppercase().as_str()) {
        s.insert_str(stem_len, "-fil");
    }
    s
}

/// A free name in `dir` like `John Smith (2).html`.
pub fn free_name(dir: &Path, name: &str) -> String {
    let p = Path::new(name);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = p
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..10_000)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|candidate| !dir.join(candidate).exists())
        .unwrap_or_else(|| format!("{stem} (kopi){ext}"))
}

fn read_source(src: &Path) -> Result<Vec<u8>, FileError> {
    use crate::limits::ReadError;
    crate::limits::read_file(src, MAX_FILE_SIZE).map_err(|e| match e {
        ReadError::Io(e) => read_error(src, e),
        ReadError::NotAFile | ReadError::TooLarge { .. } => FileError::Io {
            path: src.to_path_buf(),
            source: std::io::Error::other("not a certificate-sized regular file"),
        },
    })
}

/// Check a save target that came from the window (the save dialog): one of `extensions`, in a
/// folder that exists; the folder is resolved (symbolic links, `..`) and the result is where
/// the file will be written. Together with [`write_new_file`], which never replaces a file, a
/// target from the window can only ever add a text, JSON or CSV file where the user can write.
pub fn checked_save_target(target: &str, extensions: &[&str]) -> Result<PathBuf, FileError> {
    checked_save_path(Path::new(target.trim()), extensions)
}

/// [`checked_save_target`] for a path as the command line has it (any bytes; a relative path
/// is taken from the current folder).
pub fn checked_save_path(target: &Path, extensions: &[&str]) -> Result<PathBuf, FileError> {
    let target = if target.as_os_str().is_empty() {
        target.to_path_buf()
    } else {
        std::path::absolute(target).map_err(|e| write_error(target, e))?
    };
    let expected = || FileError::TypeNotAllowed {
        expected: extensions
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let ext = target
        .extension()
        .and_then(|e| e.to_str())
        .ok_or_else(expected)?;
    if !extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
        return Err(expected());
    }
    let name = target
        .file_name()
        .filter(|n| !n.is_empty())
        .ok_or(FileError::NameInvalid {
            reason: "empty",
            suggestion: None,
        })?
        .to_os_string();
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or(FileError::NameInvalid {
            reason: "separator",
            suggestion: None,
        })?;
    let dir = dunce::canonicalize(dir).map_err(|e| write_error(dir, e))?;
    if !dir.is_dir() {
        return Err(FileError::NameInvalid {
            reason: "separator",
            suggestion: None,
        });
    }
    Ok(dir.join(name))
}

/// Write a new file atomically (temp file, fsync, rename that refuses to replace anything).
pub fn write_new_file(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| write_error(dir, e))?;
    tmp.write_all(bytes).map_err(|e| write_error(dir, e))?;
    tmp.as_file().sync_all().map_err(|e| write_error(dir, e))?;
    give_name(tmp, target, dir, &name)
}

/// Rename a finished temporary file to `target`, refusing to replace anything: a name someone
/// took meanwhile is "name taken" with a free name suggested.
fn give_name(
    tmp: tempfile::NamedTempFile,
    target: &Path,
    dir: &Path,
    name: &str,
) -> Result<(), FileError> {
    tmp.persist_noclobber(target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            FileError::NameTaken {
                suggestion: free_name(dir, name),
                name: name.to_string(),
            }
        } else {
            write_error(dir, e.error)
        }
    })?;
    Ok(())
}

/// Create a folder for certificates; on Unix only its owner may enter it (`0700`).
pub fn ensure_private_dir(dir: &Path) -> Result<(), FileError> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| write_error(dir, e))?;
        }
    }
    Ok(())
}

/// Copy or move `src` into `dir` under `name` (default: the source's name), verified.
pub fn place(src: &Path, dir: &Path, name: Option<&str>, mode: Mode) -> Result<Placed, FileError> {
    place_with_hooks(src, dir, name, mode, &Hooks::default())
}

/// Points in [`place`] where tests act: a process killed before the rename, a source that
/// changes or vanishes after the copy.
#[doc(hidden)]
#[derive(Default)]
pub struct Hooks<'a> {
    /// After the verified temporary file is written, before it gets its name.
    pub before_rename: Option<&'a dyn Fn()>,
    /// After the new file has its name, before a move removes the source.
    pub after_rename: Option<&'a dyn Fn()>,
}

/// [`place`] with test hooks.
#[doc(hidden)]
pub fn place_with_hooks(
    src: &Path,
    dir: &Path,
    name: Option<&str>,
    mode: Mode,
    hooks: &Hooks<'_>,
) -> Result<Placed, FileError> {
    let bytes = read_source(src)?;
    let sha = sha256_hex(&bytes);
    let source_name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = checked_name(name.unwrap_or(&source_name), src)?;
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    }
    remove_stale_temp_files(dir);
    let target = dir.join(&name);
    if target.exists() {
        let existing = crate::limits::read_file(&target, MAX_FILE_SIZE).map_err(|e| match e {
            crate::limits::ReadError::Io(e) => write_error(dir, e),
            // Something else (a folder, a huge file) has the name: taken, never replaced.
            _ => FileError::NameTaken {
                suggestion: free_name(dir, &name),
                name: name.clone(),
            },
        })?;
        if sha256_hex(&existing) == sha {
            return Ok(Placed::AlreadyInPlace {
                path: target,
                sha256: sha,
            });
        }
        return Err(FileError::NameTaken {
            suggestion: free_name(dir, &name),
            name,
        });
    }

    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| write_error(dir, e))?;
    tmp.write_all(&bytes).map_err(|e| write_error(dir, e))?;
    tmp.as_file().sync_all().map_err(|e| write_error(dir, e))?;
    let written = std::fs::read(tmp.path()).map_err(|e| write_error(dir, e))?;
    if sha256_hex(&written) != sha {
        return Err(FileError::VerifyFailed {
            file: src.to_path_buf(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600));
    }
    if let Some(h) = hooks.before_rename {
        h();
    }
    // Someone may have taken the name between our check and now: never replace it.
    give_name(tmp, &target, dir, &name)?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all(); // the new name itself reaches the disk
    }

    if let Some(h) = hooks.after_rename {
        h();
    }
    let mut source_removed = false;
    if mode == Mode::Move {
        // Remove the original only if it is still exactly what was copied.
        match crate::limits::read_file(src, MAX_FILE_SIZE) {
            Ok(now) if sha256_hex(&now) == sha => {
                std::fs::remove_file(src).map_err(|e| FileError::Io {
                    path: src.to_path_buf(),
                    source: e,
                })?;
                source_removed = true;
            }
            Ok(_) => {
                return Err(FileError::SourceChanged {
                    file: src.to_path_buf(),
                })
            }
            Err(_) => {
                return Err(FileError::SourceMissing {
                    file: src.to_path_buf(),
                })
            }
        }
    }
    Ok(Placed::Placed {
        path: target,
        sha256: sha,
        source_removed,
    })
}

#[cfg(test)]
mod tests {
    use crate::error::{Coded, ErrorCode};

    #[test]
    fn names_windows_forbids_get_a_suggestion_that_works() {
        let src = Path::new("Downloads/cert.html");
        for (typed, want) in [
            ("CON", "CON-fil.html"),
            ("lpt1.html", "lpt1-fil.html"),
            ("Firma A.", "Firma A.html"),
            ("Firma: A/S", "Firma- A-S.html"),
            ("  ..  ", "cert.html"),
        ] {
            let e = checked_name(typed, src).unwrap_err();
            assert_eq!(e.code(), ErrorCode::FileNameInvalidSuggestion, "{typed}");
            let s = e.params().get("suggestion").cloned().unwrap_or_default();
            assert_eq!(
                checked_name(&s, src).ok().as_deref(),
                Some(want),
                "{typed} -> {s}"
            );
        }
        // Long names cut where a dot and spaces stood; sources whose own names Windows
        // forbids; names of many-byte letters cut inside the limit.
        let long = format!("{}. b{}", "a".repeat(179), "c".repeat(30));
        let aeoe = "æøå".repeat(100);
        for (typed, source) in [
            (long.as_str(), "x.html"),
            ("?", "CON.html"),
            ("*", "a:b.p12"),
            ("|", "cert .html"),
            ("<>", ".html"),
            (aeoe.as_str(), "x.html"),
            ("Æ/", "Ø.html"),
        ] {
            let src = Path::new(source);
            let Err(e) = checked_name(typed, src) else {
                continue; // valid as typed (the many-byte name is within 200 bytes)
            };
            let s = e.params().get("suggestion").cloned().unwrap_or_default();
            assert!(
                checked_name(&s, src).is_ok(),
                "{typed:?} from {source:?} -> {s:?} must be a valid name"
            );
        }
        assert_eq!(suggest_name("?", Path::new("?.html")), "certifikat");
    }
    #[test]
    fn save_targets_are_checked() {
        let dir = tempfile::tempdir().expect("tmp");
        let ok = super::checked_save_target(
            &format!("{}/missing/rapport.JSON", dir.path().display()),
            &["txt", "json"],
        );
        assert!(ok.is_err(), "a missing folder is refused: {ok:?}");
        // On Unix `sub/..` is resolved through `sub`, which must exist; Windows resolves `..`
        // by the name alone, so there it names `dir` whether or not `sub` exists.
        #[cfg(unix)]
        assert!(
            super::checked_save_target(
                &format!("{}/sub/../rapport.JSON", dir.path().display()),
                &["txt", "json"],
            )
            .is_err(),
            "a missing folder on the way is refused"
        );
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let ok = super::checked_save_target(
            &format!("{}/sub/../rapport.JSON", dir.path().display()),
            &["txt", "json"],
        )
        .expect("allowed");
        assert_eq!(
            ok,
            dunce::canonicalize(dir.path())
                .expect("c")
                .join("rapport.JSON")
        );
        for bad in ["x.desktop", "x", ".bashrc", "x.json.sh"] {
            let t = format!("{}/{bad}", dir.path().display());
            assert!(
                matches!(
                    super::checked_save_target(&t, &["txt", "json"]),
                    Err(super::FileError::TypeNotAllowed { .. })
                ),
                "{bad}"
            );
        }
    }

    use super::*;

    #[test]
    fn names_are_checked_and_keep_the_extension() {
        let src = Path::new("/x/John Smith.html");
        assert_eq!(
            checked_name("Firma A", src).ok(),
            Some("Firma A.html".into())
        );
        assert_eq!(
            checked_name("Søren Ærø.html", src).ok(),
            Some("Søren Ærø.html".into())
        );
        assert_eq!(
            checked_name("firma.HTML", src).ok(),
            Some("firma.HTML".into())
        );
        for (bad, reason) in [
            ("", "empty"),
            ("a/b", "separator"),
            ("a\\b", "separator"),
            ("con", "reserved"),
            ("LPT1.html", "reserved"),
            ("name.", "trailing"),
            ("name ", "trailing"),
        ] {
            match checked_name(bad, src) {
                Err(FileError::NameInvalid {
                    reason: r,
                    suggestion,
                }) => {
                    assert_eq!(r, reason, "{bad:?}");
                    let s = suggestion.expect("a suggestion for a typed name");
                    assert!(
                        checked_name(&s, Path::new("a.html")).is_ok(),
                        "{bad:?} -> suggestion {s:?} must itself be a valid name"
                    );
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn new_files_never_replace() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("sag.txt");
        write_new_file(&p, b"one").expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), b"one");
        match write_new_file(&p, b"two") {
            Err(FileError::NameTaken { suggestion, .. }) => assert_eq!(suggestion, "sag (2).txt"),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read(&p).expect("read"), b"one");
        assert_eq!(std::fs::read_dir(d.path()).expect("dir").count(), 1);
    }

    #[test]
    fn free_names_count_up() {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::write(d.path().join("a.html"), b"1").expect("write");
        assert_eq!(free_name(d.path(), "a.html"), "a (2).html");
        std::fs::write(d.path().join("a (2).html"), b"2").expect("write");
        assert_eq!(free_name(d.path(), "a.html"), "a (3).html");
    }
}
