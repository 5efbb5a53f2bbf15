//! What the portals need: the STIL case, the CUG texts, the handover log (STIL-4), the RIDs.

use super::{now, Desktop, Session, Updated};
use crate::error::{ErrorCode, UiError};
use crate::files::place;
use crate::handover;
use crate::i18n::Lang;
use crate::letters;
use serde::Serialize;

/// CUG-8: the new certificate's RID against the older ones in `.oces` and in the stores.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RidCheck {
    new_rid: Option<String>,
    older: Vec<letters::RidComparison>,
}

impl RidCheck {
    /// What the comparison tells ([`letters::rid_verdict`]).
    pub fn verdict(&self) -> crate::flow_facts::RidVerdict {
        letters::rid_verdict(&self.older)
    }
}

impl Session {
    /// The STIL support case (STIL-7), its subject and its text, from the certificate and the
    /// wsBrugerIds.
    pub fn stil_case(&self) -> Result<Option<letters::StilCase>, UiError> {
        self.use_case("stil_case", || {
            let s = self.snapshot()?;
            Ok(letters::stil_case_from(&s.facts(), &s.view().answers))
        })
    }

    /// Save the STIL support case's text as a text file where the user chose (never
    /// overwriting). The subject is on the screen, to type in its own field.
    /// Before the certificate is known there is no case: `wizard.step_not_done`.
    pub fn save_stil_case(&self, target: &str) -> Result<String, UiError> {
        self.use_case("save_stil_case", || {
            let text = self
                .stil_case()?
                .ok_or_else(|| UiError::of(ErrorCode::StepNotDone))?
                .text;
            let target = place::checked_save_target(target, &["txt"])?;
            place::write_new_file(&target, text.as_bytes())?;
            Ok(target.display().to_string())
        })
    }

    /// Check a typed value with a named check (the screen shows the verdict as the user types).
    pub fn check_value(check: &str, value: &str) -> crate::ids::ValueCheck {
        crate::ids::check_value(check, value)
    }

    /// A composed text of the current flow (CUG-8's email and message), in the user's
    /// language unless another is asked for (English for a receiver who prefers it).
    pub fn composed_text(
        &self,
        what: &str,
        lang: Option<Lang>,
    ) -> Result<Option<letters::Composed>, UiError> {
        self.use_case("composed_text", || {
            let lang = lang.unwrap_or_else(|| self.language().0);
            let s = self.snapshot()?;
            Ok(letters::cug_text(what, lang, &s.facts(), &s.view().answers))
        })
    }

    /// Open a composed email in the user's mail program (the link is made here, not by the
    /// page). A text that is not an email (or not there yet) is `wizard.step_not_done`.
    pub fn open_composed_email(
        &self,
        desktop: &dyn Desktop,
        what: &str,
        lang: Option<Lang>,
    ) -> Result<(), UiError> {
        self.use_case("open_composed_email", || {
            let link = self
                .composed_text(what, lang)?
                .and_then(|c| c.mailto)
                .ok_or_else(|| UiError::of(ErrorCode::StepNotDone))?;
            desktop.open_url(&link).map_err(|e| {
                tracing::warn!(target: "oces_core::session", "opening the mail program failed: {e}");
                UiError::new(
                    ErrorCode::MailFailed,
                    Default::default(),
                    "the mail program could not be opened",
                )
            })
        })
    }

    fn handover_path(&self) -> Result<std::path::PathBuf, UiError> {
        self.paths
            .as_ref()
            .map(|p| p.handover_log())
            .ok_or_else(|| UiError::of(ErrorCode::DataDir))
    }

    /// The handover log as it stands.
    pub fn handover_log(&self) -> Result<handover::LogRead, UiError> {
        self.use_case("handover_log", || {
            Ok(handover::read(&self.handover_path()?))
        })
    }

