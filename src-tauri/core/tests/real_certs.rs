//! The real public test certificates in `../shared/real-certs/` (beside the repository) open
//! and are identified as domain.md says. Skipped, with a message, where that folder is absent.

use oces_core::cert::identify::{Environment, Generation, Kind};
use oces_core::cert::trust::{TrustStatus, TrustStore};
use oces_core::cert::{self, FileFormat, LoadError};
use oces_core::secret::Password;
use std::path::PathBuf;

fn real(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real-certs")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (shared/real-certs is not beside this checkout)",
            p.display()
        );
        None
    }
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn open(rel: &str, pw: &str) -> Option<cert::Inspection> {
    let path = real(rel)?;
    let opened = cert::open_file(&path, Some(&Password::new(pw)))
        .unwrap_or_else(|e| panic!("{rel} does not open: {e}"));
    Some(cert::inspect(&opened, now()).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

#[test]
fn oces2_pkcs12_files_open_and_are_identified() {
    let cases = [
        ("oces2/VOCES_spaerret.p12", Kind::Organisation, "UID"),
        ("oces2/VOCES_udloebet.p12", Kind::Organisation, "UID"),
        ("oces2/MOCES_spaerret.p12", Kind::Employee, "RID"),
        ("oces2/MOCES_cpr_gyldig.p12", Kind::Employee, "RID"),
        ("oces2/FOCES_spaerret.p12", Kind::System, "FID"),
        ("oces2/FOCES_udloebet.p12", Kind::System, "FID"),
    ];
    for (file, kind, id_type) in cases {
        let Some(r) = open(file, "Test1234") else {
            return;
        };
        assert_eq!(r.file.format, FileFormat::Pkcs12, "{file}");
        assert!(r.contains.private_key, "{file} holds a key");
        assert_eq!(r.oces.generation, Generation::Oces2, "{file}");
        assert_eq!(
            r.oces.environment,
            Environment::Test,
            "{file}: Systemtest issuer"
        );
        assert_eq!(r.oces.kind, Some(kind), "{file}");
        assert_eq!(r.oces.id_type.as_deref(), Some(id_type), "{file}");
        assert!(
            r.oces
                .id
                .as_deref()
                .is_some_and(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_digit())),
            "{file}: numeric id {:?}",
            r.oces.id
        );
        let cvr = r.oces.cvr.clone().unwrap_or_default();
        assert_eq!(cvr.len(), 8, "{file}: CVR {cvr}");
        assert_eq!(r.oces.gateway_user, None, "{file}: no gateway id for OCES2");
        let pk = r.pkcs12.as_ref().expect("algorithms");
        assert!(pk.legacy, "{file}: legacy encryption {pk:?}");
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"cert.expired"), "{file}: {codes:?}");
        assert!(codes.contains(&"cert.oces2_retired"), "{file}: {codes:?}");
        assert!(
            codes.contains(&"cert.test_certificate"),
            "{file}: {codes:?}"
        );
        if file.starts_with("oces2/FOCES") {
            assert!(
                r.certificate
                    .common_name
                    .as_deref()
                    .is_some_and(|c| c.ends_with(" (funktionscertifikat)")),
                "{file}: {:?}",
                r.certificate.common_name
            );
        }
    }
}

#[test]
fn rc2_40_certificates_are_read() {
    let Some(r) = open("oces2/MOCES_spaerret.p12", "Test1234") else {
        return;
    };
    let pk = r.pkcs12.expect("algorithms");
    assert_eq!(pk.certificates.as_deref(), Some("PBE-SHA1-RC2-40"));
    assert_eq!(pk.key.as_deref(), Some("PBE-SHA1-3DES"));
    assert_eq!(pk.mac.as_deref(), Some("SHA-1"));
    assert!(pk.old_windows_can_import);
}

#[test]
fn wrong_password_is_told_apart() {
    for file in ["oces2/VOCES_spaerret.p12", "oces2/MOCES_spaerret.p12"] {
        let Some(path) = real(file) else { return };
        let err = cert::open_file(&path, Some(&Password::new("Test12345"))).expect_err("wrong");
        assert!(matches!(err, LoadError::WrongPassword), "{file}: {err:?}");
        let err = cert::open_file(&path, None).expect_err("no password");
        assert!(matches!(err, LoadError::PasswordNeeded), "{file}: {err:?}");
    }
}

