//! The connection test (DMS-7, `oces-wizard probe`): does the certificate open the gateway?
//!
//! Stages, in order, each reported as ok or with a coded reason and its duration:
//! 1. **lookup**: the host name (or the proxy's) to addresses;
//! 2. **connect**: a TCP connection to the first address that answers;
//! 3. **proxy**: when a proxy applies, `CONNECT host:port` through it;
//! 4. **tls**: the handshake; the server's certificate is checked against the OS's trust store
//!    (so a company's own TLS-inspection root counts when the OS trusts it) plus extra roots;
//! 5. **client_cert**: did the server ask for a client certificate, was one sent, was it accepted
//!    (with TLS 1.3 a refusal arrives only with the first read, so this stage ends with step 6);
//! 6. **http**: the status of a harmless `GET` request on the same connection (only the
//!    response's head is read; some servers never answer `HEAD`).
//!
//! Every stage has a time limit, and so has the whole run (a stage gets what is left of it).
//! Dropping the future cancels the test and closes the connection: the app does that for
//! Cancel. No password or key is ever part of a result; the expert line names placeholder files.

use crate::error::ErrorCode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, WebPkiServerVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{AlertDescription, DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// The UFST AS4 gateway, test (skat/simple-as4-client).
pub const UFST_TEST: &str = "https://secureftpgatewaytest.skat.dk:6384";
/// The UFST AS4 gateway, production: the production host the DMS guide names for
/// registration, on the test gateway's port. Not confirmed by a published endpoint list: the
/// screen and the command line also take any address a support desk gives.
pub const UFST_PRODUCTION: &str = "https://secureftpgateway.skat.dk:6384";

/// Default time limit of one stage.
pub const STAGE_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time limit of the whole test.
pub const OVERALL_TIMEOUT: Duration = Duration::from_secs(20);

/// One stage of the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Name lookup.
    Lookup,
    /// TCP connection.
    Connect,
    /// `CONNECT` through the proxy.
    Proxy,
    /// TLS handshake and the server's certificate.
    Tls,
    /// The client certificate: asked for, sent, accepted.
    ClientCert,
    /// The HTTP status of a `GET` request.
    Http,
}

impl Stage {
    /// The stages a test goes through, in order (`Proxy` only with a proxy).
    pub fn planned(proxy: bool) -> Vec<Stage> {
        let mut v = vec![Stage::Lookup, Stage::Connect];
        if proxy {
            v.push(Stage::Proxy);
        }
        v.extend([Stage::Tls, Stage::ClientCert, Stage::Http]);
        v
    }
}

/// How a stage ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageResult {
    /// Which stage.
    pub stage: Stage,
    /// Passed.
    pub ok: bool,
    /// `ok`, or the error code (`probe.refused`), translated by the UI as `error.<code>`.
    pub code: String,
    /// How long it took, in milliseconds.
    pub ms: u64,
    /// A plain fact: the address reached, `HTTP 200`, the alert received. No secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Progress while the test runs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ProbeEvent {
    /// A stage started.
    Started {
        /// Which.
        stage: Stage,
    },
    /// A stage ended.
    Finished(StageResult),
}

/// The server's certificate as presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServerCert {
    /// Subject.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
}

/// The result of a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProbeReport {
    /// What was tested, `https://host:port`.
    pub target: String,
    /// The proxy used, `http://host:port` (never its credentials).
    pub proxy: Option<String>,
    /// Each stage run, in order; the test stops at the first stage that cannot go on.
    pub stages: Vec<StageResult>,
    /// Every stage passed.
    pub ok: bool,
    /// The server's certificate, when the handshake got that far.
    pub server: Option<ServerCert>,
    /// Subject of the client certificate offered, if any.
    pub client: Option<String>,
    /// The equivalent `openssl s_client` command, with placeholder file names.
    pub openssl: String,
}

impl ProbeReport {
    /// The first failed stage.
    pub fn failed(&self) -> Option<&StageResult> {
        self.stages.iter().find(|s| !s.ok)
    }
}

/// An `https://host:port/path` to test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Path for the `GET` request.
    pub path: String,
}

impl Target {
    /// Read `https://host[:port][/path]`, or `host[:port]` (port 443 by default).
    pub fn parse(s: &str) -> Result<Target, ErrorCode> {
        let s = s.trim();
        let with_scheme = if s.contains("://") {
            s.to_string()
        } else {
            format!("https://{s}")
        };
        let u = url::Url::parse(&with_scheme).map_err(|_| ErrorCode::ProbeBadTarget)?;
        if u.scheme() != "https" || !u.username().is_empty() || u.password().is_some() {
            return Err(ErrorCode::ProbeBadTarget);
        }
        let host = match u.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err(ErrorCode::ProbeBadTarget),
        };
        let port = u.port().unwrap_or(443);
        if port == 0 {
            return Err(ErrorCode::ProbeBadTarget); // nothing can listen on port 0
        }
        Ok(Target {
            host,
            port,
            path: u.path().to_string(),
        })
    }

    /// `test` and `production` (or `prod`) name the UFST AS4 gateway; anything else is read
    /// with [`Target::parse`].
    pub fn named(s: &str) -> Result<Target, ErrorCode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "test" => Target::parse(UFST_TEST),
            "production" | "prod" => Target::parse(UFST_PRODUCTION),
            _ => Target::parse(s),
        }
    }

    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `https://host:port`.
    pub fn url(&self) -> String {
        format!("https://{}", self.authority())
    }
}

