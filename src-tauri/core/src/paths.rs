//! Where the app keeps its files, with one seam for tests.
//!
//! The data folder comes from the OS convention (`directories`: `~/.local/share/oces-wizard` on
//! Linux, `%APPDATA%\oces-wizard` on Windows, `~/Library/Application Support/dk.oces-wizard` on
//! macOS). Tests and support desks point it elsewhere with `OCES_WIZARD_DATA_DIR`; later the home
//! and user folders get the same kind of override here, in this one place.

use std::path::PathBuf;

/// Environment variable that overrides the app-data folder.
pub const DATA_DIR_ENV: &str = "OCES_WIZARD_DATA_DIR";

/// The folders the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// Progress, settings and logs live here.
    pub data_dir: PathBuf,
}

impl AppPaths {
    /// Resolve from the environment override or the OS convention.
    pub fn from_env() -> Option<AppPaths> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            return Some(AppPaths {
                data_dir: PathBuf::from(dir),
            });
        }
        directories::ProjectDirs::from("dk", "", "oces-wizard").map(|d| AppPaths {
            data_dir: d.data_dir().to_path_buf(),
        })
    }

    /// Paths rooted in a given folder (tests).
    pub fn in_dir(dir: impl Into<PathBuf>) -> AppPaths {
        AppPaths {
            data_dir: dir.into(),
        }
    }

    /// The saved wizard progress.
    pub fn progress_file(&self) -> PathBuf {
        self.data_dir.join("progress.json")
    }

    /// The temporary-password handover log (STIL-4), one JSON object per line.
    pub fn handover_log(&self) -> PathBuf {
        self.data_dir.join("handover-log.jsonl")
    }

    /// The helpdesk log (see [`crate::logging`]); older ones beside it as `.1`, `.2`.
    pub fn log_file(&self) -> PathBuf {
        crate::logging::log_file(&self.data_dir, 0)
    }

    /// The saved settings (language).
    pub fn settings_file(&self) -> PathBuf {
        self.data_dir.join("settings.json")
    }
}

/// Environment variable that moves the home folder (tests, support desks): Downloads, Desktop,
/// Documents and `.oces` are then looked for under it with their English names.
pub const HOME_ENV: &str = "OCES_WIZARD_HOME";

/// The user's folders where certificate files turn up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFolders {
    /// The home folder (`%USERPROFILE%` on Windows).
    pub home: PathBuf,
    /// Downloads, whatever its name in the OS language.
    pub downloads: Option<PathBuf>,
    /// Desktop.
    pub desktop: Option<PathBuf>,
    /// Documents.
    pub documents: Option<PathBuf>,
}

impl UserFolders {
    /// From `OCES_WIZARD_HOME`, else from the OS (XDG user dirs, Known Folders, macOS dirs), so
    /// a Danish "Overførsler" is found as surely as an English "Downloads".
    pub fn from_env() -> Option<UserFolders> {
        if let Some(home) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
            return Some(UserFolders::under(PathBuf::from(home)));
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            xdg_user_folders()
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let dirs = directories::UserDirs::new()?;
            Some(UserFolders {
                home: dirs.home_dir().to_path_buf(),
                downloads: dirs.download_dir().map(PathBuf::from),
                desktop: dirs.desktop_dir().map(PathBuf::from),
                documents: dirs.document_dir().map(PathBuf::from),
            })
        }
    }

    /// The usual English layout under a home folder.
    pub fn under(home: PathBuf) -> UserFolders {
        UserFolders {
            downloads: Some(home.join("Downloads")),
            desktop: Some(home.join("Desktop")),
            documents: Some(home.join("Documents")),
            home,
        }
    }

    /// `~/.oces` (`%USERPROFILE%\.oces`): where DKMAnet's login box looks.
    pub fn oces_dir(&self) -> PathBuf {
        self.home.join(".oces")
    }

    /// Write `path` with the home folder as `~` (Linux, macOS) or `%USERPROFILE%` (Windows, the
    /// way the guides and Explorer's address bar accept it), for reports and screens.
    pub fn tilde(&self, path: &std::path::Path) -> String {
        let home = if cfg!(windows) { "%USERPROFILE%" } else { "~" };
        match path.strip_prefix(&self.home) {
            Ok(rest) if rest.as_os_str().is_empty() => home.into(),
            Ok(rest) => {
                // Written with the OS's separator throughout (a Windows path that came in
                // with `/` reads `\` here).
                let rest: Vec<String> = rest
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let sep = std::path::MAIN_SEPARATOR_STR;
                format!("{home}{sep}{}", rest.join(sep))
            }
            Err(_) => path.display().to_string(),
        }
    }
}

/// Largest `user-dirs.dirs` read; the real one is under 1 KiB.
pub const MAX_USER_DIRS_FILE: u64 = 64 * 1024;

/// The code of the warning logged when `user-dirs.dirs` is skipped.
pub const USER_DIRS_SKIPPED: &str = "paths.user_dirs_skipped";

