//! What a flow requires of the certificate, on top of the general findings: DMS needs OCES3,
//! the certificate's environment must match the one chosen (test or production), and STIL
//! wants a function/system certificate (flows.md DMS-2, STIL-5).

use crate::cert::identify::{Environment, Finding, Generation, Level};
use crate::cert::Inspection;
use crate::flow::Answer;
use crate::flow::FlowId;
use std::collections::BTreeMap;

/// Every code [`flow_findings`] can give.
pub const CODES: &[&str] = &[
    "flow.dms_needs_oces3",
    "flow.env_mismatch",
    "flow.stil_needs_system",
    "flow.needs_private_key",
    "flow.production_needs_genuine",
    "flow.chain_broken",
    "flow.stil_chain_accepted",
    "flow.stil_chain_not_accepted",
    "flow.stil_chain_guide_silent",
    "flow.stil_chain_issuer_not_bundled",
];

/// STIL's listed issuing CAs the wizard has no copy of (public sources carry none), so a chain
/// through one verifies only when the file carries that CA itself.
pub const STIL_ISSUERS_NOT_BUNDLED: &[&str] = &["TRUST2408 Systemtest VII CA"];

/// Drop general findings that mislead in this flow: a DKMA CUG certificate is issued by DKMA's
/// own CA, so "not an OCES certificate" (and "issuer not recognised") is expected there, not a
/// problem.
pub fn drop_irrelevant(flow: FlowId, r: &mut Inspection) {
    let needs = &flow.def().rules.cert;
    if needs.own_ca {
        r.findings
            .retain(|f| f.code != "cert.not_oces" && f.code != "trust.not_recognised");
    }
    // UFST's portal user id is DMS Import's: a STIL or CUG screen never shows it.
    if !needs.portal_user_id {
        r.oces.gateway_user = None;
    }
}

/// Whether a flow finding stops the step (the certificate is not taken): errors only. The
/// window shows exactly these as what stops the user; warnings and notes stop nothing.
pub fn blocks(f: &Finding) -> bool {
    f.level == Level::Error
}

/// Findings for this flow, given the answers so far: what the flow's table says it needs of
/// the certificate ([`crate::flow::CertNeeds`]).
pub fn flow_findings(
    flow: FlowId,
    answers: &BTreeMap<String, Answer>,
    r: &Inspection,
) -> Vec<Finding> {
    let rules = &flow.def().rules;
    let needs = &rules.cert;
    let mut out = Vec::new();
    let chosen_env = rules.env_answer.and_then(|id| match answers.get(id) {
        Some(Answer::Text(t)) if t == "test" => Some(Environment::Test),
        Some(Answer::Text(t)) if t == "production" => Some(Environment::Production),
        _ => None,
    });
    if let Some((generation, code, message)) = needs.generation {
        if name(r.oces.generation) != generation {
            out.push(Finding {
                level: Level::Error,
                code,
                message: message.into(),
            });
        }
    }
    if let Some((kind, code, message)) = needs.kind {
        if r.oces.kind.is_some_and(|k| name(k) != kind) {
            out.push(Finding {
                level: Level::Warning,
                code,
                message: message.into(),
            });
        }
    }
    if needs.private_key && !r.contains.private_key {
        out.push(Finding {
            level: Level::Error,
            code: "flow.needs_private_key",
            message: "this flow needs the certificate with its private key (.p12/.pfx)".into(),
        });
    }
    // A broken chain is not a genuine certificate: never installed or handed on, whatever
    // the environment.
    if needs.genuine && r.trust.status == crate::cert::trust::TrustStatus::Broken {
        out.push(Finding {
            level: Level::Error,
            code: "flow.chain_broken",
            message: "the certificate chain is broken: choose the file from MitID Erhverv".into(),
        });
    }
    // Production needs a certificate whose chain ends in a bundled production OCES CA: one
    // the wizard does not recognise (or whose chain is broken) stops here, explained.
    if needs.genuine && chosen_env == Some(Environment::Production) && !r.trust.is_verified() {
        out.push(Finding {
            level: Level::Error,
            code: "flow.production_needs_genuine",
            message: "production needs a certificate whose chain ends in a known OCES CA".into(),
        });
    }
    if let Some(want) = chosen_env {
        if r.oces.environment != Environment::Unknown && r.oces.environment != want {
            out.push(Finding {
                // The environment is the verified anchor's: a test certificate never works in
                // production and the other way round, so this stops the step.
                level: Level::Error,
                code: "flow.env_mismatch",
                message: "the certificate's environment is not the one chosen".into(),
            });
        }
    }
    if !needs.test_chains.is_empty() && chosen_env == Some(Environment::Test) {
        out.extend(stil_test_chain(r, needs.test_chains));
    }
    out
}