/// An HTTP proxy for `CONNECT`.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `user:password` for Basic authentication, from the proxy URL. Never shown.
    auth: Option<String>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Proxy({})", self.shown())
    }
}

impl Proxy {
    /// Read `http://[user:pass@]host[:port]` (port 80 by default; 3128 is common too).
    pub fn parse(s: &str) -> Option<Proxy> {
        let s = s.trim();
        let with_scheme = if s.contains("://") {
            s.to_string()
        } else {
            format!("http://{s}")
        };
        let u = url::Url::parse(&with_scheme).ok()?;
        if u.scheme() != "http" {
            return None;
        }
        let host = u.host_str()?.trim_matches(['[', ']']).to_string();
        let auth = (!u.username().is_empty()).then(|| {
            let dec = |v: &str| {
                url::form_urlencoded::parse(format!("x={v}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            format!(
                "{}:{}",
                dec(u.username()),
                dec(u.password().unwrap_or_default())
            )
        });
        let port = u.port().unwrap_or(80);
        if port == 0 {
            return None;
        }
        Some(Proxy { host, port, auth })
    }

    /// `http://host:port`, without credentials.
    pub fn shown(&self) -> String {
        if self.host.contains(':') {
            format!("http://[{}]:{}", self.host, self.port)
        } else {
            format!("http://{}:{}", self.host, self.port)
        }
    }

    /// The proxy for `host` from the environment as curl reads it: `HTTPS_PROXY` (or
    /// `https_proxy`, then `ALL_PROXY`), unless `NO_PROXY` names the host, one of its parent
    /// domains, or `*`. `env` reads a variable (the real environment, or a test's map).
    pub fn for_host(host: &str, env: impl Fn(&str) -> Option<String>) -> Option<Proxy> {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
        };
        if let Some(list) = var(&["NO_PROXY", "no_proxy"]) {
            let host = host.to_ascii_lowercase();
            for entry in list.split(',').map(|e| e.trim().to_ascii_lowercase()) {
                let entry = entry.trim_start_matches("*.").trim_start_matches('.');
                let entry = entry.split(':').next().unwrap_or_default();
                if entry == "*"
                    || (!entry.is_empty() && host == entry)
                    || host.ends_with(&format!(".{entry}")) && !entry.is_empty()
                {
                    return None;
                }
            }
        }
        Proxy::parse(&var(&[
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ])?)
    }

    /// A proxy set in the environment that this test cannot use (`socks5://…`, …): its scheme.
    /// Testing directly instead would test another path than the user's programs take, so the
    /// test says so and connects directly only when asked to (`ProbeOptions::proxy_unsupported`).
    pub fn unsupported_in(host: &str, env: impl Fn(&str) -> Option<String>) -> Option<String> {
        const VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
        let value = VARS
            .iter()
            .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))?;
        let (scheme, _) = value.trim().split_once("://")?;
        if scheme.eq_ignore_ascii_case("http") {
            return None;
        }
        // NO_PROXY may exempt this host: ask the same rules with a usable proxy in its place.
        let exempt = Proxy::for_host(host, |n| {
            if VARS.contains(&n) {
                Some("http://proxy:1".into())
            } else {
                env(n)
            }
        })
        .is_none();
        (!exempt).then(|| scheme.to_ascii_lowercase())
    }
}

