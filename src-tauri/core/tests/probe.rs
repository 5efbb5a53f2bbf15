//! The connection test against local servers on 127.0.0.1, built from rcgen certificates: each
//! case asserts the stage and code reported, and that the run ends within its time limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::probe::{
    probe, ClientIdentity, ProbeEvent, ProbeOptions, ProbeReport, Proxy, Stage, Target,
};
use oces_core::secret::SecretBytes;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A certificate and its PKCS#8 key, both DER.
type Leaf = (Vec<u8>, Vec<u8>);

struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, name);
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        Ca {
            issuer: CertifiedIssuer::self_signed(p, KeyPair::generate().unwrap()).unwrap(),
        }
    }

    fn der(&self) -> CertificateDer<'static> {
        self.issuer.der().clone()
    }

    /// A leaf for `names`; `expired` puts its validity in the past.
    fn leaf(&self, names: &[&str], cn: &str, expired: bool) -> Leaf {
        let mut p = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        if expired {
            p.not_before = time::macros::datetime!(2020-01-01 0:00 UTC);
            p.not_after = time::macros::datetime!(2021-01-01 0:00 UTC);
        }
        let key = KeyPair::generate().unwrap();
        let cert = p.signed_by(&key, &self.issuer).unwrap();
        (cert.der().to_vec(), key.serialize_der())
    }
}

fn key_der(k: &[u8]) -> PrivateKeyDer<'static> {
    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(k.to_vec()))
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

enum ClientAuth<'a> {
    None,
    Require(&'a Ca),
}

fn server_config(server: Leaf, auth: ClientAuth<'_>, tls12_only: bool) -> rustls::ServerConfig {
    let versions: &[&rustls::SupportedProtocolVersion] = if tls12_only {
        &[&rustls::version::TLS12]
    } else {
        rustls::DEFAULT_VERSIONS
    };
    let b = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(versions)
        .unwrap();
    let b = match auth {
        ClientAuth::None => b.with_no_client_auth(),
        ClientAuth::Require(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(ca.der()).unwrap();
            let v = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .unwrap();
            b.with_client_cert_verifier(v)
        }
    };
    b.with_single_cert(vec![CertificateDer::from(server.0)], key_der(&server.1))
        .unwrap()
}

/// A TLS server answering every request with 204.
async fn tls_server(config: rustls::ServerConfig) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls
                    .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

/// Accepts TCP and never answers. Sends on `closed` when the client goes away.
async fn silent_server(closed: tokio::sync::mpsc::Sender<()>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let closed = closed.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while let Ok(n) = tcp.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                }
                let _ = closed.send(()).await;
            });
        }
    });
    port
}

/// An HTTP CONNECT proxy; `refuse` answers 403 instead.
async fn connect_proxy(refuse: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut got = Vec::new();
                let mut buf = [0u8; 1024];
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tcp.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&got).to_string();
                let target = head
                    .strip_prefix("CONNECT ")
                    .and_then(|r| r.split_whitespace().next())
                    .unwrap_or_default()
                    .to_string();
                if refuse || target.is_empty() {
                    let _ = tcp.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
                    return;
                }
                let Ok(mut up) = TcpStream::connect(&target).await else {
                    let _ = tcp.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                let _ = tcp
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut tcp, &mut up).await;
            });
        }
    });
    port
}

/// A gateway on 127.0.0.1 with a good certificate from `server_ca`.
async fn gateway(server_ca: &Ca, auth: ClientAuth<'_>, tls12_only: bool) -> u16 {
    let leaf = server_ca.leaf(&["127.0.0.1"], "gateway", false);
    tls_server(server_config(leaf, auth, tls12_only)).await
}

fn options(port: u16, trust: &Ca, identity: Option<ClientIdentity>) -> ProbeOptions {
    let mut o = ProbeOptions::new(Target::parse(&format!("https://127.0.0.1:{port}")).unwrap());
    o.os_roots = false;
    o.extra_roots = vec![trust.der()];
    o.identity = identity;
    o.proxy = None;
    o.stage_timeout = Duration::from_secs(2);
    o.overall_timeout = Duration::from_secs(6);
    o
}

