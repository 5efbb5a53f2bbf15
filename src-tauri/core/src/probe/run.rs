//! The stage runner: each stage under its time limit (and what is left of the overall one),
//! one function per stage, in the order lookup → connect → proxy → TLS → client certificate →
//! HTTP, stopping at the first stage that cannot go on.

use super::options::{openssl_line, ProbeOptions};
use super::proxy::Proxy;
use super::report::{Fail, ProbeEvent, ProbeReport, ServerCert, Stage, StageResult};
use super::target::Target;
use super::tls::{
    is_client_cert_alert, provider, rustls_error, tls_code, verifier, ClientAuth, ClientIdentity,
    Recording,
};
use super::wire::{connect_tunnel, first_response, io_code, HttpFail};
use crate::error::ErrorCode;
use rustls::pki_types::ServerName;
use rustls::AlertDescription;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

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

/// The stages, one after the other; returns the server certificate seen and whether a client
/// certificate was sent.
async fn stages(opts: &ProbeOptions, run: &mut Run<'_>) -> (Option<ServerCert>, bool) {
    if let Some(what) = &opts.proxy_unsupported {
        let detail = Some(what.clone());
        run.stage::<()>(Stage::Proxy, async move {
            Err(Fail(ErrorCode::ProbeProxyUnsupported, detail))
        })
        .await;
        return (None, false);
    }
    // The first hop: the proxy when one applies, else the target itself.
    let (host, port) = match &opts.proxy {
        Some(p) => (p.host.as_str(), p.port),
        None => (opts.target.host.as_str(), opts.target.port),
    };
    let Some(addrs) = lookup(run, host, port).await else {
        return (None, false);
    };
    let Some(mut tcp) = connect(run, &addrs, host, port).await else {
        return (None, false);
    };
    if let Some(p) = &opts.proxy {
        if tunnel(run, &mut tcp, p, &opts.target).await.is_none() {
            return (None, false);
        }
    }
    let shake = tls(opts, run, tcp).await;
    match shake.outcome {
        None => {}
        // TLS 1.2: the refusal of the client certificate ended the handshake.
        Some(Err(alert)) => run.push(cert_result(shake.requested, shake.sent, Some(alert), 0)),
        Some(Ok(mut stream)) => {
            exchange(run, &mut stream, &opts.target, shake.requested, shake.sent).await
        }
    }
    (shake.server, shake.sent)
}

/// 1. Name lookup of the first hop.
async fn lookup(run: &mut Run<'_>, host: &str, port: u16) -> Option<Vec<SocketAddr>> {
    let found = async {
        let addrs = lookup_detached(host.to_string(), port)
            .await
            .map_err(|_| Fail(ErrorCode::ProbeNoSuchHost, Some(host.to_string())))?;
        if addrs.is_empty() {
            return Err(Fail(ErrorCode::ProbeNoSuchHost, Some(host.to_string())));
        }
        let shown = addrs
            .iter()
            .map(|a| a.ip().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Ok((addrs, Some(format!("{host} → {shown}"))))
    };
    run.stage(Stage::Lookup, found).await
}

/// 2. TCP connection: the first address that answers.
async fn connect(
    run: &mut Run<'_>,
    addrs: &[SocketAddr],
    host: &str,
    port: u16,
) -> Option<TcpStream> {
    let connected = async {
        let mut last = ErrorCode::ProbeUnreachable;
        for a in addrs {
            match TcpStream::connect(a).await {
                Ok(s) => return Ok((s, Some(a.to_string()))),
                Err(e) => last = io_code(&e),
            }
        }
        Err(Fail(last, Some(format!("{host}:{port}"))))
    };
    run.stage(Stage::Connect, connected).await
}

/// 3. `CONNECT` through the proxy.
async fn tunnel(run: &mut Run<'_>, tcp: &mut TcpStream, p: &Proxy, t: &Target) -> Option<()> {
    let opened = async {
        let status = connect_tunnel(tcp, p, t).await?;
        Ok(((), Some(format!("{} → HTTP {status}", p.shown()))))
    };
    run.stage(Stage::Proxy, opened).await
}

/// What the TLS stage leaves behind.
struct Handshake {
    /// The server's certificate, as the verifier saw it.
    server: Option<ServerCert>,
    /// The server asked for a client certificate.
    requested: bool,
    /// One was sent.
    sent: bool,
    /// None: the stage failed. `Err`: the handshake ended with the server's alert after it
    /// asked for the client certificate (the client-certificate stage's verdict).
    outcome: Option<Result<TlsStream<TcpStream>, AlertDescription>>,
}

/// 4. The TLS handshake, the server's certificate checked and recorded.
async fn tls(opts: &ProbeOptions, run: &mut Run<'_>, tcp: TcpStream) -> Handshake {
    let failed = Handshake {
        server: None,
        requested: false,
        sent: false,
        outcome: None,
    };
    let key = match opts.identity.as_ref().map(ClientIdentity::certified_key) {
        Some(Ok(k)) => Some(k),
        Some(Err(_)) | None => None,
    };
    let auth = Arc::new(ClientAuth {
        key,
        requested: AtomicBool::new(false),
        sent: AtomicBool::new(false),
    });
    let (connector, server_name, recorder) = match tls_setup(opts, &auth) {
        Ok(setup) => setup,
        Err(fail) => {
            run.stage::<()>(Stage::Tls, async move { Err(fail) }).await;
            return failed;
        }
    };
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
    let outcome = run.stage(Stage::Tls, handshake).await;
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
    Handshake {
        server,
        requested: auth.requested.load(Ordering::SeqCst),
        sent: auth.sent.load(Ordering::SeqCst),
        outcome,
    }
}

/// The TLS stage's setup: the verifier (the OS's roots and the extra ones), the client
/// configuration with the client certificate's resolver, the server's name.
fn tls_setup(
    opts: &ProbeOptions,
    auth: &Arc<ClientAuth>,
) -> Result<
    (
        tokio_rustls::TlsConnector,
        ServerName<'static>,
        Arc<Recording>,
    ),
    Fail,
> {
    let recorder =
        verifier(opts.os_roots, &opts.extra_roots).map_err(|(code, detail)| Fail(code, detail))?;
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(recorder.clone())
                .with_client_cert_resolver(auth.clone())
        })
        .map_err(|_| Fail(ErrorCode::ProbeTlsFailed, None))?;
    let server_name = ServerName::try_from(opts.target.host.clone())
        .map_err(|_| Fail::from(ErrorCode::ProbeBadTarget))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    Ok((connector, server_name, recorder))
}

/// 5 and 6. The request on the open connection: the client certificate's fate shows with the
/// first read (TLS 1.3 sends a refusal only then), and the HTTP status is the last stage.
async fn exchange(
    run: &mut Run<'_>,
    tls: &mut TlsStream<TcpStream>,
    t: &Target,
    requested: bool,
    sent: bool,
) {
    let t0 = Instant::now();
    let limit = run.left();
    let answer = tokio::time::timeout(limit, first_response(tls, t)).await;
    let ms = t0.elapsed().as_millis() as u64;
    match answer {
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
