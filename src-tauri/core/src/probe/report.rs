//! What a connection test produces: the stages, each stage's result, the progress events the
//! live checklist hears, and the report at the end.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// One stage of the test.
#[cfg_attr(test, derive(strum::VariantArray))]
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

/// A failed step inside a stage: its code and a plain detail.
pub(super) struct Fail(pub(super) ErrorCode, pub(super) Option<String>);

impl From<ErrorCode> for Fail {
    fn from(c: ErrorCode) -> Fail {
        Fail(c, None)
    }
}
