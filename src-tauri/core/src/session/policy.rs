//! The organisation's policies ([`crate::policy`]) in the use cases: which flows open, the
//! environment preset and its lock, the backup folder, the stores, guide links. Enforced here,
//! in the core, so neither the window nor a link can go around them.

use super::Session;
use crate::error::{ErrorCode, UiError};
use crate::flow::{Answer, FlowId};
use crate::policy::Policies;
use crate::wizard::WizardState;
use std::path::PathBuf;

/// The answer that holds a flow's environment (from the flow's table).
fn env_answer(flow: FlowId) -> Option<&'static str> {
    flow.def().rules.env_answer
}

/// `code` with the policy's name as `setting` (and the log entry every coded error gets).
#[track_caller]
fn refused(code: ErrorCode, setting: &str) -> UiError {
    UiError::new(
        code,
        [("setting", setting.to_string())].into(),
        code.as_str(),
    )
}

/// The policy page: every policy's value, source and the warnings, and what the screens honour.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyReport {
    /// Every policy and the values not used.
    #[serde(flatten)]
    pub report: Policies,
    /// The values the screens use (helpdesk, locks).
    pub view: crate::policy::PolicyView,
}

impl Session {
    /// Every policy's effective value, where it came from, and what was ignored (the policy
    /// page, "Få hjælp"'s helpdesk; `oces-wizard policy` prints the same).
    pub fn policy_report(&self) -> PolicyReport {
        let _step = self.log_step();
        PolicyReport {
            report: self.policy.clone(),
            view: self.policy.view(),
        }
    }

    /// `policy.flow_not_allowed` for a flow the organisation has not allowed.
    pub(crate) fn check_flow_allowed(&self, flow: FlowId) -> Result<(), UiError> {
        if self.policy.flow_allowed(flow) {
            return Ok(());
        }
        let code = ErrorCode::PolicyFlowNotAllowed;
        Err(UiError::new(
            code,
            [
                ("setting", "AllowedFlows".to_string()),
                ("flow", flow.def().id_str.to_string()),
            ]
            .into(),
            code.as_str(),
        ))
    }

    /// The default environment in the active flow's answers: filled in when empty, and put
    /// back when locked.
    pub(crate) fn preset_environment(policy: &Policies, w: &mut WizardState) {
        let (Some(id), Some(env)) = (env_answer(w.active), policy.default_environment()) else {
            return;
        };
        let answers = &mut w.flows.entry(w.active).or_default().answers;
        let empty = !matches!(answers.get(id), Some(Answer::Text(t)) if !t.is_empty());
        if empty || policy.environment_locked() {
            answers.insert(id.to_string(), Answer::Text(env));
        }
    }

    /// `policy.locked` for an answer the organisation has fixed (the environment).
    pub(crate) fn check_answer_allowed(&self, id: &str, value: &Answer) -> Result<(), UiError> {
        let locked_env = self
            .policy
            .default_environment()
            .filter(|_| self.policy.environment_locked());
        match locked_env {
            Some(env)
                if FlowId::ALL.iter().any(|f| env_answer(*f) == Some(id))
                    && value != &Answer::Text(env.clone()) =>
            {
                Err(refused(ErrorCode::PolicyLocked, "DefaultEnvironment"))
            }
            _ => Ok(()),
        }
    }

    /// `policy.guide_links_off` when the organisation takes no links from a helpdesk.
    pub(crate) fn check_guide_links(&self) -> Result<(), UiError> {
        if self.policy.guide_links() {
            Ok(())
        } else {
            Err(refused(ErrorCode::PolicyGuideLinksOff, "AllowGuideLinks"))
        }
    }

    /// `policy.store_install_off` when the app may not change the certificate stores.
    pub(crate) fn check_store_install(&self) -> Result<(), UiError> {
        if self.policy.store_install() {
            Ok(())
        } else {
            Err(refused(
                ErrorCode::PolicyStoreInstallOff,
                "AllowStoreInstall",
            ))
        }
    }

