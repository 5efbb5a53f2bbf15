//! Smaller hostile-input classes of issue 16 in the core: counting, length forms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::{self, FileFormat, Sniffed};
use oces_core::secret::Password;

/// An HTML page with one PEM certificate holds one certificate (the PEM body is also a base64
/// run; it must not be counted twice), and a page repeating it 2,000 times still holds one.
#[test]
fn a_page_with_one_pem_holds_one_certificate() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "h", "/CN=Html Test/O=Test/C=DK", 5);
    let pem = std::fs::read_to_string(&issued.cert).unwrap();
    let page = format!("<!DOCTYPE html><html><body><pre>{pem}</pre></body></html>");
    let o = cert::open_bytes(page.as_bytes(), None).unwrap();
    assert_eq!((o.format, o.certificates.len()), (FileFormat::CugHtml, 1));
    let many = format!(
        "<!DOCTYPE html><html><body>{}</body></html>",
        pem.repeat(2000)
    );
    let o = cert::open_bytes(many.as_bytes(), None).unwrap();
    assert_eq!(o.certificates.len(), 1);
}

/// A PFX whose outer length uses the four-byte form (`30 84 …`, BER allows it) is still a
/// PKCS#12 file: sniffed, opened and found as one.
#[test]
fn the_four_byte_length_form_is_recognised() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "l", "/CN=Length Test/O=Test/C=DK", 5);
    let der = std::fs::read(testkit::pkcs12(d.path(), "l", &issued, None, "pw", &[])).unwrap();
    assert_eq!(&der[..2], &[0x30, 0x82], "openssl writes the two-byte form");
    let len = u16::from_be_bytes([der[2], der[3]]);
    let mut long = vec![0x30, 0x84, 0, 0];
    long.extend_from_slice(&len.to_be_bytes());
    long.extend_from_slice(&der[4..]);
    assert_eq!(cert::sniff(&long), Sniffed::Pkcs12);
    let o = cert::open_bytes(&long, Some(&Password::new("pw"))).unwrap();
    assert_eq!(o.format, FileFormat::Pkcs12);
    // Truncated, it is called damaged, not "not a certificate".
    let cut = cert::open_bytes(&long[..long.len() / 2], Some(&Password::new("pw")));
    assert!(
        matches!(cut, Err(cert::LoadError::Damaged { .. })),
        "{cut:?}"
    );
    // The finder lists it as PKCS#12 (under a name that does not say so).
    let dir = d.path().join("found");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("certifikat"), &long).unwrap();
    let found = oces_core::files::find::find_in(&dir);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].holds, oces_core::files::find::Holds::Pkcs12);
}
