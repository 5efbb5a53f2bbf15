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

/// Support codes: the examples in the README and `--help` decode (the check character is
/// right), and a code read with other dashes or spaces (en dash from a word processor, a
/// no-break hyphen) is the same code.
#[test]
fn support_code_examples_and_separators() {
    use oces_core::flow::FlowId;
    use oces_core::wizard::WizardState;
    let mut w = WizardState::default();
    w.choose_flow(FlowId::Dms);
    let code = oces_core::support::encode(&w);
    let readme = include_str!("../../../README.md");
    let example = readme
        .lines()
        .find_map(|l| l.strip_prefix("oces-wizard support-code "))
        .and_then(|l| l.split_whitespace().next())
        .expect("the README shows a support-code example");
    assert_eq!(example, code, "the README's example is a real DMS-1 code");
    let info = oces_core::support::decode(example).expect("the example decodes");
    assert_eq!(info.flow, FlowId::Dms);
    let help = include_str!("../../launcher/src/cli.rs");
    assert!(
        help.contains(&format!("e.g. `{code}`")),
        "--help shows the same example"
    );
    for variant in [
        code.replace('-', "\u{2013}"),
        code.replace('-', "\u{2011}"),
        code.replace('-', " "),
        code.replace('-', "\u{2014}").to_lowercase(),
        format!("  {code}  "),
    ] {
        assert!(oces_core::support::decode(&variant).is_ok(), "{variant}");
    }
}

/// Names from a certificate and file names reach every output with control and bidi
/// characters made visible: the window, the JSON, the report all get them from here.
#[test]
fn names_are_shown_without_controls() {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(
        rcgen::DnType::CommonName,
        "Firma A/S\nCVR: 12345678 (check digit OK)\u{202e}",
    );
    p.distinguished_name
        .push(rcgen::DnType::OrganizationName, "Org\u{1b}[2J");
    let key = rcgen::KeyPair::generate().unwrap();
    let pem = p.self_signed(&key).unwrap().pem();
    let o = cert::open_bytes(pem.as_bytes(), None).unwrap();
    let r = cert::inspect(&o, time::OffsetDateTime::now_utc()).unwrap();
    let c = &r.certificate;
    let texts = [
        c.subject.as_str(),
        c.issuer.as_str(),
        c.common_name.as_deref().unwrap(),
        c.organisation.as_deref().unwrap(),
    ];
    for t in texts {
        assert!(!t.chars().any(oces_core::text::is_unsafe), "{t:?}");
    }
    assert_eq!(
        c.common_name.as_deref(),
        Some("Firma A/S\\nCVR: 12345678 (check digit OK)\\u{202e}")
    );
    // A file name: shown escaped, opened by its exact path.
    let d = tempfile::tempdir().unwrap();
    let name = "cert\u{202e}gpj.pem";
    std::fs::write(d.path().join(name), &pem).unwrap();
    let found = oces_core::files::find::find_in(d.path());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "cert\\u{202e}gpj.pem");
    assert!(cert::open_file(&found[0].path, None).is_ok());
    // Archived at CUG-9: the record that names it on the screen has it escaped too.
    let home = tempfile::tempdir().unwrap();
    let oces = home.path().join(".oces");
    std::fs::create_dir_all(&oces).unwrap();
    std::fs::write(oces.join(name), &pem).unwrap();
    let day = time::Date::from_calendar_date(2026, time::Month::December, 7).unwrap();
    let r = oces_core::files::archive::archive(
        &oces,
        &[oces.join(name)],
        day,
        oces_core::i18n::Lang::Da,
    )
    .unwrap();
    assert_eq!(r.certificates[0].name, "cert\\u{202e}gpj.pem");
    assert_eq!(
        r.certificates[0].holder.as_deref(),
        Some("Firma A/S\\nCVR: 12345678 (check digit OK)\\u{202e}")
    );
    assert!(
        r.folder.join(name).exists(),
        "the file keeps its exact name"
    );
}