    /// Log one handover (never the password: the entry has no field for it). STIL-4 counts as
    /// done only when an entry with a confirmed receipt is logged in *this* run of the flow:
    /// the guide's rule (002:L273) is about this order's temporary password, so an earlier
    /// entry in the computer's log (from another signature) does not satisfy it.
    pub fn add_handover(&self, mut entry: handover::HandoverEntry) -> Result<Updated, UiError> {
        self.use_case("add_handover", || {
            entry.validate()?;
            entry.logged_at = now()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            let path = self.handover_path()?;
            let (flow, _) = self.inputs()?;
            handover::append(&path, &entry)?;
            let confirmed = entry.receipt_confirmed;
            self.update(|w| {
                if w.active == flow {
                    w.update_facts(|f| f.handover_logged |= confirmed);
                }
                Ok(())
            })
        })
    }

    /// Export the handover log as CSV where the user chose (never overwriting).
    pub fn export_handover_csv(&self, target: &str) -> Result<String, UiError> {
        self.use_case("export_handover_csv", || {
            let log = handover::read(&self.handover_path()?);
            let target = place::checked_save_target(target, &["csv"])?;
            place::write_new_file(&target, handover::to_csv(&log.entries).as_bytes())?;
            Ok(target.display().to_string())
        })
    }

