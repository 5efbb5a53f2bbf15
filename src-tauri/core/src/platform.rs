//! Which operating system the app runs on, as the UI and the command line need it: texts that
//! name a path, a program or a menu say it the way that OS does (`%USERPROFILE%\.oces` and
//! "Legitimationsstyring" on Windows, `~/.oces` and the keyring elsewhere). Decided when the
//! program is compiled, never guessed from a browser's user agent.

use serde::Serialize;

/// An operating system the app is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Os {
    /// Windows 10 and 11.
    Windows,
    /// macOS.
    Macos,
    /// Linux and the other Unix systems.
    Linux,
}

impl Os {
    /// The system this program was built for.
    pub const fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            Os::Linux
        }
    }

    /// `windows`, `macos`, `linux`: the suffix of a text key's OS variant (`key@windows`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Os::Windows => "windows",
            Os::Macos => "macos",
            Os::Linux => "linux",
        }
    }
}

/// The key of `key`'s variant for `os` (`keychain.save@windows`). A text with such a variant
/// is shown in that form on that OS; the plain key is the text for the others.
pub fn variant_key(key: &str, os: Os) -> String {
    format!("{key}@{}", os.as_str())
}

/// The signal a process gets when it writes past its file-size limit (`ulimit -f`); by
/// default it ends the process mid-write.
#[cfg(unix)]
pub const SIGXFSZ: i32 = libc::SIGXFSZ;

/// The OS and its version: `linux (Debian GNU/Linux 12 (bookworm))`, from `/etc/os-release`
/// where there is one.
pub fn os_description() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_string())
            })
        });
    match pretty {
        Some(p) => format!("{} ({p})", std::env::consts::OS),
        None => std::env::consts::OS.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_target_decides() {
        let os = Os::current();
        assert_eq!(os == Os::Windows, cfg!(windows));
        assert_eq!(os == Os::Macos, cfg!(target_os = "macos"));
        assert_eq!(
            serde_json::to_string(&os).ok(),
            Some(format!("\"{}\"", os.as_str()))
        );
        assert_eq!(variant_key("a.b", Os::Windows), "a.b@windows");
    }
}