    /// The backup folder: the organisation's when it set one (another is `policy.locked`),
    /// else the one the user gave.
    pub(crate) fn backup_dir(&self, typed: &str) -> Result<PathBuf, UiError> {
        let Some(fixed) = self.policy.backup_folder() else {
            return Ok(super::resolved(typed));
        };
        let typed = typed.trim();
        if typed.is_empty() || super::resolved(typed) == super::resolved(&fixed.to_string_lossy()) {
            Ok(super::resolved(&fixed.to_string_lossy()))
        } else {
            Err(refused(ErrorCode::PolicyLocked, "BackupFolder"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::policy::{resolve, Layer, Raw, Source};

    fn policies(values: &[(&str, Raw)]) -> Policies {
        resolve(&[Layer {
            source: Source::Hklm,
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            problem: None,
        }])
    }

    fn with(values: &[(&str, Raw)]) -> TestSession {
        let t = session();
        TestSession {
            session: t.session.with_policy(policies(values)),
            dir: t.dir,
        }
    }

    fn setting(r: Result<impl std::fmt::Debug, UiError>) -> (ErrorCode, String) {
        match r {
            Ok(v) => panic!("expected a refusal, got {v:?}"),
            Err(e) => (e.code, e.params.get("setting").cloned().unwrap_or_default()),
        }
    }

    /// AllowedFlows: another flow is refused, by the start screen and by a guide link; the
    /// startup data offers only the allowed ones.
    #[test]
    fn only_allowed_flows_open() {
        let t = with(&[("AllowedFlows", Raw::Text("dms".into()))]);
        assert_eq!(
            setting(t.session.choose_flow("cug")),
            (ErrorCode::PolicyFlowNotAllowed, "AllowedFlows".into())
        );
        assert_eq!(
            code(
                t.session
                    .guide_go("oces-wizard://v1/go?flow=stil&step=STIL-1", false)
            ),
            ErrorCode::PolicyFlowNotAllowed
        );
        assert_eq!(t.session.view().expect("view").view.flow, FlowId::Start);
        t.session.choose_flow("dms").expect("allowed");
        let s = serde_json::to_value(t.session.startup().expect("startup")).expect("json");
        assert_eq!(s["policy"]["allowed_flows"], serde_json::json!(["dms"]));
        // Without the policy, CUG opens.
        session()
            .session
            .choose_flow("cug")
            .expect("default: every flow");
    }

    /// DefaultEnvironment fills the environment; LockEnvironment keeps it there.
    #[test]
    fn the_default_environment_is_preset_and_can_be_locked() {
        let t = with(&[("DefaultEnvironment", Raw::Text("test".into()))]);
        let u = t.session.choose_flow("dms").expect("flow");
        assert_eq!(
            u.view.view.answers.get("dms_env"),
            Some(&Answer::Text("test".into()))
        );
        t.session
            .set_answer("dms_env", Answer::Text("production".into()))
            .expect("not locked: the user may change it");

        let t = with(&[
            ("DefaultEnvironment", Raw::Text("production".into())),
            ("LockEnvironment", Raw::Dword(1)),
        ]);
        let u = t.session.choose_flow("stil").expect("flow");
        assert_eq!(
            u.view.view.answers.get("stil_env"),
            Some(&Answer::Text("production".into()))
        );
        assert_eq!(
            setting(
                t.session
                    .set_answer("stil_env", Answer::Text("test".into()))
            ),
            (ErrorCode::PolicyLocked, "DefaultEnvironment".into())
        );
        t.session
            .set_answer("stil_env", Answer::Text("production".into()))
            .expect("the same value is fine");
        assert_eq!(
            code(
                t.session
                    .guide_go("oces-wizard://v1/go?flow=dms&step=DMS-1&env=test", false)
            ),
            ErrorCode::PolicyLocked
        );
        // Without a policy nothing is preset.
        let plain = session();
        let u = plain.session.choose_flow("dms").expect("flow");
        assert_eq!(u.view.view.answers.get("dms_env"), None);
    }

    /// AllowGuideLinks = 0: the panel's plan and "Gå dertil" are refused with a code; nothing
    /// changes.
    #[test]
    fn guide_links_can_be_turned_off() {
        let t = with(&[("AllowGuideLinks", Raw::Dword(0))]);
        let link = "oces-wizard://v1/go?flow=dms&step=DMS-1";
        assert_eq!(
            setting(t.session.guide_plan(link)),
            (ErrorCode::PolicyGuideLinksOff, "AllowGuideLinks".into())
        );
        assert_eq!(
            code(t.session.guide_go(link, false)),
            ErrorCode::PolicyGuideLinksOff
        );
        assert_eq!(t.session.view().expect("view").view.flow, FlowId::Start);
        session()
            .session
            .guide_plan(link)
            .expect("default: links work");
    }

    /// AllowStoreInstall = 0: installing and removing old certificates are refused, and the
    /// install step no longer holds the flow up (IT installs).
    #[test]
    fn store_install_can_be_turned_off() {
        let t = with(&[("AllowStoreInstall", Raw::Dword(0))]);
        t.session.choose_flow("dms").expect("flow");
        assert_eq!(
            code(t.session.install_certificate(None, false)),
            ErrorCode::PolicyStoreInstallOff
        );
        assert_eq!(
            code(t.session.remove_old_store_certificate("00")),
            ErrorCode::PolicyStoreInstallOff
        );
        let w = t.session.snapshot().expect("state");
        assert!(w.rules.install_by_it);
        let mut state = WizardState::default();
        state.choose_flow(FlowId::Dms);
        state.rules = w.rules;
        let p = state.flows.entry(FlowId::Dms).or_default();
        p.current = "DMS-3".into();
        assert!(state.missing().is_empty(), "no install needed");
        state.rules.install_by_it = false;
        assert_eq!(state.missing(), vec!["fact.installed".to_string()]);
    }

    /// BackupRequired = 0 lets CUG-7 pass without a copy; the default holds it up.
    #[test]
    fn a_backup_can_be_made_optional() {
        for (required, want) in [(None, false), (Some(0), true)] {
            let t = match required {
                Some(v) => with(&[("BackupRequired", Raw::Dword(v))]),
                None => session(),
            };
            t.session.choose_flow("cug").expect("flow");
            let mut w = t.session.snapshot().expect("state");
            w.flows.entry(FlowId::Cug).or_default().current = "CUG-7".into();
            assert_eq!(w.missing().is_empty(), want, "BackupRequired={required:?}");
        }
    }

    /// BackupFolder: the backup goes there; another folder is refused.
    #[test]
    fn the_backup_folder_is_fixed() {
        let t = session();
        let fixed = t.dir.path().join("netdrive");
        std::fs::create_dir_all(&fixed).expect("dir");
        let t = TestSession {
            session: t.session.with_policy(policies(&[(
                "BackupFolder",
                Raw::Text(fixed.display().to_string()),
            )])),
            dir: t.dir,
        };
        assert_eq!(
            t.session.backup_dir("").expect("the policy's"),
            super::super::resolved(&fixed.display().to_string())
        );
        assert_eq!(
            setting(t.session.backup_dir(&t.home().display().to_string())),
            (ErrorCode::PolicyLocked, "BackupFolder".into())
        );
        t.session.choose_flow("cug").expect("flow");
        chosen_p12(&t, "pw");
        // IT's folder is not judged (here it is on the same disk as the file): IT chose it.
        let b = t
            .session
            .backup_file("", Some(crate::secret::Password::new("pw")), false)
            .expect("backed up");
        assert!(!b.result.same_disk);
        assert!(b
            .result
            .placed
            .path()
            .starts_with(super::super::resolved(&fixed.display().to_string())));
        assert_eq!(
            code(t.session.backup_file(
                &t.home().display().to_string(),
                Some(crate::secret::Password::new("pw")),
                true
            )),
            ErrorCode::PolicyLocked
        );
    }

    /// ExpiryWarningDays reaches the certificate step's findings.
    #[test]
    fn the_expiry_warning_days_reach_the_unlock_step() {
        let soon = |t: &TestSession| {
            t.session.choose_flow("dms").expect("flow");
            let scratch = t.dir.path().join("scratch");
            std::fs::create_dir_all(&scratch).expect("scratch");
            let issued = testkit::self_signed(&scratch, "leaf", "/CN=Udloeber snart", 40);
            let file = testkit::pkcs12(&scratch, "soon", &issued, None, "pw", &[]);
            t.session
                .choose_file(&file.display().to_string())
                .expect("chosen");
            let r = t
                .session
                .unlock_file(Some(crate::secret::Password::new("pw")))
                .expect("unlocked");
            let v = serde_json::to_value(&r.result).expect("json");
            v["inspection"]["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["code"] == "cert.expires_soon")
        };
        // 40 days left: within the default 60, not within 30.
        assert!(soon(&session()));
        assert!(!soon(&with(&[("ExpiryWarningDays", Raw::Dword(30))])));
    }
}
