//! The certificate engine against files made in the test run: every OCES profile of
//! shared/docs/domain.md generated with rcgen (test and production issuers, expired, bad CVR),
//! multi-valued RDNs in both orders and PKCS#12 files written by `openssl` (default AES,
//! `-legacy`, no MAC, empty and non-ASCII passwords), PEM/DER/HTML variants, and bad inputs.
//! "Now" is pinned so validity findings do not change with the calendar.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::identify::{Environment, Generation, Kind, Level};
use oces_core::cert::trust::{Anchor, TrustStatus, TrustStore};
use oces_core::cert::{self, FileFormat, Inspection, LoadError};
use oces_core::secret::Password;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    IsCa, Issuer, KeyPair,
};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// 1 June 2025, inside the fixtures' validity unless a test says otherwise.
fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2025-06-01 12:00 UTC)
}

const SERIAL_NUMBER: &[u64] = &[2, 5, 4, 5];
const ORG_ID: &[u64] = &[2, 5, 4, 97];
const UUID: &str = "175A859D-ED76-45AF-828F-3A69691A7157";

/// DER of `certificatePolicies` with the given policy OIDs.
fn policies_ext(oids: &[&str]) -> CustomExtension {
    fn oid_der(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
        for &a in &arcs[2..] {
            let mut groups = vec![(a & 0x7f) as u8];
            let mut v = a >> 7;
            while v > 0 {
                groups.push((v & 0x7f) as u8 | 0x80);
                v >>= 7;
            }
            body.extend(groups.iter().rev());
        }
        let mut out = vec![0x06, body.len() as u8];
        out.extend(body);
        out
    }
    let mut infos = Vec::new();
    for o in oids {
        let oid = oid_der(o);
        infos.push(0x30);
        infos.push(oid.len() as u8);
        infos.extend(oid);
    }
    let mut seq = vec![0x30, infos.len() as u8];
    seq.extend(infos);
    CustomExtension::from_oid_content(&[2, 5, 29, 32], seq)
}

struct Made {
    leaf_der: Vec<u8>,
    leaf_pem: String,
    key_pem: String,
    ca_pem: String,
}

struct Profile<'a> {
    issuer: &'a [(DnType, &'a str)],
    subject: Vec<(DnType, String)>,
    policies: &'a [&'a str],
    valid: ((i32, u8, u8), (i32, u8, u8)),
}

fn dn(parts: &[(DnType, String)]) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    for (t, v) in parts {
        d.push(t.clone(), v.as_str());
    }
    d
}

fn make(p: &Profile<'_>) -> Made {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name = dn(&p
        .issuer
        .iter()
        .map(|(t, v)| (t.clone(), v.to_string()))
        .collect::<Vec<_>>());
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.not_before = date_time_ymd(2020, 1, 1);
    ca.not_after = date_time_ymd(2035, 1, 1);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf.distinguished_name = dn(&p.subject);
    let ((y1, m1, d1), (y2, m2, d2)) = p.valid;
    leaf.not_before = date_time_ymd(y1, m1, d1);
    leaf.not_after = date_time_ymd(y2, m2, d2);
    if !p.policies.is_empty() {
        leaf.custom_extensions.push(policies_ext(p.policies));
    }
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    Made {
        leaf_der: cert.der().to_vec(),
        leaf_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        ca_pem: ca_cert.pem(),
    }
}

const OCES2_PROD_CA: &[(DnType, &str)] = &[
    (DnType::CountryName, "DK"),
    (DnType::OrganizationName, "TRUST2408"),
    (DnType::CommonName, "TRUST2408 OCES CA II"),
];
const OCES2_TEST_CA: &[(DnType, &str)] = &[
    (DnType::CountryName, "DK"),
    (DnType::OrganizationName, "TRUST2408"),
    (DnType::CommonName, "TRUST2408 Systemtest XIX CA"),
];
const OCES3_PROD_CA: &[(DnType, &str)] = &[
    (DnType::CommonName, "Den Danske Stat OCES udstedende-CA 1"),
    (DnType::OrganizationName, "Den Danske Stat"),
    (DnType::CountryName, "DK"),
];
const OCES3_TEST_CA: &[(DnType, &str)] = &[
    (DnType::CommonName, "Den Danske Stat OCES udstedende-CA 1"),
    (DnType::OrganizationalUnitName, "Test - cti"),
    (DnType::OrganizationName, "Den Danske Stat"),
    (DnType::CountryName, "DK"),
];
const VALID: ((i32, u8, u8), (i32, u8, u8)) = ((2024, 1, 1), (2027, 1, 1));

fn oces2_subject(cn: &str, serial: &str, org: &str) -> Vec<(DnType, String)> {
    vec![
        (DnType::CountryName, "DK".into()),
        (DnType::OrganizationName, org.into()),
        (DnType::CommonName, cn.into()),
        (DnType::CustomDnType(SERIAL_NUMBER.to_vec()), serial.into()),
    ]
}

