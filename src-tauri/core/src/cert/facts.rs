//! What the wizard keeps about a certificate once it is unlocked: [`CertFacts`], made from an
//! [`Inspection`](super::Inspection) here, next to the code that produces the inspection.
//! Nothing secret: no password, key or file content.

use super::identify::{Environment, Generation, Kind};
use serde::{Deserialize, Serialize};

/// What is known about the certificate after it was unlocked (no secret: no password, key or
/// file content).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CertFacts {
    /// Holder (common name).
    pub common_name: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Issuer's common name.
    pub issuer: Option<String>,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// SHA-256 fingerprint.
    pub fingerprint: String,
    /// The OCES generation (saved as `oces1`, `oces2`, `oces3`, `none`; one this version does
    /// not know reads as `none`).
    #[serde(deserialize_with = "crate::error::lenient_or_default")]
    #[cfg_attr(feature = "specta", specta(type = Generation))]
    pub generation: Generation,
    /// Test or production (saved as `production`, `test`, `unknown`; one this version does not
    /// know reads as `unknown`).
    #[serde(deserialize_with = "crate::error::lenient_or_default")]
    #[cfg_attr(feature = "specta", specta(type = Environment))]
    pub environment: Environment,
    /// What it stands for (saved as `employee`, `organisation`, `system`, `personal`; one this
    /// version does not know reads as none).
    #[serde(default, deserialize_with = "crate::error::lenient")]
    #[cfg_attr(feature = "specta", specta(type = Option<Kind>))]
    pub kind: Option<Kind>,
    /// CVR number.
    pub cvr: Option<String>,
    /// `RID`, `UID`, `FID`, `PID`, `UI`.
    pub id_type: Option<String>,
    /// The identifier.
    pub id: Option<String>,
    /// UFST gateway user ID (OCES3).
    pub gateway_user: Option<String>,
    /// The file holds a private key.
    pub private_key: bool,
    /// Full subject (`CN=…, serialNumber=…, O=…, C=DK`).
    #[serde(default)]
    pub subject: String,
    /// Full issuer name.
    #[serde(default)]
    pub issuer_name: String,
    /// Serial number, hex with colons.
    #[serde(default)]
    pub serial: String,
    /// Start of validity (RFC 3339).
    #[serde(default)]
    pub not_before: String,
    /// What the inspection found (codes and levels only; the UI and report translate them).
    #[serde(default)]
    pub findings: Vec<FindingFact>,
}

/// A finding kept with the certificate facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingFact {
    /// `error`, `warning`, `info`.
    pub level: String,
    /// The finding's code (`cert.expired`).
    pub code: String,
}

impl CertFacts {
    /// From an inspection.
    pub fn from_inspection(r: &super::Inspection) -> CertFacts {
        let s = |v: &dyn erased::Ser| v.as_str();
        CertFacts {
            common_name: r.certificate.common_name.clone(),
            organisation: r.certificate.organisation.clone(),
            issuer: r.certificate.issuer_common_name.clone(),
            not_after: r.certificate.not_after.clone(),
            fingerprint: r.certificate.sha256_fingerprint.clone(),
            generation: r.oces.generation,
            environment: r.oces.environment,
            kind: r.oces.kind,
            cvr: r.oces.cvr.clone(),
            id_type: r.oces.id_type.clone(),
            id: r.oces.id.clone(),
            gateway_user: r.oces.gateway_user.clone(),
            private_key: r.contains.private_key,
            subject: r.certificate.subject.clone(),
            issuer_name: r.certificate.issuer.clone(),
            serial: r.certificate.serial.clone(),
            not_before: r.certificate.not_before.clone(),
            findings: r
                .findings
                .iter()
                .map(|f| FindingFact {
                    level: s(&f.level),
                    code: f.code.to_string(),
                })
                .collect(),
        }
    }
}

mod erased {
    /// The serde name of a unit enum value (`Generation::Oces3` → `oces3`).
    pub trait Ser {
        fn as_str(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn as_str(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }
    }
}