/// An enum's name as the inspection writes it (`oces3`, `system`): the flow tables name what
/// they need this way.
fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// STIL-5 for test/preprod: the file's verified chain against the chains STIL's guide lists.
/// The guide lists only OCES2 chains; for anything else the wizard says that the guide is
/// silent instead of claiming a check.
fn stil_test_chain(r: &Inspection, chains: &[(&str, &str)]) -> Option<Finding> {
    if !r.trust.is_verified() {
        // "not recognised" / "broken" is said already; for an issuer STIL's guide lists but the
        // wizard has no copy of, what that means is said too.
        let issuer = r.certificate.issuer_common_name.as_deref()?;
        return (r.trust.status == crate::cert::trust::TrustStatus::NotRecognised
            && STIL_ISSUERS_NOT_BUNDLED.contains(&issuer))
        .then(|| Finding {
            level: Level::Info,
            code: "flow.stil_chain_issuer_not_bundled",
            message: format!(
                "the issuer {issuer} is one STIL's guide lists, but the wizard has no copy of it, so the chain was not checked: the file does not carry it"
            ),
        });
    }
    if r.trust.generation != Some(Generation::Oces2) {
        return Some(Finding {
            level: Level::Info,
            code: "flow.stil_chain_guide_silent",
            message: "STIL's guide lists only OCES2 chains for test and preprod; this chain was not checked against it".into(),
        });
    }
    let path: Vec<&str> = r.trust.path.iter().map(String::as_str).collect();
    let accepted = chains
        .iter()
        .any(|(issuing, root)| path == [*issuing, *root]);
    Some(if accepted {
        Finding {
            level: Level::Info,
            code: "flow.stil_chain_accepted",
            message: format!(
                "the chain {} is one STIL accepts for test and preprod",
                path.join(" → ")
            ),
        }
    } else {
        Finding {
            level: Level::Warning,
            code: "flow.stil_chain_not_accepted",
            message: format!(
                "the chain {} is not one STIL accepts for test and preprod",
                path.join(" → ")
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// STIL's "function or system certificate expected" is a warning: it does not stop the
    /// step, so the window does not list it as what stops the user (it did, issue 29.3).
    #[test]
    fn only_errors_block_and_stil_kind_is_a_warning() {
        let r = clean_but(|r| r.oces.kind = Some(Kind::Employee));
        let found = flow_findings(FlowId::Stil, &BTreeMap::new(), &r);
        let kind = found
            .iter()
            .find(|f| f.code == "flow.stil_needs_system")
            .expect("the kind finding");
        assert!(!blocks(kind));
        assert!(found
            .iter()
            .filter(|f| blocks(f))
            .all(|f| f.level == Level::Error));
    }

    /// The names the flow tables use for the generation and kind they need are names the
    /// inspection gives: a typo would silently never match (or always refuse).
    #[test]
    fn the_tables_name_real_generations_and_kinds() {
        use strum::VariantArray;
        let generations: Vec<String> = Generation::VARIANTS.iter().map(|g| name(*g)).collect();
        let kinds: Vec<String> = Kind::VARIANTS.iter().map(|k| name(*k)).collect();
        let mut named = 0;
        for flow in FlowId::ALL {
            let needs = flow.def().rules.cert;
            if let Some((g, code, _)) = needs.generation {
                assert!(generations.iter().any(|n| n == g), "{flow:?}: {g}");
                assert!(CODES.contains(&code), "{flow:?}: {code}");
                named += 1;
            }
            if let Some((k, code, _)) = needs.kind {
                assert!(kinds.iter().any(|n| n == k), "{flow:?}: {k}");
                assert!(CODES.contains(&code), "{flow:?}: {code}");
                named += 1;
            }
        }
        assert_eq!(named, 2, "DMS names a generation, STIL a kind");
    }
    use crate::cert::identify::Kind;
    use crate::cert::trust::{Anchor, TrustStore};

    /// A self-signed OCES3-named certificate, inspected against `store`.
    fn inspected(store: &TrustStore, env: Environment) -> Inspection {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(
            rcgen::DnType::CommonName,
            "Den Danske Stat OCES udstedende-CA 1",
        );
        let der = p.self_signed(&key).unwrap().der().to_vec();
        let own = TrustStore::new(vec![
            Anchor::new(der.clone(), env, Generation::Oces3, "t").unwrap()
        ]);
        let opened = crate::cert::open_bytes(&der, None).unwrap();
        let store = if store.is_empty() { &own } else { store };
        crate::cert::inspect_with(&opened, time::OffsetDateTime::now_utc(), store).unwrap()
    }

    /// The answers of `flow` with `env` chosen as its environment (in the answer its table
    /// names for it).
    fn answers(flow: FlowId, env: &str) -> BTreeMap<String, Answer> {
        let id = flow
            .def()
            .rules
            .env_answer
            .expect("a flow with environments");
        BTreeMap::from([(id.to_string(), Answer::Text(env.into()))])
    }

    /// What `flow` finds about `r` with `env` chosen.
    fn found(flow: FlowId, env: &str, r: &Inspection) -> Vec<Finding> {
        flow_findings(flow, &answers(flow, env), r)
    }

    fn codes(flow: FlowId, env: &str, r: &Inspection) -> Vec<&'static str> {
        found(flow, env, r).iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_broken_chain_stops_in_every_environment() {
        // Named exactly like the bundled production issuing CA, signed by another key.
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        for (t, v) in [
            (
                rcgen::DnType::CommonName,
                "Den Danske Stat OCES udstedende-CA 1",
            ),
            (rcgen::DnType::OrganizationName, "Den Danske Stat"),
            (rcgen::DnType::CountryName, "DK"),
        ] {
            ca.distinguished_name.push(t, v);
        }
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let key = rcgen::KeyPair::generate().unwrap();
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Falsk");
        let der = p.signed_by(&key, &issuer).unwrap().der().to_vec();
        let opened = crate::cert::open_bytes(&der, None).unwrap();
        let r = crate::cert::inspect(&opened, time::OffsetDateTime::now_utc()).unwrap();
        assert_eq!(r.trust.status, crate::cert::trust::TrustStatus::Broken);
        for flow in [FlowId::Dms, FlowId::Stil] {
            for env in ["test", "production"] {
                assert!(codes(flow, env, &r).contains(&"flow.chain_broken"));
            }
        }
        assert!(!flow_findings(FlowId::Cug, &BTreeMap::new(), &r)
            .iter()
            .any(|f| f.code == "flow.chain_broken"));
    }

    #[test]
    fn production_stops_for_a_certificate_that_is_not_recognised() {
        let unknown = inspected(TrustStore::bundled(), Environment::Production);
        assert!(!unknown.trust.is_verified());
        for flow in [FlowId::Dms, FlowId::Stil] {
            assert!(codes(flow, "production", &unknown).contains(&"flow.production_needs_genuine"));
            assert!(!codes(flow, "test", &unknown).contains(&"flow.production_needs_genuine"));
        }
        let genuine = inspected(&TrustStore::default(), Environment::Production);
        assert!(genuine.trust.is_verified());
        assert!(
            !codes(FlowId::Dms, "production", &genuine).contains(&"flow.production_needs_genuine")
        );
        // Verified test certificate chosen for production: the environments differ, and that
        // stops the step.
        let test = inspected(&TrustStore::default(), Environment::Test);
        assert!(codes(FlowId::Dms, "production", &test).contains(&"flow.env_mismatch"));
        assert_eq!(
            level_of(FlowId::Dms, "production", &test, "flow.env_mismatch"),
            Some(Level::Error)
        );
        assert!(!codes(FlowId::Dms, "test", &test).contains(&"flow.env_mismatch"));
    }

    /// STIL-5, test/preprod: the real OCES2 test files (Systemtest XIX under VII Primary) are
    /// on STIL's list, one under Systemtest VIII is not, and an OCES3 certificate gets "the guide
    /// says nothing" rather than a claimed check.
    #[test]
    fn stil_test_chains_are_checked_against_the_guide() {
        let real = |rel: &str| {
            let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/real-certs")
                .join(rel);
            p.exists().then(|| {
                let o = crate::cert::open_file(&p, Some(&crate::secret::Password::new("Test1234")))
                    .unwrap();
                crate::cert::inspect(&o, time::OffsetDateTime::now_utc()).unwrap()
            })
        };
        let (Some(xix), Some(viii), Some(oces3)) = (
            real("oces2/FOCES_spaerret.p12"),
            real("oces2/FOCES_udloebet.p12"),
            real("ca/den-danske-stat-oces-udstedende-ca-1-test.cer"),
        ) else {
            eprintln!("skipped: shared/real-certs not beside this checkout");
            return;
        };
        assert!(codes(FlowId::Stil, "test", &xix).contains(&"flow.stil_chain_accepted"));
        assert!(codes(FlowId::Stil, "test", &viii).contains(&"flow.stil_chain_not_accepted"));
        assert!(codes(FlowId::Stil, "test", &oces3).contains(&"flow.stil_chain_guide_silent"));
        for r in [&xix, &viii, &oces3] {
            assert!(!codes(FlowId::Stil, "production", r)
                .iter()
                .any(|c| c.starts_with("flow.stil_chain")));
        }
    }

    /// A certificate every rule lets through in the test environment: OCES3, a system
    /// certificate, with its key, verified, its chain one of STIL's.
    fn clean() -> Inspection {
        let mut r = inspected(&TrustStore::default(), Environment::Test);
        r.oces.generation = Generation::Oces3;
        r.oces.kind = Some(Kind::System);
        r.oces.environment = Environment::Test;
        r.contains.private_key = true;
        r.trust.status = crate::cert::trust::TrustStatus::Verified;
        r.trust.generation = Some(Generation::Oces2);
        r.trust.path = vec![
            crate::flow::STIL_TEST_CHAINS[0].0.to_string(),
            crate::flow::STIL_TEST_CHAINS[0].1.to_string(),
        ];
        r
    }

    /// [`clean`] with one change.
    fn clean_but(change: impl FnOnce(&mut Inspection)) -> Inspection {
        let mut r = clean();
        change(&mut r);
        r
    }

    fn level_of(flow: FlowId, env: &str, r: &Inspection, code: &str) -> Option<Level> {
        found(flow, env, r)
            .into_iter()
            .find(|f| f.code == code)
            .map(|f| f.level)
    }

    /// The baseline the tests below change one fact of: nothing stops it.
    #[test]
    fn a_clean_certificate_passes_every_rule() {
        let r = clean();
        assert_eq!(codes(FlowId::Dms, "test", &r), Vec::<&str>::new());
        assert_eq!(
            codes(FlowId::Stil, "test", &r),
            vec!["flow.stil_chain_accepted"]
        );
        assert!(flow_findings(FlowId::Cug, &BTreeMap::new(), &r).is_empty());
        let prod = clean_but(|r| r.oces.environment = Environment::Production);
        assert_eq!(codes(FlowId::Dms, "production", &prod), Vec::<&str>::new());
        assert_eq!(codes(FlowId::Stil, "production", &prod), Vec::<&str>::new());
    }

    #[test]
    fn dms_stops_for_a_certificate_that_is_not_oces3() {
        for generation in [Generation::Oces2, Generation::None] {
            let r = clean_but(|r| r.oces.generation = generation);
            assert_eq!(
                level_of(FlowId::Dms, "test", &r, "flow.dms_needs_oces3"),
                Some(Level::Error),
                "{generation:?}"
            );
            assert_eq!(
                level_of(FlowId::Stil, "test", &r, "flow.dms_needs_oces3"),
                None
            );
            assert!(flow_findings(FlowId::Cug, &BTreeMap::new(), &r).is_empty());
        }
    }

    #[test]
    fn stil_warns_about_a_certificate_that_is_not_a_system_certificate() {
        for kind in [Kind::Employee, Kind::Organisation, Kind::Personal] {
            let r = clean_but(|r| r.oces.kind = Some(kind));
            assert_eq!(
                level_of(FlowId::Stil, "test", &r, "flow.stil_needs_system"),
                Some(Level::Warning),
                "{kind:?}"
            );
            assert_eq!(
                level_of(FlowId::Dms, "test", &r, "flow.stil_needs_system"),
                None
            );
        }
        // The kind is not known: nothing is claimed.
        let r = clean_but(|r| r.oces.kind = None);
        assert_eq!(
            level_of(FlowId::Stil, "test", &r, "flow.stil_needs_system"),
            None
        );
    }

    #[test]
    fn dms_and_stil_stop_without_the_private_key() {
        let r = clean_but(|r| r.contains.private_key = false);
        for flow in [FlowId::Dms, FlowId::Stil] {
            assert_eq!(
                level_of(flow, "test", &r, "flow.needs_private_key"),
                Some(Level::Error),
                "{flow:?}"
            );
        }
        // CUG installs the DKMA file as it is: no rule about the key there.
        assert!(flow_findings(FlowId::Cug, &BTreeMap::new(), &r).is_empty());
    }

    #[test]
    fn the_environment_must_be_the_one_chosen() {
        let r = clean(); // a test certificate
        for flow in [FlowId::Dms, FlowId::Stil] {
            assert_eq!(
                level_of(flow, "production", &r, "flow.env_mismatch"),
                Some(Level::Error)
            );
            assert_eq!(level_of(flow, "test", &r, "flow.env_mismatch"), None);
        }
        // An environment that could not be told says nothing either way.
        let unknown = clean_but(|r| r.oces.environment = Environment::Unknown);
        assert_eq!(
            level_of(FlowId::Dms, "production", &unknown, "flow.env_mismatch"),
            None
        );
        // Before the environment is chosen there is nothing to compare with.
        assert!(flow_findings(FlowId::Dms, &BTreeMap::new(), &r).is_empty());
    }

    /// STIL-5 showed "Bruger-id til UFSTs certifikatportal" (issue 26): DMS's id, in another
    /// authority's flow. Only DMS keeps it.
    #[test]
    fn only_dms_shows_the_portal_user_id() {
        let with = || clean_but(|r| r.oces.gateway_user = Some("CVR_25313763_UI_x".into()));
        for flow in [FlowId::Stil, FlowId::Cug] {
            let mut r = with();
            drop_irrelevant(flow, &mut r);
            assert_eq!(r.oces.gateway_user, None, "{flow:?}");
            assert_eq!(
                crate::cert::facts::CertFacts::from_inspection(&r).gateway_user,
                None
            );
        }
        let mut dms = with();
        drop_irrelevant(FlowId::Dms, &mut dms);
        assert_eq!(dms.oces.gateway_user.as_deref(), Some("CVR_25313763_UI_x"));
    }

    #[test]
    fn cug_drops_the_findings_that_mislead_there() {
        let finding = |code: &'static str| Finding {
            level: Level::Warning,
            code,
            message: String::new(),
        };
        let with = || {
            let mut r = clean();
            r.findings = vec![
                finding("cert.not_oces"),
                finding("trust.not_recognised"),
                finding("cert.expired"),
            ];
            r
        };
        let mut cug = with();
        drop_irrelevant(FlowId::Cug, &mut cug);
        let left: Vec<&str> = cug.findings.iter().map(|f| f.code).collect();
        assert_eq!(left, vec!["cert.expired"]);
        for flow in [FlowId::Dms, FlowId::Stil] {
            let mut r = with();
            drop_irrelevant(flow, &mut r);
            assert_eq!(r.findings.len(), 3, "{flow:?} keeps them all");
        }
    }

    /// STIL-5 in test/preprod, without the real files: a listed chain, another OCES2 chain,
    /// an OCES3 chain, and an unverified one.
    #[test]
    fn stil_test_chains_without_the_real_files() {
        let accepted = clean();
        assert_eq!(
            level_of(FlowId::Stil, "test", &accepted, "flow.stil_chain_accepted"),
            Some(Level::Info)
        );
        let mut other = clean();
        other.trust.path = vec![
            "TRUST2408 Systemtest VIII CA".into(),
            "TRUST2408 Systemtest VII Primary CA".into(),
        ];
        assert_eq!(
            level_of(FlowId::Stil, "test", &other, "flow.stil_chain_not_accepted"),
            Some(Level::Warning)
        );
        // The issuing CA alone (the root missing) is not the listed chain either.
        let mut short = clean();
        short.trust.path.truncate(1);
        assert!(codes(FlowId::Stil, "test", &short).contains(&"flow.stil_chain_not_accepted"));
        let oces3 = clean_but(|r| r.trust.generation = Some(Generation::Oces3));
        assert_eq!(
            level_of(FlowId::Stil, "test", &oces3, "flow.stil_chain_guide_silent"),
            Some(Level::Info)
        );
        let unverified =
            clean_but(|r| r.trust.status = crate::cert::trust::TrustStatus::NotRecognised);
        assert!(!codes(FlowId::Stil, "test", &unverified)
            .iter()
            .any(|c| c.starts_with("flow.stil_chain")));
        // STIL 29: issued by Systemtest VII CA, which STIL's guide lists and no public source
        // carries, in a file without it: not recognised, and said why (not "not accepted").
        let mut vii = clean();
        vii.trust.status = crate::cert::trust::TrustStatus::NotRecognised;
        vii.certificate.issuer_common_name = Some("TRUST2408 Systemtest VII CA".into());
        assert_eq!(
            level_of(
                FlowId::Stil,
                "test",
                &vii,
                "flow.stil_chain_issuer_not_bundled"
            ),
            Some(Level::Info)
        );
        assert!(!codes(FlowId::Stil, "test", &vii).contains(&"flow.stil_chain_not_accepted"));
        assert!(!codes(FlowId::Stil, "production", &vii)
            .iter()
            .any(|c| c.starts_with("flow.stil_chain")));
        // Production and DMS: no chain list applies.
        let prod = clean_but(|r| r.oces.environment = Environment::Production);
        assert!(!codes(FlowId::Stil, "production", &prod)
            .iter()
            .any(|c| c.starts_with("flow.stil_chain")));
        assert!(codes(FlowId::Dms, "test", &accepted).is_empty());
    }

    /// Every code the rules give is in [`CODES`] (which the locale check reads for texts).
    #[test]
    fn every_code_given_is_listed() {
        let mut seen = std::collections::BTreeSet::new();
        let variants = [
            clean(),
            clean_but(|r| {
                r.oces.generation = Generation::Oces2;
                r.oces.kind = Some(Kind::Employee);
                r.contains.private_key = false;
                r.oces.environment = Environment::Production;
            }),
            clean_but(|r| r.trust.status = crate::cert::trust::TrustStatus::Broken),
            clean_but(|r| r.trust.path.clear()),
            clean_but(|r| r.trust.generation = Some(Generation::Oces3)),
            clean_but(|r| {
                r.trust.status = crate::cert::trust::TrustStatus::NotRecognised;
                r.certificate.issuer_common_name = Some(STIL_ISSUERS_NOT_BUNDLED[0].into());
            }),
        ];
        for r in &variants {
            for flow in [FlowId::Dms, FlowId::Stil] {
                for env in ["test", "production"] {
                    seen.extend(codes(flow, env, r));
                }
            }
        }
        let listed: std::collections::BTreeSet<&str> = CODES.iter().copied().collect();
        assert_eq!(
            seen, listed,
            "every listed code is given by some case, and only those"
        );
    }
}