    /// CUG-8: the new certificate's RID against the older ones in `.oces` and the old-type ones
    /// in the certificate stores.
    pub fn rid_comparison(&self) -> Result<RidCheck, UiError> {
        self.use_case("rid_comparison", || {
            let (_, facts) = self.inputs()?;
            let new_rid = facts
                .certificate
                .as_ref()
                .filter(|c| c.id_type.as_deref() == Some("RID"))
                .and_then(|c| c.id.clone());
            let entries = self.list_old_certificates()?;
            let mut older = new_rid
                .as_deref()
                .map(|r| letters::compare_rids(r, &entries))
                .unwrap_or_default();
            if let Some(r) = new_rid.as_deref() {
                // A store that cannot be read is said at CUG-9, where its certificates are removed.
                let found: Vec<(String, Vec<u8>)> = (self.stores)(self.folders.as_ref())
                    .iter()
                    .flat_map(|s| {
                        let name = s.name();
                        s.certificates()
                            .unwrap_or_default()
                            .into_iter()
                            .map(move |der| (name.clone(), der))
                    })
                    .collect();
                older.extend(letters::compare_store_rids(r, &found));
            }
            Ok(RidCheck { new_rid, older })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn no_stil_case_before_the_certificate() {
        let t = session();
        t.session.choose_flow("stil").expect("flow");
        assert_eq!(t.session.stil_case().expect("read"), None);
        let target = t.dir.path().join("case.txt").display().to_string();
        assert_eq!(
            code(t.session.save_stil_case(&target)),
            ErrorCode::StepNotDone
        );
        let d = FakeDesktop::default();
        assert_eq!(
            code(t.session.open_composed_email(&d, "dkma_rid_email", None)),
            ErrorCode::StepNotDone
        );
        assert!(d.opened.borrow().is_empty());
    }

    #[test]
    fn the_handover_log_records_a_confirmed_receipt_and_exports() {
        let t = session();
        t.session.choose_flow("stil").expect("flow");
        assert!(t.session.handover_log().expect("log").entries.is_empty());
        let entry: handover::HandoverEntry = serde_json::from_value(serde_json::json!({
            "handed_over_by": "Skolesystem Anna",
            "handed_to": "Bo",
            "handed_over_at": "2026-11-22T10:30",
            "method": "phone",
            "receipt_confirmed": true,
            "receipt_at": "2026-11-22T10:45",
        }))
        .expect("entry");
        let bad = handover::HandoverEntry {
            method: "pigeon".into(),
            ..entry.clone()
        };
        assert_eq!(
            code(t.session.add_handover(bad)),
            ErrorCode::HandoverInvalid
        );
        let unconfirmed = handover::HandoverEntry {
            receipt_confirmed: false,
            receipt_at: None,
            ..entry.clone()
        };
        let u = t.session.add_handover(unconfirmed.clone()).expect("logged");
        assert!(!u.view.view.facts.handover_logged, "no receipt yet");
        let u = t.session.add_handover(entry).expect("logged");
        assert!(u.view.view.facts.handover_logged);
        // A new run (another signature): the confirmed entry of the earlier order, still in the
        // computer's log, does not satisfy this order's handover.
        t.session.start_over().expect("start over");
        t.session.choose_flow("stil").expect("flow");
        let u = t.session.add_handover(unconfirmed).expect("logged");
        assert!(
            !u.view.view.facts.handover_logged,
            "an old receipt is not this order's receipt"
        );
        let csv = t.dir.path().join("log.csv");
        t.session
            .export_handover_csv(&csv.display().to_string())
            .expect("exported");
        assert!(std::fs::read_to_string(&csv).is_ok_and(|s| s.contains("Skolesystem")));
        let none = Session::load(None, None);
        assert_eq!(code(none.handover_log()), ErrorCode::DataDir);
    }

    /// An older certificate in `.oces` for Søren Ærø with `rid` in its serialNumber.
    fn older_in_oces(t: &TestSession, name: &str, rid: &str) {
        let key = rcgen::KeyPair::generate().expect("key");
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Søren Ærø");
        p.distinguished_name.push(
            rcgen::DnType::CustomDnType(vec![2, 5, 4, 5]),
            rcgen::DnValue::PrintableString(
                format!("CVR:12345678-RID:{rid}")
                    .as_str()
                    .try_into()
                    .expect("printable"),
            ),
        );
        let oces = t.dir.path().join("home").join(".oces");
        std::fs::create_dir_all(&oces).expect("oces");
        let pem = p.self_signed(&key).expect("cert").pem();
        std::fs::write(oces.join(name), pem).expect("written");
    }

    /// CUG-8's page depends on the RID comparison, so the session compares when the step
    /// opens (Next, the step list, Back) and records what it found in the flow's facts: the
    /// page then opens with the right sentence, not one that the comparison contradicts.
    #[test]
    fn the_rid_is_compared_when_cug_8_opens() {
        use crate::flow::{FlowId, CUG};
        use crate::flow_facts::RidVerdict;
        use crate::wizard::Outcome;
        let cases: [(&[&str], Option<RidVerdict>); 4] = [
            (&["9999999999999"], Some(RidVerdict::Changed)),
            (&["1234567890123"], Some(RidVerdict::Unchanged)),
            (
                &["1234567890123", "9999999999999"],
                Some(RidVerdict::Unknown),
            ),
            (&[], Some(RidVerdict::Unknown)),
        ];
        for (older, verdict) in cases {
            let t = session();
            for (i, rid) in older.iter().enumerate() {
                older_in_oces(&t, &format!("old{i}.pem"), rid);
            }
            {
                let mut w = super::super::lock(&t.session.wizard).expect("lock");
                w.state.choose_flow(FlowId::Cug);
                w.state.update_facts(|f| {
                    f.certificate = Some(crate::flow_facts::CertFacts {
                        common_name: Some("Søren Ærø".into()),
                        id_type: Some("RID".into()),
                        id: Some("1234567890123".into()),
                        ..Default::default()
                    })
                });
                let p = w.state.flows.entry(FlowId::Cug).or_default();
                for s in &CUG.steps[..CUG.index_of("CUG-8").expect("CUG-8")] {
                    p.completed.insert(s.code.to_string(), Outcome::Done);
                }
                p.current = "CUG-7".into();
            }
            let u = t.session.goto_step("CUG-8").expect("opens");
            assert_eq!(u.view.view.current, "CUG-8");
            assert_eq!(u.view.view.facts.rid, verdict, "{older:?}");
            // Not on other steps: CUG-7 keeps what it had.
            let u = t.session.goto_step("CUG-7").expect("back");
            assert_eq!(u.view.view.facts.rid, verdict, "{older:?}");
        }
    }

    #[test]
    fn no_rid_comparison_without_a_rid() {
        let t = session();
        t.session.choose_flow("cug").expect("flow");
        let r = t.session.rid_comparison().expect("checked");
        assert!(r.new_rid.is_none() && r.older.is_empty());
    }
}
