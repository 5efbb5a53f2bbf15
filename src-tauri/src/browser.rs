//! Hands a web address to the desktop on Linux: `xdg-open`, or GLib's `gio open` where that is
//! missing or fails, as the opener plugin does, but without the WebKit variables the window set
//! for its own web process ([`crate::webkit::ours`]). A browser or mail program built on
//! WebKitGTK (GNOME Web, Evolution) that the desktop starts for the link then runs as its user
//! set it up: with its JavaScript compiler and its usual painting, for web tools such as DKMA's
//! and MitID's. The other platforms keep the opener plugin (the window sets nothing there).

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The programs tried in turn, each with the arguments that come before the address.
const OPENERS: [(&str, &[&str]); 2] = [("xdg-open", &[]), ("gio", &["open"])];

/// How long an opener is watched for failing (it ends unsuccessfully: no browser set up, say)
/// before the next one is tried. One still running then has handed the address on, or is the
/// browser itself.
const FAILS_WITHIN: Duration = Duration::from_millis(250);

/// Opens `url` with the first opener that starts and does not fail at once, without the
/// variables `without`.
pub fn open(url: &str, without: &[&str]) -> Result<(), String> {
    open_with(&OPENERS, url, without)
}

fn open_with(openers: &[(&str, &[&str])], url: &str, without: &[&str]) -> Result<(), String> {
    let mut tried = Vec::new();
    for (program, args) in openers {
        match spawn(program, args, url, without) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                tried.push(format!("{program}: not installed"))
            }
            Err(e) => tried.push(format!("{program}: {e}")),
        }
    }
    Err(tried.join("; "))
}

/// Starts one opener in a process group of its own (a Ctrl+C in the terminal that started the
/// window does not reach the browser), its output going nowhere, and watches it for
/// [`FAILS_WITHIN`]. One still running after that is left to a thread that waits for it, so it
/// leaves no zombie process.
fn spawn(program: &str, args: &[&str], url: &str, without: &[&str]) -> io::Result<()> {
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    for name in without {
        command.env_remove(name);
    }
    let mut child = command.spawn()?;
    let started = Instant::now();
    while started.elapsed() < FAILS_WITHIN {
        if let Some(status) = child.try_wait()? {
            return if status.success() {
                Ok(())
            } else {
                Err(io::Error::other(format!("ended with {status}")))
            };
        }
        std::thread::sleep(Duration::from_millis(10));
    }
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
    use std::path::Path;

    /// A shell script at `path`, executable.
    fn script(path: &Path, body: &str) {
        std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// What a fake opener wrote to `out`, once it has (written whole, then renamed).
    fn seen(out: &Path) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !out.exists() {
            assert!(Instant::now() < deadline, "the opener never ran");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::fs::read_to_string(out).unwrap()
    }

    /// The opener gets the address and the environment, less the variables named.
    #[test]
    fn the_opener_gets_the_address_without_the_windows_variables() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("seen");
        let fake = dir.path().join("fake-opener");
        script(
            &fake,
            &format!(
                "{{ echo \"args: $*\"; /usr/bin/env; }} > '{0}.part'\nmv '{0}.part' '{0}'",
                out.display()
            ),
        );
        // HOME and PATH are in every test run's environment; HOME is held back.
        assert!(std::env::var_os("HOME").is_some() && std::env::var_os("PATH").is_some());
        spawn(
            fake.to_str().unwrap(),
            &["open"],
            "https://example.invalid/a?b=c",
            &["HOME"],
        )
        .unwrap();
        let seen = seen(&out);
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
        let all = open_with(
            &[("/nonexistent/a", &[]), ("/nonexistent/b", &["open"])],
            "https://example.invalid/",
            &[],
        )
        .unwrap_err();
        assert_eq!(
            all,
            "/nonexistent/a: not installed; /nonexistent/b: not installed"
        );
    }

    /// An opener that fails at once hands over to the next one, which runs in a process group
    /// of its own.
    #[test]
    fn a_failing_opener_hands_over_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let (failing, second, out) = (
            dir.path().join("failing"),
            dir.path().join("second"),
            dir.path().join("seen"),
        );
        script(&failing, "exit 3");
        // Field 5 of /proc/<pid>/stat is the process group.
        script(
            &second,
            &format!(
                "cut -d' ' -f5 /proc/$$/stat > '{0}.part'\nmv '{0}.part' '{0}'",
                out.display()
            ),
        );
        let (failing, second) = (failing.to_str().unwrap(), second.to_str().unwrap());
        let e = spawn(failing, &[], "https://example.invalid/", &[]).unwrap_err();
        assert!(e.to_string().contains("exit status: 3"), "{e}");
        open_with(
            &[(failing, &[]), (second, &[])],
            "https://example.invalid/",
            &[],
        )
        .unwrap();
        let group: u32 = seen(&out).trim().parse().unwrap();
        assert_ne!(
            group,
            own_group(),
            "the opener is in the window's process group"
        );
    }

    /// This process's group, from /proc/self/stat (after the command name in parentheses:
    /// state, parent, group).
    fn own_group() -> u32 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let after = stat.rsplit(')').next().unwrap();
        after.split_whitespace().nth(2).unwrap().parse().unwrap()
    }
}