#[test]
fn oces3_production_pem() {
    let Some(path) = real("oces3/skatteforvaltningen-b2b-prod-2023.pem") else {
        return;
    };
    let opened = cert::open_file(&path, None).expect("opens");
    let r = cert::inspect(&opened, now()).expect("inspect");
    assert_eq!(r.file.format, FileFormat::Pem);
    assert!(!r.contains.private_key);
    assert_eq!(r.oces.generation, Generation::Oces3);
    assert_eq!(r.oces.environment, Environment::Production);
    assert_eq!(r.oces.id_type.as_deref(), Some("UI"));
    let uuid = r.oces.id.clone().expect("uuid");
    assert_eq!(uuid, uuid.to_lowercase(), "UUIDs are shown in lower case");
    let cvr = r.oces.cvr.clone().expect("cvr");
    assert_eq!(
        r.oces.gateway_user.as_deref(),
        Some(format!("CVR_{cvr}_UI_{uuid}").as_str())
    );
    assert_eq!(r.certificate.signature_algorithm, "RSASSA-PSS");
    assert!(
        r.certificate.key.starts_with("RSA "),
        "{}",
        r.certificate.key
    );
    assert_eq!(r.pkcs12, None);
}

#[test]
fn ca_certificates_in_der() {
    for (file, generation, env) in [
        (
            "ca/trust2408-systemtest-xix-ca.cer",
            Generation::Oces2,
            Environment::Test,
        ),
        (
            "ca/trust2408-systemtest-viii-ca.cer",
            Generation::Oces2,
            Environment::Test,
        ),
        (
            "ca/trust2408-oces-ca-ii.cer",
            Generation::Oces2,
            Environment::Production,
        ),
        (
            "ca/den-danske-stat-oces-udstedende-ca-1-test.cer",
            Generation::Oces3,
            Environment::Test,
        ),
    ] {
        let Some(path) = real(file) else { return };
        let opened = cert::open_file(&path, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(opened.format, FileFormat::Der, "{file}");
        let r = cert::inspect(&opened, now()).expect("inspect");
        assert_eq!(
            r.oces.generation, generation,
            "{file}: issuer {}",
            r.certificate.issuer
        );
        assert_eq!(
            r.oces.environment, env,
            "{file}: issuer {}",
            r.certificate.issuer
        );
    }
}

/// What the chain check must say about one real file.
struct Expected {
    anchor: &'static str,
    environment: Environment,
    generation: Generation,
    pki: &'static str,
    /// CA certificates of the chain that have expired (as of the test run: these are fixed
    /// dates in the past).
    expired_ca: &'static [&'static str],
}

const VII: &str = "TRUST2408 Systemtest VII Primary CA";
const ROD: &str = "Den Danske Stat OCES rod-CA";

fn expected_for(rel: &str) -> Option<Expected> {
    let e = |anchor, environment, generation, pki, expired_ca| {
        Some(Expected {
            anchor,
            environment,
            generation,
            pki,
            expired_ca,
        })
    };
    use Environment::{Production as P, Test as T};
    use Generation::{Oces2 as O2, Oces3 as O3};
    let viii: &'static [&'static str] = &["TRUST2408 Systemtest VIII CA"];
    match rel {
        "oces2/VOCES_spaerret.p12"
        | "oces2/MOCES_spaerret.p12"
        | "oces2/MOCES_cpr_gyldig.p12"
        | "oces2/FOCES_spaerret.p12" => e(VII, T, O2, "test", &[]),
        // Issued by Systemtest VIII CA, which itself expired in May 2025: genuine, but the CA
        // is named as expired.
        "oces2/VOCES_udloebet.p12" | "oces2/FOCES_udloebet.p12" => e(VII, T, O2, "test", viii),
        "oces3/skatteforvaltningen-b2b-prod-2023.pem" => e(ROD, P, O3, "prod", &[]),
        "ca/trust2408-systemtest-xix-ca.cer" | "ca/trust2408-systemtest-viii-ca.cer" => {
            e(VII, T, O2, "test", &[])
        }
        "ca/trust2408-oces-ca-ii.cer" => e("TRUST2408 OCES Primary CA", P, O2, "prod", &[]),
        "ca/den-danske-stat-oces-udstedende-ca-1-test.cer" => e(ROD, T, O3, "test-cti", &[]),
        "trust/prod--den-danske-stat-oces-rod-ca.pem"
        | "trust/prod--den-danske-stat-oces-udstedende-ca-1.pem" => e(ROD, P, O3, "prod", &[]),
        "trust/prod--trust2408-oces-ca-i.pem"
        | "trust/prod--trust2408-oces-ca-ii.pem"
        | "trust/prod--trust2408-oces-ca-iii.pem"
        | "trust/prod--trust2408-oces-ca-iv.pem"
        | "trust/prod--trust2408-oces-primary-ca.pem" => {
            e("TRUST2408 OCES Primary CA", P, O2, "prod", &[])
        }
        "trust/test--tdc-oces-systemtest-ca-ii.pem" => {
            // TDC's first OCES generation (before NemID): OCES I, not OCES2.
            e(
                "TDC OCES Systemtest CA II",
                T,
                Generation::Oces1,
                "test",
                &[],
            )
        }
        "trust/test--trust2408-systemtest-vii-primary-ca.pem"
        | "trust/test--trust2408-systemtest-viii-ca.pem"
        | "trust/test--trust2408-systemtest-xix-ca.pem"
        | "trust/test--trust2408-systemtest-xxii-ca.pem"
        | "trust/test--trust2408-systemtest-xxxiv-ca.pem" => e(VII, T, O2, "test", &[]),
        // Its issuer (Systemtest IX Primary CA) is not in the collection: the chain ends at X.
        "trust/test--trust2408-systemtest-x-ca.pem" => {
            e("TRUST2408 Systemtest X CA", T, O2, "test", &[])
        }
        "trust/test-cti--den-danske-stat-oces-rod-ca.pem"
        | "trust/test-cti--den-danske-stat-oces-udstedende-ca-1.pem" => {
            e(ROD, T, O3, "test-cti", &[])
        }
        "trust/test-st--den-danske-stat-oces-rod-ca.pem"
        | "trust/test-st--den-danske-stat-oces-udstedende-ca-1.pem" => {
            e(ROD, T, O3, "test-st", &[])
        }
        _ => None,
    }
}