fn identity(ca: &Ca) -> ClientIdentity {
    let (cert, key) = ca.leaf(&[], "Toldsystem (systemcertifikat)", false);
    ClientIdentity::new(&[cert], &SecretBytes::new(key)).unwrap()
}

/// Run the test, check it ended within its overall limit and that the events match the result.
async fn run(o: ProbeOptions) -> ProbeReport {
    let limit = o.overall_timeout + Duration::from_millis(500);
    let t0 = Instant::now();
    let mut events = Vec::new();
    let report = probe(o, &mut |e| events.push(e)).await;
    assert!(t0.elapsed() < limit, "took {:?}", t0.elapsed());
    let finished: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ProbeEvent::Finished(r) => Some(r.clone()),
            ProbeEvent::Started { .. } => None,
        })
        .collect();
    assert_eq!(finished, report.stages, "every result was announced");
    report
}

fn stage(r: &ProbeReport, s: Stage) -> (bool, String) {
    let st = r
        .stages
        .iter()
        .find(|x| x.stage == s)
        .unwrap_or_else(|| panic!("no {s:?} stage in {:#?}", r.stages));
    (st.ok, st.code.clone())
}

fn failed_at(r: &ProbeReport) -> (Stage, String) {
    let f = r
        .failed()
        .unwrap_or_else(|| panic!("no failure in {:#?}", r.stages));
    (f.stage, f.code.clone())
}

