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

/// The most of an os-release file that is read (real ones are under 1 KiB).
const MAX_OS_RELEASE: u64 = 64 * 1024;

/// The OS and its version: `linux (Debian GNU/Linux 12 (bookworm))`, from `/etc/os-release`
/// where there is one (else `/usr/lib/os-release`, as the file's specification says).
pub fn os_description() -> String {
    ["/etc/os-release", "/usr/lib/os-release"]
        .iter()
        .find_map(|p| pretty_name(std::path::Path::new(p)))
        .map_or_else(
            || std::env::consts::OS.to_string(),
            |p| format!("{} ({p})", std::env::consts::OS),
        )
}

/// [`os_description`] from the os-release file at `path` alone.
#[cfg(all(test, unix))]
fn os_description_from(path: &std::path::Path) -> String {
    pretty_name(path).map_or_else(
        || std::env::consts::OS.to_string(),
        |p| format!("{} ({p})", std::env::consts::OS),
    )
}

/// `PRETTY_NAME` of an os-release file, read through the one capped, non-blocking read path
/// ([`crate::limits::read_file`]): a FIFO, a device or a file over [`MAX_OS_RELEASE`] gives
/// `None`. The value goes into the log and the support report, so its control characters are
/// made visible ([`crate::text::plain`]) and it is cut at 200 characters.
fn pretty_name(path: &std::path::Path) -> Option<String> {
    let bytes = crate::limits::read_file(path, MAX_OS_RELEASE).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines().find_map(|l| {
        l.strip_prefix("PRETTY_NAME=").map(|v| {
            let v: String = v.trim_matches('"').chars().take(200).collect();
            crate::text::plain(&v).into_owned()
        })
    })
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

    /// `/etc/os-release` goes through the one capped, non-blocking read path (issue 30,
    /// class 2): a FIFO there (no writer) or a device such as `/dev/zero` neither hangs nor
    /// fills the memory, a file over the cap is passed over, and the name it gives is shown
    /// without control characters (it goes into the log and the support report).
    #[test]
    #[cfg(unix)]
    fn os_release_that_is_not_a_small_regular_file_is_passed_over() {
        let d = tempfile::tempdir().expect("dir");
        let fifo = d.path().join("os-release");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let huge = d.path().join("huge");
        std::fs::write(
            &huge,
            format!("PRETTY_NAME=\"Huge\"\n{}", "#".repeat(2 * 1024 * 1024)),
        )
        .expect("write");
        let odd = d.path().join("odd");
        std::fs::write(&odd, "ID=x\nPRETTY_NAME=\"Evil\u{1b}[2J\u{202e}OS\"\n").expect("write");
        let paths = [fifo, std::path::PathBuf::from("/dev/zero"), huge, odd];
        // A hang guard, far above what the reads take: the answers come from another thread
        // (the FIFO first: a plain read blocks there for good, before it reaches /dev/zero).
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for p in &paths {
                let _ = tx.send(os_description_from(p));
            }
        });
        let mut answers = Vec::new();
        for _ in 0..4 {
            answers.push(
                rx.recv_timeout(std::time::Duration::from_secs(60))
                    .expect("an answer, not a hang"),
            );
        }
        let os = std::env::consts::OS;
        assert_eq!(answers[..3], [os, os, os]);
        assert_eq!(answers[3], format!("{os} (Evil\\u{{1b}}[2J\\u{{202e}}OS)"));
    }
}