fn oces3_subject(cn: &str, serial: &str, cvr: &str) -> Vec<(DnType, String)> {
    vec![
        (DnType::CommonName, cn.into()),
        (DnType::CustomDnType(SERIAL_NUMBER.to_vec()), serial.into()),
        (DnType::OrganizationName, "Testfirma ApS".into()),
        (
            DnType::CustomDnType(ORG_ID.to_vec()),
            format!("NTRDK-{cvr}"),
        ),
        (DnType::CountryName, "DK".into()),
    ]
}

fn inspect_bytes(bytes: &[u8], pw: Option<&str>) -> Result<Inspection, LoadError> {
    let p = pw.map(Password::new);
    let opened = cert::open_bytes(bytes, p.as_ref())?;
    cert::inspect(&opened, now())
}

fn codes(r: &Inspection) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn every_oces_profile_is_identified() {
    struct Case {
        name: &'static str,
        profile: Profile<'static>,
        generation: Generation,
        env: Environment,
        kind: Kind,
        id_type: &'static str,
        id: &'static str,
        gateway: Option<String>,
    }
    let uuid = UUID.to_lowercase();
    let cases = vec![
        Case {
            name: "OCES2 MOCES production",
            profile: Profile {
                issuer: OCES2_PROD_CA,
                subject: oces2_subject(
                    "Test Medarbejder",
                    "CVR:25313763-RID:12345678",
                    "Testfirma A/S // CVR:25313763",
                ),
                policies: &["1.2.208.169.1.1.1.2.4"],
                valid: VALID,
            },
            generation: Generation::Oces2,
            env: Environment::Production,
            kind: Kind::Employee,
            id_type: "RID",
            id: "12345678",
            gateway: None,
        },
        Case {
            name: "OCES2 MOCES TDC-era 13-digit RID",
            profile: Profile {
                issuer: OCES2_PROD_CA,
                subject: oces2_subject(
                    "Test Medarbejder",
                    "CVR:25313763-RID:1234567890123",
                    "Testfirma A/S // CVR:25313763",
                ),
                policies: &[],
                valid: VALID,
            },
            generation: Generation::Oces2,
            env: Environment::Production,
            kind: Kind::Employee,
            id_type: "RID",
            id: "1234567890123",
            gateway: None,
        },
        Case {
            name: "OCES2 VOCES test",
            profile: Profile {
                issuer: OCES2_TEST_CA,
                subject: oces2_subject(
                    "Testfirma A/S - VOCES",
                    "CVR:25313763-UID:98765432",
                    "Testfirma A/S // CVR:25313763",
                ),
                policies: &["1.3.6.1.4.1.31313.2.4.6.3.3"],
                valid: VALID,
            },
            generation: Generation::Oces2,
            env: Environment::Test,
            kind: Kind::Organisation,
            id_type: "UID",
            id: "98765432",
            gateway: None,
        },
        Case {
            name: "OCES2 FOCES test",
            profile: Profile {
                issuer: OCES2_TEST_CA,
                subject: oces2_subject(
                    "Skolesystem (funktionscertifikat)",
                    "CVR:25313763-FID:11223344",
                    "Testfirma A/S // CVR:25313763",
                ),
                policies: &[],
                valid: VALID,
            },
            generation: Generation::Oces2,
            env: Environment::Test,
            kind: Kind::System,
            id_type: "FID",
            id: "11223344",
            gateway: None,
        },
        Case {
            name: "OCES2 POCES production",
            profile: Profile {
                issuer: OCES2_PROD_CA,
                subject: oces2_subject(
                    "Test Person",
                    "PID:9208-2002-2-123456789012",
                    "Ingen organisatorisk tilknytning",
                ),
                policies: &["1.2.208.169.1.1.1.1.5"],
                valid: VALID,
            },
            generation: Generation::Oces2,
            env: Environment::Production,
            kind: Kind::Personal,
            id_type: "PID",
            id: "9208-2002-2-123456789012",
            gateway: None,
        },
        Case {
            name: "OCES3 organisation production",
            profile: Profile {
                issuer: OCES3_PROD_CA,
                subject: oces3_subject("Testfirma ApS", &format!("UI:DK-O:G:{UUID}"), "25313763"),
                policies: &["0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7"],
                valid: VALID,
            },
            generation: Generation::Oces3,
            env: Environment::Production,
            kind: Kind::Organisation,
            id_type: "UI",
            id: "175a859d-ed76-45af-828f-3a69691a7157",
            gateway: Some(format!("CVR_25313763_UI_{uuid}")),
        },
        Case {
            name: "OCES3 system test",
            profile: Profile {
                issuer: OCES3_TEST_CA,
                subject: oces3_subject(
                    "Toldsystem (systemcertifikat)",
                    &format!("UI:DK-O:G:{}", uuid),
                    "25313763",
                ),
                policies: &["1.2.208.169.1.1.1.3.7.1"],
                valid: VALID,
            },
            generation: Generation::Oces3,
            env: Environment::Test,
            kind: Kind::System,
            id_type: "UI",
            id: "175a859d-ed76-45af-828f-3a69691a7157",
            gateway: Some(format!("CVR_25313763_UI_{uuid}")),
        },
        Case {
            name: "OCES3 employee test",
            profile: Profile {
                issuer: OCES3_TEST_CA,
                subject: oces3_subject(
                    "Test Medarbejder",
                    &format!("UI:DK-E:G:{UUID}"),
                    "25313763",
                ),
                policies: &["1.2.208.169.1.1.1.2.7.1"],
                valid: VALID,
            },
            generation: Generation::Oces3,
            env: Environment::Test,
            kind: Kind::Employee,
            id_type: "UI",
            id: "175a859d-ed76-45af-828f-3a69691a7157",
            gateway: Some(format!("CVR_25313763_UI_{uuid}")),
        },
        Case {
            // Real MitID Erhverv employee certificates also carry the variant "C".
            name: "OCES3 employee UI:DK-E:C",
            profile: Profile {
                issuer: OCES3_PROD_CA,
                subject: oces3_subject(
                    "Test Medarbejder",
                    &format!("UI:DK-E:C:{UUID}"),
                    "25313763",
                ),
                policies: &["1.2.208.169.1.1.1.2.7"],
                valid: VALID,
            },
            generation: Generation::Oces3,
            env: Environment::Production,
            kind: Kind::Employee,
            id_type: "UI",
            id: "175a859d-ed76-45af-828f-3a69691a7157",
            gateway: Some(format!("CVR_25313763_UI_{uuid}")),
        },
    ];
    for c in cases {
        let made = make(&c.profile);
        // The fixture CA only copies the real CA's name: against the bundled anchors the
        // certificate is not genuine, and test or production is not guessed from the name.
        let r = inspect_bytes(&made.leaf_der, None).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert!(!r.verified, "{}: an impostor is never verified", c.name);
        assert_eq!(r.oces.environment, Environment::Unknown, "{}", c.name);
        assert!(!codes(&r).contains(&"cert.test_certificate"), "{}", c.name);
        // With the fixture CA as the anchor (standing for the environment the case is about),
        // the environment and generation come from it.
        let ca_der = cert::open_bytes(made.ca_pem.as_bytes(), None)
            .unwrap()
            .certificates
            .remove(0);
        let store = TrustStore::new(vec![
            Anchor::new(ca_der, c.env, c.generation, "fixture").unwrap()
        ]);
        let opened = cert::open_bytes(&made.leaf_der, None).unwrap();
        let r = cert::inspect_with(&opened, now(), &store).unwrap();
        assert_eq!(r.trust.status, TrustStatus::Verified, "{}", c.name);
        assert_eq!(r.file.format, FileFormat::Der, "{}", c.name);
        assert_eq!(r.oces.generation, c.generation, "{}", c.name);
        assert_eq!(r.oces.environment, c.env, "{}", c.name);
        assert_eq!(r.oces.kind, Some(c.kind), "{}", c.name);
        assert_eq!(r.oces.id_type.as_deref(), Some(c.id_type), "{}", c.name);
        assert_eq!(r.oces.id.as_deref(), Some(c.id), "{}", c.name);
        if c.kind != Kind::Personal {
            assert_eq!(r.oces.cvr.as_deref(), Some("25313763"), "{}", c.name);
            assert_eq!(r.oces.cvr_valid, Some(true), "{}", c.name);
        }
        assert_eq!(r.oces.gateway_user, c.gateway, "{}", c.name);
        let found = codes(&r);
        assert_eq!(
            found.contains(&"cert.test_certificate"),
            c.env == Environment::Test,
            "{}: {found:?}",
            c.name
        );
        assert_eq!(
            found.contains(&"cert.oces2_retired"),
            c.generation == Generation::Oces2,
            "{}: {found:?}",
            c.name
        );
        assert!(!found.contains(&"cert.expired"), "{}: {found:?}", c.name);
        assert!(r.certificate.sha256_fingerprint.len() == 95, "{}", c.name);
        assert_eq!(r.certificate.key, "EC P-256", "{}", c.name);
        assert_eq!(r.certificate.signature_algorithm, "ecdsa-with-SHA256");
        assert!(r.verified, "{}", c.name);
    }
}

