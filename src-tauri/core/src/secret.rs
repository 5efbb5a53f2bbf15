//! Secrets: passwords and private-key bytes.
//!
//! [`Password`] and [`SecretBytes`] zeroize their memory when dropped, print as `[REDACTED]`
//! in `Debug` and `Display`, and have no `Serialize`, so they cannot reach logs, errors, saved
//! state or reports by accident. Code that needs the value asks for it explicitly.

use zeroize::Zeroizing;

/// A password typed by the user (PKCS#12 password, gateway password, …).
#[derive(Clone)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// Wrap a password.
    pub fn new(s: impl Into<String>) -> Password {
        Password(Zeroizing::new(s.into()))
    }

    /// The password itself, for the code that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Read the first line of a reader (`--password-stdin`), without its line ending.
    pub fn from_first_line(mut r: impl std::io::BufRead) -> std::io::Result<Password> {
        let mut line = Zeroizing::new(String::new());
        r.read_line(&mut line)?;
        let trimmed = line.trim_end_matches(['\n', '\r']);
        Ok(Password::new(trimmed))
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([REDACTED])")
    }
}

/// Secret bytes (a decrypted private key).
#[derive(Clone)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Wrap bytes.
    pub fn new(v: Vec<u8>) -> SecretBytes {
        SecretBytes(Zeroizing::new(v))
    }

    /// The bytes, for the code that must use them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBytes([REDACTED], {} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let p = Password::new("SENTINEL-pw-7f3a");
        let k = SecretBytes::new(b"SENTINEL-key-bytes".to_vec());
        let shown = format!("{p:?} {k:?} {:?}", (p.clone(), k.clone()));
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert_eq!(p.expose(), "SENTINEL-pw-7f3a");
    }

    #[test]
    fn first_line_only() {
        let p = Password::from_first_line(&b"Test1234\r\nsecond line\n"[..]).expect("read");
        assert_eq!(p.expose(), "Test1234");
        let empty = Password::from_first_line(&b""[..]).expect("read");
        assert_eq!(empty.expose(), "");
    }
}
