//! The support report ("Get help") and the support view (a report or code read back).

use super::{now, Session};
use crate::error::UiError;
use crate::files::place;
use crate::i18n::Lang;
use crate::support::{self, CodeInfo, Machine, Report, StepLine};
use crate::wizard::{Screen, WizardState};
use serde::Serialize;

/// What the support view shows: the report or code, and each screen of the user's flow.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SupportShown<T> {
    /// The report or the decoded code.
    pub data: T,
    /// Every step of the user's flow with its status, decided here: the report's own lines, or
    /// what the code tells ([`support::code_steps`]).
    pub steps: Vec<StepLine>,
    /// Each step's screen with the user's answers (read-only in the view).
    pub screens: Vec<Screen>,
}

impl Session {
    /// The support report of the state as it is now, with this machine's description; with
    /// the log's last lines when `include_log` is true (off unless the user asks).
    pub fn report_with(&self, include_log: bool) -> Result<Report, UiError> {
        self.use_case("report_with", || {
            let mut r = self.report()?;
            if let (true, Some(p)) = (include_log, &self.paths) {
                support::attach_log(&mut r, &p.data_dir);
            }
            Ok(r)
        })
    }

    /// The support report of the state as it is now, with this machine's description.
    pub fn report(&self) -> Result<Report, UiError> {
        self.use_case("report", || {
            let state = self.snapshot()?;
            let machine = Machine {
                app_version: env!("CARGO_PKG_VERSION").into(),
                os: support::os_description(),
                language: self.language().0.code().into(),
            };
            Ok(support::report(&state, self.folders.as_ref(), machine))
        })
    }

    /// The support report exactly as it would be shared (text), in `lang` or the user's.
    pub fn support_report(
        &self,
        lang: Option<Lang>,
        include_log: Option<bool>,
    ) -> Result<String, UiError> {
        self.use_case("support_report", || {
            let r = self.report_with(include_log == Some(true))?;
            Ok(match lang {
                Some(l) => support::report_text_in(&r, l),
                None => support::report_text(&r),
            })
        })
    }

    /// Save the support report where the user chose: JSON for `.json`, text otherwise.
    pub fn save_support_report(
        &self,
        target: &str,
        include_log: Option<bool>,
    ) -> Result<String, UiError> {
        self.use_case("save_support_report", || {
            let r = self.report_with(include_log == Some(true))?;
            let target = place::checked_save_target(target, &["txt", "json"])?;
            let json = target
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let body = if json {
                serde_json::to_string_pretty(&r).map_err(|e| {
                    tracing::warn!(target: "oces_core::session", "the report could not be written as JSON: {e}");
                    UiError::internal()
                })?
            } else {
                support::report_text(&r)
            };
            place::write_new_file(&target, body.as_bytes())?;
            Ok(target.display().to_string())
        })
    }

    /// Save the support report as JSON on the Desktop (or in Documents, or the home folder),
    /// in one click and without a dialog; never overwriting. Returns where, home as `~`.
    pub fn save_support_report_desktop(
        &self,
        include_log: Option<bool>,
    ) -> Result<String, UiError> {
        self.use_case("save_support_report_desktop", || {
            let r = self.report_with(include_log == Some(true))?;
            let f = self.folders()?;
            let dir = [&f.desktop, &f.documents]
                .into_iter()
                .flatten()
                .find(|d| d.is_dir())
                .cloned()
                .unwrap_or_else(|| f.home.clone());
            let written = support::save_report_in(&dir, &r, now().date(), self.language().0)?;
            Ok(f.tilde(&written))
        })
    }

    /// Support view: open a saved support report.
    pub fn open_support_report(&self, path: &str) -> Result<SupportShown<Report>, UiError> {
        self.use_case("open_support_report", || {
            let data = support::load_report(std::path::Path::new(path.trim()))?;
            let screens = WizardState::screens(data.flow, &data.answers, data.certificate.as_ref());
            let steps = data.steps.clone();
            Ok(SupportShown {
                data,
                steps,
                screens,
            })
        })
    }

    /// Support view: read a support code.
    pub fn read_support_code(code: &str) -> Result<SupportShown<CodeInfo>, UiError> {
        let data = support::decode(code)?;
        let screens = WizardState::screens(data.flow, &Default::default(), None);
        let steps = support::code_steps(&data);
        Ok(SupportShown {
            data,
            steps,
            screens,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::error::ErrorCode;

    /// The report's code is the one the screen shows; saving never overwrites; the saved
    /// report and the code read back in the support view.
    #[test]
    fn report_save_and_read_back() {
        let t = session();
        let u = t.session.choose_flow("dms").expect("flow");
        let r = t.session.report().expect("report");
        assert_eq!(r.support_code, u.view.support_code);
        assert!(t
            .session
            .support_report(Some(Lang::En), None)
            .expect("text")
            .contains(&r.support_code));

        let target = t.dir.path().join("r.json");
        let target = target.display().to_string();
        t.session.save_support_report(&target, None).expect("saved");
        assert_eq!(
            code(t.session.save_support_report(&target, None)),
            ErrorCode::FileNameTaken
        );
        assert_eq!(
            code(
                t.session
                    .save_support_report(&format!("{target}.exe"), None)
            ),
            ErrorCode::FileTypeNotAllowed
        );
        let shown = t.session.open_support_report(&target).expect("opened");
        assert_eq!(shown.data.support_code, r.support_code);
        assert!(!shown.screens.is_empty());

        let read = Session::read_support_code(&r.support_code).expect("read");
        assert_eq!(read.data.flow, crate::flow::FlowId::Dms);
        assert_eq!(
            code(Session::read_support_code("XX")),
            ErrorCode::SupportCodeMalformed
        );
        assert_eq!(
            code(t.session.open_support_report(&not_a_report(&t))),
            ErrorCode::SupportReportUnreadable
        );

        let on_desktop = t
            .session
            .save_support_report_desktop(None)
            .expect("desktop");
        let home = if cfg!(windows) { "%USERPROFILE%" } else { "~" };
        assert!(on_desktop.starts_with(home), "{on_desktop}");
        assert_eq!(
            code(Session::load(None, None).save_support_report_desktop(None)),
            ErrorCode::DataDir
        );
    }
}
