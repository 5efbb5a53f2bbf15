//! Guide links and codes ([`crate::guide_link`]): what the panel shows, "Gå dertil", and what
//! the support view and `oces-wizard link` compose.

use super::{lock, Session, Updated};
use crate::error::UiError;
use crate::guide_link::{self, GuidePlan, GuideTarget};
use serde::Serialize;

/// A target as the helpdesk sends it: the link, the guide code when it fits, and why not.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename = "GuideComposed")]
pub struct Composed {
    /// The target, checked.
    pub target: GuideTarget,
    /// The guide link.
    pub link: String,
    /// The guide code, when the target fits in one.
    pub code: Option<String>,
    /// Why there is no guide code (`guide.not_speakable` and its keys).
    pub no_code: Option<UiError>,
}

impl Session {
    /// What a link or guide code would do with this user's progress; nothing is changed.
    pub fn guide_plan(&self, input: &str) -> Result<GuidePlan, UiError> {
        self.use_case("guide_plan", || {
            self.check_guide_links()?;
            let t = guide_link::parse(input)?;
            self.check_flow_allowed(t.flow)?;
            Ok(guide_link::plan(&self.snapshot()?, &t))
        })
    }

    /// "Gå dertil" (or, with `instead`, the step the panel offers first: the step to do first, or
    /// the unfinished step before it): read the same link or
    /// code again, open its step and fill the empty fields; its language, if any, is kept.
    pub fn guide_go(&self, input: &str, instead: bool) -> Result<Updated, UiError> {
        self.use_case("guide_go", || {
            self.check_guide_links()?;
            let t = guide_link::parse(input)?;
            self.check_flow_allowed(t.flow)?;
            if let Some(env) = t.env {
                if let Some(id) = t.flow.def().rules.env_answer {
                    self.check_answer_allowed(id, &crate::flow::Answer::Text(env.as_str().into()))?;
                }
            }
            let updated = self.update(|w| {
                guide_link::apply(w, &t, instead)?;
                Session::preset_environment(&self.policy, w);
                Ok(())
            })?;
            if let Some(lang) = t.lang {
                self.set_language(lang)?;
            }
            Ok(updated)
        })
    }

    /// A program's arguments (without the program's own name) reached the window: its own on
    /// a cold start, or a second start's, handed over by the first. A guide link among them is
    /// kept for the page (`guide_pending`), or why it is refused (it came with other
    /// arguments, as in the known handler bugs, or it is not a link of this grammar). Leading
    /// `--automation` arguments (WebKit's WebDriver adds one) are not counted. Nothing is read
    /// further and nothing changes: whether the user goes there is the user's click. Returns
    /// whether a link was found (the window then tells the page).
    pub fn guide_received<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> bool {
        let _step = self.log_step();
        let rest: Vec<&S> = args
            .iter()
            .skip_while(|a| a.as_ref() == "--automation")
            .collect();
        let Some(found) = guide_link::link_in_args(&rest) else {
            return false;
        };
        let kept = found.map(|_| {
            // A lone argument that reads as a link (the only case that gets here).
            rest[0].as_ref().to_string_lossy().into_owned()
        });
        match lock(&self.guide_inbox) {
            Ok(mut inbox) => {
                *inbox = Some(kept);
                true
            }
            Err(_) => false,
        }
    }

    /// What the panel shows for the link that reached the window, taken (it is shown once):
    /// none when no link came, its plan, or its coded refusal. Nothing is changed.
    pub fn guide_pending(&self) -> Result<Option<GuidePlan>, UiError> {
        self.use_case("guide_pending", || {
            let taken = lock(&self.guide_inbox)?.take();
            match taken {
                None => Ok(None),
                Some(Err(e)) => Err(e.into()),
                Some(Ok(link)) => self.guide_plan(&link).map(Some),
            }
        })
    }

    /// The link and code for a target given as `key=value` pairs (the support view, `link`).
    pub fn guide_compose(pairs: &[(String, String)]) -> Result<Composed, UiError> {
        let target = guide_link::from_pairs(pairs)?;
        Self::composed(target)
    }

    /// A link or code read back (`link --explain`), with its link and code.
    pub fn guide_explain(input: &str) -> Result<Composed, UiError> {
        Self::composed(guide_link::parse(input)?)
    }

