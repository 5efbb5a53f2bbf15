//! The chain check (cert::trust) against certificates made in the test with rcgen: a good
//! chain, a broken signature, an impostor CA copying the real OCES CA's name, an expired
//! intermediate, an expired end certificate with a good chain, and an unknown anchor.
//! "Now" is pinned so validity does not change with the calendar.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert::identify::{Environment, Generation};
use oces_core::cert::trust::{Anchor, TrustStatus, TrustStore};
use oces_core::cert::{self, Inspection};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer,
    KeyPair,
};

/// 1 June 2025.
fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2025-06-01 12:00 UTC)
}

type Years = (i32, i32);

struct Ca {
    der: Vec<u8>,
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn dn(parts: &[(DnType, &str)]) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    for (t, v) in parts {
        d.push(t.clone(), *v);
    }
    d
}

fn params(name: &[(DnType, &str)], (from, to): Years, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name = dn(name);
    p.not_before = date_time_ymd(from, 1, 1);
    p.not_after = date_time_ymd(to, 1, 1);
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    }
    p
}

fn root(name: &[(DnType, &str)], years: Years) -> Ca {
    let key = KeyPair::generate().unwrap();
    let p = params(name, years, true);
    let c = p.self_signed(&key).unwrap();
    Ca {
        der: c.der().to_vec(),
        pem: c.pem(),
        issuer: Issuer::new(p, key),
    }
}

fn intermediate(name: &[(DnType, &str)], years: Years, by: &Ca) -> Ca {
    let key = KeyPair::generate().unwrap();
    let p = params(name, years, true);
    let c = p.signed_by(&key, &by.issuer).unwrap();
    Ca {
        der: c.der().to_vec(),
        pem: c.pem(),
        issuer: Issuer::new(p, key),
    }
}

/// An OCES3-style leaf (PEM) issued by `by`.
fn leaf(years: Years, by: &Ca) -> (Vec<u8>, String) {
    let key = KeyPair::generate().unwrap();
    let mut p = params(
        &[
            (DnType::CommonName, "Toldsystem (systemcertifikat)"),
            (
                DnType::CustomDnType(vec![2, 5, 4, 5]),
                "UI:DK-O:G:175a859d-ed76-45af-828f-3a69691a7157",
            ),
            (DnType::OrganizationName, "Testfirma ApS"),
            (DnType::CustomDnType(vec![2, 5, 4, 97]), "NTRDK-25313763"),
            (DnType::CountryName, "DK"),
        ],
        years,
        false,
    );
    p.is_ca = IsCa::ExplicitNoCa;
    let c = p.signed_by(&key, &by.issuer).unwrap();
    (c.der().to_vec(), c.pem())
}

const ROOT: &[(DnType, &str)] = &[
    (DnType::CountryName, "DK"),
    (DnType::OrganizationName, "Prøve Stat"),
    (DnType::CommonName, "Prøve OCES rod-CA"),
];
const ISSUING: &[(DnType, &str)] = &[
    (DnType::CountryName, "DK"),
    (DnType::OrganizationName, "Prøve Stat"),
    (DnType::CommonName, "Prøve OCES udstedende-CA 1"),
];
/// The real production OCES3 names, in the order the real certificates have them.
const REAL_ROOT: &[(DnType, &str)] = &[
    (DnType::CommonName, "Den Danske Stat OCES rod-CA"),
    (DnType::OrganizationName, "Den Danske Stat"),
    (DnType::CountryName, "DK"),
];
const REAL_ISSUING: &[(DnType, &str)] = &[
    (DnType::CommonName, "Den Danske Stat OCES udstedende-CA 1"),
    (DnType::OrganizationName, "Den Danske Stat"),
    (DnType::CountryName, "DK"),
];

fn store_with(root: &Ca, env: Environment) -> TrustStore {
    TrustStore::new(vec![Anchor::new(
        root.der.clone(),
        env,
        Generation::Oces3,
        "fixture",
    )
    .unwrap()])
}