impl Proxy {
    /// The OS's own proxy setting where it has one apart from the environment: on Windows the
    /// user's Internet Options (`HKCU\\…\\Internet Settings`: `ProxyEnable`, `ProxyServer`,
    /// `ProxyOverride`). Elsewhere none (Linux desktops export `HTTPS_PROXY`; macOS is not
    /// read yet). The Windows part compiles only there and is not tested on this project's
    /// Linux CI; the parsing it relies on, [`Proxy::from_windows_settings`], is.
    pub fn system(host: &str) -> Option<Proxy> {
        #[cfg(windows)]
        {
            let key = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER)
                .open_subkey(r"Software\Microsoft\Windows\CurrentVersion\Internet Settings")
                .ok()?;
            let enable: u32 = key.get_value("ProxyEnable").unwrap_or(0);
            let server: String = key.get_value("ProxyServer").unwrap_or_default();
            let bypass: String = key.get_value("ProxyOverride").unwrap_or_default();
            Proxy::from_windows_settings(host, enable, &server, &bypass)
        }
        #[cfg(not(windows))]
        {
            let _ = host;
            None
        }
    }

    /// Windows' proxy values: `ProxyServer` is `host:port` or `http=h:p;https=h:p;…`;
    /// `ProxyOverride` lists hosts to reach directly (`*` wildcards, `<local>` for names
    /// without a dot), separated by `;`.
    pub fn from_windows_settings(
        host: &str,
        enable: u32,
        server: &str,
        bypass: &str,
    ) -> Option<Proxy> {
        if enable == 0 || server.trim().is_empty() {
            return None;
        }
        let host = host.to_ascii_lowercase();
        for rule in bypass.split(';').map(|r| r.trim().to_ascii_lowercase()) {
            let hit = match rule.as_str() {
                "" => false,
                "<local>" => !host.contains('.'),
                r => wildcard(r, &host),
            };
            if hit {
                return None;
            }
        }
        let chosen = if server.contains('=') {
            let by_scheme = |scheme: &str| {
                server.split(';').find_map(|part| {
                    let (k, v) = part.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case(scheme)).then(|| v.trim().to_string())
                })
            };
            by_scheme("https").or_else(|| by_scheme("http"))?
        } else {
            server.trim().to_string()
        };
        Proxy::parse(&chosen)
    }
}

/// `*.firma.dk` against `gw.firma.dk`: `*` stands for any run of characters.
fn wildcard(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == s;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !s.starts_with(first) || !s[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// The client certificate and its key for the handshake.
pub struct ClientIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    subject: String,
}

impl Drop for ClientIdentity {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClientIdentity({})", self.subject)
    }
}

impl ClientIdentity {
    /// From an opened certificate file with its key (the end-entity certificate first).
    pub fn from_opened(o: &crate::cert::Opened) -> Result<ClientIdentity, ErrorCode> {
        let key = o.private_key.as_ref().ok_or(ErrorCode::ExportNoKey)?;
        ClientIdentity::new(&o.certificates, key)
    }

    /// From certificates (DER, the end-entity certificate first) and a PKCS#8 key.
    pub fn new(
        certificates: &[Vec<u8>],
        pkcs8_key: &crate::secret::SecretBytes,
    ) -> Result<ClientIdentity, ErrorCode> {
        let leaf = certificates.first().ok_or(ErrorCode::CertNoCertificate)?;
        let subject = crate::cert::identify::summarize(leaf)
            .map(|s| s.subject)
            .unwrap_or_default();
        let id = ClientIdentity {
            chain: certificates
                .iter()
                .map(|c| CertificateDer::from(c.clone()))
                .collect(),
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8_key.expose().to_vec())),
            subject,
        };
        id.certified_key()?;
        Ok(id)
    }

    fn certified_key(&self) -> Result<Arc<CertifiedKey>, ErrorCode> {
        let signer = provider()
            .key_provider
            .load_private_key(self.key.clone_key())
            .map_err(|_| ErrorCode::ProbeKeyUnusable)?;
        Ok(Arc::new(CertifiedKey::new(self.chain.clone(), signer)))
    }
}

