//! `inspect` explains a PKCS#12 file without decrypting its private key when the MAC has
//! proved the password (issue 31): the same explanation as opening it whole, less work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert;
use oces_core::secret::Password;

#[test]
fn inspecting_gives_what_opening_whole_gives_without_the_key() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "i", "/CN=Inspect Test/O=Test/C=DK", 30);
    let now = time::OffsetDateTime::now_utc();
    let pw = Password::new("pw");
    for (name, extra) in [
        ("modern", &[][..]),
        ("legacy", &["-legacy"][..]),
        ("clear-certs", &["-certpbe", "NONE"][..]),
    ] {
        let p12 = testkit::pkcs12(d.path(), name, &issued, None, "pw", extra);
        let whole = cert::open_file(&p12, Some(&pw)).unwrap();
        let light = cert::open_file_to_inspect(&p12, Some(&pw)).unwrap();
        assert!(whole.private_key.is_some(), "{name}");
        assert!(
            light.private_key.is_none(),
            "{name}: the key is not decrypted"
        );
        assert!(light.has_private_key, "{name}");
        assert_eq!(
            cert::inspect(&whole, now).unwrap(),
            cert::inspect(&light, now).unwrap(),
            "{name}"
        );
        // A wrong password is still wrong.
        assert!(matches!(
            cert::open_file_to_inspect(&p12, Some(&Password::new("nope"))),
            Err(cert::LoadError::WrongPassword)
        ));
    }
    // Without a MAC the key is how the password is checked: it is decrypted.
    let nomac = testkit::pkcs12(d.path(), "nomac", &issued, None, "pw", &["-nomac"]);
    let light = cert::open_file_to_inspect(&nomac, Some(&pw)).unwrap();
    assert!(light.private_key.is_some());
}
