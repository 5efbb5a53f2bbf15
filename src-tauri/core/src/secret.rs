//! Secrets: passwords and private-key bytes.
//!
//! [`Password`] and [`SecretBytes`] zeroize their memory when dropped, print as `[REDACTED]`
//! in `Debug` and `Display`, and have no `Serialize`, so they cannot reach logs, errors, saved
//! state or reports by accident. Code that needs the value asks for it explicitly.
//!
//! While a [`Password`] is alive its value is also listed in a process-wide register of live
//! secrets ([`live_secrets`]), which the log file's last line of defence
//! ([`crate::logging`]) scrubs from every line before it is written. The register holds
//! zeroizing copies and forgets a value (zeroizing it) when the last clone of its password is
//! dropped.
//!
//! A [`Password`] can be deserialised from a JSON string (the window's commands take it that
//! way), straight into the zeroizing buffer: no plain `String` of ours ever holds it.

use crate::error::ErrorCode;
use zeroize::Zeroizing;

/// A password typed by the user (PKCS#12 password, gateway password, …).
#[derive(Clone)]
pub struct Password {
    value: Zeroizing<String>,
    /// Keeps the value listed as live while this password (or a clone) exists.
    _live: Option<std::sync::Arc<Live>>,
}

impl Password {
    /// Wrap a password (and list it as a live secret, see [`live_secrets`]).
    pub fn new(s: impl Into<String>) -> Password {
        let value = Zeroizing::new(s.into());
        let live = Live::register(&value);
        Password { value, _live: live }
    }

    /// The password itself, for the code that must use it.
    pub fn expose(&self) -> &str {
        &self.value
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
        // A byte-order mark (Notepad, PowerShell's UTF-8 redirection) is not part of it.
        let start = if line[..end].starts_with(&[0xef, 0xbb, 0xbf]) {
            3
        } else {
            0
        };
        let text =
            std::str::from_utf8(&line[start..end]).map_err(|_| ErrorCode::PasswordUnreadable)?;
        Ok(Password::new(text))
    }
}

impl<'de> serde::Deserialize<'de> for Password {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Password, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Password;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a password (a string)")
            }
            // Borrowed text is copied once, into the zeroizing buffer.
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Password, E> {
                Ok(Password::new(v.to_owned()))
            }
            // An owned string is moved in, not copied.
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Password, E> {
                Ok(Password::new(v))
            }
        }
        d.deserialize_string(Visit)
    }
}

/// In the window's generated TypeScript a password is a plain `string`: the page sends what
/// was typed, and it is wrapped here the moment it arrives.
#[cfg(feature = "specta")]
impl specta::Type for Password {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <String as specta::Type>::definition(types)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([REDACTED])")
    }
}

pub use crate::logging::{live_secrets, Live};

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

/// How long a held password lasts without being used: after 15 minutes idle it is dropped.
pub const HOLD_IDLE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// The certificate's password, typed once in a flow (when the file is unlocked) and held in
/// memory only, so the flow's later steps (backup, install, connection test) do not ask again.
/// It is never written anywhere: no `Serialize`, `Debug` shows nothing, and the memory is
/// zeroized when it is dropped: on leaving the flow, choosing another file, closing the
/// window, or after [`HOLD_IDLE`] without use.
#[derive(Default)]
pub struct HeldPassword {
    held: Option<(crate::flow::FlowId, Password, std::time::Instant)>,
}

impl HeldPassword {
    /// Hold the password that just opened the flow's certificate.
    pub fn hold(&mut self, flow: crate::flow::FlowId, password: Password, now: std::time::Instant) {
        self.held = Some((flow, password, now));
    }

    /// The held password for a step of `flow`, if it is that flow's and not idle too long; a
    /// password past its time or of another flow is dropped here. Using it restarts the clock.
    pub fn get(&mut self, flow: crate::flow::FlowId, now: std::time::Instant) -> Option<Password> {
        self.expire(flow, now);
        let (_, password, used) = self.held.as_mut()?;
        *used = now;
        Some(password.clone())
    }

    /// Whether a password is held for `flow` now (without counting as a use).
    pub fn is_held(&mut self, flow: crate::flow::FlowId, now: std::time::Instant) -> bool {
        self.expire(flow, now);
        self.held.is_some()
    }

    /// Drop the password (its memory is zeroized).
    pub fn forget(&mut self) {
        self.held = None;
    }

    fn expire(&mut self, flow: crate::flow::FlowId, now: std::time::Instant) {
        if self.held.as_ref().is_some_and(|(f, _, used)| {
            *f != flow || now.saturating_duration_since(*used) > HOLD_IDLE
        }) {
            self.held = None;
        }
    }
}

