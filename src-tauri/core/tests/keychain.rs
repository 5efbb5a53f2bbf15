//! Gateway credentials in a real Secret Service. The test command runs this inside a private
//! D-Bus session with gnome-keyring unlocked (`scripts/test.sh`); it is `#[ignore]`d so a plain
//! `cargo test` outside that session does not touch the developer's own keyring. Run it there
//! with `--ignored`: without a Secret Service it fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::error::ErrorCode;
use oces_core::keychain;
use oces_core::secret::Password;

#[test]
#[ignore = "needs a Secret Service: run by scripts/test.sh inside dbus-run-session"]
fn save_confirm_reveal_replace_delete() {
    let user = format!("CVR_25313763_UI_test-{}", std::process::id());
    let first = Password::new("Gateway-SENTINEL-Æ-1");
    let second = Password::new("Gateway-SENTINEL-Æ-2");

    assert_eq!(keychain::present(&user), Ok(false));
    keychain::save(&user, &first).expect("saved in the Secret Service");
    assert_eq!(keychain::present(&user), Ok(true));
    assert_eq!(keychain::reveal(&user).unwrap().expose(), first.expose());
    keychain::save(&user, &second).expect("replaced");
    // While the password is stored (and Secret Service has written it out). Linux only: the
    // Windows run (Credential Manager, under Wine) has no keyring files to look into.
    #[cfg(target_os = "linux")]
    assert_no_plain_text_on_disk();
    assert_eq!(keychain::reveal(&user).unwrap().expose(), second.expose());
    assert_eq!(keychain::delete(&user), Ok(true));
    assert_eq!(keychain::present(&user), Ok(false));
    assert_eq!(keychain::delete(&user), Ok(false), "deleting twice is fine");
    assert_eq!(
        keychain::reveal(&user).map(|_| ()),
        Err(ErrorCode::KeychainNotFound)
    );
    assert_eq!(keychain::save("", &first), Err(ErrorCode::KeychainBadInput));
    assert_eq!(
        keychain::save(&user, &Password::new("")),
        Err(ErrorCode::KeychainBadInput)
    );
}

/// The keyring files on disk are encrypted: the password is not in them as text. The keyring
/// lives under XDG_DATA_HOME (scripts/with-keyring.sh sets it), else ~/.local/share; at least
/// one keyring file must be there and read, or this checks nothing.
#[cfg(target_os = "linux")]
fn assert_no_plain_text_on_disk() {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".local/share")))
        .expect("XDG_DATA_HOME or HOME is set");
    let dir = data.join("keyrings");
    let mut read = 0;
    for f in std::fs::read_dir(&dir).expect("the keyring folder exists") {
        let path = f.expect("folder entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("keyring file readable");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("SENTINEL"),
                "{}",
                path.display()
            );
            read += 1;
        }
    }
    assert!(read > 0, "no keyring file in {}", dir.display());
}

/// Issue 26: a gateway password deleted outside the guide (in Windows' Credential Manager, or
/// here straight from the Secret Service) no longer shows as kept. The progress notes the
/// gateway user after the save; asking the keychain again finds nothing and drops the note,
/// in the saved progress too; while the password is there the note stays. The password itself
/// is never part of the answer.
#[test]
#[ignore = "needs a Secret Service: run by scripts/test.sh inside dbus-run-session"]
fn a_password_deleted_outside_the_guide_is_no_longer_shown_as_kept() {
    use oces_core::paths::AppPaths;
    use oces_core::session::Session;
    let data = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_dir(data.path().to_path_buf());
    let user = format!(
        "CVR_25313763_UR_{:08x}-2222-3333-4444-555555555555",
        std::process::id()
    );
    let pw = Password::new("Gateway-SENTINEL-gone-1");
    let session = Session::load(Some(paths.clone()), None);
    session.choose_flow("dms").expect("flow");
    let saved = session.save_gateway_credentials(&user, &pw).expect("kept");
    assert_eq!(
        saved.view.view.facts.credentials.as_deref(),
        Some(user.as_str())
    );
    // Still there: the note stays.
    let still = session.gateway_credentials_present().expect("asked");
    assert_eq!(
        still.view.view.facts.credentials.as_deref(),
        Some(user.as_str())
    );
    // Deleted outside the guide, then the guide started again on the same progress.
    assert_eq!(keychain::delete(&user), Ok(true));
    drop(session);
    let session = Session::load(Some(paths.clone()), None);
    assert_eq!(
        session.view().unwrap().view.facts.credentials.as_deref(),
        Some(user.as_str()),
        "the saved progress still says kept before the keychain is asked"
    );
    let gone = session.gateway_credentials_present().expect("asked");
    assert_eq!(
        gone.view.view.facts.credentials, None,
        "no longer shown as kept"
    );
    let answer = serde_json::to_string(&gone).unwrap();
    assert!(!answer.contains("SENTINEL"), "{answer}");
    // The note is gone from the saved progress too.
    drop(session);
    let again = Session::load(Some(paths), None);
    assert_eq!(again.view().unwrap().view.facts.credentials, None);
}