#[test]
fn validity_and_cvr_findings() {
    let subject = oces3_subject("Testfirma ApS", &format!("UI:DK-O:G:{UUID}"), "25313763");
    let at = |valid| {
        let made = make(&Profile {
            issuer: OCES3_PROD_CA,
            subject: subject.clone(),
            policies: &[],
            valid,
        });
        inspect_bytes(&made.leaf_der, None).unwrap()
    };
    let expired = at(((2020, 1, 1), (2023, 1, 1)));
    let f = expired
        .findings
        .iter()
        .find(|f| f.code == "cert.expired")
        .expect("expired");
    assert_eq!(f.level, Level::Error);
    assert!(codes(&at(((2026, 1, 1), (2029, 1, 1)))).contains(&"cert.not_yet_valid"));
    assert!(codes(&at(((2022, 7, 1), (2025, 7, 15)))).contains(&"cert.expires_soon"));
    assert!(!codes(&at(((2022, 7, 1), (2025, 9, 15)))).contains(&"cert.expires_soon"));

    let bad = make(&Profile {
        issuer: OCES3_PROD_CA,
        subject: oces3_subject("Testfirma ApS", &format!("UI:DK-O:G:{UUID}"), "25313764"),
        policies: &[],
        valid: VALID,
    });
    let r = inspect_bytes(&bad.leaf_der, None).unwrap();
    assert_eq!(r.oces.cvr_valid, Some(false));
    assert!(codes(&r).contains(&"cert.cvr_check_failed"));
    assert!(
        r.oces.gateway_user.is_some(),
        "a bad check digit warns, it does not block"
    );

    let plain = make(&Profile {
        issuer: &[(DnType::CommonName, "Some Other CA")],
        subject: vec![(DnType::CommonName, "www.example.test".into())],
        policies: &[],
        valid: VALID,
    });
    let r = inspect_bytes(&plain.leaf_der, None).unwrap();
    assert_eq!(r.oces.generation, Generation::None);
    assert_eq!(r.oces.environment, Environment::Unknown);
    assert!(codes(&r).contains(&"cert.not_oces"));
}

