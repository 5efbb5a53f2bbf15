//! The connection test (DMS-7) and the revocation checks.

use super::{lock, now, Session, StepResult};
use crate::error::{ErrorCode, UiError};
use crate::flow_facts::ConnectionFacts;
use crate::probe::{self, ClientIdentity, ProbeEvent, ProbeOptions, ProbeReport, Target};
use crate::secret::Password;
use serde::Serialize;

/// What a test would connect to: the address and the proxy the system settings give.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProbePlan {
    target: String,
    proxy: Option<String>,
}

impl Session {
    /// Run the connection test with the chosen certificate file. `target` is `test`,
    /// `production` or an `https://host:port`; `password` opens the file (typed here, or the
    /// one held for the flow; never written). Each stage's start and end go to `on_event` as
    /// they happen; [`Session::cancel_probe`] stops the test. Opening the file (thousands of
    /// hash rounds) runs on a blocking thread, and nothing here holds the wizard's lock while
    /// it or the test runs.
    pub async fn probe_connection(
        &self,
        target: &str,
        password: Option<Password>,
        on_event: &mut (dyn FnMut(ProbeEvent) + Send),
    ) -> Result<StepResult<ProbeReport>, UiError> {
        use tracing::Instrument;
        let span = self.step_span();
        let result = async move { self.probe_in_step(target, password, on_event).await }
            .instrument(span)
            .await;
        self.keep_error("probe_connection", &result);
        result
    }

    /// [`Session::probe_connection`] inside its step's span.
    async fn probe_in_step(
        &self,
        target: &str,
        password: Option<Password>,
        on_event: &mut (dyn FnMut(ProbeEvent) + Send),
    ) -> Result<StepResult<ProbeReport>, UiError> {
        let target = Target::named(target).map_err(|c| UiError::of(c))?;
        let (flow, facts) = self.inputs()?;
        let file = Self::chosen_file(&facts)?;
        let password = self.password_for_step(password);
        let span = tracing::Span::current();
        let identity = tokio::task::spawn_blocking(move || {
            let _step = span.enter();
            Self::client_identity(&file, password.as_ref())
        })
        .await
        .map_err(|e| UiError::internal_from(&e))??;
        let mut opts = ProbeOptions::new(target);
        opts.identity = Some(identity);
        let (tx, rx) = tokio::sync::oneshot::channel();
        *lock(&self.probe_cancel)? = Some(tx);
        // Dropping the test's future on Cancel closes its connection at once.
        let report = tokio::select! {
            r = probe::probe(opts, on_event) => r,
            _ = rx => return Err(UiError::of(ErrorCode::ProbeCancelled)),
        };
        let facts = ConnectionFacts::from_report(&report, now());
        self.record_step(flow, report, None, |f| f.connection = Some(facts))
    }

    /// The client certificate and key of a file, for a connection test: DMS-7's and the
    /// command line's `probe --cert` both open it here, so the two cannot differ in what they
    /// accept.
    pub fn client_identity(
        file: &std::path::Path,
        password: Option<&Password>,
    ) -> Result<ClientIdentity, UiError> {
        let opened = crate::cert::open_file(file, password)?;
        ClientIdentity::from_opened(&opened).map_err(|c| UiError::of(c))
    }

    /// A connection test outside any flow (the command line's `probe`): `identity` from
    /// [`Session::client_identity`], the time limit of one stage, the whole test four times as
    /// much; `direct` tests without a proxy of a kind the test cannot use. The test's clock
    /// starts here, and the `ca` files are read within it, in one budget for them all (see
    /// [`probe::read_roots_within`]). Each stage's start and end go to `on_event`.
    pub async fn probe_standalone(
        target: Target,
        identity: Option<ClientIdentity>,
        ca: &[std::path::PathBuf],
        stage_timeout: std::time::Duration,
        direct: bool,
        on_event: &mut (dyn FnMut(ProbeEvent) + Send),
    ) -> Result<ProbeReport, UiError> {
        let mut opts = ProbeOptions::new(target);
        opts.identity = identity;
        opts.stage_timeout = stage_timeout;
        opts.overall_timeout = stage_timeout.saturating_mul(4);
        if direct {
            opts.proxy = None;
            opts.proxy_unsupported = None;
        }
        let budget = probe::ca_budget(&opts);
        for f in ca {
            let roots = probe::read_roots_within(f, &budget).map_err(UiError::from)?;
            opts.extra_roots.extend(roots);
        }
        Ok(probe::probe(opts, on_event).await)
    }

    /// Cancel the connection test that is running (nothing happens when none is).
    pub fn cancel_probe(&self) {
        let _step = self.log_step();
        if let Some(tx) = self.probe_cancel.lock().ok().and_then(|mut c| c.take()) {
            let _ = tx.send(());
        }
    }

    /// The address and proxy of a test, shown before it runs.
    pub fn probe_plan(&self, target: &str) -> Result<ProbePlan, UiError> {
        self.use_case("probe_plan", || {
            let t = Target::named(target).map_err(|c| UiError::of(c))?;
            let opts = ProbeOptions::new(t);
            Ok(ProbePlan {
                target: opts.target.url(),
                proxy: opts.proxy.as_ref().map(probe::Proxy::shown),
            })
        })
    }

    /// Whether a certificate shown in this session (by its SHA-256 fingerprint) is revoked:
    /// OCSP, then the CRL, each time-limited. Only certificates whose chain was verified are
    /// asked about.
    pub async fn check_revocation(&self, fingerprint: &str) -> crate::cert::revocation::Revocation {
        use crate::cert::revocation;
        use tracing::Instrument;
        self.revocation
            .check_known(fingerprint, revocation::Limits::default(), now())
            .instrument(self.step_span())
            .await
    }

    /// Stop the revocation checks that are running (when the screen that asked closes).
    pub fn cancel_revocation(&self) {
        let _step = self.log_step();
        self.revocation.cancel_all();
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[tokio::test]
    async fn the_test_needs_a_good_target_and_a_chosen_file() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        let mut events = |_: ProbeEvent| {};
        assert_eq!(
            code(
                t.session
                    .probe_connection("ftp://x", None, &mut events)
                    .await
            ),
            ErrorCode::ProbeBadTarget
        );
        assert_eq!(
            code(t.session.probe_connection("test", None, &mut events).await),
            ErrorCode::NoFileChosen
        );
        chosen_p12(&t, "Test1234");
        assert_eq!(
            code(
                t.session
                    .probe_connection("test", Some(Password::new("wrong")), &mut events)
                    .await
            ),
            ErrorCode::CertWrongPassword
        );
        assert_eq!(
            code(session().session.probe_plan("http://plain.example")),
            ErrorCode::ProbeBadTarget
        );
        let plan = session().session.probe_plan("test").expect("plan");
        assert!(plan.target.starts_with("https://"));
    }

    /// Cancel stops a test that hangs (a server that accepts and never answers) at once, and
    /// nothing is recorded.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cancel_stops_a_running_test() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        chosen_p12(&t, "Test1234");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let target = format!("https://127.0.0.1:{port}");
        let mut events = |_: ProbeEvent| {};
        let started = std::time::Instant::now();
        let (r, ()) = tokio::join!(
            t.session
                .probe_connection(&target, Some(Password::new("Test1234")), &mut events),
            async {
                tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
                t.session.cancel_probe();
            }
        );
        drop(listener);
        assert_eq!(code(r), ErrorCode::ProbeCancelled);
        assert!(started.elapsed() < std::time::Duration::from_secs(8));
        assert!(t
            .session
            .snapshot()
            .expect("state")
            .facts()
            .connection
            .is_none());
    }
}
