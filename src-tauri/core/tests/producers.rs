//! PKCS#12 files as other producers write them open and read the same as openssl's own:
//! Java keytool (kept files, see producers/README.md), the shape Windows exports (legacy
//! algorithms, a CSP name, a GUID friendly name, an empty password), older OpenSSL defaults
//! (no MAC rounds, one encryption round) and BER (indefinite lengths, OCTET STRINGs in chunks)
//! made from openssl's DER and from the real OCES2 files. openssl must read every BER file
//! too, so a broken re-encoding cannot pass for a reader that copes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::{self, Inspection};
use oces_core::secret::Password;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use testkit::ber::{to_ber, BerStyle};

fn inspect(bytes: &[u8], password: &str) -> Inspection {
    let opened = cert::open_bytes(bytes, Some(&Password::new(password)))
        .unwrap_or_else(|e| panic!("does not open: {e:?}"));
    cert::inspect(&opened, time::OffsetDateTime::now_utc()).unwrap()
}

fn producers(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/producers")
            .join(name),
    )
    .unwrap()
}

/// Whether `openssl pkcs12` reads the file with this password (legacy provider on).
fn openssl_reads(dir: &Path, bytes: &[u8], password: &str) -> Result<(), String> {
    let path = dir.join("check.p12");
    std::fs::write(&path, bytes).unwrap();
    let pass = format!("pass:{password}");
    let out = testkit::openssl_output(
        None,
        &[
            OsStr::new("pkcs12"),
            OsStr::new("-legacy"),
            OsStr::new("-noout"),
            OsStr::new("-passin"),
            OsStr::new(&pass),
            OsStr::new("-in"),
            path.as_os_str(),
        ],
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

const KEYTOOL_PW: &str = "Keytool-Pw-17";

#[test]
fn java_keytool_files() {
    struct Case {
        file: &'static str,
        alias: Option<&'static str>,
        cn: &'static str,
        key: Option<&'static str>,
        mac: &'static str,
        legacy: bool,
    }
    let cases = [
        Case {
            file: "keytool-java17.p12",
            alias: Some("oces-wizard test"),
            cn: "Keytool Testbruger",
            key: Some("RSA 2048"),
            mac: "SHA-256",
            legacy: false,
        },
        Case {
            file: "keytool-java17-legacy.p12",
            alias: Some("legacy"),
            cn: "Keytool Legacy",
            key: Some("RSA 2048"),
            mac: "SHA-1",
            legacy: true,
        },
        Case {
            file: "keytool-java17-ec.p12",
            alias: Some("ec"),
            cn: "Keytool EC",
            key: Some("EC P-256"),
            mac: "SHA-256",
            legacy: false,
        },
        Case {
            file: "keytool-java17-truststore.p12",
            alias: None,
            cn: "Keytool Testbruger",
            key: None,
            mac: "SHA-256",
            legacy: false,
        },
    ];
    for c in cases {
        let bytes = producers(c.file);
        let r = inspect(&bytes, KEYTOOL_PW);
        assert_eq!(r.file.friendly_name.as_deref(), c.alias, "{}", c.file);
        assert_eq!(
            r.certificate.common_name.as_deref(),
            Some(c.cn),
            "{}",
            c.file
        );
        assert_eq!(r.contains.private_key, c.key.is_some(), "{}", c.file);
        if let Some(key) = c.key {
            assert_eq!(r.certificate.key, key, "{}", c.file);
        }
        let a = r.pkcs12.as_ref().unwrap();
        assert_eq!(a.mac.as_deref(), Some(c.mac), "{}", c.file);
        assert_eq!(a.legacy, c.legacy, "{}", c.file);
        // The one with a serialNumber carries CVR and UID the OCES2 way.
        if c.cn == "Keytool Testbruger" {
            assert_eq!(r.oces.cvr.as_deref(), Some("25313763"), "{}", c.file);
        }
        // A wrong password is told apart from a damaged file.
        let err = cert::open_bytes(&bytes, Some(&Password::new("Keytool-Pw-18"))).unwrap_err();
        assert!(
            matches!(err, cert::LoadError::WrongPassword),
            "{}: {err:?}",
            c.file
        );
    }
    // The legacy one: 3DES key, RC2-40 certificate, SHA-1 MAC with Java's round counts.
    let r = inspect(&producers("keytool-java17-legacy.p12"), KEYTOOL_PW);
    let a = r.pkcs12.unwrap();
    assert_eq!(a.key.as_deref(), Some("PBE-SHA1-3DES"));
    assert_eq!(a.certificates.as_deref(), Some("PBE-SHA1-RC2-40"));
    assert_eq!(a.mac_iterations, Some(100_000));
}

/// A self-signed certificate and its key for the openssl-made files.
fn issued(dir: &Path) -> testkit::Issued {
    testkit::self_signed(
        dir,
        "prod",
        "/CN=Producer Test/O=Testfirma ApS/C=DK/serialNumber=CVR:25313763-UID:42",
        400,
    )
}

fn fingerprint(r: &Inspection) -> String {
    r.certificate.sha256_fingerprint.clone()
}

#[test]
fn windows_style_and_older_openssl_files() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let who = issued(dir);
    let reference = inspect(
        &std::fs::read(testkit::pkcs12(dir, "ref", &who, None, "pw", &[])).unwrap(),
        "pw",
    );
    let guid = "{7F1A1C7E-5D1B-4E55-9E0B-2F3C1C3D6A11}";
    let windows = [
        "-legacy",
        "-descert",
        "-CSP",
        "Microsoft Enhanced Cryptographic Provider v1.0",
        "-name",
        guid,
        "-macalg",
        "sha1",
        "-iter",
        "2000",
    ];
    /// Name, password, extra options, MAC rounds expected, legacy.
    type Case<'a> = (&'a str, &'a str, Vec<&'a str>, Option<u64>, bool);
    let cases: [Case; 5] = [
        ("windows", "Win-Pw-1", windows.to_vec(), Some(2000), true),
        ("windows-empty", "", windows.to_vec(), Some(2000), true),
        (
            "windows-aes",
            "Win-Pw-1",
            vec![
                "-CSP",
                "Microsoft Software Key Storage Provider",
                "-name",
                guid,
            ],
            Some(2048),
            false,
        ),
        // OpenSSL before 1.1 without -maciter: the MAC round count is left out (1).
        (
            "old-openssl",
            "Old-Pw-1",
            vec!["-legacy", "-nomaciter"],
            Some(1),
            true,
        ),
        (
            "old-openssl-noiter",
            "Old-Pw-1",
            vec!["-legacy", "-noiter", "-nomaciter"],
            Some(1),
            true,
        ),
    ];
    for (name, pw, extra, mac_rounds, legacy) in cases {
        let bytes = std::fs::read(testkit::pkcs12(dir, name, &who, None, pw, &extra)).unwrap();
        let r = inspect(&bytes, pw);
        assert_eq!(fingerprint(&r), fingerprint(&reference), "{name}");
        assert!(r.contains.private_key, "{name}");
        let a = r.pkcs12.as_ref().unwrap();
        assert_eq!(a.mac_iterations, mac_rounds, "{name}");
        assert_eq!(a.legacy, legacy, "{name}");
        if name.starts_with("windows") {
            assert_eq!(r.file.friendly_name.as_deref(), Some(guid), "{name}");
        }
    }
}