// ---------- files written by openssl ----------

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, data).unwrap();
        p
    }
}

use testkit::openssl;

fn oces3_made() -> Made {
    make(&Profile {
        issuer: OCES3_TEST_CA,
        subject: oces3_subject(
            "Toldsystem (systemcertifikat)",
            &format!("UI:DK-O:G:{UUID}"),
            "25313763",
        ),
        policies: &[],
        valid: VALID,
    })
}

/// `openssl pkcs12 -export` of the OCES3 fixture with a password and extra options.
fn p12(made: &Made, password: &str, extra: &[&str]) -> Vec<u8> {
    let d = Dir::new();
    d.write("leaf.pem", &made.leaf_pem);
    d.write("leaf.key", &made.key_pem);
    d.write("ca.pem", &made.ca_pem);
    let pass = format!("pass:{password}");
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        "leaf.key",
        "-in",
        "leaf.pem",
        "-certfile",
        "ca.pem",
        "-name",
        "Toldsystem",
        "-passout",
        &pass,
        "-out",
        "out.p12",
    ];
    args.extend_from_slice(extra);
    openssl(d.0.path(), &args);
    std::fs::read(d.path("out.p12")).unwrap()
}

#[test]
fn openssl3_default_pkcs12_is_aes_and_sha256() {
    let made = oces3_made();
    let bytes = p12(&made, "Test1234", &[]);
    let r = inspect_bytes(&bytes, Some("Test1234")).unwrap();
    assert_eq!(r.file.format, FileFormat::Pkcs12);
    assert!(r.contains.private_key);
    assert_eq!(r.contains.certificates, 2);
    assert_eq!(r.file.friendly_name.as_deref(), Some("Toldsystem"));
    assert_eq!(
        r.certificate.common_name.as_deref(),
        Some("Toldsystem (systemcertifikat)"),
        "leaf first"
    );
    let a = r.pkcs12.as_ref().unwrap();
    assert_eq!(a.mac.as_deref(), Some("SHA-256"));
    assert!(a.key.as_deref().unwrap().contains("AES-256-CBC"), "{a:?}");
    assert!(
        a.certificates.as_deref().unwrap().contains("AES-256-CBC"),
        "{a:?}"
    );
    assert!(!a.legacy && !a.old_windows_can_import);
    assert!(codes(&r).contains(&"pkcs12.modern_encryption"));
    assert!(
        !codes(&r).contains(&"cert.chain_incomplete"),
        "the CA is in the file"
    );
    assert_eq!(r.chain.len(), 1);
    // The key really is the certificate's key: its PKCS#8 contains the certificate's public key.
    let opened = cert::open_bytes(&bytes, Some(&Password::new("Test1234"))).unwrap();
    let key = opened.private_key.expect("key");
    let (_, c) = x509_parser::parse_x509_certificate(&made.leaf_der).unwrap();
    let spk = c.public_key().subject_public_key.data.to_vec();
    assert!(
        key.expose().windows(spk.len()).any(|w| w == spk.as_slice()),
        "the decrypted PKCS#8 holds the certificate's public key"
    );
}

#[test]
fn openssl_legacy_pkcs12_is_3des_rc2_sha1() {
    let made = oces3_made();
    let bytes = p12(&made, "Test1234", &["-legacy"]);
    let r = inspect_bytes(&bytes, Some("Test1234")).unwrap();
    let a = r.pkcs12.as_ref().unwrap();
    assert_eq!(a.mac.as_deref(), Some("SHA-1"));
    assert_eq!(a.key.as_deref(), Some("PBE-SHA1-3DES"));
    assert_eq!(a.certificates.as_deref(), Some("PBE-SHA1-RC2-40"));
    assert!(a.legacy && a.old_windows_can_import);
    assert!(codes(&r).contains(&"pkcs12.legacy_encryption"));
    assert_eq!(
        r.oces.gateway_user.as_deref(),
        Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157")
    );
}

