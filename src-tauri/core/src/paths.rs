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

    /// The saved settings (language).
    pub fn settings_file(&self) -> PathBuf {
        self.data_dir.join("settings.json")
    }
}
