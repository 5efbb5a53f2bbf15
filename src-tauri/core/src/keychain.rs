//! The UFST gateway credentials (DMS-6) in the OS keychain, through the `keyring` crate: the
//! Secret Service (GNOME Keyring, KWallet) on Linux, Credential Manager on Windows, the Keychain
//! on macOS. The app keeps only the gateway user's name in its progress, as a note that
//! something was saved; the password lives in the keychain alone. When no keychain can be
//! reached the app says so and keeps nothing: there is no fallback to a file.

use crate::error::ErrorCode;
use crate::secret::Password;

/// The keychain entry's service name; the gateway user is the account.
pub const SERVICE: &str = "oces-wizard: UFST gateway";

fn entry(user: &str) -> Result<keyring::Entry, ErrorCode> {
    let user = user.trim();
    if user.is_empty() || user.len() > 200 || user.chars().any(char::is_control) {
        return Err(ErrorCode::KeychainBadInput);
    }
    keyring::Entry::new(SERVICE, user).map_err(map)
}

/// The keychain's error as a code for the user; the platform's own message (which the user
/// does not see) goes to the log with its causes.
fn map(e: keyring::Error) -> ErrorCode {
    if !matches!(e, keyring::Error::NoEntry) {
        tracing::warn!(
            target: "oces_core::keychain",
            cause = %crate::logging::cause_chain(&e),
            "keychain"
        );
    }
    match e {
        keyring::Error::NoEntry => ErrorCode::KeychainNotFound,
        keyring::Error::PlatformFailure(_) => ErrorCode::KeychainUnavailable,
        keyring::Error::NoStorageAccess(_) => ErrorCode::KeychainFailed,
        keyring::Error::TooLong(..) | keyring::Error::Invalid(..) => ErrorCode::KeychainBadInput,
        _ => ErrorCode::KeychainFailed,
    }
}

/// Keep the gateway password for `user` (replacing what was kept before).
pub fn save(user: &str, password: &Password) -> Result<(), ErrorCode> {
    if password.expose().is_empty() {
        return Err(ErrorCode::KeychainBadInput);
    }
    let e = entry(user)?;
    e.set_password(password.expose()).map_err(map)?;
    // Read it back: a keychain that silently dropped it must not look like success.
    match e.get_password() {
        Ok(back) => {
            let same = back == password.expose();
            drop(Password::new(back));
            if same {
                Ok(())
            } else {
                Err(ErrorCode::KeychainFailed)
            }
        }
        Err(err) => Err(map(err)),
    }
}

/// Whether a password is kept for `user` (without reading it out to the caller).
pub fn present(user: &str) -> Result<bool, ErrorCode> {
    match entry(user)?.get_password() {
        Ok(p) => {
            drop(Password::new(p));
            Ok(true)
        }
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(map(e)),
    }
}

/// The kept password, when the user asks to see it.
pub fn reveal(user: &str) -> Result<Password, ErrorCode> {
    entry(user)?.get_password().map(Password::new).map_err(map)
}

/// Delete what is kept for `user`; false when nothing was.
pub fn delete(user: &str) -> Result<bool, ErrorCode> {
    match entry(user)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(map(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The platform's message reaches the log with its causes (the user sees the code only);
    /// a secret inside it is scrubbed there.
    #[test]
    fn the_platform_message_is_logged_and_scrubbed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pw = Password::new("Keychain-SENTINEL-5k");
        let platform = std::io::Error::other(format!(
            "org.freedesktop.DBus.Error.ServiceUnknown: nothing for {}",
            pw.expose()
        ));
        let sub = crate::logging::subscriber(dir.path(), crate::logging::Program::Window);
        let code = tracing::subscriber::with_default(sub, || {
            map(keyring::Error::PlatformFailure(Box::new(platform)))
        });
        assert_eq!(code, ErrorCode::KeychainUnavailable);
        let log =
            std::fs::read_to_string(crate::logging::log_file(dir.path(), 0)).expect("a log line");
        assert!(
            log.contains("Platform secure storage failure")
                && log
                    .contains("org.freedesktop.DBus.Error.ServiceUnknown: nothing for [REDACTED]"),
            "{log}"
        );
        assert!(!log.contains("SENTINEL"), "{log}");
    }
}
