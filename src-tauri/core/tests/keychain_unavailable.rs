//! Without a reachable keychain the app says so and keeps nothing: no file is written instead.
//! (Its own test binary: it points D-Bus at nowhere for the whole process.)
//!
//! Linux only: the keychain there is a D-Bus service that can be missing. Windows' Credential
//! Manager and the macOS Keychain are part of the OS (see `windows.rs` for Credential Manager).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::error::ErrorCode;
use oces_core::keychain;
use oces_core::secret::Password;

#[test]
fn no_keychain_is_said_plainly_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    std::env::set_var("XDG_DATA_HOME", home.path().join("data"));
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", home.path().join("no-bus").display()),
    );
    let pw = Password::new("Gateway-SENTINEL-nowhere");
    let logs = tempfile::tempdir().unwrap();
    let sub = oces_core::logging::subscriber(logs.path(), oces_core::logging::Program::Window);
    tracing::subscriber::with_default(sub, || {
        assert_eq!(
            keychain::save("CVR_25313763_UI_x", &pw),
            Err(ErrorCode::KeychainUnavailable)
        );
        assert_eq!(
            keychain::present("CVR_25313763_UI_x"),
            Err(ErrorCode::KeychainUnavailable)
        );
    });
    // The helpdesk's log has the platform's own message (twice), and never the password.
    let log = std::fs::read_to_string(oces_core::logging::log_file(logs.path(), 0)).unwrap();
    assert_eq!(
        log.matches("Platform secure storage failure").count(),
        2,
        "{log}"
    );
    assert!(!log.contains("SENTINEL"), "{log}");
    let written: Vec<_> = walk(home.path());
    assert!(
        written.is_empty(),
        "nothing may be written instead: {written:?}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
