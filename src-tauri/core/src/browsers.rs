//! The browsers DKMA's CUG guide recommends (Mozilla Firefox, Google Chrome), when installed.
//!
//! The guide tells users who want another browser than their default one to copy the link into
//! that browser's address bar; a link handed to the OS opens in the *default* browser. So CUG-2
//! offers "Open in Firefox" / "Open in Chrome" only for a browser found here, started as that
//! program (the window shell passes [`Browser::program`] to its opener), and copying the link as
//! the route that always works. Finding a browser is a look at a few well-known places; nothing
//! is started to find out.

use crate::platform::Os;
use serde::Serialize;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A browser the guide recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum BrowserId {
    /// Mozilla Firefox.
    Firefox,
    /// Google Chrome.
    Chrome,
}

impl BrowserId {
    /// Parse the id used over IPC (`firefox`, `chrome`).
    pub fn parse(s: &str) -> Option<BrowserId> {
        match s {
            "firefox" => Some(BrowserId::Firefox),
            "chrome" => Some(BrowserId::Chrome),
            _ => None,
        }
    }

    /// The program's name as users know it (the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            BrowserId::Firefox => "Firefox",
            BrowserId::Chrome => "Chrome",
        }
    }
}

/// An installed browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Browser {
    /// Which one.
    pub id: BrowserId,
    /// Its name for the button ("Firefox").
    pub name: &'static str,
    /// The program to start (an executable, or an `.app` bundle on macOS).
    #[serde(skip)]
    pub program: PathBuf,
}

/// Where each browser is usually installed on `os`, first match wins. `var` reads an
/// environment variable (`PATH`, `ProgramFiles`, `LOCALAPPDATA`, `HOME`).
pub fn candidates(os: Os, var: &dyn Fn(&str) -> Option<OsString>) -> Vec<(BrowserId, PathBuf)> {
    let mut out = Vec::new();
    match os {
        Os::Windows => {
            let roots: Vec<PathBuf> = ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"]
                .iter()
                .filter_map(|v| var(v).map(PathBuf::from))
                .collect();
            for r in &roots {
                out.push((BrowserId::Firefox, r.join(r"Mozilla Firefox\firefox.exe")));
            }
            for r in &roots {
                out.push((
                    BrowserId::Chrome,
                    r.join(r"Google\Chrome\Application\chrome.exe"),
                ));
            }
        }
        Os::Macos => {
            let mut roots = vec![PathBuf::from("/Applications")];
            if let Some(h) = var("HOME") {
                roots.push(PathBuf::from(h).join("Applications"));
            }
            for r in &roots {
                out.push((BrowserId::Firefox, r.join("Firefox.app")));
                out.push((BrowserId::Chrome, r.join("Google Chrome.app")));
            }
        }
        Os::Linux => {
            // PATH as Linux writes it (`:`), whatever OS this code was built for: the
            // candidates of each OS are listed (and tested) on every OS.
            let dirs: Vec<PathBuf> = var("PATH")
                .map(|p| {
                    p.to_string_lossy()
                        .split(':')
                        .filter(|d| !d.is_empty())
                        .map(PathBuf::from)
                        .collect()
                })
                .unwrap_or_default();
            for (id, names) in [
                (BrowserId::Firefox, &["firefox", "firefox-esr"][..]),
                (
                    BrowserId::Chrome,
                    &["google-chrome", "google-chrome-stable"][..],
                ),
            ] {
                for d in &dirs {
                    for n in names {
                        out.push((id, d.join(n)));
                    }
                }
            }
        }
    }
    out
}

/// The recommended browsers found among [`candidates`], each once, Firefox first.
pub fn find(
    os: Os,
    var: &dyn Fn(&str) -> Option<OsString>,
    exists: &dyn Fn(&Path) -> bool,
) -> Vec<Browser> {
    let mut out: Vec<Browser> = Vec::new();
    for (id, path) in candidates(os, var) {
        if out.iter().any(|b| b.id == id) || !exists(&path) {
            continue;
        }
        out.push(Browser {
            id,
            name: id.name(),
            program: path,
        });
    }
    out
}

/// The recommended browsers installed on this computer.
pub fn installed() -> Vec<Browser> {
    let os = Os::current();
    find(os, &|v| std::env::var_os(v), &|p: &Path| match os {
        Os::Macos => p.is_dir(),
        _ => p.is_file(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_where_they_are_installed_and_only_then() {
        let var = |v: &str| match v {
            "PATH" => Some(OsString::from("/usr/local/bin:/usr/bin")),
            _ => None,
        };
        let none = find(Os::Linux, &var, &|_| false);
        assert!(none.is_empty(), "nothing installed: no button but copy");
        let got = find(Os::Linux, &var, &|p| {
            p == Path::new("/usr/bin/google-chrome-stable") || p == Path::new("/usr/bin/firefox")
        });
        let names: Vec<_> = got.iter().map(|b| (b.name, b.program.clone())).collect();
        assert_eq!(
            names,
            vec![
                ("Firefox", PathBuf::from("/usr/bin/firefox")),
                ("Chrome", PathBuf::from("/usr/bin/google-chrome-stable")),
            ]
        );
    }

    #[test]
    fn windows_looks_in_program_files_and_local_app_data() {
        let var = |v: &str| match v {
            "ProgramFiles" => Some(OsString::from(r"C:\Program Files")),
            "LOCALAPPDATA" => Some(OsString::from(r"C:\Users\u\AppData\Local")),
            _ => None,
        };
        let c = candidates(Os::Windows, &var);
        assert!(c.contains(&(
            BrowserId::Chrome,
            PathBuf::from(r"C:\Users\u\AppData\Local")
                .join(r"Google\Chrome\Application\chrome.exe")
        )));
        assert!(c.contains(&(
            BrowserId::Firefox,
            PathBuf::from(r"C:\Program Files").join(r"Mozilla Firefox\firefox.exe")
        )));
    }

    #[test]
    fn the_program_path_stays_on_the_rust_side() {
        let b = Browser {
            id: BrowserId::Firefox,
            name: "Firefox",
            program: "/usr/bin/firefox".into(),
        };
        assert_eq!(
            serde_json::to_string(&b).ok().as_deref(),
            Some(r#"{"id":"firefox","name":"Firefox"}"#)
        );
        assert_eq!(BrowserId::parse("chrome"), Some(BrowserId::Chrome));
        assert_eq!(BrowserId::parse("edge"), None);
    }
}