/// The file opened as DER and as each BER shape gives the same certificate, key and name;
/// openssl reads each BER shape too.
fn same_in_ber(
    dir: &Path,
    label: &str,
    der: &[u8],
    password: &str,
    has_mac: bool,
    encrypted: bool,
) {
    let want = inspect(der, password);
    let mut shapes = vec![(5usize, false), (1000, false)];
    if !has_mac {
        shapes.extend([(5, true), (1000, true)]);
    }
    for (chunk, into_data) in shapes {
        let ber = to_ber(der, BerStyle { chunk, into_data });
        assert_ne!(ber, der, "{label}: the BER shape differs from the DER");
        openssl_reads(dir, &ber, password)
            .unwrap_or_else(|e| panic!("{label} chunk {chunk} deep {into_data}: openssl: {e}"));
        let got = inspect(&ber, password);
        let what = format!("{label} (chunk {chunk}, deep {into_data})");
        assert_eq!(fingerprint(&got), fingerprint(&want), "{what}");
        assert_eq!(
            got.contains.private_key, want.contains.private_key,
            "{what}"
        );
        assert_eq!(
            got.contains.certificates, want.contains.certificates,
            "{what}"
        );
        assert_eq!(got.file.friendly_name, want.file.friendly_name, "{what}");
        assert_eq!(got.oces.cvr, want.oces.cvr, "{what}");
        // The password still matters (where something is protected by it).
        if has_mac || encrypted {
            assert!(
                cert::open_bytes(&ber, Some(&Password::new("not-it"))).is_err(),
                "{what}"
            );
        }
    }
}

#[test]
fn ber_encoded_pkcs12_reads_as_its_der() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let who = issued(dir);
    for (name, extra, has_mac) in [
        ("modern", vec![], true),
        ("legacy", vec!["-legacy"], true),
        ("modern-nomac", vec!["-nomac"], false),
        ("legacy-nomac", vec!["-legacy", "-nomac"], false),
        // Key and certificate unencrypted: the deep shape reaches the bags themselves.
        (
            "plain-nomac",
            vec!["-nomac", "-keypbe", "NONE", "-certpbe", "NONE"],
            false,
        ),
    ] {
        let der =
            std::fs::read(testkit::pkcs12(dir, name, &who, None, "Ber-Pw-1", &extra)).unwrap();
        same_in_ber(
            dir,
            name,
            &der,
            "Ber-Pw-1",
            has_mac,
            !name.starts_with("plain"),
        );
    }
    same_in_ber(
        dir,
        "keytool",
        &producers("keytool-java17-legacy.p12"),
        KEYTOOL_PW,
        true,
        true,
    );
}

/// Four of the real OCES2 files were written as BER (indefinite lengths, the safe in 1000-byte
/// pieces): they open as they are. The two MOCES files are DER: they are re-encoded as BER.
#[test]
fn real_oces2_files_as_ber() {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-certs/oces2");
    if !base.exists() {
        eprintln!(
            "skipped: {} not found (shared/real-certs is not beside this checkout)",
            base.display()
        );
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (mut ber, mut der) = (0, 0);
    for entry in std::fs::read_dir(&base).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if bytes[1] == 0x80 {
            ber += 1;
            let r = inspect(&bytes, "Test1234");
            assert!(r.contains.private_key, "{name}");
            assert!(r.oces.cvr.is_some(), "{name}");
            openssl_reads(d.path(), &bytes, "Test1234").unwrap();
        } else {
            der += 1;
            same_in_ber(d.path(), &name, &bytes, "Test1234", true, true);
        }
    }
    assert!(ber >= 4 && der >= 2, "{ber} BER and {der} DER files");
}