/// Read extra trusted roots from a PEM file (`--ca`).
pub fn read_roots(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, ErrorCode> {
    let bytes = crate::limits::read_file(path, crate::limits::MAX_FILE_SIZE)
        .map_err(|_| ErrorCode::ProbeCaUnreadable)?;
    let opened = crate::cert::open_bytes(&bytes, None).map_err(|_| ErrorCode::ProbeCaUnreadable)?;
    if opened.certificates.is_empty() {
        return Err(ErrorCode::ProbeCaUnreadable);
    }
    Ok(opened
        .certificates
        .into_iter()
        .map(CertificateDer::from)
        .collect())
}

/// What to test and how.
#[derive(Debug)]
pub struct ProbeOptions {
    /// Where.
    pub target: Target,
    /// The client certificate, if any.
    pub identity: Option<ClientIdentity>,
    /// Trusted roots besides the OS's.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Whether the OS's trust store is read (tests turn it off to trust only their own CA).
    pub os_roots: bool,
    /// The proxy, if one applies (see [`Proxy::for_host`]).
    pub proxy: Option<Proxy>,
    /// A proxy of a kind this test cannot use is set (its scheme, e.g. `socks5`): the test
    /// stops at the proxy stage and says so. Set to None to test directly (`--direct`).
    pub proxy_unsupported: Option<String>,
    /// Time limit of one stage.
    pub stage_timeout: Duration,
    /// Time limit of the whole test.
    pub overall_timeout: Duration,
}

impl ProbeOptions {
    /// Defaults: OS roots, the environment's proxy, the default time limits.
    pub fn new(target: Target) -> ProbeOptions {
        let proxy = Proxy::for_host(&target.host, |n| std::env::var(n).ok())
            .or_else(|| Proxy::system(&target.host));
        let proxy_unsupported = proxy
            .is_none()
            .then(|| Proxy::unsupported_in(&target.host, |n| std::env::var(n).ok()))
            .flatten();
        ProbeOptions {
            target,
            identity: None,
            extra_roots: Vec::new(),
            os_roots: true,
            proxy,
            proxy_unsupported,
            stage_timeout: STAGE_TIMEOUT,
            overall_timeout: OVERALL_TIMEOUT,
        }
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The `openssl s_client` command that does the same handshake by hand.
pub fn openssl_line(opts: &ProbeOptions) -> String {
    let mut line = format!(
        "openssl s_client -connect {} -servername {}",
        opts.target.authority(),
        opts.target.host
    );
    if opts.identity.is_some() {
        line.push_str(" -cert CERTIFICATE.pem -key PRIVATE-KEY.pem");
    }
    if !opts.extra_roots.is_empty() {
        line.push_str(" -CAfile EXTRA-ROOTS.pem");
    }
    if let Some(p) = &opts.proxy {
        line.push_str(&format!(" -proxy {}:{}", p.host, p.port));
    }
    line
}

/// Records the server's certificate, then lets webpki decide.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut s) = self.seen.lock() {
            *s = Some(end_entity.to_vec());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Offers the client certificate, and remembers whether the server asked and it was sent.
#[derive(Debug)]
struct ClientAuth {
    key: Option<Arc<CertifiedKey>>,
    requested: AtomicBool,
    sent: AtomicBool,
}

impl ResolvesClientCert for ClientAuth {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        self.requested.store(true, Ordering::SeqCst);
        let key = self.key.as_ref()?;
        key.key.choose_scheme(sigschemes)?;
        self.sent.store(true, Ordering::SeqCst);
        Some(key.clone())
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// Alerts a server sends when it refuses a client certificate.
fn is_client_cert_alert(a: AlertDescription) -> bool {
    matches!(
        a,
        AlertDescription::BadCertificate
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied
            | AlertDescription::CertificateRequired
            | AlertDescription::DecryptError
    )
}

fn rustls_error(e: &std::io::Error) -> Option<&rustls::Error> {
    e.get_ref().and_then(|r| r.downcast_ref::<rustls::Error>())
}

fn tls_code(e: &rustls::Error) -> ErrorCode {
    use rustls::CertificateError as C;
    use rustls::Error as E;
    match e {
        E::InvalidCertificate(c) => match c {
            C::Expired | C::NotValidYet => ErrorCode::ProbeServerExpired,
            C::NotValidForName => ErrorCode::ProbeServerWrongName,
            C::Other(_) | C::UnknownIssuer | C::BadSignature | C::Revoked => {
                ErrorCode::ProbeServerUntrusted
            }
            other => {
                // Newer rustls versions add variants that carry context; read their names.
                let name = format!("{other:?}");
                if name.starts_with("Expired") || name.starts_with("NotValidYet") {
                    ErrorCode::ProbeServerExpired
                } else if name.starts_with("NotValidForName") {
                    ErrorCode::ProbeServerWrongName
                } else {
                    ErrorCode::ProbeServerUntrusted
                }
            }
        },
        // An answer that is not a TLS record at all: typically plain HTTP on this port.
        E::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => ErrorCode::ProbeNotTls,
        E::PeerIncompatible(_)
        | E::AlertReceived(AlertDescription::ProtocolVersion)
        | E::AlertReceived(AlertDescription::HandshakeFailure)
        | E::AlertReceived(AlertDescription::InsufficientSecurity)
        | E::InvalidMessage(_) => ErrorCode::ProbeProtocol,
        _ => ErrorCode::ProbeTlsFailed,
    }
}

fn io_code(e: &std::io::Error) -> ErrorCode {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => ErrorCode::ProbeRefused,
        K::TimedOut => ErrorCode::ProbeTimedOut,
        K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable => {
            ErrorCode::ProbeUnreachable
        }
        _ => ErrorCode::ProbeUnreachable,
    }
}

/// A failed step inside a stage: its code and a plain detail.
struct Fail(ErrorCode, Option<String>);

impl From<ErrorCode> for Fail {
    fn from(c: ErrorCode) -> Fail {
        Fail(c, None)
    }
}

/// Runs the stages and collects the results.
struct Run<'a> {
    stage_timeout: Duration,
    deadline: Instant,
    results: Vec<StageResult>,
    on_event: &'a mut (dyn FnMut(ProbeEvent) + Send),
}

impl Run<'_> {
    /// Run one stage under its time limit (what is left of the overall limit if that is less).
    async fn stage<T>(
        &mut self,
        stage: Stage,
        fut: impl std::future::Future<Output = Result<(T, Option<String>), Fail>>,
    ) -> Option<T> {
        (self.on_event)(ProbeEvent::Started { stage });
        let t0 = Instant::now();
        let limit = self
            .stage_timeout
            .min(self.deadline.saturating_duration_since(t0));
        let out = match tokio::time::timeout(limit, fut).await {
            Ok(r) => r,
            Err(_) => Err(Fail(ErrorCode::ProbeTimedOut, None)),
        };
        let ms = t0.elapsed().as_millis() as u64;
        let (value, result) = match out {
            Ok((v, detail)) => (
                Some(v),
                StageResult {
                    stage,
                    ok: true,
                    code: "ok".into(),
                    ms,
                    detail,
                },
            ),
            Err(Fail(code, detail)) => (
                None,
                StageResult {
                    stage,
                    ok: false,
                    code: code.as_str().into(),
                    ms,
                    detail,
                },
            ),
        };
        self.push(result);
        value
    }

    fn push(&mut self, r: StageResult) {
        (self.on_event)(ProbeEvent::Finished(r.clone()));
        self.results.push(r);
    }

    fn left(&self) -> Duration {
        self.stage_timeout
            .min(self.deadline.saturating_duration_since(Instant::now()))
    }
}

/// Run the test. `on_event` hears each stage start and end (for a live checklist).
pub async fn probe(
    opts: ProbeOptions,
    on_event: &mut (dyn FnMut(ProbeEvent) + Send),
) -> ProbeReport {
    let started = Instant::now();
    let openssl = openssl_line(&opts);
    let mut run = Run {
        stage_timeout: opts.stage_timeout,
        deadline: started + opts.overall_timeout,
        results: Vec::new(),
        on_event,
    };
    let (server, sent) = stages(&opts, &mut run).await;
    let ok = run.results.len() == Stage::planned(opts.proxy.is_some()).len()
        && run.results.iter().all(|r| r.ok);
    ProbeReport {
        target: opts.target.url(),
        proxy: opts.proxy.as_ref().map(Proxy::shown),
        stages: run.results,
        ok,
        server,
        client: opts
            .identity
            .as_ref()
            .filter(|_| sent)
            .map(|i| i.subject.clone()),
        openssl,
    }
}

/// Name lookup on a thread of its own that nobody waits for. The OS resolver cannot be
/// cancelled: on tokio's blocking pool (`tokio::net::lookup_host`) a lookup that never answers
/// keeps the runtime, and so the process, alive for the resolver's own timeouts (10-30 s)
/// after the stage has already failed. A detached thread ends with the process instead.
async fn lookup_detached(host: String, port: u16) -> std::io::Result<Vec<std::net::SocketAddr>> {
    use std::net::ToSocketAddrs;
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("oces-lookup".into())
        .spawn(move || {
            let r = (host.as_str(), port)
                .to_socket_addrs()
                .map(Iterator::collect::<Vec<_>>);
            let _ = tx.send(r);
        })?;
    rx.await
        .map_err(|_| std::io::Error::other("the lookup thread ended without an answer"))?
}

/// The stages; returns the server certificate seen and whether a client certificate was sent.
async fn stages(opts: &ProbeOptions, run: &mut Run<'_>) -> (Option<ServerCert>, bool) {
    let t = &opts.target;
    if let Some(scheme) = &opts.proxy_unsupported {
        let detail = Some(format!("{scheme}://"));
        run.stage::<()>(Stage::Proxy, async move {
            Err(Fail(ErrorCode::ProbeProxyUnsupported, detail))
        })
        .await;
        return (None, false);
    }
    let (dial_host, dial_port) = match &opts.proxy {
        Some(p) => (p.host.clone(), p.port),
        None => (t.host.clone(), t.port),
    };

    // 1. Name lookup.
    let lookup = async {
        let addrs = lookup_detached(dial_host.clone(), dial_port)
            .await
            .map_err(|_| Fail(ErrorCode::ProbeNoSuchHost, Some(dial_host.clone())))?;
        if addrs.is_empty() {
            return Err(Fail(ErrorCode::ProbeNoSuchHost, Some(dial_host.clone())));
        }
        let shown = addrs
            .iter()
            .map(|a| a.ip().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Ok((addrs, Some(format!("{dial_host} → {shown}"))))
    };
    let Some(addrs) = run.stage(Stage::Lookup, lookup).await else {
        return (None, false);
    };

    // 2. TCP connection: the first address that answers.
    let connect = async {
        let mut last = ErrorCode::ProbeUnreachable;
        for a in &addrs {
            match TcpStream::connect(a).await {
                Ok(s) => return Ok((s, Some(a.to_string()))),
                Err(e) => last = io_code(&e),
            }
        }
        Err(Fail(last, Some(format!("{dial_host}:{dial_port}"))))
    };
    let Some(mut tcp) = run.stage(Stage::Connect, connect).await else {
        return (None, false);
    };

    // 3. Through the proxy.
    if let Some(p) = &opts.proxy {
        let tunnel = async {
            let status = connect_tunnel(&mut tcp, p, t).await?;
            Ok(((), Some(format!("{} → HTTP {status}", p.shown()))))
        };
        if run.stage(Stage::Proxy, tunnel).await.is_none() {
            return (None, false);
        }
    }

    // 4. TLS.
    let key = match opts.identity.as_ref().map(ClientIdentity::certified_key) {
        Some(Ok(k)) => Some(k),
        Some(Err(_)) | None => None,
    };
    let auth = Arc::new(ClientAuth {
        key,
        requested: AtomicBool::new(false),
        sent: AtomicBool::new(false),
    });
    let recorder = match verifier(opts) {
        Ok(v) => v,
        Err(code) => {
            run.stage::<()>(Stage::Tls, async move { Err(Fail(code, None)) })
                .await;
            return (None, false);
        }
    };
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(recorder.clone())
                .with_client_cert_resolver(auth.clone())
        });
    let Ok(config) = config else {
        run.stage::<()>(Stage::Tls, async {
            Err(Fail(ErrorCode::ProbeTlsFailed, None))
        })
        .await;
        return (None, false);
    };
    let server_name = match ServerName::try_from(t.host.clone()) {
        Ok(n) => n,
        Err(_) => {
            run.stage::<()>(Stage::Tls, async { Err(ErrorCode::ProbeBadTarget.into()) })
                .await;
            return (None, false);
        }
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let auth_ref = auth.clone();
    let handshake = async move {
        match connector.connect(server_name, tcp).await {
            Ok(s) => {
                let version = s
                    .get_ref()
                    .1
                    .protocol_version()
                    .map(|v| format!("{v:?}").replace('_', "."))
                    .unwrap_or_default();
                Ok((Ok(s), Some(version)))
            }
            Err(e) => match rustls_error(&e) {
                // TLS 1.2: a refused client certificate ends the handshake. The server's side
                // was checked by then: the refusal belongs to the next stage.
                Some(rustls::Error::AlertReceived(a))
                    if auth_ref.requested.load(Ordering::SeqCst) && is_client_cert_alert(*a) =>
                {
                    Ok((Err(*a), None))
                }
                Some(r) => Err(Fail(tls_code(r), Some(format!("{r}")))),
                None if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(Fail(
                    ErrorCode::ProbeTlsFailed,
                    Some("connection closed".into()),
                )),
                None => Err(Fail(io_code(&e), None)),
            },
        }
    };
    let tls = run.stage(Stage::Tls, handshake).await;
    let server = recorder
        .seen
        .lock()
        .ok()
        .and_then(|s| s.clone())
        .and_then(|der| crate::cert::identify::summarize(&der).ok())
        .map(|s| ServerCert {
            subject: s.subject,
            issuer: s.issuer,
            not_after: s.not_after,
        });
    let requested = auth.requested.load(Ordering::SeqCst);
    let sent = auth.sent.load(Ordering::SeqCst);
    let mut tls = match tls {
        None => return (server, sent),
        Some(Err(alert)) => {
            run.push(cert_result(requested, sent, Some(alert), 0));
            return (server, sent);
        }
        Some(Ok(s)) => s,
    };

    // 5 and 6. The client certificate's fate shows with the first read.
    let t0 = Instant::now();
    let limit = run.left();
    let exchange = tokio::time::timeout(limit, first_response(&mut tls, t)).await;
    let ms = t0.elapsed().as_millis() as u64;
    match exchange {
        Ok(Ok(status)) => {
            run.push(cert_result(requested, sent, None, ms));
            let ok = status < 500;
            run.push(StageResult {
                stage: Stage::Http,
                ok,
                code: if ok {
                    "ok".into()
                } else {
                    ErrorCode::ProbeHttpFailed.as_str().into()
                },
                ms,
                detail: Some(format!("HTTP {status}")),
            });
        }
        Ok(Err(HttpFail::Alert(a))) if requested && is_client_cert_alert(a) => {
            run.push(cert_result(requested, sent, Some(a), ms));
        }
        Ok(Err(other)) => {
            let (code, detail) = match other {
                HttpFail::Alert(a) => (ErrorCode::ProbeHttpFailed, Some(format!("{a:?}"))),
                HttpFail::Closed => (ErrorCode::ProbeHttpFailed, Some("connection closed".into())),
                HttpFail::Garbled => (ErrorCode::ProbeHttpFailed, Some("not HTTP".into())),
                HttpFail::Io(c) => (c, None),
            };
            finish_unknown(run, requested, sent, code, detail, ms);
        }
        // The path is open (the handshake went through): the server itself is silent.
        Err(_) => finish_unknown(run, requested, sent, ErrorCode::ProbeNoAnswer, None, ms),
    }
    (server, sent)
}

/// The exchange failed without saying anything about the certificate: when one was sent, its
/// fate is unknown and the client-certificate stage carries the failure; otherwise that stage
/// says what it knows and the HTTP stage fails.
fn finish_unknown(
    run: &mut Run<'_>,
    requested: bool,
    sent: bool,
    code: ErrorCode,
    detail: Option<String>,
    ms: u64,
) {
    let fail = |stage| StageResult {
        stage,
        ok: false,
        code: code.as_str().into(),
        ms,
        detail: detail.clone(),
    };
    if requested && sent {
        run.push(fail(Stage::ClientCert));
    } else {
        run.push(cert_result(requested, sent, None, 0));
        run.push(fail(Stage::Http));
    }
}

fn cert_result(
    requested: bool,
    sent: bool,
    alert: Option<AlertDescription>,
    ms: u64,
) -> StageResult {
    let (ok, code, detail) = match (requested, sent, alert) {
        (false, _, _) => (false, ErrorCode::ProbeCertNotRequested, None),
        (true, false, a) => (
            false,
            ErrorCode::ProbeNoClientCert,
            a.map(|a| format!("{a:?}")),
        ),
        (true, true, Some(a)) => (false, ErrorCode::ProbeCertRejected, Some(format!("{a:?}"))),
        (true, true, None) => (true, ErrorCode::Internal, None),
    };
    StageResult {
        stage: Stage::ClientCert,
        ok,
        code: if ok {
            "ok".into()
        } else {
            code.as_str().into()
        },
        ms,
        detail,
    }
}

fn verifier(opts: &ProbeOptions) -> Result<Arc<Recording>, ErrorCode> {
    let mut roots = rustls::RootCertStore::empty();
    if opts.os_roots {
        let native = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(native.certs);
    }
    let (added, _) = roots.add_parsable_certificates(opts.extra_roots.iter().cloned());
    if added < opts.extra_roots.len() {
        return Err(ErrorCode::ProbeCaUnreadable);
    }
    if roots.is_empty() {
        return Err(ErrorCode::ProbeServerUntrusted);
    }
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .map_err(|_| ErrorCode::ProbeTlsFailed)?;
    Ok(Arc::new(Recording {
        inner,
        seen: Mutex::new(None),
    }))
}

/// Read an HTTP response head (status line and headers), at most 16 KiB.
async fn read_head<S: AsyncRead + Unpin>(s: &mut S) -> Result<Vec<u8>, HttpFail> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = s
            .read(&mut chunk)
            .await
            .map_err(|e| match rustls_error(&e) {
                Some(rustls::Error::AlertReceived(a)) => HttpFail::Alert(*a),
                _ if e.kind() == std::io::ErrorKind::UnexpectedEof => HttpFail::Closed,
                _ => HttpFail::Io(io_code(&e)),
            })?;
        if n == 0 {
            return if buf.is_empty() {
                Err(HttpFail::Closed)
            } else {
                Ok(buf)
            };
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(4).any(|w| w == b"\r\n\r\n") {
            return Ok(buf);
        }
        if buf.len() > 16 * 1024 {
            return Err(HttpFail::Garbled);
        }
    }
}