fn inspect_pem(pem: &str, store: &TrustStore) -> Inspection {
    let opened = cert::open_bytes(pem.as_bytes(), None).unwrap();
    cert::inspect_with(&opened, now(), store).unwrap()
}

fn codes(r: &Inspection) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn good_chain_is_verified_and_the_anchor_gives_the_environment() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2035), &root);
    let (_, leaf_pem) = leaf((2024, 2027), &ca);
    for (env, word) in [
        (Environment::Test, "test"),
        (Environment::Production, "production"),
    ] {
        let store = store_with(&root, env);
        let r = inspect_pem(&format!("{leaf_pem}{}", ca.pem), &store);
        assert_eq!(r.trust.status, TrustStatus::Verified, "{:?}", r.trust);
        assert!(r.verified);
        assert_eq!(r.trust.anchor.as_deref(), Some("Prøve OCES rod-CA"));
        assert_eq!(r.trust.organisation.as_deref(), Some("Prøve Stat"));
        assert_eq!(
            r.trust.path,
            ["Prøve OCES udstedende-CA 1", "Prøve OCES rod-CA"]
        );
        assert_eq!(r.trust.environment, Some(env));
        assert_eq!(
            r.oces.environment, env,
            "oces.environment agrees with trust"
        );
        assert!(r.trust.expired_ca.is_empty());
        let c = codes(&r);
        assert!(!c.iter().any(|c| c.starts_with("trust.")), "{c:?}");
        assert_eq!(
            c.contains(&"cert.test_certificate"),
            env == Environment::Test
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["trust"]["status"], "verified");
        assert_eq!(json["trust"]["anchor"], "Prøve OCES rod-CA");
        assert_eq!(json["trust"]["environment"], word);
        assert_eq!(json["oces"]["environment"], word);
    }
}

#[test]
fn intermediate_from_the_store_completes_a_chain_missing_from_the_file() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2035), &root);
    let (_, leaf_pem) = leaf((2024, 2027), &ca);
    // The file holds only the leaf: not recognised with the root alone ...
    let store = store_with(&root, Environment::Test);
    assert_eq!(
        inspect_pem(&leaf_pem, &store).trust.status,
        TrustStatus::NotRecognised
    );
    // ... verified when the store also carries the issuing CA (as the bundle does).
    let both = TrustStore::new(vec![
        Anchor::new(root.der.clone(), Environment::Test, Generation::Oces3, "f").unwrap(),
        Anchor::new(ca.der.clone(), Environment::Test, Generation::Oces3, "f").unwrap(),
    ]);
    let r = inspect_pem(&leaf_pem, &both);
    assert_eq!(r.trust.status, TrustStatus::Verified);
    assert_eq!(r.trust.anchor.as_deref(), Some("Prøve OCES rod-CA"));
}

#[test]
fn broken_signature_is_broken() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2035), &root);
    let (mut der, _) = leaf((2024, 2027), &ca);
    // The signature is the last bytes of the certificate: change one.
    let n = der.len();
    der[n - 5] ^= 0x01;
    let store = TrustStore::new(vec![
        Anchor::new(root.der.clone(), Environment::Test, Generation::Oces3, "f").unwrap(),
        Anchor::new(ca.der.clone(), Environment::Test, Generation::Oces3, "f").unwrap(),
    ]);
    let opened = cert::open_bytes(&der, None).unwrap();
    let r = cert::inspect_with(&opened, now(), &store).unwrap();
    assert_eq!(r.trust.status, TrustStatus::Broken, "{:?}", r.trust);
    assert_eq!(r.trust.environment, None);
    assert_eq!(r.oces.environment, Environment::Unknown);
    assert!(codes(&r).contains(&"trust.broken"));
    assert!(!r.verified);
    // The same chain with the signature intact is verified: the byte is what broke it.
    let (good, _) = leaf((2024, 2027), &ca);
    let opened = cert::open_bytes(&good, None).unwrap();
    let r = cert::inspect_with(&opened, now(), &store).unwrap();
    assert_eq!(r.trust.status, TrustStatus::Verified);
}

