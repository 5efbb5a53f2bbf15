//! The wizard's own use cases: startup data, flows, answers, Next/Back, language, links.

use super::{lock, Desktop, Session, Updated, View};
use crate::error::{ErrorCode, UiError};
use crate::flow::{Answer, FlowDef, FlowId, Question, FINDER};
use crate::i18n::Lang;
use crate::saved_state;
use serde::Serialize;

/// Everything the window needs at start.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Startup {
    version: &'static str,
    os: crate::platform::Os,
    language: Lang,
    language_chosen: bool,
    flows: Vec<&'static FlowDef>,
    finder: &'static [Question],
    view: View,
    set_aside: Vec<String>,
    /// The saved progress is from a newer version of the app: left alone, not saved over.
    progress_newer: bool,
    /// The organisation's policies the screens honour (flows, locks, helpdesk, backup).
    policy: crate::policy::PolicyView,
}

impl Session {
    /// Everything the window needs at start (no secrets: progress and settings only).
    pub fn startup(&self) -> Result<Startup, UiError> {
        self.use_case("startup", || {
            let (language, language_chosen) = self.language();
            Ok(Startup {
                version: env!("CARGO_PKG_VERSION"),
                os: crate::platform::Os::current(),
                language,
                language_chosen,
                flows: FlowId::ALL.iter().map(|f| f.def()).collect(),
                finder: FINDER,
                view: self.view()?,
                set_aside: self.set_aside.clone(),
                progress_newer: self.progress_newer,
                policy: self.policy.view(),
            })
        })
    }

    /// Open a flow from START-1 by its name (`cug`, `dms`, …); the held password goes.
    pub fn choose_flow(&self, flow: &str) -> Result<Updated, UiError> {
        self.use_case("choose_flow", || {
            let flow = FlowId::parse(flow).ok_or_else(|| {
                UiError::new(ErrorCode::UnknownFlow, Default::default(), "no such flow")
            })?;
            self.check_flow_allowed(flow)?;
            self.forget_password();
            self.update(|w| {
                w.choose_flow(flow);
                Session::preset_environment(&self.policy, w);
                Ok(())
            })
        })
    }

    /// Record an answer on the current step.
    pub fn set_answer(&self, id: &str, value: Answer) -> Result<Updated, UiError> {
        self.use_case("set_answer", || {
            self.check_answer_allowed(id, &value)?;
            self.update(|w| Ok(w.set_answer(id, value)?))
        })
    }

    /// Next.
    pub fn advance(&self) -> Result<Updated, UiError> {
        self.use_case("advance", || {
            let moved = self.update(|w| Ok(w.advance()?))?;
            self.on_arrival(moved)
        })
    }

    /// After a move: a step whose page depends on the RID comparison (CUG-8: "Dit nye
    /// certifikat har et nyt RID-nummer" or "samme RID-nummer") gets it now, recorded in the
    /// flow's facts, so the page says the right thing from the start. A comparison that
    /// fails leaves the page as when nothing could be compared.
    /// CUG-9 gets its look into the browsers' stores the same way: with nothing there, the
    /// page of old certificates in the browsers is passed over.
    fn on_arrival(&self, moved: Updated) -> Result<Updated, UiError> {
        let (flow, code, rid, browsers) = {
            let w = lock(&self.wizard)?;
            let step = w.state.current_step();
            (
                w.state.active,
                step.code,
                crate::wizard::needs_rid_comparison(step),
                crate::wizard::needs_browsers_look(step),
            )
        };
        if browsers {
            let (found, failed) =
                crate::cert_stores::old_cug_in(&(self.stores)(self.folders.as_ref()));
            let clear = found.is_empty() && failed.is_empty();
            return self.update(|w| {
                if w.active == flow && w.current_step().code == code {
                    w.update_facts(|f| f.browsers_clear = Some(clear));
                }
                Ok(())
            });
        }
        if !rid {
            return Ok(moved);
        }
        let verdict = match self.rid_comparison() {
            Ok(check) => check.verdict(),
            Err(e) => {
                tracing::warn!(target: "oces_core::session", "the RID comparison failed: {}", e.message);
                crate::flow_facts::RidVerdict::Unknown
            }
        };
        self.update(|w| {
            if w.active == flow && w.current_step().code == code {
                w.update_facts(|f| f.rid = Some(verdict));
            }
            Ok(())
        })
    }

