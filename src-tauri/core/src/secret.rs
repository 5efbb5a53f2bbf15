//! Secrets: passwords and private-key bytes.
//!
//! [`Password`] and [`SecretBytes`] zeroize their memory when dropped, print as `[REDACTED]`
//! in `Debug` and `Display`, and have no `Serialize`, so they cannot reach logs, errors, saved
//! state or reports by accident. Code that needs the value asks for it explicitly.

use crate::error::ErrorCode;
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

    /// Read the first line of a reader (`--password-stdin`), without its line ending. At most
    /// [`MAX_PASSWORD_LINE`] bytes are read: a longer line (gigabytes piped in by mistake) is
    /// refused at once, without reading the rest.
    pub fn from_first_line(mut r: impl std::io::BufRead) -> Result<Password, ErrorCode> {
        use std::io::{BufRead, Read};
        let mut line = Zeroizing::new(Vec::new());
        // The limit, plus room for the line ending ("\r\n").
        (&mut r)
            .take(MAX_PASSWORD_LINE as u64 + 2)
            .read_until(b'\n', &mut line)
            .map_err(|_| ErrorCode::PasswordUnreadable)?;
        let ended = line.ends_with(b"\n");
        let mut end = line.len();
        while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        if end > MAX_PASSWORD_LINE || (!ended && line.len() > MAX_PASSWORD_LINE) {
            return Err(ErrorCode::PasswordTooLong);
        }
        let text = std::str::from_utf8(&line[..end]).map_err(|_| ErrorCode::PasswordUnreadable)?;
        Ok(Password::new(text))
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([REDACTED])")
    }
}

/// The longest password line `--password-stdin` takes, in bytes: far beyond any real
/// password, small enough that a stream of gigabytes is refused at once.
pub const MAX_PASSWORD_LINE: usize = 4096;

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

    /// A reader of `len` bytes of `a` (no line ending) that counts what was taken from it.
    struct Endless {
        left: usize,
        taken: usize,
    }

    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.left);
            buf[..n].fill(b'a');
            self.left -= n;
            self.taken += n;
            Ok(n)
        }
    }

    #[test]
    fn a_password_line_is_bounded() {
        let at_limit = "p".repeat(MAX_PASSWORD_LINE);
        let ok = Password::from_first_line(format!("{at_limit}\r\n").as_bytes()).expect("read");
        assert_eq!(ok.expose().len(), MAX_PASSWORD_LINE);
        let ok = Password::from_first_line(at_limit.as_bytes()).expect("no line ending");
        assert_eq!(ok.expose().len(), MAX_PASSWORD_LINE);
        let over = format!("{at_limit}p\n");
        assert_eq!(
            Password::from_first_line(over.as_bytes()).err(),
            Some(ErrorCode::PasswordTooLong)
        );
        // A gigabyte-long line is refused after reading little more than the limit.
        let mut huge = std::io::BufReader::new(Endless {
            left: 1 << 30,
            taken: 0,
        });
        assert_eq!(
            Password::from_first_line(&mut huge).err(),
            Some(ErrorCode::PasswordTooLong)
        );
        assert!(
            huge.get_ref().taken <= 16 * 1024,
            "{}",
            huge.get_ref().taken
        );
        assert_eq!(
            Password::from_first_line(&b"\xff\xfe\n"[..]).err(),
            Some(ErrorCode::PasswordUnreadable)
        );
    }
}
