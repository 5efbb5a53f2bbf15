//! What a flow requires of the certificate, on top of the general findings: DMS needs OCES3,
//! the certificate's environment must match the one chosen (test or production), and STIL
//! wants a function/system certificate (flows.md DMS-2, STIL-5).

use crate::cert::identify::{Environment, Finding, Generation, Kind, Level};
use crate::cert::Inspection;
use crate::flow::FlowId;
use crate::wizard::Answer;
use std::collections::BTreeMap;

/// Every code [`flow_findings`] can give.
pub const CODES: &[&str] = &[
    "flow.dms_needs_oces3",
    "flow.env_mismatch",
    "flow.stil_needs_system",
    "flow.needs_private_key",
];

/// Drop general findings that mislead in this flow: a DKMA CUG certificate is issued by DKMA's
/// own CA, so "not an OCES certificate" is expected there, not a problem.
pub fn drop_irrelevant(flow: FlowId, r: &mut Inspection) {
    if flow == FlowId::Cug {
        r.findings.retain(|f| f.code != "cert.not_oces");
    }
}

/// Findings for this flow, given the answers so far.
pub fn flow_findings(
    flow: FlowId,
    answers: &BTreeMap<String, Answer>,
    r: &Inspection,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let chosen_env = |id: &str| match answers.get(id) {
        Some(Answer::Text(t)) if t == "test" => Some(Environment::Test),
        Some(Answer::Text(t)) if t == "production" => Some(Environment::Production),
        _ => None,
    };
    let env_id = match flow {
        FlowId::Dms => Some("dms_env"),
        FlowId::Stil => Some("stil_env"),
        _ => None,
    };
    if flow == FlowId::Dms && r.oces.generation != Generation::Oces3 {
        out.push(Finding {
            level: Level::Error,
            code: "flow.dms_needs_oces3",
            message: "DMS Import needs an OCES3 certificate from MitID Erhverv".into(),
        });
    }
    if flow == FlowId::Stil && r.oces.kind.is_some_and(|k| k != Kind::System) {
        out.push(Finding {
            level: Level::Warning,
            code: "flow.stil_needs_system",
            message: "Integrationsplatformen expects a function or system certificate".into(),
        });
    }
    if matches!(flow, FlowId::Dms | FlowId::Stil) && !r.contains.private_key {
        out.push(Finding {
            level: Level::Error,
            code: "flow.needs_private_key",
            message: "this flow needs the certificate with its private key (.p12/.pfx)".into(),
        });
    }
    if let Some(want) = env_id.and_then(chosen_env) {
        if r.oces.environment != Environment::Unknown && r.oces.environment != want {
            out.push(Finding {
                level: Level::Warning,
                code: "flow.env_mismatch",
                message: "the certificate's environment is not the one chosen".into(),
            });
        }
    }
    out
}