#[test]
fn impostor_copying_the_real_oces3_ca_name_is_not_genuine() {
    // Against the real bundled anchors: a CA of our own named exactly like the production
    // issuing CA (and a root named like the production root, carried in the file).
    let fake_root = root(REAL_ROOT, (2020, 2040));
    let fake_ca = intermediate(REAL_ISSUING, (2020, 2035), &fake_root);
    let (leaf_der, leaf_pem) = leaf((2024, 2027), &fake_ca);
    for file in [
        leaf_pem.clone(),
        format!("{leaf_pem}{}", fake_ca.pem),
        format!("{leaf_pem}{}{}", fake_ca.pem, fake_root.pem),
    ] {
        let opened = cert::open_bytes(file.as_bytes(), None).unwrap();
        let r = cert::inspect(&opened, now()).unwrap();
        assert_eq!(
            r.certificate.issuer_common_name.as_deref(),
            Some("Den Danske Stat OCES udstedende-CA 1")
        );
        assert_eq!(r.trust.status, TrustStatus::Broken, "{:?}", r.trust);
        assert_eq!(r.trust.anchor, None);
        assert_ne!(r.oces.environment, Environment::Production);
        assert_eq!(r.oces.environment, Environment::Unknown);
        // No generation next to "broken" (issue 30): the name copied is not the CA.
        assert_eq!(r.oces.generation, Generation::None, "{:?}", r.oces);
        assert!(codes(&r).contains(&"trust.broken"));
        assert!(!codes(&r).contains(&"cert.test_certificate"));
    }
    // The impostor's root alone, named like the real root: broken, not merely unknown.
    let opened = cert::open_bytes(fake_root.pem.as_bytes(), None).unwrap();
    let r = cert::inspect(&opened, now()).unwrap();
    assert_eq!(r.trust.status, TrustStatus::Broken, "{:?}", r.trust);
    // With the impostor's root as the anchor the same leaf verifies: the signatures were
    // right, only the anchor was not the real one.
    let own = store_with(&fake_root, Environment::Test);
    let opened = cert::open_bytes(format!("{leaf_pem}{}", fake_ca.pem).as_bytes(), None).unwrap();
    let r = cert::inspect_with(&opened, now(), &own).unwrap();
    assert_eq!(r.trust.status, TrustStatus::Verified);
    let _ = leaf_der;
}

#[test]
fn expired_intermediate_is_named_and_the_chain_is_still_genuine() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2024), &root);
    let (_, leaf_pem) = leaf((2022, 2027), &ca);
    let r = inspect_pem(
        &format!("{leaf_pem}{}", ca.pem),
        &store_with(&root, Environment::Production),
    );
    assert_eq!(r.trust.status, TrustStatus::Verified);
    assert_eq!(r.trust.expired_ca, ["Prøve OCES udstedende-CA 1"]);
    let c = codes(&r);
    assert!(c.contains(&"trust.ca_expired"), "{c:?}");
    assert!(
        !c.contains(&"cert.expired"),
        "the certificate itself is in date: {c:?}"
    );
    // A root that has expired is named too.
    let old_root = root_expired();
    let ca = intermediate(ISSUING, (2020, 2030), &old_root);
    let (_, leaf_pem) = leaf((2022, 2027), &ca);
    let r = inspect_pem(
        &format!("{leaf_pem}{}", ca.pem),
        &store_with(&old_root, Environment::Test),
    );
    assert_eq!(r.trust.status, TrustStatus::Verified);
    assert_eq!(r.trust.expired_ca, ["Prøve OCES rod-CA"]);
}

fn root_expired() -> Ca {
    root(ROOT, (2010, 2024))
}

#[test]
fn expired_certificate_with_a_good_chain_is_genuine_and_expired() {
    let root = root(ROOT, (2010, 2040));
    let ca = intermediate(ISSUING, (2010, 2035), &root);
    let (_, leaf_pem) = leaf((2018, 2021), &ca);
    let r = inspect_pem(
        &format!("{leaf_pem}{}", ca.pem),
        &store_with(&root, Environment::Production),
    );
    assert_eq!(r.trust.status, TrustStatus::Verified);
    assert!(r.trust.expired_ca.is_empty());
    assert_eq!(r.oces.environment, Environment::Production);
    let c = codes(&r);
    assert!(c.contains(&"cert.expired"), "{c:?}");
    assert!(!c.contains(&"trust.broken"), "{c:?}");
}

