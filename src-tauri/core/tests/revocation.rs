//! Revocation ("spærret") against local servers: an `openssl ocsp` responder and a CRL served
//! over HTTP, both on 127.0.0.1, with a CA and certificates made in the test whose AIA and CDP
//! point at them. Good, revoked, OCSP down with the CRL as fallback, everything down, a
//! responder that never answers (time limit and cancel), a forged CRL, and the session cache.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Under Wine the OCSP responder test does not run (see ocsp_good_and_revoked): its helpers
// are then unused.
#![cfg_attr(windows, allow(dead_code, unused_imports))]

use oces_core::cert::revocation::{self, Limits, Reason, Revocation, Source};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DnType, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    RevokedCertParams, SerialNumber,
};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn limits() -> Limits {
    Limits {
        per_request: Duration::from_secs(2),
        max_bytes: 1024 * 1024,
    }
}

/// A port nothing listens on (bound, then let go).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The authorityInfoAccess extension with one OCSP URL.
fn aia(url: &str) -> CustomExtension {
    let oid = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    let mut uri = vec![0x86, url.len() as u8];
    uri.extend_from_slice(url.as_bytes());
    let mut ad = vec![0x30, (oid.len() + uri.len()) as u8];
    ad.extend_from_slice(&oid);
    ad.extend_from_slice(&uri);
    let mut seq = vec![0x30, ad.len() as u8];
    seq.extend_from_slice(&ad);
    CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], seq)
}

struct Ca {
    der: Vec<u8>,
    pem: String,
    key_pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn make_ca(cn: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let key_pem = key.serialize_pem();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let c = p.self_signed(&key).unwrap();
    Ca {
        der: c.der().to_vec(),
        pem: c.pem(),
        key_pem,
        issuer: Issuer::new(p, key),
    }
}

fn leaf(ca: &Ca, serial: u8, ocsp_port: u16, crl_port: u16) -> Vec<u8> {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(DnType::CommonName, format!("Holder {serial}"));
    p.serial_number = Some(SerialNumber::from(vec![0x10, serial]));
    p.custom_extensions
        .push(aia(&format!("http://127.0.0.1:{ocsp_port}/")));
    p.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec![format!("http://127.0.0.1:{crl_port}/ca.crl")],
    }];
    p.signed_by(&key, &ca.issuer).unwrap().der().to_vec()
}