#[tokio::test]
async fn accepted_client_certificate_passes_every_stage() {
    let server_ca = Ca::new("Test server CA");
    let client_ca = Ca::new("Test client CA");
    let port = gateway(&server_ca, ClientAuth::Require(&client_ca), false).await;
    let r = run(options(port, &server_ca, Some(identity(&client_ca)))).await;
    assert!(r.ok, "{:#?}", r.stages);
    let got: Vec<Stage> = r.stages.iter().map(|s| s.stage).collect();
    assert_eq!(got, Stage::planned(false));
    assert_eq!(r.stages.last().unwrap().detail.as_deref(), Some("HTTP 204"));
    assert!(r.server.as_ref().unwrap().subject.contains("gateway"));
    assert!(r.client.as_ref().unwrap().contains("Toldsystem"));
    assert!(r.openssl.contains("-connect 127.0.0.1:"));
    assert!(r
        .openssl
        .contains("-cert CERTIFICATE.pem -key PRIVATE-KEY.pem"));
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_is_rejected() {
    for tls12 in [false, true] {
        let server_ca = Ca::new("Test server CA");
        let client_ca = Ca::new("Test client CA");
        let other_ca = Ca::new("Another CA");
        let port = gateway(&server_ca, ClientAuth::Require(&client_ca), tls12).await;
        let r = run(options(port, &server_ca, Some(identity(&other_ca)))).await;
        assert!(!r.ok);
        assert_eq!(
            failed_at(&r),
            (Stage::ClientCert, "probe.client_cert_rejected".into()),
            "TLS 1.2 only: {tls12}; {:#?}",
            r.stages
        );
        assert_eq!(
            stage(&r, Stage::Tls),
            (true, "ok".into()),
            "the server side was fine"
        );
    }
}

#[tokio::test]
async fn no_client_certificate_when_one_is_required() {
    let server_ca = Ca::new("Test server CA");
    let client_ca = Ca::new("Test client CA");
    let port = gateway(&server_ca, ClientAuth::Require(&client_ca), false).await;
    let r = run(options(port, &server_ca, None)).await;
    assert_eq!(
        failed_at(&r),
        (Stage::ClientCert, "probe.no_client_cert".into())
    );
}

#[tokio::test]
async fn a_server_that_never_asks_for_a_client_certificate() {
    let server_ca = Ca::new("Test server CA");
    let client_ca = Ca::new("Test client CA");
    let port = gateway(&server_ca, ClientAuth::None, false).await;
    let r = run(options(port, &server_ca, Some(identity(&client_ca)))).await;
    assert_eq!(
        failed_at(&r),
        (Stage::ClientCert, "probe.client_cert_not_requested".into())
    );
    assert_eq!(
        stage(&r, Stage::Http),
        (true, "ok".into()),
        "HTTP still answered"
    );
    assert!(r.client.is_none(), "nothing was sent");
    assert!(!r.ok);
}

#[tokio::test]
async fn server_certificate_problems() {
    let server_ca = Ca::new("Test server CA");
    let stranger = Ca::new("Unknown CA");
    let cases: [(&Ca, Leaf, &str); 3] = [
        (
            &server_ca,
            server_ca.leaf(&["127.0.0.1"], "gateway", true),
            "probe.server_expired",
        ),
        (
            &server_ca,
            server_ca.leaf(&["gateway.example"], "gateway", false),
            "probe.server_wrong_name",
        ),
        (
            &server_ca,
            stranger.leaf(&["127.0.0.1"], "gateway", false),
            "probe.server_untrusted",
        ),
    ];
    for (trust, leaf, code) in cases {
        let port = tls_server(server_config(leaf, ClientAuth::None, false)).await;
        let r = run(options(port, trust, None)).await;
        assert_eq!(failed_at(&r), (Stage::Tls, code.to_string()));
        assert_eq!(r.stages.len(), 3, "stops after TLS: {:#?}", r.stages);
        assert!(r.server.is_some(), "the presented certificate is reported");
    }
}

#[tokio::test]
async fn nothing_listening() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let ca = Ca::new("Test server CA");
    let r = run(options(port, &ca, None)).await;
    assert_eq!(failed_at(&r), (Stage::Connect, "probe.refused".into()));
    assert_eq!(stage(&r, Stage::Lookup), (true, "ok".into()));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (tx, _rx) = tokio::sync::mpsc::channel(4);
    let port = silent_server(tx).await;
    let ca = Ca::new("Test server CA");
    let mut o = options(port, &ca, None);
    o.stage_timeout = Duration::from_millis(800);
    let t0 = Instant::now();
    let r = run(o).await;
    assert_eq!(failed_at(&r), (Stage::Tls, "probe.timed_out".into()));
    let tls_ms = r.stages.last().unwrap().ms;
    assert!(
        (700..1500).contains(&tls_ms),
        "stage limit kept: {tls_ms} ms"
    );
    assert!(t0.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_overall_limit_cuts_a_stage_short() {
    let (tx, _rx) = tokio::sync::mpsc::channel(4);
    let port = silent_server(tx).await;
    let ca = Ca::new("Test server CA");
    let mut o = options(port, &ca, None);
    o.stage_timeout = Duration::from_secs(30);
    o.overall_timeout = Duration::from_millis(700);
    let r = run(o).await;
    assert_eq!(failed_at(&r), (Stage::Tls, "probe.timed_out".into()));
}

#[tokio::test]
async fn cancelling_closes_the_connection() {
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let port = silent_server(tx).await;
    let ca = Ca::new("Test server CA");
    let mut o = options(port, &ca, None);
    o.stage_timeout = Duration::from_secs(30);
    o.overall_timeout = Duration::from_secs(60);
    let task = tokio::spawn(async move { probe(o, &mut |_| {}).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    tokio::time::timeout(Duration::from_secs(2), rx.recv())
        .await
        .expect("the server saw the connection close within 2 s")
        .expect("closed");
}

#[tokio::test]
async fn through_an_http_connect_proxy() {
    let server_ca = Ca::new("Test server CA");
    let client_ca = Ca::new("Test client CA");
    let port = gateway(&server_ca, ClientAuth::Require(&client_ca), false).await;
    let proxy = connect_proxy(false).await;
    let mut o = options(port, &server_ca, Some(identity(&client_ca)));
    o.proxy = Proxy::parse(&format!("http://127.0.0.1:{proxy}"));
    let r = run(o).await;
    assert!(r.ok, "{:#?}", r.stages);
    assert_eq!(stage(&r, Stage::Proxy), (true, "ok".into()));
    assert_eq!(r.proxy, Some(format!("http://127.0.0.1:{proxy}")));
    assert!(r.openssl.contains(&format!("-proxy 127.0.0.1:{proxy}")));

    let refusing = connect_proxy(true).await;
    let mut o = options(port, &server_ca, Some(identity(&client_ca)));
    o.proxy = Proxy::parse(&format!("http://127.0.0.1:{refusing}"));
    let r = run(o).await;
    assert_eq!(failed_at(&r), (Stage::Proxy, "probe.proxy_refused".into()));
}

/// Port 0 is not an address anything listens on: refused as a target and as a proxy.
#[test]
fn port_zero_is_refused() {
    assert!(Target::parse("https://gateway.example:0").is_err());
    assert!(Target::parse("gateway.example:0").is_err());
    assert!(Proxy::parse("http://proxy:0").is_none());
    assert!(Target::parse("gateway.example:1").is_ok());
}

/// A plain HTTP server on the port: the TLS stage says "not TLS", not "TLS version or cipher".
#[tokio::test]
async fn plain_http_is_named() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = tcp.read(&mut buf).await;
                let _ = tcp
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    .await;
            });
        }
    });
    let ca = Ca::new("Test server CA");
    let r = run(options(port, &ca, None)).await;
    assert_eq!(failed_at(&r), (Stage::Tls, "probe.not_tls".into()));
}