    fn composed(target: GuideTarget) -> Result<Composed, UiError> {
        let (code, no_code) = match target.code() {
            Ok(c) => (Some(c), None),
            Err(e) => (None, Some(UiError::from(e))),
        };
        Ok(Composed {
            link: target.link(),
            target,
            code,
            no_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::error::ErrorCode;

    /// The panel's plan changes nothing; "Gå dertil" goes and saves; a hostile link changes
    /// nothing, the progress file included.
    #[test]
    fn plan_go_and_a_hostile_link() {
        let t = session();
        t.session.choose_flow("cug").expect("flow");
        let progress = t.dir.path().join("data").join("progress.json");
        let saved = std::fs::read(&progress).ok();
        let link = "oces-wizard://v1/go?flow=dms&step=DMS-1&env=test&lang=en";
        let plan = t.session.guide_plan(link).expect("plan");
        assert!(plan.reachable);
        assert_eq!(
            t.session.view().expect("view").view.flow,
            crate::flow::FlowId::Cug
        );
        assert_eq!(std::fs::read(&progress).ok(), saved, "a plan saves nothing");
        for hostile in [
            "oces-wizard://v1/go?flow=dms&step=DMS-1&file=%2Fetc%2Fpasswd",
            "oces-wizard://v9/go?flow=dms&step=DMS-1",
            "oces-wizard://v1/go?flow=dms&step=CUG-4",
        ] {
            assert!(code(t.session.guide_go(hostile, false))
                .as_str()
                .starts_with("guide."));
            assert_eq!(std::fs::read(&progress).ok(), saved, "{hostile}");
        }
        let u = t.session.guide_go(link, false).expect("go");
        assert_eq!(u.view.view.current, "DMS-1");
        assert_eq!(
            u.view.view.answers.get("dms_env"),
            Some(&crate::flow::Answer::Text("test".into()))
        );
        assert_eq!(t.session.language().0, crate::i18n::Lang::En);
    }

    /// A link among the window's arguments waits for the page, once; one that came with other
    /// arguments, or that is hostile, is refused when the page takes it; nothing is saved.
    #[test]
    fn a_link_in_the_arguments_waits_for_the_page() {
        let t = session();
        let progress = t.dir.path().join("data").join("progress.json");
        let saved = std::fs::read(&progress).ok();
        assert!(!t.session.guide_received(&["--automation"]));
        assert!(!t.session.guide_received::<&str>(&[]));
        assert_eq!(t.session.guide_pending().expect("nothing"), None);

        let link = "oces-wizard://v1/go?flow=dms&step=DMS-1&env=test";
        assert!(t.session.guide_received(&["--automation", link]));
        let plan = t.session.guide_pending().expect("a plan").expect("one");
        assert_eq!(plan.target.step, "DMS-1");
        assert_eq!(
            t.session.guide_pending().expect("taken"),
            None,
            "shown once"
        );

        assert!(t.session.guide_received(&[link, "--inspect-brk"]));
        assert_eq!(
            code(t.session.guide_pending()),
            ErrorCode::GuideExtraArguments
        );
        assert!(t
            .session
            .guide_received(&["oces-wizard://v1/go?flow=dms&step=DMS-1&file=%2Fetc%2Fpasswd"]));
        assert_eq!(code(t.session.guide_pending()), ErrorCode::GuideUnknownKey);
        assert_eq!(std::fs::read(&progress).ok(), saved, "nothing is saved");
        assert_eq!(t.session.view().expect("view").view.current, "START-1");
    }

    #[test]
    fn compose_and_explain() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let c = Session::guide_compose(&pairs(&[
            ("flow", "dms"),
            ("step", "DMS-6"),
            ("env", "test"),
            ("se", "12345678"),
        ]))
        .expect("composed");
        assert_eq!(
            c.link,
            "oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678"
        );
        let code = c.code.clone().expect("code");
        let back = Session::guide_explain(&code).expect("explained");
        assert_eq!(back.target, c.target);
        let ws = Session::guide_compose(&pairs(&[
            ("flow", "stil"),
            ("step", "STIL-6"),
            ("env", "test"),
            ("ws", "abc"),
        ]))
        .expect("composed");
        assert_eq!(ws.code, None);
        assert_eq!(
            ws.no_code.map(|e| e.code),
            Some(ErrorCode::GuideNotSpeakable)
        );
    }
}
