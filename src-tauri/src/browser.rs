//! Hands a web address to the desktop on Linux: `xdg-open`, or GLib's `gio open` where that is
//! missing, as the opener plugin does, but without the WebKit variables the window set for its
//! own web process ([`crate::webkit::ours`]). A browser or mail program built on WebKitGTK
//! (GNOME Web, Evolution) that the desktop starts for the link then runs as its user set it up:
//! with its JavaScript compiler and its usual painting, for web tools such as DKMA's and
//! MitID's. The other platforms keep the opener plugin (the window sets nothing there).

use std::io;
use std::process::{Command, Stdio};

/// The programs tried in turn, each with the arguments that come before the address.
const OPENERS: [(&str, &[&str]); 2] = [("xdg-open", &[]), ("gio", &["open"])];

/// Opens `url` with the first opener that can be started, without the variables `without`.
/// The opener runs on its own (its output goes nowhere); a thread waits for it so it leaves
/// no zombie process.
pub fn open(url: &str, without: &[&str]) -> Result<(), String> {
    let mut missing = Vec::new();
    for (program, args) in OPENERS {
        match spawn(program, args, url, without) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(program),
            Err(e) => return Err(format!("{program}: {e}")),
        }
    }
    Err(format!("none of {} is installed", missing.join(", ")))
}

fn spawn(program: &str, args: &[&str], url: &str, without: &[&str]) -> io::Result<()> {
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for name in without {
        command.env_remove(name);
    }
    let mut child = command.spawn()?;
    std::thread::Builder::new()
        .name("opener".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// The opener gets the address and the environment, less the variables named.
    #[test]
    fn the_opener_gets_the_address_without_the_windows_variables() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("seen");
        let fake = dir.path().join("fake-opener");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\n{{ echo \"args: $*\"; /usr/bin/env; }} > '{}.part'\nmv '{0}.part' '{0}'\n",
                out.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        // HOME and PATH are in every test run's environment; HOME is held back.
        assert!(std::env::var_os("HOME").is_some() && std::env::var_os("PATH").is_some());
        spawn(
            fake.to_str().unwrap(),
            &["open"],
            "https://example.invalid/a?b=c",
            &["HOME"],
        )
        .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !out.exists() {
            assert!(std::time::Instant::now() < deadline, "the opener never ran");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let seen = std::fs::read_to_string(&out).unwrap();
        assert!(
            seen.starts_with("args: open https://example.invalid/a?b=c\n"),
            "{seen}"
        );
        assert!(seen.lines().any(|l| l.starts_with("PATH=")), "{seen}");
        assert!(!seen.lines().any(|l| l.starts_with("HOME=")), "{seen}");
    }

    /// A program that is not there is said by name; the caller turns it into the user's message.
    #[test]
    fn a_missing_opener_is_not_found() {
        let e = spawn(
            "/nonexistent/oces-opener",
            &[],
            "https://example.invalid/",
            &[],
        )
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