/// A server that completes the handshake and then says nothing: the network path is open, so
/// the verdict is "no answer from the server", not a timeout that blames a firewall.
#[tokio::test]
async fn a_server_silent_after_the_handshake() {
    let ca = Ca::new("Test server CA");
    let leaf = ca.leaf(&["127.0.0.1"], "gateway", false);
    let config = server_config(leaf, ClientAuth::None, false);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                while let Ok(n) = tls.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                }
            });
        }
    });
    let mut o = options(port, &ca, None);
    o.stage_timeout = Duration::from_millis(800);
    let r = run(o).await;
    assert_eq!(stage(&r, Stage::Tls), (true, "ok".into()));
    assert_eq!(stage(&r, Stage::Http), (false, "probe.no_answer".into()));
}

/// A SOCKS proxy in the environment is named, not silently ignored: the test stops at the
/// proxy stage without connecting, unless told to go direct. NO_PROXY still exempts hosts.
#[tokio::test]
async fn a_socks_proxy_is_said_to_be_unsupported() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |n: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    };
    let socks = env(&[("ALL_PROXY", "socks5://proxy.firma.dk:1080")]);
    assert_eq!(
        Proxy::unsupported_in("gw.skat.dk", socks),
        Some("socks5".into())
    );
    let exempt = env(&[
        ("https_proxy", "socks5h://p:1080"),
        ("NO_PROXY", ".skat.dk"),
    ]);
    assert_eq!(Proxy::unsupported_in("gw.skat.dk", exempt), None);
    let http = env(&[("HTTPS_PROXY", "http://p:3128")]);
    assert_eq!(Proxy::unsupported_in("gw.skat.dk", http), None);
    assert_eq!(Proxy::unsupported_in("gw.skat.dk", env(&[])), None);

    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let port = silent_server(tx).await;
    let ca = Ca::new("Test server CA");
    let mut o = options(port, &ca, None);
    o.proxy_unsupported = Some("socks5".into());
    let r = run(o).await;
    assert_eq!(
        failed_at(&r),
        (Stage::Proxy, "probe.proxy_unsupported".into())
    );
    assert_eq!(r.stages.len(), 1, "{:#?}", r.stages);
    assert!(rx.try_recv().is_err(), "no connection was made");
}

/// `n` PEM certificates cycling through `distinct` self-signed ones (one key).
fn bundle(prefix: &str, distinct: usize, n: usize) -> String {
    let key = KeyPair::generate().unwrap();
    let pems: Vec<String> = (0..distinct)
        .map(|i| {
            CertificateParams::new(vec![format!("{prefix}-{i}.example")])
                .unwrap()
                .self_signed(&key)
                .unwrap()
                .pem()
        })
        .collect();
    pems.iter().cycle().take(n).cloned().collect()
}