/// An `openssl ocsp` responder for `ca`; serial 0x10NN in `revoked` is revoked. Killed on drop.
struct Responder {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Responder {
    fn start(ca: &Ca, good: &[u8], revoked: &[u8]) -> Responder {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("ca.pem"), &ca.pem).unwrap();
        std::fs::write(d.join("ca.key"), &ca.key_pem).unwrap();
        let mut index = String::new();
        for s in good {
            index.push_str(&format!(
                "V\t351231235959Z\t\t10{s:02X}\tunknown\t/CN=Holder\n"
            ));
        }
        for s in revoked {
            index.push_str(&format!(
                "R\t351231235959Z\t250301120000Z\t10{s:02X}\tunknown\t/CN=Holder\n"
            ));
        }
        std::fs::write(d.join("index.txt"), index).unwrap();
        let port = closed_port();
        let log = std::fs::File::create(d.join("log")).unwrap();
        let child = Command::new("openssl")
            .current_dir(d)
            .args(["ocsp", "-index", "index.txt", "-port"])
            .arg(port.to_string())
            .args([
                "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-nmin", "10",
            ])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("openssl");
        // Not by connecting: the responder serves one connection at a time, and an empty one
        // would hold it up.
        let t0 = Instant::now();
        while !std::fs::read_to_string(d.join("log"))
            .unwrap_or_default()
            .contains("waiting for OCSP client connections")
        {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "responder did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Responder {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves `body` to every HTTP request (a CRL server), on its own thread.
fn serve(body: Vec<u8>) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    port
}

/// Accepts connections and never answers.
fn silent() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

fn crl(ca: &Ca, revoked: &[u8]) -> Vec<u8> {
    let t = now();
    CertificateRevocationListParams {
        this_update: t - time::Duration::hours(1),
        next_update: t + time::Duration::days(1),
        crl_number: SerialNumber::from(vec![1]),
        issuing_distribution_point: None,
        revoked_certs: revoked
            .iter()
            .map(|s| RevokedCertParams {
                serial_number: SerialNumber::from(vec![0x10, *s]),
                revocation_time: time::macros::datetime!(2025-03-01 12:00 UTC),
                reason_code: None,
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&ca.issuer)
    .unwrap()
    .der()
    .to_vec()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn has_openssl() -> bool {
    Command::new("openssl").arg("version").output().is_ok()
}

// A long-running `openssl ocsp` server: under Wine there is no native openssl to serve from
// (the test bridge runs one-shot commands). The code under test is the same on every OS; the
// CRL and cache tests below run on Windows too.
/// The answer's JSON, as the window and `inspect --json` show it: the sources and reasons as
/// lower-case words (the UI's texts are `revocation.unknown.<reason>`).
#[test]
fn answers_serialise_as_words() {
    let json = |r: Revocation| serde_json::to_value(r).expect("JSON");
    assert_eq!(
        json(Revocation::Good {
            source: Source::Ocsp,
            checked_at: "t".into()
        }),
        serde_json::json!({"status": "good", "source": "ocsp", "checked_at": "t"})
    );
    assert_eq!(
        json(Revocation::Revoked {
            at: "a".into(),
            source: Source::Crl,
            checked_at: "t".into()
        })["source"],
        "crl"
    );
    for (reason, word) in [
        (Reason::NoConnection, "no_connection"),
        (Reason::NoUrl, "no_url"),
        (Reason::NotVerified, "not_verified"),
        (Reason::BadAnswer, "bad_answer"),
        (Reason::UnknownToCa, "unknown_to_ca"),
        (Reason::Cancelled, "cancelled"),
    ] {
        assert_eq!(
            json(Revocation::Unknown { reason }),
            serde_json::json!({"status": "unknown", "reason": word})
        );
    }
}

#[test]
#[cfg(not(windows))]
fn ocsp_good_and_revoked() {
    assert!(
        has_openssl(),
        "openssl is needed for the local OCSP responder"
    );
    let ca = make_ca("Lokal Test CA");
    let responder = Responder::start(&ca, &[1], &[2]);
    let crl_port = closed_port();
    let good = leaf(&ca, 1, responder.port, crl_port);
    let revoked = leaf(&ca, 2, responder.port, crl_port);
    let (ocsp, crls) = revocation::urls(&good);
    assert_eq!(ocsp, [format!("http://127.0.0.1:{}/", responder.port)]);
    assert_eq!(crls, [format!("http://127.0.0.1:{crl_port}/ca.crl")]);

    let r = block_on(revocation::check(&good, &ca.der, limits(), now()));
    assert!(
        matches!(
            r,
            Revocation::Good {
                source: Source::Ocsp,
                ..
            }
        ),
        "{r:?}"
    );
    let r = block_on(revocation::check(&revoked, &ca.der, limits(), now()));
    match r {
        Revocation::Revoked { at, source, .. } => {
            assert_eq!(source, Source::Ocsp);
            assert_eq!(at, "2025-03-01T12:00:00Z");
        }
        other => panic!("{other:?}"),
    }
    let again = block_on(revocation::check(&good, &ca.der, limits(), now()));
    let json = serde_json::to_value(again).unwrap();
    assert_eq!(json["status"], "good");
    assert!(json["checked_at"].is_string());
    // An answer signed by another CA (a responder for a look-alike) is not believed.
    let other = make_ca("Lokal Test CA");
    let impostor = Responder::start(&other, &[1], &[]);
    let good_elsewhere = leaf(&ca, 1, impostor.port, crl_port);
    let r = block_on(revocation::check(&good_elsewhere, &ca.der, limits(), now()));
    assert_eq!(
        r,
        Revocation::Unknown {
            reason: Reason::BadAnswer
        }
    );
}

#[test]
fn crl_is_the_fallback_when_the_responder_is_down() {
    let ca = make_ca("Lokal CRL CA");
    let crl_port = serve(crl(&ca, &[2]));
    let down = closed_port();
    let r = block_on(revocation::check(
        &leaf(&ca, 2, down, crl_port),
        &ca.der,
        limits(),
        now(),
    ));
    match r {
        Revocation::Revoked { at, source, .. } => {
            assert_eq!(source, Source::Crl);
            assert_eq!(at, "2025-03-01T12:00:00Z");
        }
        other => panic!("{other:?}"),
    }
    let r = block_on(revocation::check(
        &leaf(&ca, 1, down, crl_port),
        &ca.der,
        limits(),
        now(),
    ));
    assert!(
        matches!(
            r,
            Revocation::Good {
                source: Source::Crl,
                ..
            }
        ),
        "{r:?}"
    );
    // A CRL signed by a look-alike CA is not believed: "could not be checked", never "good".
    let other = make_ca("Lokal CRL CA");
    let forged = serve(crl(&other, &[]));
    let r = block_on(revocation::check(
        &leaf(&ca, 2, down, forged),
        &ca.der,
        limits(),
        now(),
    ));
    assert_eq!(
        r,
        Revocation::Unknown {
            reason: Reason::BadAnswer
        }
    );
}

#[test]
fn everything_down_or_slow_is_said_within_the_time_limit() {
    let ca = make_ca("Lokal Nede CA");
    let r = block_on(revocation::check(
        &leaf(&ca, 1, closed_port(), closed_port()),
        &ca.der,
        limits(),
        now(),
    ));
    assert_eq!(
        r,
        Revocation::Unknown {
            reason: Reason::NoConnection
        }
    );
    // A responder and a CRL server that accept and never answer: the time limit ends it.
    let slow = leaf(&ca, 1, silent(), silent());
    let t0 = Instant::now();
    let r = block_on(revocation::check(&slow, &ca.der, limits(), now()));
    assert_eq!(
        r,
        Revocation::Unknown {
            reason: Reason::NoConnection
        }
    );
    assert!(t0.elapsed() < Duration::from_secs(6), "{:?}", t0.elapsed());
    // Cancelling is dropping the future: it stops at once.
    let t0 = Instant::now();
    let cancelled = block_on(async {
        tokio::time::timeout(
            Duration::from_millis(200),
            revocation::check(&slow, &ca.der, limits(), now()),
        )
        .await
    });
    assert!(cancelled.is_err());
    assert!(t0.elapsed() < Duration::from_secs(1));
    // No URL in the certificate at all.
    assert_eq!(
        block_on(revocation::check(&ca.der, &ca.der, limits(), now())),
        Revocation::Unknown {
            reason: Reason::NoUrl
        }
    );
}

#[test]
fn answers_are_kept_for_the_session() {
    let ca = make_ca("Lokal Cache CA");
    let crl_server = serve(crl(&ca, &[]));
    let cert = leaf(&ca, 7, closed_port(), crl_server);
    let session = revocation::Memory::default();
    let first = block_on(session.check_cached(&cert, &ca.der, limits(), now()));
    assert!(matches!(first, Revocation::Good { .. }), "{first:?}");
    // The same certificate again: the cached answer, even with the issuer's key unusable.
    let second = block_on(session.check_cached(&cert, b"not a certificate", limits(), now()));
    assert_eq!(second, first);
    // Without the cache the broken issuer would give another answer.
    assert_ne!(
        block_on(revocation::check(
            &cert,
            b"not a certificate",
            limits(),
            now()
        )),
        first
    );
}

/// The window asks by fingerprint: only certificates whose chain was verified in this session
/// are asked about; a check can be cancelled.
#[test]
fn the_window_asks_by_fingerprint_for_verified_certificates_only() {
    use oces_core::cert::identify::{Environment, Generation};
    use oces_core::cert::trust::{Anchor, TrustStore};
    let ca = make_ca("Lokal Vindue CA");
    let crl_server = serve(crl(&ca, &[3]));
    let cert = leaf(&ca, 3, closed_port(), crl_server);
    let opened = oces_core::cert::open_bytes(&cert, None).unwrap();
    let session = revocation::Memory::default();
    // Not verified (unknown issuer): nothing is kept, nothing is asked.
    let r = oces_core::cert::inspect(&opened, now()).unwrap();
    session.remember_inspected(&r);
    assert_eq!(
        block_on(session.check_known(&r.certificate.sha256_fingerprint, limits(), now())),
        Revocation::Unknown {
            reason: Reason::NotVerified
        }
    );
    // Verified against its CA: asked, and revoked on the CRL.
    let store = TrustStore::new(vec![Anchor::new(
        ca.der.clone(),
        Environment::Test,
        Generation::Oces3,
        "t",
    )
    .unwrap()]);
    let r = oces_core::cert::inspect_with(&opened, now(), &store).unwrap();
    assert!(r.verified);
    // Inspecting a file remembers nothing by itself: only what the session keeps is asked.
    let unknown = block_on(session.check_known(&r.certificate.sha256_fingerprint, limits(), now()));
    assert_eq!(
        unknown,
        Revocation::Unknown {
            reason: Reason::NotVerified
        }
    );
    session.remember_inspected(&r);
    // Another session (another memory) has not seen it.
    let other = revocation::Memory::default();
    assert_eq!(
        block_on(other.check_known(&r.certificate.sha256_fingerprint, limits(), now())),
        Revocation::Unknown {
            reason: Reason::NotVerified
        }
    );
    let answer = block_on(session.check_known(&r.certificate.sha256_fingerprint, limits(), now()));
    assert!(
        matches!(
            answer,
            Revocation::Revoked {
                source: Source::Crl,
                ..
            }
        ),
        "{answer:?}"
    );
    // A slow check is stopped by cancel_all.
    let slow = leaf(&ca, 4, silent(), silent());
    let opened = oces_core::cert::open_bytes(&slow, None).unwrap();
    let r = oces_core::cert::inspect_with(&opened, now(), &store).unwrap();
    session.remember_inspected(&r);
    let t0 = Instant::now();
    let answer = block_on(async {
        let fp = r.certificate.sha256_fingerprint.clone();
        let check = session.check_known(&fp, limits(), now());
        let cancel = async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            session.cancel_all();
            std::future::pending::<()>().await;
        };
        tokio::select! {
            a = check => a,
            _ = cancel => unreachable!(),
        }
    });
    assert_eq!(
        answer,
        Revocation::Unknown {
            reason: Reason::Cancelled
        }
    );
    assert!(t0.elapsed() < Duration::from_secs(1));
}