impl std::fmt::Debug for HeldPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeldPassword([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    /// The password typed once in a flow serves that flow's later steps, and only while it is
    /// used: 15 minutes idle, another flow, or `forget` (leaving the flow, another file,
    /// closing the window) drop it.
    #[test]
    fn a_held_password_is_for_one_flow_and_fifteen_idle_minutes() {
        use crate::flow::FlowId;
        use std::time::{Duration, Instant};
        let t0 = Instant::now();
        let mut h = HeldPassword::default();
        assert!(h.get(FlowId::Cug, t0).is_none(), "nothing held at first");
        h.hold(FlowId::Cug, Password::new("Pw-SENTINEL"), t0);
        assert_eq!(format!("{h:?}"), "HeldPassword([REDACTED])");
        // Used at 14 minutes and again 14 minutes later: still there (each use restarts).
        let at14 = t0 + Duration::from_secs(14 * 60);
        assert_eq!(
            h.get(FlowId::Cug, at14).map(|p| p.expose().to_string()),
            Some("Pw-SENTINEL".into())
        );
        let at28 = at14 + Duration::from_secs(14 * 60);
        assert!(h.is_held(FlowId::Cug, at28));
        // Idle for more than 15 minutes: gone, and stays gone.
        assert!(h
            .get(FlowId::Cug, at28 + HOLD_IDLE + Duration::from_secs(1))
            .is_none());
        assert!(!h.is_held(FlowId::Cug, at28));
        // Another flow does not get it, and asking drops it.
        h.hold(FlowId::Dms, Password::new("Pw-SENTINEL"), t0);
        assert!(h.get(FlowId::Stil, t0).is_none());
        assert!(!h.is_held(FlowId::Dms, t0), "leaving the flow dropped it");
        h.hold(FlowId::Dms, Password::new("Pw-SENTINEL"), t0);
        h.forget();
        assert!(h.get(FlowId::Dms, t0).is_none());
    }

    use super::*;

    /// A password is listed as live while any clone of it exists, and forgotten after.
    #[test]
    fn a_password_is_live_while_it_exists() {
        let has = |s: &str| live_secrets(|l| l.contains(&s));
        let p = Password::new("Live-SENTINEL-3c9");
        let q = p.clone();
        assert!(has("Live-SENTINEL-3c9"));
        drop(p);
        assert!(has("Live-SENTINEL-3c9"), "a clone keeps it live");
        drop(q);
        assert!(!has("Live-SENTINEL-3c9"), "forgotten with the last clone");
        let _empty = Password::new("");
        assert!(!has(""), "an empty password is not listed");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let p = Password::new("SENTINEL-pw-7f3a");
        let k = SecretBytes::new(b"SENTINEL-key-bytes".to_vec());
        let shown = format!("{p:?} {k:?} {:?}", (p.clone(), k.clone()));
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert_eq!(p.expose(), "SENTINEL-pw-7f3a");
    }

    /// The window's commands take passwords as JSON strings: they land in the zeroizing type
    /// directly (as an argument and as an optional one), and nothing that prints or
    /// serialises the holder shows them.
    #[test]
    fn a_password_deserialises_from_a_json_string_and_never_shows() {
        let p: Password = serde_json::from_str(r#""SENTINEL-\u00e6-pw""#).expect("a string");
        assert_eq!(p.expose(), "SENTINEL-æ-pw", "escapes are decoded");
        #[derive(serde::Deserialize, Debug)]
        struct Args {
            password: Option<Password>,
        }
        let a: Args =
            serde_json::from_value(serde_json::json!({"password": "SENTINEL-pw"})).expect("args");
        assert_eq!(
            a.password.as_ref().map(Password::expose),
            Some("SENTINEL-pw")
        );
        assert!(!format!("{a:?}").contains("SENTINEL"), "{a:?}");
        let none: Args = serde_json::from_str(r#"{"password": null}"#).expect("null");
        assert!(none.password.is_none());
        assert!(
            serde_json::from_str::<Password>("42").is_err(),
            "only a string"
        );
    }

    /// Whether `T` implements `Serialize`, decided at compile time: the inherent constant
    /// exists only when the bound holds, else the trait's `false` is used.
    struct Probe<T>(std::marker::PhantomData<T>);
    trait NotSerialize {
        const SERIALIZE: bool = false;
    }
    impl<T> NotSerialize for Probe<T> {}
    impl<T: serde::Serialize> Probe<T> {
        #[allow(dead_code)]
        const SERIALIZE: bool = true;
    }

    /// A password can come in as JSON but never go out as JSON: no `Serialize`, for the
    /// password and for the held one (and the check itself tells a type that has it).
    #[test]
    fn a_password_cannot_be_serialised() {
        // Checked when the tests compile.
        const {
            assert!(Probe::<String>::SERIALIZE, "the check sees Serialize");
            assert!(!Probe::<Password>::SERIALIZE);
            assert!(!Probe::<SecretBytes>::SERIALIZE);
            assert!(!Probe::<HeldPassword>::SERIALIZE);
        }
    }

    #[test]
    fn first_line_only() {
        let p = Password::from_first_line(&b"Test1234\r\nsecond line\n"[..]).expect("read");
        assert_eq!(p.expose(), "Test1234");
        let empty = Password::from_first_line(&b""[..]).expect("read");
        assert_eq!(empty.expose(), "");
        let bom =
            Password::from_first_line(&b"\xef\xbb\xbfR\xc3\xb8dgr\xc3\xb8d\r\n"[..]).expect("read");
        assert_eq!(
            bom.expose(),
            "Rødgrød",
            "the byte-order mark is not part of it"
        );
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