/// `HTTP/1.1 200 OK` → 200.
fn status_of(head: &[u8]) -> Option<u16> {
    let line = head.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let code: u16 = parts.next()?.parse().ok()?;
    (100..600).contains(&code).then_some(code)
}

enum HttpFail {
    Alert(AlertDescription),
    Closed,
    Garbled,
    Io(ErrorCode),
}

async fn first_response<S: AsyncRead + AsyncWrite + Unpin>(
    s: &mut S,
    t: &Target,
) -> Result<u16, HttpFail> {
    let path = if t.path.is_empty() { "/" } else { &t.path };
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: oces-wizard/{}\r\nConnection: close\r\n\r\n",
        t.authority(),
        env!("CARGO_PKG_VERSION")
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| match rustls_error(&e) {
            Some(rustls::Error::AlertReceived(a)) => HttpFail::Alert(*a),
            _ => HttpFail::Io(io_code(&e)),
        })?;
    let _ = s.flush().await;
    let head = read_head(s).await?;
    status_of(&head).ok_or(HttpFail::Garbled)
}

/// `CONNECT host:port` through the proxy; Ok with the proxy's status when it opened the tunnel.
async fn connect_tunnel(tcp: &mut TcpStream, p: &Proxy, t: &Target) -> Result<u16, Fail> {
    use base64::Engine;
    let mut req = format!(
        "CONNECT {a} HTTP/1.1\r\nHost: {a}\r\nUser-Agent: oces-wizard/{v}\r\n",
        a = t.authority(),
        v = env!("CARGO_PKG_VERSION")
    );
    if let Some(auth) = &p.auth {
        let token = base64::engine::general_purpose::STANDARD.encode(auth.as_bytes());
        req.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
    }
    req.push_str("\r\n");
    tcp.write_all(req.as_bytes())
        .await
        .map_err(|e| Fail(io_code(&e), None))?;
    let head = read_head(tcp).await.map_err(|_| {
        Fail(
            ErrorCode::ProbeProxyRefused,
            Some("no answer from the proxy".into()),
        )
    })?;
    match status_of(&head) {
        Some(s) if (200..300).contains(&s) => Ok(s),
        Some(s) => Err(Fail(
            ErrorCode::ProbeProxyRefused,
            Some(format!("HTTP {s}")),
        )),
        None => Err(Fail(ErrorCode::ProbeProxyRefused, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("https://secureftpgatewaytest.skat.dk:6384").expect("ok");
        assert_eq!(
            (t.host.as_str(), t.port),
            ("secureftpgatewaytest.skat.dk", 6384)
        );
        assert_eq!(Target::parse("example.dk").expect("ok").port, 443);
        assert_eq!(
            Target::parse("https://[::1]:8443/x").expect("ok").url(),
            "https://[::1]:8443"
        );
        for bad in [
            "http://example.dk",
            "ftp://x",
            "https://u:p@x",
            "",
            "https://",
        ] {
            assert_eq!(Target::parse(bad), Err(ErrorCode::ProbeBadTarget), "{bad}");
        }
    }

    #[test]
    fn proxy_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        let p = Proxy::for_host(
            "gw.skat.dk",
            env(&[("HTTPS_PROXY", "http://anne:hemmelig%21@proxy.firma.dk:3128")]),
        )
        .expect("proxy");
        assert_eq!(p.shown(), "http://proxy.firma.dk:3128");
        assert_eq!(p.auth.as_deref(), Some("anne:hemmelig!"));
        assert!(
            !format!("{p:?}").contains("hemmelig"),
            "Debug hides the password"
        );
        let lower = Proxy::for_host("x.dk", env(&[("https_proxy", "proxy:8080")])).expect("p");
        assert_eq!((lower.host.as_str(), lower.port), ("proxy", 8080));
        for no in [
            ".skat.dk",
            "skat.dk",
            "gw.skat.dk",
            "*",
            "other.dk, skat.dk:443",
        ] {
            let pairs: &'static [(&str, &str)] =
                Box::leak(Box::new([("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", no)]));
            assert!(Proxy::for_host("gw.skat.dk", env(pairs)).is_none(), "{no}");
        }
        assert!(Proxy::for_host(
            "gw.skat.dk",
            env(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "kat.dk")])
        )
        .is_some());
        assert!(Proxy::for_host("gw.skat.dk", env(&[])).is_none());
    }

    #[test]
    fn windows_proxy_settings() {
        let f = Proxy::from_windows_settings;
        let p = f("gw.skat.dk", 1, "proxy.firma.dk:8080", "").expect("proxy");
        assert_eq!(p.shown(), "http://proxy.firma.dk:8080");
        let p = f(
            "gw.skat.dk",
            1,
            "http=web:80;https=secure:3128;ftp=f:21",
            "",
        )
        .expect("p");
        assert_eq!(p.shown(), "http://secure:3128");
        let p = f("gw.skat.dk", 1, "http=web:80", "").expect("falls back to http=");
        assert_eq!(p.shown(), "http://web:80");
        assert!(
            f("gw.skat.dk", 0, "proxy:8080", "").is_none(),
            "switched off"
        );
        assert!(f("gw.skat.dk", 1, "proxy:8080", "*.skat.dk;<local>").is_none());
        assert!(f("intranet", 1, "proxy:8080", "<local>").is_none());
        assert!(f("gw.skat.dk", 1, "proxy:8080", "gw.*.dk").is_none());
        assert!(f("gw.skat.dk", 1, "proxy:8080", "10.*;*.local").is_some());
        assert!(wildcard("10.*", "10.1.2.3") && !wildcard("10.*", "110.1.2.3"));
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_of(b"HTTP/1.1 200 OK\r\n\r\n"), Some(200));
        assert_eq!(status_of(b"HTTP/1.0 407 Proxy\r\n"), Some(407));
        assert_eq!(status_of(b"SSH-2.0\r\n"), None);
        assert_eq!(status_of(b"HTTP/1.1 abc\r\n"), None);
    }

    #[test]
    fn the_expert_line_names_files_never_a_password() {
        let mut o = ProbeOptions::new(Target::parse("gw.example:6384").expect("t"));
        o.proxy = Proxy::parse("http://u:pw-SENTINEL@proxy:3128");
        let line = openssl_line(&o);
        assert_eq!(
            line,
            "openssl s_client -connect gw.example:6384 -servername gw.example -proxy proxy:3128"
        );
        assert!(!line.contains("SENTINEL"));
    }
}
