//! Reading what can be read before the password: a PKCS#12 file made the way MitID Erhverv
//! makes them (certificates in the clear, only the key encrypted) shows its holder, CVR, UUID,
//! kind and validity without a password, marked "not yet checked"; the password then confirms
//! it. Files that encrypt their certificates still need the password. Finding files shows which
//! certificate each file holds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::identify::{Environment, Generation, Kind};
use oces_core::cert::trust::{Anchor, TrustStatus, TrustStore};
use oces_core::cert::{self, LoadError};
use oces_core::files::find;
use oces_core::secret::Password;
use std::path::PathBuf;

const UUID: &str = "175A859D-ED76-45AF-828F-3A69691A7157";

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

#[test]
fn a_mitid_erhverv_style_file_shows_its_holder_before_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = testkit::oces3_test_p12(dir.path(), "Toldsystem (systemcertifikat)", UUID, "Pw-1");
    let r = cert::inspect_before_password(&p12, now()).expect("readable without a password");
    assert!(r.before_password);
    assert_eq!(
        r.certificate.common_name.as_deref(),
        Some("Toldsystem (systemcertifikat)")
    );
    assert_eq!(r.oces.cvr.as_deref(), Some("25313763"));
    assert_eq!(r.oces.id.as_deref(), Some(UUID.to_lowercase().as_str()));
    assert_eq!(r.oces.kind, Some(Kind::System));
    assert_eq!(r.oces.generation, Generation::Oces3);
    assert_eq!(
        r.oces.gateway_user,
        Some(format!("CVR_25313763_UI_{}", UUID.to_lowercase()))
    );
    assert!(r.contains.private_key, "the key is there, still locked");
    assert_eq!(r.contains.certificates, 2);
    assert!(!r.certificate.not_after.is_empty());
    assert_eq!(r.findings[0].code, "cert.not_yet_checked");
    assert_eq!(
        r.pkcs12, None,
        "the algorithms are known only with the password"
    );
    // The fixture's CA only copies the OCES3 test CA's name: not recognised.
    assert_eq!(r.trust.status, TrustStatus::NotRecognised);
    assert_eq!(r.oces.environment, Environment::Unknown);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["before_password"], true);

    // With its CA as the anchor, the environment is there before the password too.
    let ca = std::fs::read(dir.path().join("ca.pem")).unwrap();
    let ca = cert::open_bytes(&ca, None).unwrap().certificates.remove(0);
    let store = TrustStore::new(vec![Anchor::new(
        ca,
        Environment::Test,
        Generation::Oces3,
        "fixture",
    )
    .unwrap()]);
    let bytes = std::fs::read(&p12).unwrap();
    let opened = cert::open_before_password(&bytes).unwrap();
    assert!(opened.private_key.is_none());
    let r = cert::inspect_with(&opened, now(), &store).unwrap();
    assert_eq!(r.oces.environment, Environment::Test);

    // The password confirms it: same certificate, no longer "not yet checked".
    let checked = cert::inspect_path(&p12, Some(&Password::new("Pw-1")), now()).unwrap();
    assert!(!checked.before_password);
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.code == "cert.not_yet_checked"));
    assert_eq!(
        checked.certificate.sha256_fingerprint,
        cert::inspect_before_password(&p12, now())
            .unwrap()
            .certificate
            .sha256_fingerprint
    );
    // Without a password the ordinary opening still asks for it.
    assert!(matches!(
        cert::open_file(&p12, None),
        Err(LoadError::PasswordNeeded)
    ));
}

#[test]
fn encrypted_certificates_still_need_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let c = testkit::self_signed(dir.path(), "c", "/CN=Krypteret", 30);
    // OpenSSL's default encrypts the certificates as well.
    let p12 = testkit::pkcs12(dir.path(), "enc", &c, None, "pw", &[]);
    assert!(matches!(
        cert::inspect_before_password(&p12, now()),
        Err(LoadError::PasswordNeeded)
    ));
    // So do the OCES2 test files (3DES / RC2-40 certificates), where present.
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real-certs/oces2/VOCES_spaerret.p12");
    if real.exists() {
        assert!(matches!(
            cert::inspect_before_password(&real, now()),
            Err(LoadError::PasswordNeeded)
        ));
    }
    // A PEM file is read as it is, and is not "before the password".
    let r = cert::inspect_before_password(&c.cert, now()).unwrap();
    assert!(!r.before_password);
    assert!(!r.findings.iter().any(|f| f.code == "cert.not_yet_checked"));
}

