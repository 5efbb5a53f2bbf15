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
        let dirs = directories::UserDirs::new()?;
        Some(UserFolders {
            home: dirs.home_dir().to_path_buf(),
            downloads: dirs.download_dir().map(PathBuf::from),
            desktop: dirs.desktop_dir().map(PathBuf::from),
            documents: dirs.document_dir().map(PathBuf::from),
        })
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
