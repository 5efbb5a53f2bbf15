//! What the app steps of a flow have done ([`Facts`]): the record the wizard keeps per flow
//! and the support report reads. Paths and summaries, never secrets.
//!
//! Each producer makes its own record next to its code: [`CertFacts`] in [`crate::cert`]
//! (from an inspection), [`InstallFacts`] in [`crate::cert_stores`] (from the install's results);
//! [`ConnectionFacts`] is made here from a [`crate::probe::ProbeReport`]. The wizard's state
//! machine only reads these records, so it depends on none of their producers.

use serde::{Deserialize, Serialize};

pub use crate::cert::facts::{CertFacts, FindingFact};
pub use crate::cert_stores::InstallFacts;

/// What the app steps of a flow have done (paths and summaries, never secrets).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Facts {
    /// The certificate file the user chose.
    #[serde(default)]
    pub file: Option<std::path::PathBuf>,
    /// The certificate, once unlocked.
    #[serde(default)]
    pub certificate: Option<CertFacts>,
    /// The chosen CUG file is a page the reader does not understand: the flow goes on with the
    /// file as it is (sizes and markers only, never content).
    #[serde(default)]
    pub unreadable: Option<crate::files::unreadable::UnreadableFile>,
    /// Where it was placed (`.oces`).
    #[serde(default)]
    pub placed: Option<std::path::PathBuf>,
    /// Where the backup copy is.
    #[serde(default)]
    pub backup: Option<std::path::PathBuf>,
    /// The last archiving in `.oces`, for undo.
    #[serde(default)]
    pub archived: Option<crate::files::archive::ArchiveRecord>,
    /// A handover with confirmed receipt was logged (STIL-4).
    #[serde(default)]
    pub handover_logged: bool,
    /// The last connection test (DMS-7).
    #[serde(default)]
    pub connection: Option<ConnectionFacts>,
    /// Where the certificate was installed (DMS-3).
    #[serde(default)]
    pub installed: Option<InstallFacts>,
    /// The gateway user whose password was put in the OS keychain (DMS-6); never the password.
    #[serde(default)]
    pub credentials: Option<String>,
    /// How the new certificate's RID compared with the older certificates (CUG-8, found out
    /// when the step opens).
    #[serde(default)]
    pub rid: Option<RidVerdict>,
    /// Whether the stores the browsers read hold no old-type DKMA certificate and could all be
    /// read (CUG-9, found out when the step opens).
    #[serde(default)]
    pub browsers_clear: Option<bool>,
}

/// How the new certificate's RID number compared with the older certificates the guide found
/// (in `.oces` and, for the old type, in the certificate stores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RidVerdict {
    /// An older certificate has the same RID, and none has another: the account knows it.
    Unchanged,
    /// An older certificate has another RID, and none has the same: the account must be
    /// updated.
    Changed,
    /// Nothing to compare with, only RIDs that could not be read, or older certificates
    /// that disagree: the guide cannot tell.
    Unknown,
}

/// The outcome of the last connection test, for the summary and the support report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionFacts {
    /// `https://host:port`.
    pub target: String,
    /// The proxy used (`http://host:port`, never credentials).
    #[serde(default)]
    pub proxy: Option<String>,
    /// Every stage passed.
    pub ok: bool,
    /// Each stage: `lookup ok 12 ms`, `tls probe.server_untrusted 80 ms`.
    #[serde(default)]
    pub stages: Vec<crate::probe::StageResult>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

impl ConnectionFacts {
    /// From a test's report.
    pub fn from_report(r: &crate::probe::ProbeReport, now: time::OffsetDateTime) -> Self {
        ConnectionFacts {
            target: r.target.clone(),
            proxy: r.proxy.clone(),
            ok: r.ok,
            stages: r.stages.clone(),
            at: crate::i18n::rfc3339(now),
        }
    }
}