/// The user's folders on Linux and the BSDs, from `$XDG_CONFIG_HOME/user-dirs.dirs`
/// (`~/.config/user-dirs.dirs`), read through the one capped, non-blocking read path
/// ([`crate::limits::read_file`]) rather than the `directories` crate's plain open, which
/// waits forever on a FIFO and reads a device without end. A file that is not a regular file
/// or is too large is skipped with a coded warning in the log ([`USER_DIRS_SKIPPED`]); a
/// folder the file does not name (or no file) is looked for under its English name.
#[cfg(all(unix, not(target_os = "macos")))]
fn xdg_user_folders() -> Option<UserFolders> {
    // `BaseDirs` reads no file: the home from `$HOME` (or the user database), the config
    // folder from `$XDG_CONFIG_HOME` when absolute.
    let base = directories::BaseDirs::new()?;
    let home = base.home_dir().to_path_buf();
    let mut folders = UserFolders::under(home.clone());
    let file = base.config_dir().join("user-dirs.dirs");
    match crate::limits::read_file(&file, MAX_USER_DIRS_FILE) {
        Ok(bytes) => {
            let named = parse_user_dirs(&bytes, &home);
            for (key, slot) in [
                ("XDG_DOWNLOAD_DIR", &mut folders.downloads),
                ("XDG_DESKTOP_DIR", &mut folders.desktop),
                ("XDG_DOCUMENTS_DIR", &mut folders.documents),
            ] {
                if let Some((_, dir)) = named.iter().find(|(k, _)| k == key) {
                    *slot = dir.clone();
                }
            }
        }
        Err(crate::limits::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            let why = match e {
                crate::limits::ReadError::NotAFile => "not a regular file".to_string(),
                crate::limits::ReadError::TooLarge { size } => format!("{size} bytes"),
                crate::limits::ReadError::Io(e) => e.kind().to_string(),
            };
            tracing::warn!(
                target: "oces_core::paths",
                code = USER_DIRS_SKIPPED,
                cause = %why,
                "user-dirs.dirs skipped"
            );
        }
    }
    Some(folders)
}

/// The entries of a `user-dirs.dirs` file (shell assignments `XDG_X_DIR="$HOME/Name"` or
/// `="/absolute"`): each name with its folder, `None` when it is the home folder itself (the
/// way xdg-user-dirs turns a folder off). Lines of other shapes are ignored.
#[cfg(unix)]
pub fn parse_user_dirs(bytes: &[u8], home: &std::path::Path) -> Vec<(String, Option<PathBuf>)> {
    use std::os::unix::ffi::OsStrExt;
    let mut out = Vec::new();
    for line in bytes.split(|b| *b == b'\n') {
        let line = line.trim_ascii();
        if line.starts_with(b"#") {
            continue;
        }
        let Some(eq) = line.iter().position(|b| *b == b'=') else {
            continue;
        };
        let Ok(key) = std::str::from_utf8(&line[..eq]) else {
            continue;
        };
        let value = &line[eq + 1..];
        let Some(value) = value
            .strip_prefix(b"\"")
            .and_then(|v| v.strip_suffix(b"\""))
        else {
            continue;
        };
        // Shell escapes inside the quotes: `\"`, `\\`, `\$`, `\``.
        let mut raw = Vec::with_capacity(value.len());
        let mut it = value.iter();
        while let Some(b) = it.next() {
            match (b, it.clone().next()) {
                (b'\\', Some(n)) => {
                    raw.push(*n);
                    it.next();
                }
                _ => raw.push(*b),
            }
        }
        let dir = if let Some(rest) = raw.strip_prefix(b"$HOME") {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            let rest = rest.strip_suffix(b"/").unwrap_or(rest);
            if rest.is_empty() {
                None
            } else if raw.get(5) == Some(&b'/') {
                Some(home.join(std::ffi::OsStr::from_bytes(rest)))
            } else {
                continue;
            }
        } else if raw.starts_with(b"/") {
            Some(PathBuf::from(std::ffi::OsStr::from_bytes(&raw)))
        } else {
            continue;
        };
        out.push((key.to_string(), dir));
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn user_dirs_are_read_as_the_shell_would() {
        let home = std::path::Path::new("/home/søren");
        let text = b"# comment\n\
            XDG_DESKTOP_DIR=\"$HOME/Skrivebord\"\n\
            XDG_DOWNLOAD_DIR=\"$HOME/Overf\xc3\xb8rsler\"\n\
            XDG_DOCUMENTS_DIR=\"/data/Dokumenter med \\\"citat\\\"\"\n\
            XDG_MUSIC_DIR=\"$HOME/\"\n\
            XDG_VIDEOS_DIR=\"$HOMEX/no\"\n\
            junk line\n";
        let got = parse_user_dirs(text, home);
        let get = |k: &str| got.iter().find(|(n, _)| n == k).map(|(_, d)| d.clone());
        assert_eq!(get("XDG_DESKTOP_DIR"), Some(Some(home.join("Skrivebord"))));
        assert_eq!(
            get("XDG_DOWNLOAD_DIR"),
            Some(Some(home.join("Overførsler")))
        );
        assert_eq!(
            get("XDG_DOCUMENTS_DIR"),
            Some(Some(PathBuf::from("/data/Dokumenter med \"citat\"")))
        );
        assert_eq!(
            get("XDG_MUSIC_DIR"),
            Some(None),
            "the home itself: turned off"
        );
        assert_eq!(get("XDG_VIDEOS_DIR"), None);
    }
}