/// Extra roots (`--ca`) are read inside the test's one budget (issue 30, class 3): a bundle of
/// 16,000 certificates (9 MB) is refused after counting, before a single parse (it cost seconds of
/// CPU before any stage's timer started); a usable file is parsed once per certificate; the
/// budget covers every file of the run together; no time left stops the reading with its code.
#[test]
fn extra_roots_are_read_within_the_runs_budget() {
    use oces_core::budget::{counts, Budget};
    use oces_core::probe::{ca_budget, read_roots_within, CaError, MAX_CA_CERTIFICATES};
    let d = tempfile::tempdir().unwrap();
    let huge = d.path().join("huge.pem");
    let text = bundle("huge", 100, 16_000);
    assert!(text.len() > 8_000_000 && text.len() < 10 * 1024 * 1024);
    std::fs::write(&huge, text).unwrap();
    let mut o = ProbeOptions::new(Target::parse("https://127.0.0.1:1").unwrap());
    o.stage_timeout = Duration::from_secs(1);
    o.overall_timeout = Duration::from_secs(4);
    let budget = ca_budget(&o);
    let before = counts();
    let err = read_roots_within(&huge, &budget).unwrap_err();
    assert!(
        matches!(
            err,
            CaError::TooLarge {
                certificates: 16_000,
                max: MAX_CA_CERTIFICATES
            }
        ),
        "{err:?}"
    );
    assert_eq!(counts().certificates_parsed, before.certificates_parsed);
    assert_eq!(
        oces_core::error::UiError::from(err).code.as_str(),
        "probe.ca_too_large"
    );

    // Over the size cap: refused on its size, with the same code.
    let larger = d.path().join("larger.pem");
    std::fs::write(&larger, vec![b'a'; 11 * 1024 * 1024]).unwrap();
    let err = read_roots_within(&larger, &ca_budget(&o)).unwrap_err();
    assert!(matches!(err, CaError::FileTooLarge { .. }), "{err:?}");
    assert_eq!(
        oces_core::error::UiError::from(err).code.as_str(),
        "probe.ca_too_large"
    );

    // 600 blocks (60 distinct): each parsed once, duplicates kept out.
    let company = d.path().join("company.pem");
    std::fs::write(&company, bundle("company", 60, 600)).unwrap();
    let budget = Budget::new(Duration::from_secs(3600), MAX_CA_CERTIFICATES, u64::MAX);
    let roots = read_roots_within(&company, &budget).unwrap();
    assert_eq!(roots.len(), 60);
    assert_eq!(budget.spent().certificates_parsed, 600);
    // A second file of the same run: 600 more do not fit in what is left of 1,000.
    let err = read_roots_within(&company, &budget).unwrap_err();
    assert!(
        matches!(
            err,
            CaError::TooLarge {
                certificates: 1_200,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(budget.spent().certificates_parsed, 600);

    // DER works as before.
    let ca = Ca::new("Company Root");
    let der = d.path().join("root.cer");
    std::fs::write(&der, ca.der().as_ref()).unwrap();
    let roots = read_roots_within(&der, &ca_budget(&o)).unwrap();
    assert_eq!(roots, vec![ca.der()]);

    // No time left: stopped, with its code, before anything is parsed.
    let spent = Budget::new(Duration::ZERO, MAX_CA_CERTIFICATES, u64::MAX);
    let err = read_roots_within(&company, &spent).unwrap_err();
    assert!(
        matches!(err, CaError::Stopped { certificates: 0 }),
        "{err:?}"
    );
    assert_eq!(
        oces_core::error::UiError::from(err).code.as_str(),
        "probe.ca_stopped"
    );
    // The time runs out in the middle of a file: the reading stops at that certificate.
    let text = std::fs::read(&company).unwrap();
    let (mut asked, before) = (0, counts());
    let stopped = oces_core::cert::pem_certificates_until(&text, &mut || {
        asked += 1;
        asked > 3
    })
    .unwrap();
    assert_eq!(stopped, None);
    assert_eq!(counts().certificates_parsed - before.certificates_parsed, 3);
    // The whole test's clock runs from when the options were made: when it is used up, so is
    // the reading's.
    let mut late = ProbeOptions::new(Target::parse("https://127.0.0.1:1").unwrap());
    late.overall_timeout = Duration::ZERO;
    assert!(matches!(
        read_roots_within(&company, &ca_budget(&late)),
        Err(CaError::Stopped { .. })
    ));
}