#[test]
fn unknown_anchor_is_not_recognised_and_never_production() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2035), &root);
    let (_, leaf_pem) = leaf((2024, 2027), &ca);
    // The whole chain in the file, root included; the bundled anchors know none of it.
    let r = inspect_pem(
        &format!("{leaf_pem}{}{}", ca.pem, root.pem),
        TrustStore::bundled(),
    );
    assert_eq!(r.trust.status, TrustStatus::NotRecognised, "{:?}", r.trust);
    assert_eq!(r.trust.anchor, None);
    assert_eq!(r.trust.environment, None);
    assert_eq!(r.oces.environment, Environment::Unknown);
    assert!(codes(&r).contains(&"trust.not_recognised"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["trust"]["status"], "not_recognised");
    assert!(json["trust"]["anchor"].is_null());
    assert!(json["trust"]["environment"].is_null());
    assert_eq!(json["oces"]["environment"], "unknown");
    // A self-signed certificate alone: not recognised either.
    let r = inspect_pem(&root.pem, TrustStore::bundled());
    assert_eq!(r.trust.status, TrustStatus::NotRecognised);
}

#[test]
fn a_loop_of_cross_signed_cas_ends() {
    // Two CAs that name each other as issuer: the search stops and says "not recognised".
    let a_key = KeyPair::generate().unwrap();
    let b_key = KeyPair::generate().unwrap();
    let a_name: &[(DnType, &str)] = &[(DnType::CommonName, "Loop A")];
    let b_name: &[(DnType, &str)] = &[(DnType::CommonName, "Loop B")];
    let a_issuer = Issuer::new(params(a_name, (2020, 2040), true), a_key);
    let b_issuer = Issuer::new(params(b_name, (2020, 2040), true), b_key);
    let a_by_b = params(a_name, (2020, 2040), true)
        .signed_by(a_issuer.key(), &b_issuer)
        .unwrap();
    let b_by_a = params(b_name, (2020, 2040), true)
        .signed_by(b_issuer.key(), &a_issuer)
        .unwrap();
    let key = KeyPair::generate().unwrap();
    let l = params(&[(DnType::CommonName, "Leaf")], (2024, 2027), false)
        .signed_by(&key, &a_issuer)
        .unwrap();
    let pem = format!("{}{}{}", l.pem(), a_by_b.pem(), b_by_a.pem());
    let r = inspect_pem(&pem, TrustStore::bundled());
    assert_eq!(r.trust.status, TrustStatus::NotRecognised);
}

#[test]
fn expiry_days_left_and_receivers_at_renewal() {
    let root = root(ROOT, (2020, 2040));
    let ca = intermediate(ISSUING, (2020, 2035), &root);
    let (_, leaf_pem) = leaf((2024, 2027), &ca);
    let r = inspect_pem(
        &format!("{leaf_pem}{}", ca.pem),
        &store_with(&root, Environment::Test),
    );
    // 1 June 2025 12:00 to 1 January 2027 00:00: 578 whole days.
    assert_eq!(r.expiry.days_left, 578);
    // The anchor says OCES3: a system certificate with CVR and UUID goes to UFST's portal and
    // to STIL at renewal.
    assert_eq!(
        r.oces.gateway_user.as_deref(),
        Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157")
    );
    assert_eq!(
        serde_json::to_value(&r.expiry.receivers).expect("JSON"),
        serde_json::json!(["ufst_portal", "stil"])
    );
    let (_, old_pem) = leaf((2020, 2024), &ca);
    let r = inspect_pem(&old_pem, &store_with(&root, Environment::Test));
    assert!(r.expiry.days_left < 0, "{}", r.expiry.days_left);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["expiry"]["days_left"].is_i64());
}