#[test]
fn other_openssl_variants() {
    let made = oces3_made();
    // 3DES for the certificates too.
    let r = inspect_bytes(&p12(&made, "pw", &["-legacy", "-descert"]), Some("pw")).unwrap();
    assert_eq!(
        r.pkcs12.unwrap().certificates.as_deref(),
        Some("PBE-SHA1-3DES")
    );
    // No MAC: opens, and says so.
    let r = inspect_bytes(&p12(&made, "pw", &["-nomac"]), Some("pw")).unwrap();
    assert_eq!(r.pkcs12.as_ref().unwrap().mac, None);
    assert!(codes(&r).contains(&"pkcs12.no_mac"));
    // No MAC and a wrong password: decryption tells.
    let err = inspect_bytes(&p12(&made, "pw", &["-nomac"]), Some("other")).unwrap_err();
    assert!(matches!(err, LoadError::WrongPassword), "{err:?}");
    // Empty password: opens with "" and with no password at all.
    let empty = p12(&made, "", &[]);
    assert!(inspect_bytes(&empty, Some("")).is_ok());
    assert!(inspect_bytes(&empty, None).is_ok());
    let empty_legacy = p12(&made, "", &["-legacy"]);
    assert!(inspect_bytes(&empty_legacy, None).is_ok());
    // Non-ASCII password (PKCS#12 uses UTF-16 for the KDF, UTF-8 for PBES2).
    for extra in [&[][..], &["-legacy"][..]] {
        let bytes = p12(&made, "Æble-ø-å", extra);
        assert!(inspect_bytes(&bytes, Some("Æble-ø-å")).is_ok(), "{extra:?}");
        assert!(matches!(
            inspect_bytes(&bytes, Some("Aeble-o-a")).unwrap_err(),
            LoadError::WrongPassword
        ));
    }
    // Certificates only: no key inside.
    let r = inspect_bytes(&p12(&made, "pw", &["-nokeys"]), Some("pw")).unwrap();
    assert!(!r.contains.private_key);
    assert!(codes(&r).contains(&"pkcs12.no_private_key"));
    // Unencrypted key and certificates.
    let r = inspect_bytes(
        &p12(&made, "pw", &["-keypbe", "NONE", "-certpbe", "NONE"]),
        Some("pw"),
    )
    .unwrap();
    assert!(r.contains.private_key);
    assert_eq!(r.pkcs12.as_ref().unwrap().key, None);
}

#[test]
fn multi_valued_rdns_in_both_orders() {
    let d = Dir::new();
    openssl(
        d.0.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/C=DK/O=TRUST2408/CN=TRUST2408 Systemtest XIX CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
        ],
    );
    for (i, subj) in [
        "/C=DK/O=Testfirma A\\/S \\/\\/ CVR:25313763/CN=Test Person+serialNumber=CVR:25313763-RID:12345678",
        "/C=DK/O=Testfirma A\\/S \\/\\/ CVR:25313763/serialNumber=CVR:25313763-RID:12345678+CN=Test Person",
    ]
    .iter()
    .enumerate()
    {
        let csr = format!("l{i}.csr");
        let key = format!("l{i}.key");
        let pem = format!("l{i}.pem");
        openssl(
            d.0.path(),
            &[
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-multivalue-rdn", "-subj", subj, "-keyout", &key, "-out", &csr,
            ],
        );
        openssl(
            d.0.path(),
            &[
                "x509", "-req", "-in", &csr, "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "365", "-out", &pem,
            ],
        );
        let bytes = std::fs::read(d.path(&pem)).unwrap();
        let r = cert::inspect(&cert::open_bytes(&bytes, None).unwrap(), time::OffsetDateTime::now_utc())
            .unwrap();
        assert!(r.certificate.subject.contains(" + "), "multi-valued: {}", r.certificate.subject);
        assert_eq!(r.certificate.common_name.as_deref(), Some("Test Person"), "order {i}");
        assert_eq!(r.oces.kind, Some(Kind::Employee), "order {i}");
        assert_eq!(r.oces.id.as_deref(), Some("12345678"), "order {i}");
        assert_eq!(r.oces.cvr.as_deref(), Some("25313763"), "order {i}");
        assert_eq!(r.certificate.organisation.as_deref(), Some("Testfirma A/S"));
        // A test CA made here is no bundled anchor: the environment is not guessed.
        assert_eq!(r.oces.environment, Environment::Unknown);
    }
}

// ---------- PEM, DER, HTML by content ----------

#[test]
fn pem_variants_and_lying_names() {
    let made = oces3_made();
    let chain = format!(
        "Bag Attributes: something\n{}{}",
        made.ca_pem, made.leaf_pem
    );
    let crlf = format!("\u{feff}{}", chain.replace('\n', "\r\n"));
    for text in [chain.clone(), crlf, format!("{chain}\n{}", made.key_pem)] {
        let r = inspect_bytes(text.as_bytes(), None).unwrap();
        assert_eq!(r.file.format, FileFormat::Pem);
        assert_eq!(r.contains.certificates, 2);
        assert_eq!(
            r.certificate.common_name.as_deref(),
            Some("Toldsystem (systemcertifikat)"),
            "the end-entity certificate comes first whatever the order in the file"
        );
    }
    let with_key = inspect_bytes(format!("{chain}{}", made.key_pem).as_bytes(), None).unwrap();
    assert!(with_key.contains.private_key);

    // A ".p12" or ".htm" that really holds DER is read as DER.
    let d = Dir::new();
    for name in ["looks-like.p12", "looks-like.htm"] {
        let p = d.write(name, &made.leaf_der);
        let o = cert::open_file(&p, None).unwrap();
        assert_eq!(o.format, FileFormat::Der, "{name}");
    }
}

