//! The stage runner: the options of a test, each stage under its time limit (and what is left
//! of the overall one), and the order lookup → connect → proxy → TLS → client certificate →
//! HTTP, stopping at the first stage that cannot go on.

use super::proxy::Proxy;
use super::report::{ProbeEvent, ProbeReport, ServerCert, Stage, StageResult};
use super::target::Target;
use super::tls::{
    is_client_cert_alert, provider, rustls_error, tls_code, verifier, ClientAuth, ClientIdentity,
};
use super::wire::{connect_tunnel, first_response, io_code, HttpFail};
use crate::error::ErrorCode;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::AlertDescription;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Default time limit of one stage.
pub const STAGE_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time limit of the whole test.
pub const OVERALL_TIMEOUT: Duration = Duration::from_secs(20);

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
    /// When the test's clock started (when the options were made): the whole-test limit counts
    /// from here, so what is done before the stages (reading `--ca` within [`super::ca_budget`])
    /// is inside it.
    pub started: Instant,
}

impl ProbeOptions {
    /// Defaults: OS roots, the environment's proxy, the default time limits.
    pub fn new(target: Target) -> ProbeOptions {
        // A proxy variable that is not valid UTF-8 cannot be read: a coded failure at the
        // proxy stage (naming the variable), never silently skipped, which would test
        // another path than the user's programs take.
        let unreadable = super::proxy::unreadable_proxy_variable(|n| std::env::var_os(n));
        let proxy = if unreadable.is_some() {
            None
        } else {
            Proxy::for_host(&target.host, |n| std::env::var(n).ok())
                .or_else(|| Proxy::system(&target.host))
        };
        let proxy_unsupported = unreadable.or_else(|| {
            proxy
                .is_none()
                .then(|| Proxy::unsupported_in(&target.host, |n| std::env::var(n).ok()))
                .flatten()
                .map(|scheme| format!("{scheme}://"))
        });
        ProbeOptions {
            target,
            identity: None,
            extra_roots: Vec::new(),
            os_roots: true,
            proxy,
            proxy_unsupported,
            stage_timeout: STAGE_TIMEOUT,
            overall_timeout: OVERALL_TIMEOUT,
            started: Instant::now(),
        }
    }
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

/// A failed step inside a stage: its code and a plain detail.
pub(super) struct Fail(pub(super) ErrorCode, pub(super) Option<String>);

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
    let openssl = openssl_line(&opts);
    let mut run = Run {
        stage_timeout: opts.stage_timeout,
        deadline: opts.started + opts.overall_timeout,
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
    if let Some(what) = &opts.proxy_unsupported {
        let detail = Some(what.clone());
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
        Err((code, detail)) => {
            run.stage::<()>(Stage::Tls, async move { Err(Fail(code, detail)) })
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

/// The client-certificate stage from what the handshake saw: asked for, sent, refused.
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

#[cfg(test)]
mod tests {
    use super::*;

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
