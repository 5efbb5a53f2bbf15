//! PKCS#12 files from OpenSSL 1.0.x with a non-ASCII password (issue 30, class 7): that
//! version put each UTF-8 byte of the password into the BMP password as one character. Such a
//! file opens with the password as the user typed it (æ, ø, å), and the inspection says which
//! encoding the file used. Made here by giving OpenSSL 3 the password whose characters are
//! those bytes, which is what OpenSSL 1.0 fed to the key derivation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::{self, LoadError};
use oces_core::secret::Password;

const TYPED: &str = "Kodeord-æøå-Ærø";

/// The password as OpenSSL 1.0 used it: each UTF-8 byte as the character of that number.
fn bytes_as_chars(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

#[test]
fn a_non_ascii_password_from_openssl_1_0_opens_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(dir.path(), "o", "/CN=old.openssl.example.test", 30);
    let old = bytes_as_chars(TYPED);
    assert_ne!(old, TYPED);
    for (name, extra) in [
        // OpenSSL 1.0's own algorithms (3DES, RC2, SHA-1), with and without a MAC; OpenSSL 3's
        // PBES2 would feed the doubly-encoded bytes to PBKDF2, which 1.0 never did.
        ("legacy", &["-legacy"][..]),
        ("nomac", &["-legacy", "-nomac"][..]),
    ] {
        let p12 = testkit::pkcs12(dir.path(), name, &issued, None, &old, extra);
        let opened = cert::open_file(&p12, Some(&Password::new(TYPED)))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(opened.private_key.is_some(), "{name}");
        let report = cert::inspect(&opened, time::OffsetDateTime::now_utc()).unwrap();
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.code == "pkcs12.password_bytes_as_characters"),
            "{name}: {:?}",
            report.findings
        );
        // A wrong password is still wrong.
        let wrong = cert::open_file(&p12, Some(&Password::new("Kodeord-aeoeaa-Aeroe")));
        assert!(matches!(wrong, Err(LoadError::WrongPassword)), "{name}");
    }
    // A file made the usual way opens as before, without the finding.
    let p12 = testkit::pkcs12(dir.path(), "new", &issued, None, TYPED, &[]);
    let opened = cert::open_file(&p12, Some(&Password::new(TYPED))).unwrap();
    let report = cert::inspect(&opened, time::OffsetDateTime::now_utc()).unwrap();
    assert!(report
        .findings
        .iter()
        .all(|f| f.code != "pkcs12.password_bytes_as_characters"));
}