#[test]
fn cug_html_with_embedded_pkcs12_pem_or_der() {
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let made = oces3_made();
    let p12_bytes = p12(&made, "Æble", &["-legacy"]);
    // As a hidden form value.
    let html = format!(
        "<!DOCTYPE html><html><body><h1>Søren Ærø</h1><form><input type=\"hidden\" name=\"c\" value=\"{}\"></form></body></html>",
        b64(&p12_bytes)
    );
    let r = inspect_bytes(html.as_bytes(), Some("Æble")).unwrap();
    assert_eq!(r.file.format, FileFormat::CugHtml);
    assert!(r.contains.private_key);
    assert!(matches!(
        inspect_bytes(html.as_bytes(), Some("wrong")).unwrap_err(),
        LoadError::WrongPassword
    ));
    // In a script string with escaped newlines every 64 characters.
    let wrapped: Vec<String> = b64(&p12_bytes)
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let html = format!(
        "<html><script>var cert = \"{}\";</script></html>",
        wrapped.join("\\n")
    );
    assert!(inspect_bytes(html.as_bytes(), Some("Æble")).is_ok());
    // PEM inside a <pre>.
    let html = format!("<html><body><pre>{}</pre></body></html>", made.leaf_pem);
    let r = inspect_bytes(html.as_bytes(), None).unwrap();
    assert_eq!(r.file.format, FileFormat::CugHtml);
    // Bare base64 DER.
    let html = format!(
        "<html><body><div>{}</div></body></html>",
        b64(&made.leaf_der)
    );
    assert!(inspect_bytes(html.as_bytes(), None).is_ok());
    // No certificate: its own error, and the file is left as it was.
    let d = Dir::new();
    let page = "<html><body><p>Your certificate could not be issued.</p></body></html>";
    let p = d.write("Søren Ærø.html", page);
    let err = cert::open_file(&p, None).unwrap_err();
    assert!(matches!(err, LoadError::HtmlWithoutCertificate), "{err:?}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), page);
}

// ---------- bad input ----------

#[test]
fn bad_inputs_each_get_their_code() {
    use oces_core::error::{Coded, ErrorCode};
    let made = oces3_made();
    let good = p12(&made, "pw", &[]);
    let code = |bytes: &[u8]| inspect_bytes(bytes, Some("pw")).unwrap_err().code();
    assert_eq!(code(b""), ErrorCode::CertEmpty);
    assert_eq!(code(b"hello world\n"), ErrorCode::CertNotACertificate);
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_eq!(code(&random), ErrorCode::CertNotACertificate);
    assert_eq!(
        code(b"<html><body>nothing here</body></html>"),
        ErrorCode::CertHtmlEmpty
    );
    // Truncated anywhere: damaged (or not recognisable), never a panic or a wrong-password.
    for cut in [8, 16, 100, good.len() / 2, good.len() - 1] {
        let c = code(&good[..cut]);
        assert!(
            matches!(c, ErrorCode::CertDamaged | ErrorCode::CertNotACertificate),
            "cut at {cut}: {c}"
        );
    }
    // Flipped bytes in the middle of the authSafe: the MAC no longer matches, but the right
    // password still decrypts the rest, so it is damage, not a wrong password.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    let c = code(&flipped);
    assert!(
        matches!(
            c,
            ErrorCode::CertDamagedPasswordRight | ErrorCode::CertDamaged
        ),
        "{c}"
    );
    // Truncated PEM: the block is there but cut short, so the file is damaged (incomplete),
    // not "no certificate".
    let pem = &made.leaf_pem[..made.leaf_pem.len() / 2];
    assert_eq!(code(pem.as_bytes()), ErrorCode::CertDamaged);
}

#[test]
fn a_huge_file_is_refused_by_size_before_reading() {
    let d = Dir::new();
    let p = d.path("huge.p12");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap(); // sparse: no 200 MB written
    let started = std::time::Instant::now();
    let err = cert::open_file(&p, None).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { size } if size == 200 * 1024 * 1024));
    use oces_core::error::Coded;
    assert_eq!(err.params().get("size_mb").map(String::as_str), Some("200"));
    assert!(started.elapsed().as_secs() < 5);
    let missing = cert::open_file(&d.path("nope.p12"), None).unwrap_err();
    assert_eq!(missing.code(), oces_core::error::ErrorCode::CertRead);
    assert_eq!(
        missing.params().get("file").map(String::as_str),
        Some("nope.p12")
    );
}

// ---------- secrets ----------