    /// "Gem og luk guiden" ([`crate::wizard::Primary::SaveClose`]): the progress is saved now,
    /// with the step on screen, so the next start opens here, and then the window closes. A
    /// save that failed keeps the window open: the update carries the warning. So does saved
    /// progress from a newer version of the app, which is never saved over
    /// ([`ErrorCode::ProgressNewer`]: the user is told why, and to update the guide), and a
    /// session without a data folder, which has nowhere to save ([`ErrorCode::ProgressNoFolder`]).
    pub fn save_and_close(&self, desktop: &dyn Desktop) -> Result<Updated, UiError> {
        self.use_case("save_and_close", || {
            let mut updated = self.update(|w| {
                w.save_and_close();
                Ok(())
            })?;
            if self.paths.is_none() {
                updated.warning = Some(UiError::new(
                    ErrorCode::ProgressNoFolder,
                    Default::default(),
                    "no folder to save the progress in: not saved",
                ));
            }
            if let Some(paths) = self.paths.as_ref().filter(|_| self.progress_newer) {
                let file = paths.progress_file();
                updated.warning = Some(UiError::new(
                    ErrorCode::ProgressNewer,
                    [("path", file.display().to_string())].into(),
                    "the saved progress is from a newer version of the app: not saved over",
                ));
            }
            if updated.warning.is_none() {
                tracing::info!(target: "oces_core::session", "saved; the guide closes");
                desktop.close();
            }
            Ok(updated)
        })
    }

    /// "Luk uden at gemme" ([`ErrorCode::ProgressNewer`], [`ErrorCode::ProgressNoFolder`]):
    /// after "Gem og luk guiden" could not save, and trying again cannot help (the newer
    /// version's progress is never saved over; with no folder there is nowhere to save), the
    /// window's way forward is to close without saving; the warning before it said what is
    /// lost. Nothing is written.
    pub fn close_unsaved(&self, desktop: &dyn Desktop) -> Result<(), UiError> {
        self.use_case("close_unsaved", || {
            tracing::info!(target: "oces_core::session", "closed without saving: the progress could not be saved");
            desktop.close();
            Ok(())
        })
    }

    /// Back.
    pub fn back(&self) -> Result<Updated, UiError> {
        self.use_case("back", || {
            let moved = self.update(|w| {
                w.back();
                Ok(())
            })?;
            self.on_arrival(moved)
        })
    }

    /// Jump to an unlocked step (from the stepper).
    pub fn goto_step(&self, code: &str) -> Result<Updated, UiError> {
        self.use_case("goto_step", || {
            let moved = self.update(|w| Ok(w.goto(code)?))?;
            self.on_arrival(moved)
        })
    }

    /// Forget everything and show START-1; the held password goes.
    pub fn start_over(&self) -> Result<Updated, UiError> {
        self.use_case("start_over", || {
            self.forget_password();
            self.update(|w| {
                w.start_over();
                Ok(())
            })
        })
    }

    /// Keep the user's language (saved with the settings).
    pub fn set_language(&self, language: Lang) -> Result<(), UiError> {
        self.use_case("set_language", || {
            let settings = {
                let mut s = lock(&self.settings)?;
                s.language = Some(language);
                s.clone()
            };
            match &self.paths {
                Some(p) => saved_state::save_settings(p, &settings).map_err(|e| {
                    tracing::warn!(target: "oces_core::session", "{e}");
                    UiError::from(e)
                }),
                None => Ok(()),
            }
        })
    }