#[test]
fn a_changed_certificate_is_shown_unchecked_and_refused_by_the_password_check() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = testkit::oces3_test_p12(dir.path(), "Rigtig Holder", UUID, "Pw-2");
    let mut bytes = std::fs::read(&p12).unwrap();
    let at = bytes
        .windows(13)
        .position(|w| w == b"Rigtig Holder")
        .expect("the holder's name is in the clear");
    bytes[at..at + 6].copy_from_slice(b"Falsk ");
    // Before the password the file says what it says, marked as not yet checked; the changed
    // certificate no longer matches its issuer's signature.
    let r = cert::inspect_bytes_before_password(&bytes, now()).unwrap();
    assert_eq!(r.certificate.common_name.as_deref(), Some("Falsk  Holder"));
    assert!(r.before_password);
    assert_eq!(r.findings[0].code, "cert.not_yet_checked");
    let ca = std::fs::read(dir.path().join("ca.pem")).unwrap();
    let ca = cert::open_bytes(&ca, None).unwrap().certificates.remove(0);
    let store = TrustStore::new(vec![Anchor::new(
        ca,
        Environment::Test,
        Generation::Oces3,
        "f",
    )
    .unwrap()]);
    let opened = cert::open_before_password(&bytes).unwrap();
    assert_eq!(
        cert::inspect_with(&opened, now(), &store)
            .unwrap()
            .trust
            .status,
        TrustStatus::Broken
    );
    // The password's integrity check refuses the file.
    assert!(cert::open_bytes(&bytes, Some(&Password::new("Pw-2"))).is_err());
}

#[test]
fn found_files_say_which_certificate_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let p12 = testkit::oces3_test_p12(work.path(), "Skolesystem (systemcertifikat)", UUID, "pw");
    std::fs::copy(&p12, dir.path().join("skolesystem.p12")).unwrap();
    let c = testkit::self_signed(work.path(), "enc", "/CN=Krypteret", 30);
    let enc = testkit::pkcs12(work.path(), "enc", &c, None, "pw", &[]);
    std::fs::copy(&enc, dir.path().join("krypteret.p12")).unwrap();
    std::fs::copy(&c.cert, dir.path().join("offentlig.pem")).unwrap();

    let found = find::find_in(dir.path());
    let by_name = |n: &str| found.iter().find(|f| f.name == n).expect(n);
    let p = by_name("skolesystem.p12")
        .certificate
        .clone()
        .expect("holder read before the password");
    assert_eq!(
        p.common_name.as_deref(),
        Some("Skolesystem (systemcertifikat)")
    );
    assert_eq!(p.cvr.as_deref(), Some("25313763"));
    assert_eq!(p.id.as_deref(), Some(UUID.to_lowercase().as_str()));
    assert_eq!(p.kind, Some(Kind::System));
    assert!(p.before_password);
    assert_eq!(p.trust, TrustStatus::NotRecognised);
    assert_eq!(p.environment, Environment::Unknown);
    assert_eq!(
        by_name("krypteret.p12").certificate,
        None,
        "encrypted certificates need the password"
    );
    let pem = by_name("offentlig.pem").certificate.clone().expect("pem");
    assert_eq!(pem.common_name.as_deref(), Some("Krypteret"));
    assert!(!pem.before_password);
}

/// A DKMA CUG page with such a PKCS#12 file inside shows its holder before the password too
/// (the CUG-4 file list), marked not yet checked; a page with only a plain certificate needs no
/// password and is not marked.
#[test]
fn a_cug_page_with_a_clear_pkcs12_inside_shows_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = testkit::oces3_test_p12(dir.path(), "Søren Ærø", UUID, "Pw-1");
    let page = testkit::cug_html("Søren Ærø", &std::fs::read(&p12).unwrap());
    let r = cert::inspect_bytes_before_password(page.as_bytes(), now()).expect("readable");
    assert!(r.before_password);
    assert_eq!(r.file.format, cert::FileFormat::CugHtml);
    assert_eq!(r.certificate.common_name.as_deref(), Some("Søren Ærø"));
    assert!(r.findings.iter().any(|f| f.code == "cert.not_yet_checked"));
    let issued = testkit::self_signed(dir.path(), "plain", "/CN=Plain Page/O=Test/C=DK", 5);
    let pem = std::fs::read_to_string(&issued.cert).unwrap();
    let plain = format!("<!DOCTYPE html><html><body><pre>{pem}</pre></body></html>");
    let r = cert::inspect_bytes_before_password(plain.as_bytes(), now()).expect("readable");
    assert!(!r.before_password);
}