#[test]
fn the_password_and_key_never_leak() {
    const SENTINEL: &str = "SENTINEL-pw-Æ-91c2";
    let made = oces3_made();
    let bytes = p12(&made, SENTINEL, &[]);
    let err = inspect_bytes(&bytes, Some("SENTINEL-wrong-77")).unwrap_err();
    for shown in [format!("{err}"), format!("{err:?}")] {
        assert!(!shown.contains("SENTINEL"), "{shown}");
    }
    let opened = cert::open_bytes(&bytes, Some(&Password::new(SENTINEL))).unwrap();
    let key = opened.private_key.clone().unwrap();
    let debug = format!("{opened:?}");
    assert!(!debug.contains("SENTINEL"));
    let key_hex: String = key.expose()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(debug.contains("[REDACTED]"), "{debug}");
    let r = cert::inspect(&opened, now()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("SENTINEL"));
    assert!(!json.contains(&key_hex), "no key bytes in the report");
    assert!(!debug.contains(&format!("{:?}", &key.expose()[..16])));
}

// ---------- re-export ----------

fn openssl_reads(path: &Path, password: &str) {
    let pass = format!("pass:{password}");
    let out = testkit::openssl_output(
        None,
        &[
            "pkcs12",
            "-in",
            path.to_str().unwrap(),
            "-passin",
            &pass,
            "-noout",
        ]
        .map(OsStr::new),
    );
    assert!(
        out.status.success(),
        "openssl cannot read our copy: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reexport_modern_to_legacy_and_back() {
    use oces_core::cert::export::{reexport, ExportError, Profile};
    let made = oces3_made();
    let d = Dir::new();
    let pw = "Æble-9";
    let src = d.write("Søren Ærø.p12", p12(&made, pw, &[]));
    let before = std::fs::read(&src).unwrap();
    let password = Password::new(pw);

    let legacy = reexport(&src, &password, Profile::Legacy, &d.path("old-windows.p12")).unwrap();
    assert!(legacy.algorithms.legacy && legacy.algorithms.old_windows_can_import);
    assert_eq!(legacy.algorithms.key.as_deref(), Some("PBE-SHA1-3DES"));
    assert_eq!(
        legacy.algorithms.certificates.as_deref(),
        Some("PBE-SHA1-3DES")
    );
    assert_eq!(legacy.algorithms.mac.as_deref(), Some("SHA-1"));
    openssl_reads(&legacy.path, pw);
    assert_eq!(
        std::fs::read(&src).unwrap(),
        before,
        "the original is never changed"
    );

    let modern = reexport(
        &legacy.path,
        &password,
        Profile::Modern,
        &d.path("modern.p12"),
    )
    .unwrap();
    assert!(!modern.algorithms.legacy);
    assert_eq!(modern.algorithms.mac.as_deref(), Some("SHA-256"));
    assert_eq!(
        modern.algorithms.key.as_deref(),
        Some("PBES2-PBKDF2-HMAC-SHA-256-AES-256-CBC")
    );
    openssl_reads(&modern.path, pw);

    // Same certificates (leaf first), same key, same friendly name, after two round trips.
    let a = cert::open_file(&src, Some(&password)).unwrap();
    let b = cert::open_file(&modern.path, Some(&password)).unwrap();
    assert_eq!(a.certificates, b.certificates);
    assert_eq!(
        a.private_key.unwrap().expose(),
        b.private_key.unwrap().expose()
    );
    assert_eq!(b.friendly_name.as_deref(), Some("Toldsystem"));

    // An existing target is never overwritten.
    let taken = d.write("taken.p12", b"keep me");
    let err = reexport(&src, &password, Profile::Legacy, &taken).unwrap_err();
    assert!(matches!(err, ExportError::TargetExists { .. }), "{err:?}");
    assert_eq!(std::fs::read(&taken).unwrap(), b"keep me");

    // Wrong password: nothing written.
    let err = reexport(
        &src,
        &Password::new("nope"),
        Profile::Legacy,
        &d.path("x.p12"),
    )
    .unwrap_err();
    assert!(
        matches!(err, ExportError::Load(LoadError::WrongPassword)),
        "{err:?}"
    );
    assert!(!d.path("x.p12").exists());

    // No key in the source.
    let pem = d.write("cert.pem", &made.leaf_pem);
    let err = reexport(&pem, &password, Profile::Legacy, &d.path("y.p12")).unwrap_err();
    assert!(matches!(err, ExportError::NoKey), "{err:?}");

    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(d.0.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".oces-export-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn reexport_that_cannot_be_written_fails_cleanly() {
    use oces_core::cert::export::{reexport, ExportError, Profile};
    use oces_core::error::{Coded, ErrorCode};
    let made = oces3_made();
    let d = Dir::new();
    let src = d.write("src.p12", p12(&made, "pw", &[]));
    let before = std::fs::read(&src).unwrap();
    // A folder that does not exist (works the same for root, unlike permissions).
    let target = d.path("no-such-folder").join("out.p12");
    let err = reexport(&src, &Password::new("pw"), Profile::Legacy, &target).unwrap_err();
    assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
    assert_eq!(err.code(), ErrorCode::ExportWrite);
    assert_eq!(
        err.params().get("file").map(String::as_str),
        Some("out.p12")
    );
    assert!(!d.path("no-such-folder").exists());
    assert_eq!(std::fs::read(&src).unwrap(), before);
}

#[test]
fn unsupported_algorithm_is_named_and_no_certificate_is_its_own_result() {
    use oces_core::error::{Coded, ErrorCode};
    let made = oces3_made();
    let rc4 = p12(
        &made,
        "pw",
        &[
            "-legacy",
            "-keypbe",
            "PBE-SHA1-RC4-128",
            "-certpbe",
            "PBE-SHA1-RC4-128",
        ],
    );
    let err = inspect_bytes(&rc4, Some("pw")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CertUnsupported);
    assert_eq!(
        err.params().get("algorithm").map(String::as_str),
        Some("PBE-SHA1-RC4-128")
    );
    let d = Dir::new();
    d.write("k.pem", &made.key_pem);
    openssl(
        d.0.path(),
        &[
            "pkcs12", "-export", "-nocerts", "-inkey", "k.pem", "-passout", "pass:pw", "-out",
            "n.p12",
        ],
    );
    let err = inspect_bytes(&std::fs::read(d.path("n.p12")).unwrap(), Some("pw")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CertNoCertificate);
}

#[test]
fn java_keytool_pkcs12() {
    let d = Dir::new();
    let out = Command::new("keytool")
        .args([
            "-genkeypair",
            "-alias",
            "wizard",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=keytool.example.test",
            "-storetype",
            "PKCS12",
            "-keystore",
            "k.p12",
            "-storepass",
            "pass-kt-123",
            "-keypass",
            "pass-kt-123",
            "-validity",
            "30",
        ])
        .current_dir(d.0.path())
        .output();
    let Ok(out) = out else {
        eprintln!("skipped: keytool (Java) is not installed");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(d.path("k.p12")).unwrap();
    let r = cert::inspect(
        &cert::open_bytes(&bytes, Some(&Password::new("pass-kt-123"))).unwrap(),
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    assert!(r.contains.private_key);
    assert_eq!(r.file.friendly_name.as_deref(), Some("wizard"));
    assert_eq!(
        r.certificate.common_name.as_deref(),
        Some("keytool.example.test")
    );
    assert_eq!(r.certificate.key, "RSA 2048");
}

/// A damaged MAC with the right password is "the password is right, but the file is damaged";
/// with a wrong password it stays "wrong password". Modern (SHA-256 MAC) and legacy (SHA-1).
#[test]
fn a_damaged_mac_with_the_right_password_is_not_a_wrong_password() {
    use oces_core::error::{Coded, ErrorCode};
    let made = oces3_made();
    for (extra, digest_len) in [(&[][..], 32usize), (&["-legacy"][..], 20)] {
        let good = p12(&made, "pw", extra);
        // The file ends with the MAC: OCTET STRING digest, OCTET STRING salt (8), INTEGER 2048.
        let n = good.len();
        assert_eq!(
            &good[n - 4..],
            &[0x02, 0x02, 0x08, 0x00],
            "{extra:?}: iterations"
        );
        assert_eq!(&good[n - 14..n - 12], &[0x04, 0x08], "{extra:?}: salt");
        assert_eq!(
            &good[n - 16 - digest_len..n - 14 - digest_len],
            &[0x04, digest_len as u8],
            "{extra:?}: digest"
        );
        let mut damaged = good.clone();
        damaged[n - 15] ^= 0x01; // the digest's last byte
        let code = |bytes: &[u8], pw: &str| inspect_bytes(bytes, Some(pw)).unwrap_err().code();
        assert!(inspect_bytes(&good, Some("pw")).is_ok());
        assert_eq!(
            code(&damaged, "pw"),
            ErrorCode::CertDamagedPasswordRight,
            "{extra:?}"
        );
        assert_eq!(
            code(&damaged, "not it"),
            ErrorCode::CertWrongPassword,
            "{extra:?}"
        );
        assert_eq!(
            code(&good, "not it"),
            ErrorCode::CertWrongPassword,
            "{extra:?}"
        );
    }
}

/// Without a MAC, about one wrong password in 256 decrypts with valid padding by chance; that
/// must still be "wrong password", never "damaged". 3,000 wrong passwords (one iteration each,
/// to be quick): with the old rule about 12 of them were called damaged.
#[test]
fn without_a_mac_a_wrong_password_is_never_called_damage() {
    use oces_core::error::{Coded, ErrorCode};
    use oces_core::secret::Password;
    let made = oces3_made();
    let file = p12(&made, "pw", &["-legacy", "-iter", "1", "-nomac"]);
    let opened = oces_core::cert::open_bytes(&file, Some(&Password::new("pw"))).unwrap();
    assert!(opened.private_key.is_some(), "the right password opens it");
    assert_eq!(
        opened.pkcs12.as_ref().and_then(|a| a.mac.clone()),
        None,
        "no MAC"
    );
    let mut wrong = std::collections::BTreeMap::<&'static str, usize>::new();
    for i in 0..3000 {
        let pw = Password::new(format!("guess-{i}"));
        let code = oces_core::cert::open_bytes(&file, Some(&pw))
            .err()
            .map_or("opened", |e| e.code().as_str());
        *wrong.entry(code).or_default() += 1;
    }
    assert_eq!(
        wrong.get(ErrorCode::CertWrongPassword.as_str()),
        Some(&3000),
        "{wrong:?}"
    );
}