    /// Open a link in the user's default browser: one of the fixed links of the flow tables,
    /// or a link the user pasted on the current step (`answer_id`: checked to be https first,
    /// and remembered only as "opened", never the link itself).
    pub fn open_link(
        &self,
        desktop: &dyn Desktop,
        url: &str,
        answer_id: Option<&str>,
    ) -> Result<Option<Updated>, UiError> {
        self.use_case("open_link", || {
            let target = match answer_id {
                Some(_) => crate::link::check_https_link(url)?,
                None => crate::link::known_link(url)?.to_string(),
            };
            desktop.open_url(&target).map_err(|e| {
                tracing::warn!(target: "oces_core::session", "opening the browser failed: {e}");
                UiError::from(crate::link::BrowserFailed)
            })?;
            match answer_id {
                Some(id) => Ok(Some(self.set_answer(id, Answer::Bool(true))?)),
                None => Ok(None),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn startup_has_the_flows_the_view_and_the_notice() {
        let t = session();
        let s = t.session.startup().expect("startup");
        let json = serde_json::to_value(&s).expect("json");
        assert_eq!(json["view"]["current"], "START-1");
        assert!(json["view"]["support_code"]
            .as_str()
            .is_some_and(|c| c.len() == 12));
        assert_eq!(json["flows"].as_array().map(Vec::len), Some(4));
        assert_eq!(json["progress_newer"], false);
        // No screen draws the installed browsers since CUG-2 was redesigned: they are not
        // looked for at start.
        assert!(json.get("browsers").is_none(), "{json}");
    }

    /// "Gem og luk guiden" on CUG-8 ("Nej, ikke endnu"): the progress is on disk before the
    /// window closes, and the next start opens on CUG-8 with the answer kept.
    #[test]
    fn save_and_close_saves_then_closes_and_the_next_start_opens_there() {
        use crate::wizard::Primary;
        let t = session();
        answer_cug8(&t, "not_yet");
        t.session.goto_step("CUG-8").expect("CUG-8");
        // CUG-8 opens on its login question (answered), with the page of what to do next
        // still to come: Next goes there, and there the button saves and closes.
        let v = t.session.view().expect("view").view;
        assert_eq!(v.page.as_ref().map(|p| p.number), Some(3));
        assert_eq!(v.primary, Primary::Next);
        let v = t.session.advance().expect("the last page").view.view;
        assert_eq!(v.page.as_ref().map(|p| p.number), Some(4));
        assert_eq!(v.primary, Primary::SaveClose);
        let desktop = FakeDesktop::default();
        let u = t.session.save_and_close(&desktop).expect("saved");
        assert!(u.warning.is_none());
        assert!(desktop.closed.get(), "the window closes");
        let again = Session::load(
            Some(crate::paths::AppPaths::in_dir(t.dir.path().join("data"))),
            None,
        );
        let v = again.view().expect("view").view;
        assert_eq!(v.flow, crate::flow::FlowId::Cug);
        assert_eq!(v.current, "CUG-8");
        assert_eq!(
            v.answers.get("cug_login"),
            Some(&crate::flow::Answer::Text("not_yet".into()))
        );
        // The page on screen is not saved: the step opens as when it is entered.
        assert_eq!(v.page.as_ref().map(|p| p.number), Some(3));
        let v = again.advance().expect("the last page").view.view;
        assert_eq!(v.primary, Primary::SaveClose);
        // A save that fails keeps the window open and says so.
        let t = session();
        answer_cug8(&t, "not_yet");
        t.session.goto_step("CUG-8").expect("CUG-8");
        let data = t.dir.path().join("data");
        std::fs::remove_dir_all(&data).expect("data folder");
        std::fs::write(&data, b"a file where the folder was").expect("blocker");
        let desktop = FakeDesktop::default();
        let u = t.session.save_and_close(&desktop).expect("answered");
        assert!(u.warning.is_some(), "not saved");
        assert!(!desktop.closed.get(), "the window stays open");
    }

    /// "Gem og luk guiden" with no data folder (none could be found or made at start): the
    /// window stays open and the update says that nothing was saved.
    #[test]
    fn save_and_close_without_a_data_folder_says_so_and_stays_open() {
        let s = Session::load(None, None);
        s.choose_flow("cug").expect("CUG");
        let desktop = FakeDesktop::default();
        let u = s.save_and_close(&desktop).expect("answered");
        assert!(!desktop.closed.get(), "the window stays open");
        assert_eq!(
            u.warning.expect("the user is told").code,
            ErrorCode::ProgressNoFolder
        );
    }

    /// "Gem og luk guiden" over saved progress from a newer version of the app (there at the
    /// start, or written by it while this window was open): nothing is saved over it, the
    /// window stays open, and the update says why and what to do.
    #[test]
    fn save_and_close_over_a_newer_versions_progress_says_so_and_stays_open() {
        let newer = br#"{"version": 2, "active": "teleport", "flows": {}}"#;
        // There at the start: this version starts fresh and leaves the file alone.
        let t = session();
        let file = crate::paths::AppPaths::in_dir(t.data()).progress_file();
        std::fs::create_dir_all(t.data()).expect("data");
        std::fs::write(&file, newer).expect("newer");
        let t = reloaded(t);
        assert!(t.session.progress_newer());
        answer_cug8(&t, "not_yet");
        t.session.goto_step("CUG-8").expect("CUG-8");
        let desktop = FakeDesktop::default();
        let u = t.session.save_and_close(&desktop).expect("answered");
        assert!(!desktop.closed.get(), "the window stays open");
        assert_eq!(std::fs::read(&file).expect("kept"), newer);
        let warning = u.warning.expect("the user is told");
        assert_eq!(warning.code, ErrorCode::ProgressNewer);
        // Written while the window was open: the same.
        let t = session();
        answer_cug8(&t, "not_yet");
        t.session.goto_step("CUG-8").expect("CUG-8");
        assert!(file_of(&t).exists(), "saved by this version");
        std::fs::write(file_of(&t), newer).expect("newer");
        let desktop = FakeDesktop::default();
        let u = t.session.save_and_close(&desktop).expect("answered");
        assert!(!desktop.closed.get(), "the window stays open");
        assert_eq!(std::fs::read(file_of(&t)).expect("kept"), newer);
        let warning = u.warning.expect("the user is told");
        assert_eq!(warning.code, ErrorCode::ProgressNewer);
    }

    /// "Luk uden at gemme", the way forward once "Gem og luk guiden" has failed for good
    /// (a newer version's progress, or no folder): the window closes, and nothing is written
    /// (the newer version's file keeps its bytes; the window offers it only then, and the
    /// core need not know why).
    #[test]
    fn close_unsaved_closes_and_writes_nothing() {
        let newer = br#"{"version": 2, "active": "teleport", "flows": {}}"#;
        let t = session();
        answer_cug8(&t, "not_yet");
        t.session.goto_step("CUG-8").expect("CUG-8");
        std::fs::write(file_of(&t), newer).expect("newer");
        let desktop = FakeDesktop::default();
        let u = t.session.save_and_close(&desktop).expect("answered");
        assert_eq!(u.warning.expect("told").code, ErrorCode::ProgressNewer);
        assert!(!desktop.closed.get());
        t.session.close_unsaved(&desktop).expect("closed");
        assert!(desktop.closed.get(), "the window closes");
        assert_eq!(std::fs::read(file_of(&t)).expect("kept"), newer);
        // With no folder too.
        let s = Session::load(None, None);
        s.choose_flow("cug").expect("CUG");
        let desktop = FakeDesktop::default();
        s.close_unsaved(&desktop).expect("closed");
        assert!(desktop.closed.get());
    }

    fn file_of(t: &TestSession) -> std::path::PathBuf {
        crate::paths::AppPaths::in_dir(t.data()).progress_file()
    }

    #[test]
    fn an_unknown_flow_is_said_so() {
        let t = session();
        assert_eq!(code(t.session.choose_flow("nope")), ErrorCode::UnknownFlow);
    }

    #[test]
    fn next_back_and_goto_say_why_not() {
        let t = session();
        t.session.choose_flow("cug").expect("flow");
        // CUG-1 has required ticks: Next is refused with the step's code.
        assert_eq!(code(t.session.advance()), ErrorCode::StepIncomplete);
        assert_eq!(code(t.session.goto_step("CUG-9")), ErrorCode::StepLocked);
        assert_eq!(code(t.session.goto_step("XYZ-1")), ErrorCode::UnknownStep);
        assert_eq!(
            code(t.session.set_answer("no_such", Answer::Bool(true))),
            ErrorCode::UnknownAnswer
        );
        let u = t.session.back().expect("back");
        assert_eq!(u.view.view.flow, FlowId::Start);
        let u = t.session.start_over().expect("start over");
        assert!(!u.view.view.resumable);
    }

    #[test]
    fn the_language_is_kept() {
        let t = session();
        t.session.set_language(Lang::En).expect("saved");
        assert_eq!(t.session.language(), (Lang::En, true));
        let again = Session::load(Some(crate::paths::AppPaths::in_dir(t.data())), None);
        assert_eq!(again.language(), (Lang::En, true));
    }

    #[test]
    fn links_are_checked_before_anything_opens() {
        let t = session();
        let d = FakeDesktop::default();
        assert_eq!(
            code(t.session.open_link(&d, "https://evil.example/", None)),
            ErrorCode::LinkUnknown
        );
        assert_eq!(
            code(t.session.open_link(&d, "http://x.example/", Some("any"))),
            ErrorCode::LinkNotHttps
        );
        assert!(d.opened.borrow().is_empty());
        let broken = FakeDesktop {
            broken: true,
            ..Default::default()
        };
        let known = crate::flow::FlowId::ALL
            .iter()
            .flat_map(|f| f.def().steps.iter())
            .flat_map(|s| s.blocks.iter())
            .find_map(|b| match &b.body {
                crate::flow::BlockBody::Link { url, .. } => Some(*url),
                _ => None,
            })
            .expect("the tables have links");
        assert_eq!(
            code(t.session.open_link(&broken, known, None)),
            ErrorCode::BrowserFailed
        );
        assert!(t
            .session
            .open_link(&d, known, None)
            .expect("opened")
            .is_none());
        assert_eq!(d.opened.borrow().as_slice(), [known.to_string()]);
    }
}