/// Every file in shared/real-certs (a new file without an expectation fails the test) is
/// verified against the bundled anchors, with the anchor, environment and generation expected.
#[test]
fn every_real_file_is_verified_with_its_anchor_and_environment() {
    let Some(root) = real("") else { return };
    let mut checked = 0;
    for dir in ["oces2", "oces3", "ca", "trust"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x != "md"))
            .collect();
        files.sort();
        for path in files {
            let rel = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let want = expected_for(&rel).unwrap_or_else(|| panic!("{rel}: no expectation"));
            let pw = Password::new("Test1234");
            let opened = cert::open_file(&path, Some(&pw)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let r = cert::inspect(&opened, now()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let t = &r.trust;
            assert_eq!(t.status, TrustStatus::Verified, "{rel}: {t:?}");
            assert!(r.verified, "{rel}");
            assert_eq!(t.anchor.as_deref(), Some(want.anchor), "{rel}: {t:?}");
            assert_eq!(t.environment, Some(want.environment), "{rel}");
            assert_eq!(t.generation, Some(want.generation), "{rel}");
            assert_eq!(t.pki.as_deref(), Some(want.pki), "{rel}");
            assert_eq!(t.expired_ca, want.expired_ca, "{rel}");
            assert_eq!(
                r.oces.environment, want.environment,
                "{rel}: agrees with trust"
            );
            assert_eq!(r.oces.generation, want.generation, "{rel}");
            let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
            assert!(
                !codes.contains(&"trust.broken") && !codes.contains(&"trust.not_recognised"),
                "{rel}: {codes:?}"
            );
            assert_eq!(
                codes.contains(&"trust.ca_expired"),
                !want.expired_ca.is_empty(),
                "{rel}: {codes:?}"
            );
            let json = serde_json::to_value(&r).unwrap();
            assert_eq!(json["trust"]["status"], "verified", "{rel}");
            assert_eq!(json["trust"]["anchor"], want.anchor, "{rel}");
            assert_eq!(
                json["trust"]["environment"], json["oces"]["environment"],
                "{rel}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6 + 1 + 4 + 18, "every file in shared/real-certs");
}

/// The same files with the bundled CAs taken away are "not recognised": nothing in a file
/// makes itself trusted, not even a root certificate carried inside it.
#[test]
fn without_the_bundled_anchors_nothing_is_recognised() {
    let empty = TrustStore::new(Vec::new());
    for rel in [
        "oces2/VOCES_spaerret.p12",
        "oces3/skatteforvaltningen-b2b-prod-2023.pem",
        "trust/prod--den-danske-stat-oces-rod-ca.pem",
    ] {
        let Some(path) = real(rel) else { return };
        let opened = cert::open_file(&path, Some(&Password::new("Test1234"))).unwrap();
        let r = cert::inspect_with(&opened, now(), &empty).unwrap();
        assert_eq!(r.trust.status, TrustStatus::NotRecognised, "{rel}");
        assert_eq!(r.trust.environment, None, "{rel}");
        assert_eq!(
            r.oces.environment,
            Environment::Unknown,
            "{rel}: never production by default"
        );
        assert!(!r.verified);
    }
}
