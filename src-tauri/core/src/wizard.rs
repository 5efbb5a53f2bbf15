//! The wizard's state machine: where the user is, what is done, what is unlocked.
//!
//! Pure and synchronous: every operation takes the state and the flow tables of
//! [`crate::flow`] and returns a result; nothing here touches the disk. The session
//! ([`crate::session`]) keeps one [`WizardState`] behind a mutex and saves it (see
//! [`crate::saved_state`]) after each change; it also adds the support code ([`crate::support`]) to
//! the view it sends, so this module needs neither.
//!
//! Each flow keeps its own progress, so going back to START-1 and choosing the same flow again
//! continues where it was. Only non-secret answers are kept: ticks, choices, and the fact that a
//! pasted link was checked (never the link itself, which may carry a personal token).

use crate::error::{Coded, ErrorCode};
use crate::flow::{BlockBody, FlowDef, FlowId, Page, StepDef, StepKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::flow::Answer;
pub use crate::flow_facts::{CertFacts, ConnectionFacts, Facts, FindingFact, InstallFacts};
pub use crate::i18n::rfc3339;

/// How a step was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The step was completed.
    Done,
}

/// The completed steps of a saved file, keeping only the outcomes this version knows. Files
/// from versions that had placeholder screens hold `"skipped"` for an app step passed over
/// unbuilt: its work was never done, so the entry is dropped and the step is open again
/// (rather than the whole file being set aside as unreadable).
fn completed_from_file<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Outcome>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Known(Outcome),
        Other(serde::de::IgnoredAny),
    }
    let stored = BTreeMap::<String, Stored>::deserialize(d)?;
    Ok(stored
        .into_iter()
        .filter_map(|(code, o)| match o {
            Stored::Known(o) => Some((code, o)),
            Stored::Other(_) => None,
        })
        .collect())
}

/// An error the user met, kept for the support report (code and step only: an error's
/// parameters may hold names or paths, and are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorRecord {
    /// The error code (`cert.wrong_password`).
    pub code: String,
    /// The flow on screen when it happened.
    pub flow: FlowId,
    /// The step on screen when it happened.
    pub step: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// One step's screen as a given set of answers shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Screen {
    /// Step code.
    pub code: String,
    /// The step applies with these answers.
    pub applies: bool,
    /// Indices of the blocks that show.
    pub visible: Vec<usize>,
}

/// How many errors the state keeps.
pub const RECENT_ERRORS: usize = 10;

/// One flow's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowProgress {
    /// The step on screen.
    pub current: String,
    /// Steps left with Next, and how.
    #[serde(default, deserialize_with = "completed_from_file")]
    pub completed: BTreeMap<String, Outcome>,
    /// Answers by id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// What the app steps have done.
    #[serde(default)]
    pub facts: Facts,
    /// The page on screen of a step in pages ([`StepDef::pages`]): the step's code and the
    /// page's index, kept from the first answer on the step or the first Next or Back between
    /// its pages. Until then (and on another step) the step opens on [`opening_page`]. Not
    /// saved: the next start opens the step as when it is entered.
    #[serde(skip)]
    pub page: Option<(String, usize)>,
}

impl FlowProgress {
    /// A flow not started yet: on its first step, with the answers it starts with
    /// ([`crate::flow::FlowRules::presets`]).
    fn new(flow: FlowId) -> FlowProgress {
        let mut p = FlowProgress {
            current: flow.def().steps[0].code.to_string(),
            ..FlowProgress::default()
        };
        p.preset(flow.def());
        p
    }

    /// Give the answers the flow starts with that are missing (a new flow, or a state saved
    /// before the flow answered them itself).
    fn preset(&mut self, def: &FlowDef) {
        for &(id, value) in def.rules.presets {
            self.answers
                .entry(id.to_string())
                .or_insert_with(|| Answer::Text(value.to_string()));
        }
    }
}

/// The whole wizard: the active flow and every flow's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardState {
    /// Format version of the saved state.
    pub version: u32,
    /// The flow on screen (`Start` for START-1).
    pub active: FlowId,
    /// Progress per flow.
    #[serde(default)]
    pub flows: BTreeMap<FlowId, FlowProgress>,
    /// The last errors met, newest last (at most [`RECENT_ERRORS`]).
    #[serde(default)]
    pub recent_errors: Vec<ErrorRecord>,
    /// What the organisation's policies relax ([`crate::policy`]); never saved, set by the
    /// session from the policies in force.
    #[serde(skip)]
    pub rules: Rules,
}

/// Steps an organisation's policy lets the user pass without their result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// A backup copy is not required (`BackupRequired` = 0).
    pub backup_optional: bool,
    /// The app does not install into the stores (`AllowStoreInstall` = 0): IT does it.
    pub install_by_it: bool,
}

impl Default for WizardState {
    fn default() -> Self {
        WizardState {
            version: 1,
            active: FlowId::Start,
            flows: BTreeMap::new(),
            recent_errors: Vec::new(),
            rules: Rules::default(),
        }
    }
}

/// What went wrong with a wizard operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WizardError {
    /// The step code is not part of the active flow.
    #[error("step `{code}` is not part of this flow")]
    UnknownStep {
        /// The code asked for.
        code: String,
    },
    /// The step is not unlocked yet.
    #[error("step `{code}` cannot be opened before the steps before it are done")]
    StepLocked {
        /// The locked step.
        code: String,
    },
    /// Required answers are missing.
    #[error("step `{code}` still needs: {}", missing.join(", "))]
    StepIncomplete {
        /// The current step.
        code: String,
        /// Ids of the missing answers.
        missing: Vec<String>,
    },
    /// Required answers are missing on the page on screen of a step in pages.
    #[error("this page of step `{code}` still needs: {}", missing.join(", "))]
    PageIncomplete {
        /// The current step.
        code: String,
        /// Ids of the answers missing on the page.
        missing: Vec<String>,
    },
    /// The current step does not ask for this answer.
    #[error("this step has no question `{id}`")]
    UnknownAnswer {
        /// The id given.
        id: String,
    },
    /// Wrong type, or an option that does not exist.
    #[error("`{id}` cannot take that value")]
    BadAnswer {
        /// The id given.
        id: String,
    },
}

impl Coded for WizardError {
    fn code(&self) -> ErrorCode {
        match self {
            WizardError::UnknownStep { .. } => ErrorCode::UnknownStep,
            WizardError::StepLocked { .. } => ErrorCode::StepLocked,
            WizardError::StepIncomplete { missing, .. }
                if missing.iter().any(|m| Needed::names().any(|n| n == m)) =>
            {
                ErrorCode::StepNotDone
            }
            WizardError::StepIncomplete { .. } => ErrorCode::StepIncomplete,
            WizardError::PageIncomplete { .. } => ErrorCode::PageIncomplete,
            WizardError::UnknownAnswer { .. } => ErrorCode::UnknownAnswer,
            WizardError::BadAnswer { .. } => ErrorCode::BadAnswer,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            WizardError::UnknownStep { code } | WizardError::StepLocked { code } => {
                p.insert("step", code.clone());
            }
            WizardError::StepIncomplete { code, missing }
            | WizardError::PageIncomplete { code, missing } => {
                p.insert("step", code.clone());
                p.insert("count", missing.len().to_string());
            }
            WizardError::UnknownAnswer { id } | WizardError::BadAnswer { id } => {
                p.insert("id", id.clone());
            }
        }
        p
    }
}

/// Where a step stands, for the stepper and progress bar.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// On screen now.
    Current,
    /// Completed.
    Done,
    /// Can be opened.
    Open,
    /// Earlier steps must be done first.
    Locked,
    /// Does not apply given the answers so far.
    NotNeeded,
}

/// One entry of the stepper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepState {
    /// Step code.
    pub code: String,
    /// Where it stands.
    pub status: StepStatus,
}

/// Everything the UI needs to draw the current screen and the stepper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WizardView {
    /// The active flow.
    pub flow: FlowId,
    /// The current step code.
    pub current: String,
    /// Each step's status, in table order.
    pub steps: Vec<StepState>,
    /// Answers of the active flow.
    pub answers: BTreeMap<String, Answer>,
    /// What the active flow's app steps have done.
    pub facts: Facts,
    /// Ids of the required answers still missing on the current step, or on a step in pages
    /// on the page on screen (the others are asked on their own pages). They stay strings: an
    /// answer id is whatever the flow tables name (`dms_registered`, `cug_install_code`, …),
    /// an open set checked by the tables' own tests, not a closed list the types could carry.
    pub missing: Vec<String>,
    /// The result the current app step must still produce before Next goes on.
    pub needs: Option<Needed>,
    /// Indexes of the current step's blocks that are shown, given the answers so far.
    pub visible: Vec<usize>,
    /// "Trin 4 af 10": the current step's place in the flow and the flow's number of steps.
    /// The count is the same whatever the answers: a step that does not apply stays in the
    /// count and is shown as passed over, so the total never jumps.
    pub step_number: (usize, usize),
    /// Whether the user has made any progress worth resuming.
    pub resumable: bool,
    /// The Done screen's verdict: how the certificate was shown to work, or not.
    pub verdict: Verdict,
    /// Whether the certificate was shown to work ("Certifikatet virker").
    pub works: bool,
    /// What the footer's primary button does on this step (and says): decided here from the
    /// flow table and the answers, drawn by the window.
    pub primary: Primary,
    /// The page's own button is the primary one, and the footer's is drawn quiet: a composed
    /// text still to be sent is shown (CUG-8's e-mail: "Åbn i mailprogrammet" comes first),
    /// and its tick box "Jeg har sendt …" is not ticked yet
    /// ([`crate::flow::BlockBody::Generated`]'s `sent`); or a link to paste is asked for and
    /// not opened yet (CUG-2's "Åbn linket", [`crate::flow::BlockBody::LinkInput`]).
    pub primary_in_page: bool,
    /// What kind of answer the first missing one is, so the footer's hint fits the page
    /// ("Vælg et svar …" on a page of questions, "Sæt flueben …" only where there are boxes).
    pub missing_kind: Option<AnswerKind>,
    /// The page on screen of a step in pages (none for a step of one page).
    pub page: Option<PageView>,
    /// The gateway user DMS-6 shows filled in: the one kept in the keychain, else the one the
    /// portal shows for the loaded certificate (`CVR_…_UR_…`, from its portal user ID); none
    /// without either (then the user types it).
    pub gateway_user: Option<String>,
}

/// The page on screen of a step in pages ([`StepDef::pages`]), decided here from the flow
/// table and the answers; the window draws its blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageView {
    /// Its number (from 1) among the step's pages in the table.
    pub number: usize,
    /// How many pages the step has in the table (a page passed over still counts).
    pub count: usize,
    /// Indexes of its blocks that show, in table order.
    pub blocks: Vec<usize>,
    /// Whether a later page shows: then the primary button is Next, whatever the step's own.
    pub more: bool,
}

/// What the footer's primary button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Primary {
    /// "Næste": the step's work, then the next step.
    Next,
    /// The last step: finish the flow.
    Finish,
    /// "Gem og luk guiden": the user waits for something outside the guide (an account to be
    /// updated, a login that fails); the progress is saved, the guide closes, and the next
    /// start opens on this step ([`crate::flow::StepDef::closes_when`], or a paused last step).
    SaveClose,
}

/// The kind of a required answer, for the footer's hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// A tick box.
    Tick,
    /// A question with options.
    Choice,
    /// A field to fill in.
    Text,
}

/// How the certificate was shown to work: the connection test, or an answer the flow's table
/// counts ([`crate::flow::FlowRules::works_when`]; CUG: "I logged in"). The Done screen draws
/// it as `ui.done.<verdict>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The connection test passed.
    VerifiedTest,
    /// The connection test ran and failed.
    TestFailed,
    /// The user said they logged in with it.
    VerifiedLogin,
    /// The flow offers a connection test (DMS-7), and the user passed it over: the guide could
    /// have tested it and did not, which is not the same as "cannot test from here".
    TestSkipped,
    /// Neither: set up through the guide, not shown to work.
    NotVerified,
    /// A step before the last is not really done now (the step list does not tick it: the
    /// certificate was taken out of the keychain, the gateway password is gone), whatever a
    /// test said before: the Done screen says so and offers that step, never "it works".
    Unfinished,
}

impl Verdict {
    /// How the flow ended, for the Done screen's second line: a test that ran says how it
    /// went; otherwise an answer the table counts, or "through the guide".
    pub fn of(def: &FlowDef, p: &FlowProgress) -> Verdict {
        match &p.facts.connection {
            Some(c) if c.ok => Verdict::VerifiedTest,
            Some(_) => Verdict::TestFailed,
            None if works_by_answer(def, p) => Verdict::VerifiedLogin,
            None if def.rules.connection_test.is_some() => Verdict::TestSkipped,
            None => Verdict::NotVerified,
        }
    }
}

/// Whether the certificate was shown to work: the connection test passed, or an answer the
/// flow's table counts ([`crate::flow::FlowRules::works_when`]) was given.
pub fn works(def: &FlowDef, p: &FlowProgress) -> bool {
    p.facts.connection.as_ref().is_some_and(|c| c.ok) || works_by_answer(def, p)
}

fn works_by_answer(def: &FlowDef, p: &FlowProgress) -> bool {
    def.rules.works_when.iter().any(|g| g.holds(&p.answers))
}

impl WizardState {
    /// Keep an error the user met for the support report: its code (never its parameters,
    /// which may hold names or paths), the step on screen and the time; the oldest goes when
    /// more than [`RECENT_ERRORS`] are kept. The session keeps every error its use cases
    /// return ([`crate::session::Session`]); nothing else calls this.
    pub fn note_error(&mut self, code: ErrorCode, now: time::OffsetDateTime) {
        let at = rfc3339(now);
        self.recent_errors.push(ErrorRecord {
            code: code.as_str().to_string(),
            flow: self.active,
            step: self.current_step().code.to_string(),
            at,
        });
        let extra = self.recent_errors.len().saturating_sub(RECENT_ERRORS);
        self.recent_errors.drain(..extra);
    }

    /// For each step of a flow, which of its blocks show with these answers (the support view
    /// draws a user's screens read-only from a report or a code). `certificate` is what the
    /// report says of the certificate (a code says nothing of it).
    ///
    /// A report carries answers and the certificate, not what the user's window worked out
    /// on arrival (CUG-8's RID comparison). So a block that waits for such a fact is drawn
    /// only when the report tells it: CUG-8's RID field only when the report's certificate is
    /// known to lack the RID, the sentences that follow the comparison's verdict (the same
    /// RID, a new one, or "the guide cannot tell") never, since the desk cannot know which
    /// one the user reads. What waits only for the comparison not to have found the same RID
    /// (the e-mail to send, its tick box) is drawn, as the user sees it in every other case.
    pub fn screens(
        flow: FlowId,
        answers: &BTreeMap<String, Answer>,
        certificate: Option<&CertFacts>,
    ) -> Vec<Screen> {
        use crate::flow::Fact;
        // What the report says of a fact: Some(true/false), or None when it cannot tell.
        let told = |f: Fact| match f {
            Fact::CertRid => {
                certificate.map(|c| c.id.is_some() && c.id_type.as_deref() == Some("RID"))
            }
            // A report with a certificate tells it was loaded; one without cannot tell (a
            // page the guide did not understand is not in it).
            Fact::CertLoaded => certificate.map(|_| true),
            Fact::RidUnchanged | Fact::RidChanged | Fact::RidCompared | Fact::BrowsersClear => None,
        };
        let drawn = |b: &crate::flow::Block| {
            b.when.is_none_or(|c| holds(c.0, answers))
                // A certificate the report cannot tell of (a code) is drawn as loaded: the
                // e-mail to send and its tick box, as nearly every user sees them.
                && b.if_known
                    .is_none_or(|f| told(f).unwrap_or(f == Fact::CertLoaded))
                && b.unless_known.is_none_or(|f| match told(f) {
                    Some(known) => !known,
                    None => matches!(f, Fact::RidUnchanged | Fact::BrowsersClear),
                })
        };
        flow.def()
            .steps
            .iter()
            .map(|s| Screen {
                code: s.code.to_string(),
                applies: applies(s, answers),
                visible: s
                    .blocks
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| drawn(b))
                    .filter(|(_, b)| !matches!(b.body, BlockBody::Page { .. }))
                    .map(|(i, _)| i)
                    .collect(),
            })
            .collect()
    }

    fn progress_mut(&mut self, flow: FlowId) -> &mut FlowProgress {
        self.flows
            .entry(flow)
            .or_insert_with(|| FlowProgress::new(flow))
    }

    fn progress(&self, flow: FlowId) -> FlowProgress {
        self.flows
            .get(&flow)
            .cloned()
            .unwrap_or_else(|| FlowProgress::new(flow))
    }

    /// The step on screen.
    pub fn current_step(&self) -> &'static StepDef {
        let def = self.active.def();
        let p = self.progress(self.active);
        def.index_of(&p.current)
            .map(|i| &def.steps[i])
            .unwrap_or(&def.steps[0])
    }

    /// Open a flow from START-1 (continuing its progress if any).
    pub fn choose_flow(&mut self, flow: FlowId) {
        self.active = flow;
        if flow != FlowId::Start {
            self.progress_mut(flow).page = None;
        }
    }

    /// The active flow's facts.
    pub fn facts(&self) -> Facts {
        self.progress(self.active).facts
    }

    /// Change the active flow's facts (the app steps' results).
    pub fn update_facts(&mut self, f: impl FnOnce(&mut Facts)) {
        let flow = self.active;
        if flow != FlowId::Start {
            f(&mut self.progress_mut(flow).facts);
        }
    }

    /// Forget everything and show START-1.
    pub fn start_over(&mut self) {
        *self = WizardState {
            rules: self.rules,
            ..WizardState::default()
        };
    }

    /// Record an answer on the current step.
    pub fn set_answer(&mut self, id: &str, value: Answer) -> Result<(), WizardError> {
        let step = self.current_step();
        let body = step
            .blocks
            .iter()
            .map(|b| &b.body)
            .find(|b| answer_id(b) == Some(id))
            .ok_or_else(|| WizardError::UnknownAnswer { id: id.to_string() })?;
        let ok = match (body, &value) {
            (BlockBody::Check { .. }, Answer::Bool(_)) => true,
            (BlockBody::LinkInput { .. }, Answer::Bool(_)) => true,
            (BlockBody::Choice { options, .. }, Answer::Text(v)) => {
                options.iter().any(|o| o.value == v)
            }
            (BlockBody::TextInput { check, .. }, Answer::Text(v)) => !matches!(
                crate::ids::check_value(check, v),
                crate::ids::ValueCheck::Invalid
            ),
            _ => false,
        };
        if !ok {
            return Err(WizardError::BadAnswer { id: id.to_string() });
        }
        // The page on screen stays where it is while its questions are answered (the page
        // the step opens on depends on the answers).
        let at = self.page_at();
        let flow = self.active;
        let p = self.progress_mut(flow);
        p.page = Some((step.code.to_string(), at));
        p.answers.insert(id.to_string(), value);
        Ok(())
    }

    /// The index of the page on screen of the current step ([`StepDef::pages`]; 0 for a step
    /// of one page).
    pub fn page_at(&self) -> usize {
        page_on_screen(self.current_step(), &self.progress(self.active))
    }

    /// Show page `at` of the current step.
    fn show_page(&mut self, at: usize) {
        let code = self.current_step().code.to_string();
        let flow = self.active;
        self.progress_mut(flow).page = Some((code, at));
    }

    /// Next on a step in pages: the answers missing on the page on screen stop it (counted
    /// and named as this page's, [`WizardError::PageIncomplete`]); one missing on a page
    /// before (a step opened on a later page) takes the user there; otherwise the next page
    /// that shows. `Ok(false)` on the last page: the step itself is left.
    fn next_page(&mut self) -> Result<bool, WizardError> {
        let step = self.current_step();
        let p = self.progress(self.active);
        let pages = step.pages();
        if pages.len() < 2 {
            return Ok(false);
        }
        let at = page_on_screen(step, &p);
        let missing = page_missing(step, &pages[at], &p);
        if !missing.is_empty() {
            return Err(WizardError::PageIncomplete {
                code: step.code.to_string(),
                missing,
            });
        }
        let to = (0..at)
            .find(|&k| {
                page_shows(step, &pages[k], &p) && !page_missing(step, &pages[k], &p).is_empty()
            })
            .or_else(|| (at + 1..pages.len()).find(|&k| page_shows(step, &pages[k], &p)));
        match to {
            Some(k) => {
                self.show_page(k);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Back on a step in pages: the page before that shows; `false` on the first.
    fn previous_page(&mut self) -> bool {
        let step = self.current_step();
        let p = self.progress(self.active);
        let pages = step.pages();
        let at = page_on_screen(step, &p);
        match (0..at).rev().find(|&k| page_shows(step, &pages[k], &p)) {
            Some(k) => {
                self.show_page(k);
                true
            }
            None => false,
        }
    }

    /// The page on screen, as the view carries it (none for a step of one page).
    fn page_view(&self) -> Option<PageView> {
        let step = self.current_step();
        let p = self.progress(self.active);
        let pages = step.pages();
        if pages.len() < 2 {
            return None;
        }
        let at = page_on_screen(step, &p);
        Some(PageView {
            number: at + 1,
            count: pages.len(),
            blocks: pages[at]
                .blocks
                .clone()
                .filter(|&i| shown(&step.blocks[i], &p.answers, Some(&p.facts)))
                .collect(),
            more: (at + 1..pages.len()).any(|k| page_shows(step, &pages[k], &p)),
        })
    }

    /// Required answers missing on the current step (only blocks that are shown count), and
    /// for app steps the result they must produce (`fact.file`, `fact.certificate`, …).
    pub fn missing(&self) -> Vec<String> {
        missing_on(
            self.active.def(),
            self.current_step(),
            &self.progress(self.active),
            &self.rules,
        )
    }

    /// Ids of the required answers missing on the current step (none while an app step's
    /// result is still needed: that comes first).
    fn missing_answers(&self) -> Vec<String> {
        let step = self.current_step();
        let pages = step.pages();
        if pages.len() > 1 {
            let p = self.progress(self.active);
            return page_missing(step, &pages[page_on_screen(step, &p)], &p);
        }
        let mut missing = self.missing();
        missing.retain(|m| !Needed::names().any(|n| n == m));
        missing
    }

    /// Next: complete the current step and move to the next step that applies.
    ///
    /// A step needs its required answers (and an app step its facts). On the last step Next
    /// only records it as done.
    pub fn advance(&mut self) -> Result<(), WizardError> {
        let step = self.current_step();
        if self.active == FlowId::Start {
            return Ok(());
        }
        if self.next_page()? {
            return Ok(());
        }
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(WizardError::StepIncomplete {
                code: step.code.to_string(),
                missing,
            });
        }
        // A step that waits for something outside the guide is not left: its button saves and
        // closes ([`Primary::SaveClose`]), and the next start opens here.
        if closes(step, &self.progress(self.active).answers) {
            return Ok(());
        }
        let outcome = Outcome::Done;
        let flow = self.active;
        let def = flow.def();
        let p = self.progress_mut(flow);
        p.completed.insert(step.code.to_string(), outcome);
        let at = def.index_of(step.code).unwrap_or(0);
        if let Some(next) = def.steps[at + 1..].iter().find(|s| applies(s, &p.answers)) {
            p.current = next.code.to_string();
            p.page = None;
        }
        Ok(())
    }

    /// "Gem og luk guiden": nothing moves (the progress is saved by the session as after
    /// every change, and the next start opens on this step); a paused last step is recorded,
    /// as Next records a last step.
    pub fn save_and_close(&mut self) {
        let def = self.active.def();
        if def
            .steps
            .last()
            .is_some_and(|l| l.code == self.current_step().code)
        {
            let _ = self.advance();
        }
    }

    /// What the footer's primary button does on the current step.
    pub fn primary(&self) -> Primary {
        let def = self.active.def();
        let step = self.current_step();
        let answers = &self.progress(self.active).answers;
        let last = def.steps.last().is_some_and(|l| l.code == step.code);
        if self.page_view().is_some_and(|pg| pg.more) {
            // A later page of the step is still to come.
            Primary::Next
        } else if closes(step, answers)
            || (last && step.paused_when.is_some_and(|c| holds(c.0, answers)))
        {
            Primary::SaveClose
        } else if last {
            Primary::Finish
        } else {
            Primary::Next
        }
    }

    /// Next on every page of a step in pages and then on its last (what the user does to
    /// leave the step); [`WizardState::advance`] on a step of one page.
    #[cfg(test)]
    pub(crate) fn next_through_pages(&mut self) -> Result<(), WizardError> {
        while self.page_view().is_some_and(|pg| pg.more) {
            self.advance()?;
        }
        self.advance()
    }

    /// Whether the page's own button is the primary one ([`WizardView::primary_in_page`]).
    ///
    /// A field for a link to paste and open is shown on the page on screen and the guide has
    /// not opened a link from it yet (CUG-2 after "Nej": "Åbn linket" is the one way
    /// forward until the tool is open; Næste is drawn quiet). Or the step waits for something
    /// outside the guide (its button saves and closes), a composed text on the page on screen
    /// can be written (the RID is known, read or typed), and its "Jeg har sendt …" box is not
    /// ticked. Or the page on screen says the step cannot do this yet ([`BlockBody::NeedsStep`],
    /// CUG-8 with no certificate): "Gå til trin 5 …" leads. Or the last step while a step
    /// before it is not really done
    /// ([`Verdict::Unfinished`]): the way to that step ("Gå til trin 6 …") leads, and
    /// finishing is quiet (issue 26, DMS-8).
    pub fn primary_in_page(&self) -> bool {
        let p = self.progress(self.active);
        let step = self.current_step();
        if self.primary() == Primary::Finish && !self.needs_done(step.code) {
            return true;
        }
        let pages = step.pages();
        let on_screen = &step.blocks[pages[page_on_screen(step, &p)].blocks.clone()];
        let link_to_open = on_screen.iter().any(|b| match b.body {
            BlockBody::LinkInput { id, .. } => {
                shown(b, &p.answers, Some(&p.facts))
                    && p.answers.get(id) != Some(&Answer::Bool(true))
            }
            _ => false,
        });
        if link_to_open {
            return true;
        }
        // The step cannot do this yet (CUG-8 with no certificate): the way to the step that
        // produces what is missing leads ("Gå til trin 5 …").
        if on_screen.iter().any(|b| {
            matches!(b.body, BlockBody::NeedsStep { .. }) && shown(b, &p.answers, Some(&p.facts))
        }) {
            return true;
        }
        // A composed text is written from the RID: read from the file, or typed into the
        // step's RID field (the same rules as the letters use, `ids::typed_rid`).
        let rid = known(crate::flow::Fact::CertRid, &p.facts)
            || step.blocks.iter().any(|b| match b.body {
                BlockBody::TextInput {
                    id, check: "rid", ..
                } => matches!(p.answers.get(id),
                    Some(Answer::Text(t)) if crate::ids::typed_rid(t).is_some()),
                _ => false,
            });
        // The text must be on the page on screen (CUG-8's last page).
        rid && closes(step, &p.answers)
            && on_screen.iter().any(|b| match b.body {
                BlockBody::Generated { sent: Some(id), .. } => {
                    shown(b, &p.answers, Some(&p.facts))
                        && p.answers.get(id) != Some(&Answer::Bool(true))
                }
                _ => false,
            })
    }

    /// Back: the previous step that applies, or START-1 from a flow's first step.
    pub fn back(&mut self) {
        if self.active == FlowId::Start || self.previous_page() {
            return;
        }
        let flow = self.active;
        let def = flow.def();
        let at = def.index_of(self.current_step().code).unwrap_or(0);
        let p = self.progress_mut(flow);
        match def.steps[..at]
            .iter()
            .rev()
            .find(|s| applies(s, &p.answers))
        {
            Some(prev) => {
                p.current = prev.code.to_string();
                p.page = None;
            }
            None => self.active = FlowId::Start,
        }
    }

    /// Jump to an unlocked step of the active flow (from the stepper).
    pub fn goto(&mut self, code: &str) -> Result<(), WizardError> {
        let flow = self.active;
        let def = flow.def();
        let step =
            def.index_of(code)
                .map(|i| &def.steps[i])
                .ok_or_else(|| WizardError::UnknownStep {
                    code: code.to_string(),
                })?;
        let p = self.progress(flow);
        if !unlocked(def, step, &p) {
            return Err(WizardError::StepLocked {
                code: code.to_string(),
            });
        }
        let p = self.progress_mut(flow);
        if p.current != code {
            p.current = code.to_string();
            p.page = None;
        }
        Ok(())
    }

    /// Whether a step of the active flow can be opened.
    pub fn is_unlocked(&self, code: &str) -> bool {
        let def = self.active.def();
        let p = self.progress(self.active);
        def.index_of(code)
            .is_some_and(|i| unlocked(def, &def.steps[i], &p))
    }

    /// Whether a step of the active flow is really done: the step list ticks it (left with
    /// Next, nothing missing on it now, not paused, and the steps it needs really done too).
    pub fn is_done(&self, code: &str) -> bool {
        let def = self.active.def();
        let p = self.progress(self.active);
        def.index_of(code)
            .is_some_and(|i| really_done(def, &def.steps[i], &p, &self.rules))
    }

    /// Whether every step that a step of the active flow needs is really done (or does not
    /// apply): only then can the step itself be done. A step that can be opened while one it
    /// needs is not finished waits for it (DMS-5's message needs DMS-2's certificate).
    pub fn needs_done(&self, code: &str) -> bool {
        let def = self.active.def();
        let p = self.progress(self.active);
        def.index_of(code).is_some_and(|i| {
            def.steps[i].requires.iter().all(|r| {
                def.index_of(r).is_none_or(|j| {
                    let req = &def.steps[j];
                    !applies(req, &p.answers) || really_done(def, req, &p, &self.rules)
                })
            })
        })
    }

    /// True once any flow has any answer or completed step (an answer the flow starts with,
    /// [`crate::flow::FlowRules::presets`], is no progress of the user's).
    pub fn resumable(&self) -> bool {
        self.flows.iter().any(|(flow, p)| {
            let preset = |id: &String, a: &Answer| {
                flow.def()
                    .rules
                    .presets
                    .iter()
                    .any(|&(i, v)| i == id && *a == Answer::Text(v.to_string()))
            };
            !p.completed.is_empty() || p.answers.iter().any(|(id, a)| !preset(id, a))
        })
    }

    /// The view the UI draws.
    pub fn view(&self) -> WizardView {
        let def = self.active.def();
        let p = self.progress(self.active);
        let current = self.current_step().code;
        let steps: Vec<StepState> = def
            .steps
            .iter()
            .map(|s| {
                // The list ticks only what is really done: left with Next, with its answers
                // and results still there, after steps that are done too, and not the answer
                // that pauses the flow. A step that an answer pausing the flow rules out waits
                // for that answer to change (locked), it is not passed over.
                let st = if s.code == current {
                    StepStatus::Current
                } else if ruled_out(s, &p.answers) && !waits_for_pause(def, s, &p.answers) {
                    StepStatus::NotNeeded
                } else if really_done(def, s, &p, &self.rules) {
                    StepStatus::Done
                } else if unlocked(def, s, &p) {
                    StepStatus::Open
                } else {
                    StepStatus::Locked
                };
                StepState {
                    code: s.code.to_string(),
                    status: st,
                }
            })
            .collect();
        // The verdict follows the steps' real state (issue 26, DMS-8 said "Certifikatet virker"
        // with DMS-6 and DMS-7 unticked): every step the last one needs is really done.
        let finished = def.steps.last().is_some_and(|l| self.needs_done(l.code));
        WizardView {
            flow: self.active,
            current: current.to_string(),
            steps,
            answers: p.answers.clone(),
            facts: p.facts.clone(),
            missing: self.missing_answers(),
            needs: needs_on(def, self.current_step(), &p, &self.rules),
            visible: self
                .current_step()
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| shown(b, &p.answers, Some(&p.facts)))
                .filter(|(_, b)| !matches!(b.body, BlockBody::Page { .. }))
                .map(|(i, _)| i)
                .collect(),
            page: self.page_view(),
            step_number: (def.index_of(current).unwrap_or(0) + 1, def.steps.len()),
            resumable: self.resumable(),
            verdict: if finished {
                Verdict::of(def, &p)
            } else {
                Verdict::Unfinished
            },
            works: finished && works(def, &p),
            primary: self.primary(),
            primary_in_page: self.primary_in_page(),
            missing_kind: self.missing_answers().first().and_then(|id| {
                self.current_step()
                    .blocks
                    .iter()
                    .find(|b| answer_id(&b.body) == Some(id.as_str()))
                    .map(|b| match b.body {
                        BlockBody::Check { .. } => AnswerKind::Tick,
                        BlockBody::Choice { .. } => AnswerKind::Choice,
                        _ => AnswerKind::Text,
                    })
            }),
            gateway_user: p.facts.credentials.clone().or_else(|| {
                p.facts
                    .certificate
                    .as_ref()?
                    .gateway_user
                    .as_deref()
                    .and_then(crate::ids::registered_gateway_user)
            }),
        }
    }

    /// Drop whatever no longer matches the tables (a file from an older or newer version):
    /// unknown step codes, unknown answers; an unknown current step falls back to the first.
    pub fn sanitize(&mut self) {
        self.version = 1;
        for (flow, p) in self.flows.iter_mut() {
            let def = flow.def();
            p.completed.retain(|c, _| def.index_of(c).is_some());
            let ids: Vec<&str> = def
                .steps
                .iter()
                .flat_map(|s| s.blocks.iter().filter_map(|b| answer_id(&b.body)))
                .collect();
            p.answers.retain(|id, _| ids.contains(&id.as_str()));
            // A question an older version did not ask: answered as that version's user went on.
            for &(code, id, value) in def.rules.older_answers {
                let Some(step) = def.index_of(code).map(|i| &def.steps[i]) else {
                    continue;
                };
                let given = |a: &str| match p.answers.get(a) {
                    Some(Answer::Text(t)) => !t.trim().is_empty(),
                    Some(Answer::Bool(b)) => *b,
                    None => false,
                };
                let answered_on_step = step
                    .blocks
                    .iter()
                    .filter_map(|b| answer_id(&b.body))
                    .any(|a| a != id && given(a));
                if !p.answers.contains_key(id)
                    && (p.completed.contains_key(code) || answered_on_step)
                {
                    p.answers
                        .insert(id.to_string(), Answer::Text(value.to_string()));
                }
            }
            p.preset(def);
            if def.index_of(&p.current).is_none() {
                p.current = def.steps[0].code.to_string();
            }
        }
        self.flows.remove(&FlowId::Start);
    }
}

/// The result an app step must produce before Next goes on (the app does the work, not an
/// answer). The JSON keeps the `fact.*` names the window has always had.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Needed {
    /// A certificate file chosen.
    #[serde(rename = "fact.file")]
    File,
    /// The certificate read (unlocked).
    #[serde(rename = "fact.certificate")]
    Certificate,
    /// The file placed in `.oces`.
    #[serde(rename = "fact.placed")]
    Placed,
    /// The backup made.
    #[serde(rename = "fact.backup")]
    Backup,
    /// The handover logged.
    #[serde(rename = "fact.handover")]
    Handover,
    /// The connection tested.
    #[serde(rename = "fact.connection")]
    Connection,
    /// The certificate installed in the stores.
    #[serde(rename = "fact.installed")]
    Installed,
    /// The gateway credentials kept.
    #[serde(rename = "fact.credentials")]
    Credentials,
    /// The gateway user known.
    #[serde(rename = "fact.gateway_user")]
    GatewayUser,
}

impl Needed {
    const ALL: [Needed; 9] = [
        Needed::File,
        Needed::Certificate,
        Needed::Placed,
        Needed::Backup,
        Needed::Handover,
        Needed::Connection,
        Needed::Installed,
        Needed::Credentials,
        Needed::GatewayUser,
    ];

    fn names() -> impl Iterator<Item = &'static str> {
        Needed::ALL.into_iter().map(Needed::as_str)
    }
    /// The name it has in the JSON and in [`WizardState::missing`] (`fact.file`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Needed::File => "fact.file",
            Needed::Certificate => "fact.certificate",
            Needed::Placed => "fact.placed",
            Needed::Backup => "fact.backup",
            Needed::Handover => "fact.handover",
            Needed::Connection => "fact.connection",
            Needed::Installed => "fact.installed",
            Needed::Credentials => "fact.credentials",
            Needed::GatewayUser => "fact.gateway_user",
        }
    }
}

/// The result an app step `step` must still produce, if any.
fn needs_on(def: &FlowDef, step: &StepDef, p: &FlowProgress, rules: &Rules) -> Option<Needed> {
    match step.kind {
        StepKind::FindFile if p.facts.file.is_none() => Some(Needed::File),
        // A CUG file the reader cannot read goes on as it is (files::unreadable).
        StepKind::Unlock if p.facts.certificate.is_none() && p.facts.unreadable.is_none() => {
            Some(Needed::Certificate)
        }
        StepKind::LoadCertificate if p.facts.certificate.is_none() => Some(Needed::Certificate),
        StepKind::Place if p.facts.placed.is_none() => Some(Needed::Placed),
        StepKind::Backup if p.facts.backup.is_none() && !rules.backup_optional => {
            Some(Needed::Backup)
        }
        StepKind::SupportCase if p.facts.certificate.is_none() => Some(Needed::Certificate),
        StepKind::Handover if !p.facts.handover_logged && handover_required(def, &p.answers) => {
            Some(Needed::Handover)
        }
        // DMS-7: the guide gives no address to test, so the user may pass the test over (the
        // flow table names the tick box).
        StepKind::ConnectionTest
            if p.facts.connection.is_none()
                && !def
                    .rules
                    .connection_test
                    .and_then(|t| t.skip_answer)
                    .is_some_and(|id| p.answers.get(id) == Some(&Answer::Bool(true))) =>
        {
            Some(Needed::Connection)
        }
        StepKind::Install if p.facts.installed.is_none() && !rules.install_by_it => {
            Some(Needed::Installed)
        }
        StepKind::Credentials if p.facts.credentials.is_none() => Some(Needed::Credentials),
        StepKind::GatewayId
            if p.facts
                .certificate
                .as_ref()
                .and_then(|c| c.gateway_user.as_deref())
                .is_none_or(|g| !crate::ids::is_gateway_user(g)) =>
        {
            Some(Needed::GatewayUser)
        }
        _ => None,
    }
}

/// Required answers missing on `step` (only blocks that are shown count), and for app steps
/// the result they must produce (`fact.file`, `fact.certificate`, …).
fn missing_on(def: &FlowDef, step: &StepDef, p: &FlowProgress, rules: &Rules) -> Vec<String> {
    if let Some(n) = needs_on(def, step, p, rules) {
        return vec![n.as_str().to_string()];
    }
    missing_in(step.blocks, p)
}

/// Required answers missing among `blocks` (only blocks that are shown count).
fn missing_in(blocks: &[crate::flow::Block], p: &FlowProgress) -> Vec<String> {
    blocks
        .iter()
        .filter(|b| shown(b, &p.answers, Some(&p.facts)))
        .filter_map(|b| match b.body {
            BlockBody::Check {
                id, required: true, ..
            } => Some((id, &[][..])),
            BlockBody::Choice {
                id,
                required: true,
                options,
                ..
            } => Some((id, options)),
            BlockBody::TextInput {
                id, required: true, ..
            } => Some((id, &[][..])),
            _ => None,
        })
        .filter(|(id, options)| match p.answers.get(*id) {
            Some(Answer::Bool(b)) => !b,
            // "Ved ikke" is kept (it shows how to decide) but answers nothing.
            Some(Answer::Text(t)) => {
                t.is_empty() || options.iter().any(|o| !o.settles && o.value == t)
            }
            None => true,
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

/// Required answers missing on `page` of `step`.
fn page_missing(step: &StepDef, page: &Page, p: &FlowProgress) -> Vec<String> {
    missing_in(&step.blocks[page.blocks.clone()], p)
}

/// Whether `page` of `step` shows: something on it shows, and it is not passed over.
fn page_shows(step: &StepDef, page: &Page, p: &FlowProgress) -> bool {
    !page.skip_when.iter().any(|c| holds(c.0, &p.answers))
        && step.blocks[page.blocks.clone()]
            .iter()
            .any(|b| shown(b, &p.answers, Some(&p.facts)))
}

/// The page a step in pages opens on: the first that shows with an answer missing, or a
/// later one that already has an answer (coming back to the step, or sent there by a guide
/// link that filled a field); else the first. The tick box of a composed text ("Jeg har
/// sendt e-mailen") records something done, not an answer the page asks for: it does not
/// pull the opening forward (CUG-8 opens at the login question the next day, not at the
/// e-mail already sent).
pub fn opening_page(step: &StepDef, p: &FlowProgress) -> usize {
    let pages = step.pages();
    let sent_box = |id: &str| {
        step.blocks
            .iter()
            .any(|b| matches!(b.body, BlockBody::Generated { sent: Some(s), .. } if s == id))
    };
    let first = (0..pages.len())
        .find(|&k| page_shows(step, &pages[k], p) && !page_missing(step, &pages[k], p).is_empty())
        .unwrap_or(0);
    (first + 1..pages.len())
        .rev()
        .find(|&k| {
            page_shows(step, &pages[k], p)
                && step.blocks[pages[k].blocks.clone()].iter().any(|b| {
                    shown(b, &p.answers, Some(&p.facts))
                        && answer_id(&b.body).is_some_and(|id| {
                            p.answers.contains_key(id)
                                && !sent_box(id)
                                && (!preset(step, id, p) || p.completed.contains_key(step.code))
                        })
                })
        })
        .unwrap_or(first)
}

/// Whether answer `id` of `step` holds the value its flow starts with
/// ([`crate::flow::FlowRules::presets`]): the flow's, not the user's, so a step in pages not
/// done yet does not open on its page (STIL-1 opens on the environment, not on the kind of
/// certificate); once done, Back lands on its last page as on any step in pages.
fn preset(step: &StepDef, id: &str, p: &FlowProgress) -> bool {
    FlowId::ALL
        .iter()
        .map(|f| f.def())
        .filter(|d| d.index_of(step.code).is_some())
        .flat_map(|d| d.rules.presets)
        .any(|&(i, v)| i == id && p.answers.get(id) == Some(&Answer::Text(v.to_string())))
}

/// The page on screen of `step`: the one kept for it, else the one it opens on.
fn page_on_screen(step: &StepDef, p: &FlowProgress) -> usize {
    let count = step.pages().len();
    match &p.page {
        Some((code, at)) if code == step.code && *at < count => *at,
        _ => opening_page(step, p),
    }
}

/// The conditions that hold and hold the flow back: the last step's pause ("Nej, ikke endnu"
/// on an older saved state at CUG-10) and any step's closing condition (CUG-8's "Nej, ikke
/// endnu" and "Ja, men det virker ikke").
fn pauses_holding<'a>(
    def: &'a FlowDef,
    answers: &'a BTreeMap<String, Answer>,
) -> impl Iterator<Item = &'static [(&'static str, &'static str)]> + 'a {
    def.steps
        .last()
        .and_then(|s| s.paused_when)
        .into_iter()
        .chain(def.steps.iter().flat_map(|s| s.closes_when.iter().copied()))
        .map(|c| c.0)
        .filter(move |c| holds(c, answers))
}

/// Whether `step` waits for something outside the guide with these answers (its primary
/// button saves and closes).
fn closes(step: &StepDef, answers: &BTreeMap<String, Answer>) -> bool {
    step.closes_when.iter().any(|c| holds(c.0, answers))
}

/// Whether the flow is paused at `step`: the step itself waits (its own `closes_when` holds),
/// the last step's pause names an answer `step` asks for, or `step` is the last step while
/// the flow is paused. Such a step is not done while the pause holds. A step whose answer
/// only qualifies another step's wait is not paused by it (issue 26: STIL-3's "Nej, ikke
/// endnu" on the test route named STIL-1's `stil_env`, and the list marked the finished
/// STIL-1 "ikke færdig").
fn paused_by(def: &FlowDef, step: &StepDef, answers: &BTreeMap<String, Answer>) -> bool {
    let last = def.steps.last();
    if last.is_some_and(|l| l.code == step.code) {
        return pauses_holding(def, answers).next().is_some();
    }
    closes(step, answers)
        || last
            .and_then(|l| l.paused_when)
            .is_some_and(|cond| holds(cond.0, answers) && cond.0.iter().any(|(c, _)| asks(step, c)))
}

/// Whether `step` asks the question whose answer is `id`.
fn asks(step: &StepDef, id: &str) -> bool {
    step.blocks
        .iter()
        .filter_map(|b| answer_id(&b.body))
        .any(|a| a == id)
}

/// A step ruled out by an answer that pauses the flow (CUG-9 after "Nej, ikke endnu" or
/// "Ja, men det virker ikke"): it waits until that answer changes. The pausing answer is one
/// the waiting step asks for itself, or one the last step's pause names ([`paused_by`]'s
/// rule). An answer that only qualifies the wait is not one (issue 26: STIL-3's "Nej, ikke
/// endnu" on the OCES3 test route names STIL-1's `stil_gen`, and the list marked STIL-2,
/// which only the NemID route takes, "låst" instead of "springes over").
fn waits_for_pause(def: &FlowDef, step: &StepDef, answers: &BTreeMap<String, Answer>) -> bool {
    let Some(when) = step.when else {
        return false;
    };
    let last_pause = def
        .steps
        .last()
        .and_then(|l| l.paused_when)
        .filter(|c| holds(c.0, answers))
        .map(|c| c.0);
    when.0.iter().any(|(id, _)| {
        last_pause.is_some_and(|c| c.iter().any(|(p, _)| p == id))
            || def.steps.iter().any(|w| {
                asks(w, id)
                    && w.closes_when
                        .iter()
                        .any(|c| holds(c.0, answers) && c.0.iter().any(|(p, _)| p == id))
            })
    })
}

/// Left with Next, nothing missing on it now, not paused, and every step it needs is really
/// done (or does not apply).
fn really_done(def: &FlowDef, step: &StepDef, p: &FlowProgress, rules: &Rules) -> bool {
    p.completed.get(step.code) == Some(&Outcome::Done)
        && missing_on(def, step, p, rules).is_empty()
        && !paused_by(def, step, &p.answers)
        && step.requires.iter().all(|r| {
            def.index_of(r).is_none_or(|i| {
                let req = &def.steps[i];
                !applies(req, &p.answers) || really_done(def, req, p, rules)
            })
        })
}

/// Whether a `Handover` step needs a logged handover before Next: unless the flow's table
/// says when it is optional ([`crate::flow::FlowRules::handover_optional_when`]; STIL: for
/// OCES3, which has no temporary password to hand over).
pub fn handover_required(def: &FlowDef, answers: &BTreeMap<String, Answer>) -> bool {
    def.rules
        .handover_optional_when
        .is_none_or(|c| !holds(c.0, answers))
}

fn answer_id(body: &BlockBody) -> Option<&'static str> {
    match body {
        BlockBody::Check { id, .. }
        | BlockBody::Choice { id, .. }
        | BlockBody::LinkInput { id, .. }
        | BlockBody::TextInput { id, .. } => Some(id),
        _ => None,
    }
}

/// Whether a block shows: its condition on the answers holds, and what it waits to be found
/// out ([`crate::flow::Block::unless_known`]) is not known. With no facts at hand (the support
/// view draws a screen from a report, which carries none) such a block shows.
pub(crate) fn shown(
    b: &crate::flow::Block,
    answers: &BTreeMap<String, Answer>,
    facts: Option<&Facts>,
) -> bool {
    b.when.is_none_or(|c| holds(c.0, answers))
        && b.unless_known
            .is_none_or(|f| facts.is_none_or(|facts| !known(f, facts)))
        && b.if_known
            .is_none_or(|f| facts.is_some_and(|facts| known(f, facts)))
}

/// Whether the app steps have found out `fact`.
pub fn known(fact: crate::flow::Fact, facts: &Facts) -> bool {
    use crate::flow::Fact;
    use crate::flow_facts::RidVerdict;
    match fact {
        Fact::CertRid => facts
            .certificate
            .as_ref()
            .is_some_and(|c| c.id.is_some() && c.id_type.as_deref() == Some("RID")),
        Fact::CertLoaded => facts.certificate.is_some() || facts.unreadable.is_some(),
        Fact::RidUnchanged => facts.rid == Some(RidVerdict::Unchanged),
        Fact::RidChanged => facts.rid == Some(RidVerdict::Changed),
        Fact::RidCompared => matches!(facts.rid, Some(RidVerdict::Unchanged | RidVerdict::Changed)),
        Fact::BrowsersClear => facts.browsers_clear == Some(true),
    }
}

/// Whether a block of `step` waits for a look into the browsers' stores (CUG-9): the session
/// looks when the step opens, so a page with nothing to do there is passed over.
pub fn needs_browsers_look(step: &StepDef) -> bool {
    use crate::flow::Fact;
    step.blocks.iter().any(|b| {
        [b.unless_known, b.if_known]
            .into_iter()
            .flatten()
            .any(|f| f == Fact::BrowsersClear)
    })
}

/// Whether a block of `step` waits for the RID comparison (CUG-8): the session compares when
/// the step opens, so the page says the right thing from the start.
pub fn needs_rid_comparison(step: &StepDef) -> bool {
    use crate::flow::Fact;
    step.blocks.iter().any(|b| {
        [b.unless_known, b.if_known]
            .into_iter()
            .flatten()
            .any(|f| matches!(f, Fact::RidUnchanged | Fact::RidChanged | Fact::RidCompared))
    })
}

/// Whether every `(id, value)` of a condition holds. A value written `!v` holds while the
/// answer is anything but `v`, unanswered too (CUG-8's login button, gone after "Nej, ikke
/// endnu").
fn holds(cond: &[(&str, &str)], answers: &BTreeMap<String, Answer>) -> bool {
    cond.iter().all(|(id, v)| match v.strip_prefix('!') {
        Some(not) => !answers.get(*id).is_some_and(|a| answer_is(a, not)),
        None => answers.get(*id).is_some_and(|a| answer_is(a, v)),
    })
}

/// Whether an answer is `v`: a choice's value, or "true"/"false" for a tick box (so a block
/// can show once a box is ticked, such as CUG-8's note after "Jeg har sendt e-mailen").
fn answer_is(a: &Answer, v: &str) -> bool {
    match a {
        Answer::Text(t) => t == v,
        Answer::Bool(b) => v == if *b { "true" } else { "false" },
    }
}

/// An answer its condition reads is given and rules the step out (the condition can no longer
/// hold). A step whose condition is still open shows as locked, not as "not needed".
fn ruled_out(step: &StepDef, answers: &BTreeMap<String, Answer>) -> bool {
    step.when.is_some_and(|c| {
        c.0.iter()
            .any(|(id, v)| answers.get(*id).is_some_and(|a| !answer_is(a, v)))
    })
}

fn applies(step: &StepDef, answers: &BTreeMap<String, Answer>) -> bool {
    step.when.is_none_or(|c| holds(c.0, answers))
}

fn unlocked(def: &FlowDef, step: &StepDef, p: &FlowProgress) -> bool {
    if !applies(step, &p.answers) {
        return false;
    }
    step.requires.iter().all(|r| {
        p.completed.contains_key(*r)
            || def
                .index_of(r)
                .is_some_and(|i| !applies(&def.steps[i], &p.answers))
    })
}

/// The kinds of step a flow uses (for the UI's component map and its test).
pub fn kinds_in(def: &FlowDef) -> Vec<StepKind> {
    let mut v: Vec<StepKind> = def.steps.iter().map(|s| s.kind).collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Done screen's verdict, decided here from the flow table (it was worked out in
    /// Done.svelte): CUG's "I logged in" answers count, a connection test says how it went,
    /// and nothing else is "it works".
    #[test]
    fn the_done_verdict_comes_from_the_table() {
        let cug = FlowId::Cug.def();
        let dms = FlowId::Dms.def();
        let mut p = FlowProgress::default();
        assert_eq!(Verdict::of(cug, &p), Verdict::NotVerified);
        assert!(!works(cug, &p));
        p.answers
            .insert("cug_login".into(), Answer::Text("not_yet".into()));
        assert_eq!(Verdict::of(cug, &p), Verdict::NotVerified);
        p.answers
            .insert("cug_login".into(), Answer::Text("yes".into()));
        assert_eq!(Verdict::of(cug, &p), Verdict::VerifiedLogin);
        assert!(works(cug, &p));
        let mut p = FlowProgress::default();
        p.answers.insert("cug_login_ok".into(), Answer::Bool(true));
        assert_eq!(Verdict::of(cug, &p), Verdict::VerifiedLogin);
        // The same answer means nothing in a flow whose table does not name it; DMS offers a
        // connection test, and without one it was passed over (not "cannot test from here").
        assert_eq!(Verdict::of(dms, &p), Verdict::TestSkipped);
        assert!(!works(dms, &p));
        assert_eq!(
            Verdict::of(FlowId::Stil.def(), &FlowProgress::default()),
            Verdict::NotVerified
        );
        let tested = |ok| crate::flow_facts::ConnectionFacts {
            target: "https://gw.example:6384".into(),
            proxy: None,
            ok,
            stages: vec![],
            at: "2026-12-06T12:00:00Z".into(),
        };
        let mut p = FlowProgress::default();
        p.facts.connection = Some(tested(false));
        assert_eq!(Verdict::of(dms, &p), Verdict::TestFailed);
        assert!(!works(dms, &p));
        p.facts.connection = Some(tested(true));
        assert_eq!(Verdict::of(dms, &p), Verdict::VerifiedTest);
        assert!(works(dms, &p));
    }

    fn tick(w: &mut WizardState, id: &str) {
        w.set_answer(id, Answer::Bool(true)).expect("tick");
    }

    /// The CUG flow's first three steps, each ticked off (the flow already chosen).
    fn through_cug_3(w: &mut WizardState) {
        for id in ["cug_guide_email", "cug_install_code"] {
            tick(w, id);
        }
        w.next_through_pages().expect("CUG-1");
        pick(w, "cug_tool_seen", "yes");
        w.next_through_pages().expect("CUG-2");
        tick(w, "cug_saved");
        w.next_through_pages().expect("CUG-3");
    }

    /// DMS in test, steps 1–4 done with a certificate that names its portal user: at DMS-5.
    fn at_dms_5() -> WizardState {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        pick(&mut w, "dms_have_cert", "yes");
        pick(&mut w, "dms_env", "test");
        w.next_through_pages().expect("DMS-1");
        all_facts(&mut w);
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                gateway_user: Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157".into()),
                ..CertFacts::default()
            })
        });
        for _ in 0..3 {
            w.next_through_pages().expect("loaded, installed, user id");
        }
        assert_eq!(w.current_step().code, "DMS-5");
        w
    }

    fn pick(w: &mut WizardState, id: &str, v: &str) {
        w.set_answer(id, Answer::Text(v.into())).expect("pick");
    }

    /// What the app steps would have recorded.
    fn all_facts(w: &mut WizardState) {
        w.update_facts(|f| {
            f.file = Some("/home/u/Downloads/John Smith.html".into());
            f.certificate = Some(CertFacts::default());
            f.placed = Some("/home/u/.oces/John Smith.html".into());
            f.backup = Some("/media/usb/John Smith.html".into());
            f.connection = Some(ConnectionFacts::default());
            f.installed = Some(InstallFacts::default());
            f.credentials = Some("CVR_1_UI_x".into());
        });
    }

    #[test]
    fn text_answers_are_checked() {
        let mut s = WizardState::default();
        s.choose_flow(FlowId::Stil);
        let p = s.progress_mut(FlowId::Stil);
        p.current = "STIL-6".into();
        assert_eq!(
            s.set_answer("stil_ws_test", Answer::Text("ws 1".into())),
            Err(WizardError::BadAnswer {
                id: "stil_ws_test".into()
            }),
            "a wsBrugerId has no spaces"
        );
        s.set_answer("stil_ws_test", Answer::Text("ws-1".into()))
            .expect("fine");
        s.set_answer("stil_ws_test", Answer::Text(String::new()))
            .expect("emptied again: it is optional");
    }

    #[test]
    fn dms_4_needs_a_valid_gateway_user() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        pick(&mut w, "dms_have_cert", "yes");
        pick(&mut w, "dms_env", "test");
        w.next_through_pages().expect("DMS-1");
        all_facts(&mut w); // an OCES2-like certificate: no gateway user
        w.next_through_pages().expect("DMS-2");
        w.next_through_pages().expect("DMS-3 skipped");
        assert_eq!(w.current_step().code, "DMS-4");
        assert_eq!(w.missing(), vec!["fact.gateway_user".to_string()]);
        w.update_facts(|f| {
            if let Some(c) = f.certificate.as_mut() {
                c.gateway_user = Some("CVR_1_UI_x".into());
            }
        });
        assert!(
            w.next_through_pages().is_err(),
            "a malformed id does not count"
        );
        w.update_facts(|f| {
            if let Some(c) = f.certificate.as_mut() {
                c.gateway_user =
                    Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157".into());
            }
        });
        w.next_through_pages().expect("DMS-4");
        // DMS-6 shows the gateway user filled in from the certificate, and once kept, the
        // kept one.
        w.update_facts(|f| f.credentials = None);
        assert_eq!(
            w.view().gateway_user.as_deref(),
            Some("CVR_25313763_UR_175a859d-ed76-45af-828f-3a69691a7157")
        );
        w.update_facts(|f| f.credentials = Some("CVR_25313763_UR_other".into()));
        assert_eq!(
            w.view().gateway_user.as_deref(),
            Some("CVR_25313763_UR_other")
        );
    }

    /// A file saved by a version with placeholder screens holds `"skipped"` for an app step
    /// passed over unbuilt: it loads, that step is open again, and the done steps stay done.
    #[test]
    fn a_skipped_step_from_an_older_file_is_open_again() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        let saved = serde_json::to_string(&w).expect("json");
        assert!(saved.contains("\"CUG-3\":\"done\""), "{saved}");
        let old = saved.replace("\"CUG-3\":\"done\"", "\"CUG-3\":\"skipped\"");
        let loaded: WizardState = serde_json::from_str(&old).expect("an older file loads");
        let completed = &loaded.progress(FlowId::Cug).completed;
        assert_eq!(completed.get("CUG-3"), None);
        assert_eq!(completed.get("CUG-2"), Some(&Outcome::Done));
    }

    /// The view says what an app step still needs as a closed type, apart from the missing
    /// answers, and the JSON names stay the `fact.*` ones the window has always had.
    #[test]
    fn the_view_types_what_an_app_step_needs() {
        use strum::VariantArray;
        for n in Needed::VARIANTS {
            assert_eq!(serde_json::to_value(n).expect("json"), n.as_str());
            assert!(Needed::ALL.contains(n), "{n:?}");
        }
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        assert_eq!(w.current_step().code, "CUG-4");
        let v = w.view();
        assert_eq!(v.needs, Some(Needed::File));
        assert!(v.missing.is_empty(), "{:?}", v.missing);
        assert_eq!(w.missing(), vec!["fact.file".to_string()]);
        let json = serde_json::to_value(&v).expect("json");
        assert_eq!(json["needs"], "fact.file");
        w.update_facts(|f| f.file = Some("/x".into()));
        assert_eq!(w.view().needs, None);
        // A step with a required answer: the answer's id, and nothing needed from the app.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let v = w.view();
        assert_eq!(v.needs, None);
        assert!(!v.missing.is_empty());
        assert_eq!(v.missing, w.missing());
    }

    #[test]
    fn app_steps_wait_for_their_result() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        w.update_facts(|f| f.file = Some("/x".into())); // allowed on any step of the flow
        w.update_facts(|f| f.file = None);
        through_cug_3(&mut w);
        for (code, fact) in [
            ("CUG-4", "fact.file"),
            ("CUG-5", "fact.certificate"),
            ("CUG-6", "fact.placed"),
            ("CUG-7", "fact.backup"),
        ] {
            assert_eq!(w.current_step().code, code);
            assert_eq!(w.missing(), vec![fact.to_string()]);
            let err = w.next_through_pages().expect_err("waits");
            assert_eq!(
                err.code(),
                ErrorCode::StepNotDone,
                "{code} waits for {fact}"
            );
            match fact {
                "fact.file" => w.update_facts(|f| f.file = Some("/x".into())),
                "fact.certificate" => {
                    w.update_facts(|f| f.certificate = Some(CertFacts::default()))
                }
                "fact.placed" => w.update_facts(|f| f.placed = Some("/y".into())),
                _ => w.update_facts(|f| f.backup = Some("/z".into())),
            }
            w.next_through_pages().expect("done now");
            assert_eq!(
                w.progress(FlowId::Cug).completed.get(code),
                Some(&Outcome::Done),
                "an app step with its facts is done"
            );
        }
        let saved = serde_json::to_string(&w).expect("json");
        assert!(
            saved.contains("\"placed\":\"/y\""),
            "facts are saved for resume"
        );
    }

    /// CUG-1 to CUG-8 with the facts in place, replacing a certificate as a user, on the
    /// page of the login question.
    fn cug_to_8_replacing(w: &mut WizardState) {
        w.choose_flow(FlowId::Cug);
        through_cug_3(w);
        all_facts(w);
        for _ in 4..=7 {
            w.next_through_pages().expect("facts are there");
        }
        assert_eq!(w.current_step().code, "CUG-8");
        pick(w, "cug_account", "replacing");
        w.advance().expect("the role's page");
        pick(w, "cug_role", "user");
        w.advance().expect("the login question's page");
        assert_eq!(w.view().page.map(|p| p.number), Some(3));
    }

    #[test]
    fn cug_9_waits_for_a_login_with_the_new_certificate() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        assert_eq!(
            w.missing(),
            vec!["cug_login".to_string()],
            "replacing: the login question must be answered"
        );
        assert_eq!(w.view().missing_kind, Some(AnswerKind::Choice));
        assert_eq!(w.view().primary, Primary::Next);
        assert!(!w.is_unlocked("CUG-9"));
        pick(&mut w, "cug_login", "not_yet");
        let shown: Vec<_> = w
            .view()
            .visible
            .iter()
            .map(|i| w.current_step().blocks[*i].body)
            .collect();
        assert!(
            shown.contains(&BlockBody::Note {
                text: "cug8.login_wait_unsure",
                tone: crate::flow::Tone::Info
            }),
            "not yet (nothing compared here: the guide cannot tell): one calm note says why \
             the old certificate stays"
        );
        // Waiting: on the page after the question's the button saves and closes, and Next
        // does not leave the step, so the next start opens here.
        assert_eq!(w.view().primary, Primary::Next, "a page still to come");
        w.advance().expect("the page of what to send");
        assert_eq!(w.view().primary, Primary::SaveClose);
        w.next_through_pages().expect("no error");
        w.save_and_close();
        assert_eq!(
            w.current_step().code,
            "CUG-8",
            "no removal before a working login"
        );
        assert!(!w.is_unlocked("CUG-9"));
        assert!(!w.is_unlocked("CUG-10"));
        assert_eq!(
            w.goto("CUG-9"),
            Err(WizardError::StepLocked {
                code: "CUG-9".into()
            })
        );
        // The saved progress opens on CUG-8 with the answers.
        let saved: WizardState =
            serde_json::from_str(&serde_json::to_string(&w).expect("json")).expect("loads");
        assert_eq!(saved.current_step().code, "CUG-8");
        let mut last = saved.clone();
        last.next_through_pages().expect("no error");
        assert_eq!(last.view().primary, Primary::SaveClose);
        // The next day: the login works now.
        let mut w = saved;
        pick(&mut w, "cug_login", "yes");
        assert_eq!(w.view().primary, Primary::Next);
        w.next_through_pages().expect("CUG-8");
        assert_eq!(w.current_step().code, "CUG-9");
    }

    /// CUG-9 does two jobs, one page each, in order: first the old certificate files are
    /// moved out of the login box's folder (Næste does it), then the old certificates in the
    /// browsers are removed; each page names the one part of the step's screen it shows, the
    /// first page's button is Næste to the second, Back goes from the second to the first,
    /// and Next on the second leaves the step.
    #[test]
    fn cug_9_moves_the_files_then_clears_the_browsers_one_page_each() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_login", "yes");
        w.next_through_pages().expect("CUG-8");
        assert_eq!(w.current_step().code, "CUG-9");
        let part_on_screen = |w: &WizardState| -> Vec<&'static str> {
            let page = w.view().page.expect("CUG-9 is in pages");
            page.blocks
                .iter()
                .map(|i| match w.current_step().blocks[*i].body {
                    BlockBody::Part { name } => name,
                    ref b => panic!("not a part: {b:?}"),
                })
                .collect()
        };
        assert_eq!(part_on_screen(&w), ["archive"]);
        let v = w.view();
        assert_eq!((v.page.as_ref().map(|p| (p.number, p.count))), Some((1, 2)));
        assert_eq!(v.primary, Primary::Next);
        w.advance().expect("to the browsers");
        assert_eq!(w.current_step().code, "CUG-9");
        assert_eq!(part_on_screen(&w), ["old_in_browsers"]);
        w.back();
        assert_eq!(part_on_screen(&w), ["archive"]);
        w.advance().expect("to the browsers");
        w.advance().expect("leaves the step");
        assert_eq!(w.current_step().code, "CUG-10");
    }

    /// CUG-9 when the look into the browsers on arrival found nothing there: one page (the
    /// files'), whose Næste leaves the step; no second page saying "nothing to do". Found
    /// something, or not looked (the support view, an older saved state): both pages.
    #[test]
    fn cug_9_has_no_browsers_page_when_the_browsers_are_clear() {
        for (clear, pages) in [(Some(true), 1), (Some(false), 2), (None, 2)] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            pick(&mut w, "cug_login", "yes");
            w.next_through_pages().expect("CUG-8");
            assert_eq!(w.current_step().code, "CUG-9");
            w.update_facts(|f| f.browsers_clear = clear);
            let v = w.view();
            assert_eq!(
                v.page.as_ref().map(|p| p.more),
                Some(pages == 2),
                "{clear:?}"
            );
            assert_eq!(v.primary, Primary::Next, "{clear:?}");
            w.advance().expect("Næste");
            let to = if pages == 2 { "CUG-9" } else { "CUG-10" };
            assert_eq!(w.current_step().code, to, "{clear:?}");
        }
    }

    /// "Ja, men det virker ikke": what to check and whom to write to, the e-mail to send, and
    /// the button that saves and closes; CUG-9 waits (locked, not passed over).
    #[test]
    fn cug_8_a_login_that_fails_shows_what_to_check_and_saves_and_closes() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_role", "security_admin");
        pick(&mut w, "cug_login", "fails");
        // Next: the page of what to check and what to send.
        w.advance().expect("the last page");
        let v = w.view();
        let shown: Vec<_> = v
            .visible
            .iter()
            .map(|i| w.current_step().blocks[*i].body)
            .collect();
        for key in ["cug8.fails_intro", "cug8.fails_contact"] {
            assert!(
                shown.iter().any(|b| matches!(b,
                    BlockBody::Para { text } | BlockBody::Note { text, .. } if *text == key)),
                "{key} is shown"
            );
        }
        assert!(shown.contains(&BlockBody::Steps {
            items: &["cug8.fails_choose", "cug8.fails_password"]
        }));
        assert!(shown.contains(&BlockBody::Copy {
            label: "copy.dkmanet_email",
            value: "dkmanet@dkma.dk"
        }));
        assert!(shown.iter().any(|b| matches!(
            b,
            BlockBody::Generated {
                what: "dkma_rid_email",
                ..
            }
        )));
        assert_eq!(v.primary, Primary::SaveClose);
        w.next_through_pages().expect("no error");
        assert_eq!(w.current_step().code, "CUG-8");
        assert!(
            !w.view().works,
            "a failing login is not a working certificate"
        );
        let st = statuses(&w);
        assert_eq!(st["CUG-9"], StepStatus::Locked, "waits, not passed over");
        assert_eq!(st["CUG-10"], StepStatus::Locked);
    }

    /// The certificate's RID, as CUG-5 reads it from the file.
    fn with_rid(w: &mut WizardState) {
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                id_type: Some("RID".into()),
                id: Some("1234567890123".into()),
                ..Default::default()
            })
        });
    }

    /// The body of each block CUG-8 shows now.
    fn shown_now(w: &WizardState) -> Vec<BlockBody> {
        w.view()
            .visible
            .iter()
            .map(|i| w.current_step().blocks[*i].body)
            .collect()
    }

    /// Next through a step's pages to its last (CUG-8's page of what to send).
    fn to_last_page(w: &mut WizardState) {
        while w.page_view().is_some_and(|pg| pg.more) {
            w.advance().expect("the next page");
        }
    }

    /// CUG-8's page of what to send: the e-mail's own button is the page's primary one, and
    /// "Gem og luk guiden" becomes primary only once "Jeg har sendt e-mailen" is ticked; the
    /// Security Administrator's message for a CU/CA user works the same way.
    #[test]
    fn cug_8_the_email_button_is_primary_until_it_is_sent() {
        use crate::flow_facts::RidVerdict;
        for (role, sent) in [
            ("security_admin", "cug_email_sent"),
            ("user", "cug_message_sent"),
        ] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            with_rid(&mut w);
            w.update_facts(|f| f.rid = Some(RidVerdict::Changed));
            pick(&mut w, "cug_role", role);
            pick(&mut w, "cug_login", "not_yet");
            to_last_page(&mut w);
            let v = w.view();
            assert_eq!(v.primary, Primary::SaveClose);
            assert!(v.primary_in_page, "{role}: the text's button first");
            assert!(shown_now(&w).contains(&crate::flow::check(
                sent,
                match role {
                    "user" => "cug8.message_sent",
                    _ => "cug8.email_sent",
                }
            )));
            tick(&mut w, sent);
            let v = w.view();
            assert!(
                !v.primary_in_page,
                "{role}: sent, the footer's button again"
            );
            assert_eq!(v.primary, Primary::SaveClose);
            // The login fails: the same page of what to send, again led by the text's button
            // until it is ticked.
            w.set_answer(sent, Answer::Bool(false)).expect("untick");
            pick(&mut w, "cug_login", "fails");
            assert!(w.view().primary_in_page, "{role}: fails, not sent yet");
            // The login works: nothing to send, Næste is the primary button (though the
            // untaken text is still in the table's view).
            pick(&mut w, "cug_login", "yes");
            assert!(!w.view().primary_in_page, "{role}: it works");
            assert_eq!(w.view().primary, Primary::Next);
        }
        // No RID to write the text with (a page the guide could not read, nothing typed):
        // no text, so no button to lead; the footer's button does.
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_login", "not_yet");
        to_last_page(&mut w);
        assert!(!w.view().primary_in_page, "nothing to send yet");
        pick(&mut w, "cug_rid", "1234567890123");
        assert!(w.view().primary_in_page, "the typed RID writes the text");
        // A new user (no login question, Næste goes on): the message is one more thing on
        // the page, and Næste stays the primary button.
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_account", "new");
        assert_eq!(w.view().primary, Primary::Next);
        assert!(!w.view().primary_in_page);
    }

    /// CUG-8 with the same RID and "Nej, ikke endnu": there is nothing to check or send, so
    /// the page of what to send is passed over. The login question's page is the last: it
    /// says to log in now (and what the button does), and its button saves and closes; no
    /// later page repeats "log in now" (the loop the screens showed). A new RID, or one the
    /// guide cannot tell, still has the page of what to send; the login failing with the same
    /// RID still has the page of checks.
    #[test]
    fn cug_8_same_rid_and_not_yet_has_no_page_of_what_to_send() {
        use crate::flow_facts::RidVerdict;
        let same_wait = BlockBody::Note {
            text: "cug8.login_wait_same",
            tone: crate::flow::Tone::Info,
        };
        for role in ["security_admin", "user"] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            with_rid(&mut w);
            w.update_facts(|f| f.rid = Some(RidVerdict::Unchanged));
            pick(&mut w, "cug_role", role);
            pick(&mut w, "cug_login", "not_yet");
            let pg = w.view().page.expect("in pages");
            assert_eq!(pg.number, 3, "{role}: the login question");
            assert!(!pg.more, "{role}: no page after the login question");
            assert_eq!(w.view().primary, Primary::SaveClose, "{role}");
            assert!(!w.view().primary_in_page, "{role}");
            assert!(shown_now(&w).contains(&same_wait), "{role}");
            // Næste (here "Gem og luk guiden") does not move on to another page.
            w.advance().expect("save and close");
            assert_eq!(w.view().page.map(|p| p.number), Some(3), "{role}");
            assert_eq!(w.current_step().code, "CUG-8");
            // The login fails with the same RID: the page of checks is still there.
            pick(&mut w, "cug_login", "fails");
            assert!(w.view().page.expect("pages").more, "{role}: fails");
            to_last_page(&mut w);
            assert!(
                shown_now(&w).contains(&BlockBody::Para {
                    text: "cug8.rid_same"
                }),
                "{role}: fails"
            );
        }
        for verdict in [Some(RidVerdict::Changed), Some(RidVerdict::Unknown), None] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            with_rid(&mut w);
            w.update_facts(|f| f.rid = verdict);
            pick(&mut w, "cug_login", "not_yet");
            assert!(w.view().page.expect("pages").more, "{verdict:?}");
            assert_eq!(w.view().primary, Primary::Next, "{verdict:?}");
        }
        for lang in ["da", "en"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../../ui/src/i18n/{lang}.json"));
            let texts: BTreeMap<String, String> =
                serde_json::from_str(&std::fs::read_to_string(path).expect("locale file"))
                    .expect("json");
            let said = &texts["cug8.login_wait_same"];
            assert!(said.contains(&texts["ui.save_close"]), "{lang}: {said}");
        }
    }

    /// The sentence that opens CUG-8's page of what to send follows the RID comparison made
    /// on arrival: a new RID ("Dit nye certifikat har fået et nyt RID-nummer"), the same RID
    /// (nothing to send: no e-mail, no tick, and the login question says to try now), or the
    /// guide cannot tell (send it to be safe).
    #[test]
    fn cug_8_says_what_the_rid_comparison_found() {
        use crate::flow_facts::RidVerdict;
        let para = |text| BlockBody::Para { text };
        for (verdict, lead, email) in [
            (Some(RidVerdict::Changed), "cug8.replacing_sa", true),
            (Some(RidVerdict::Unknown), "cug8.replacing_sa_unsure", true),
            (None, "cug8.replacing_sa_unsure", true),
            (Some(RidVerdict::Unchanged), "cug8.rid_same", false),
        ] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            with_rid(&mut w);
            w.update_facts(|f| f.rid = verdict);
            pick(&mut w, "cug_role", "security_admin");
            // The same RID has a page of what to send only when the login fails
            // (`cug_8_same_rid_and_not_yet_has_no_page_of_what_to_send`).
            let login = if email { "not_yet" } else { "fails" };
            pick(&mut w, "cug_login", login);
            to_last_page(&mut w);
            let shown = shown_now(&w);
            let leads: Vec<_> = [
                "cug8.replacing_sa",
                "cug8.replacing_sa_unsure",
                "cug8.replacing_user",
                "cug8.replacing_user_unsure",
                "cug8.rid_same",
            ]
            .into_iter()
            .filter(|k| shown.contains(&para(k)))
            .collect();
            assert_eq!(leads, [lead], "{verdict:?}");
            let has_email = shown.iter().any(|b| {
                matches!(
                    b,
                    BlockBody::Generated {
                        what: "dkma_rid_email",
                        ..
                    }
                )
            });
            assert_eq!(has_email, email, "{verdict:?}");
            assert_eq!(w.view().primary_in_page, email, "{verdict:?}");
        }
        // A CU/CA user: the same for the message to the Security Administrator.
        for (verdict, lead) in [
            (RidVerdict::Changed, "cug8.replacing_user"),
            (RidVerdict::Unknown, "cug8.replacing_user_unsure"),
            (RidVerdict::Unchanged, "cug8.rid_same"),
        ] {
            let mut w = WizardState::default();
            cug_to_8_replacing(&mut w);
            w.update_facts(|f| f.rid = Some(verdict));
            let same = verdict == RidVerdict::Unchanged;
            pick(&mut w, "cug_login", if same { "fails" } else { "not_yet" });
            let shown = shown_now(&w);
            assert!(shown.contains(&para(lead)), "{verdict:?}");
            let message = shown.iter().any(|b| {
                matches!(
                    b,
                    BlockBody::Generated {
                        what: "sa_message",
                        ..
                    }
                )
            });
            assert_eq!(message, verdict != RidVerdict::Unchanged, "{verdict:?}");
        }
        // A certificate at hand but no comparison: the page as when the guide cannot tell.
        // With no facts at hand nothing is known, not even a certificate: no e-mail is drawn,
        // so the sentence says what will be sent, not "the e-mail below" (issue 26).
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_role", "security_admin");
        let step = w.current_step();
        let answers = &w.progress(FlowId::Cug).answers;
        let loaded = Facts {
            certificate: Some(crate::flow_facts::CertFacts::default()),
            ..Default::default()
        };
        for (facts, lead) in [
            (Some(&loaded), "cug8.replacing_sa_unsure"),
            (None, "cug8.replacing_sa_no_cert"),
        ] {
            let drawn: Vec<_> = step
                .blocks
                .iter()
                .filter(|b| shown(b, answers, facts))
                .map(|b| b.body)
                .collect();
            assert!(drawn.contains(&para(lead)), "{lead}");
            for other in [
                "cug8.replacing_sa_unsure",
                "cug8.replacing_sa_no_cert",
                "cug8.replacing_sa",
                "cug8.rid_same",
            ] {
                assert!(other == lead || !drawn.contains(&para(other)), "{other}");
            }
        }
    }

    #[test]
    fn stil_4_handover_is_an_oces2_step_and_passed_over_for_oces3() {
        for (generation, applies) in [("oces2", true), ("oces3", false)] {
            let mut w = WizardState::default();
            w.choose_flow(FlowId::Stil);
            pick(&mut w, "stil_env", "production");
            pick(&mut w, "stil_gen", generation);
            w.next_through_pages().expect("STIL-1");
            let has = if applies {
                "stil_ordered"
            } else {
                "stil_has_cert"
            };
            pick(&mut w, has, "yes");
            w.next_through_pages().expect("STIL-3");
            if applies {
                assert_eq!(w.current_step().code, "STIL-4");
                assert_eq!(w.missing(), vec!["fact.handover".to_string()]);
                assert!(
                    w.next_through_pages().is_err(),
                    "OCES2: a logged receipt first"
                );
                w.update_facts(|f| f.handover_logged = true);
                w.next_through_pages().expect("STIL-4");
            } else {
                // OCES3: no temporary password, so no "Overdrag den midlertidige adgangskode".
                assert!(!w.is_unlocked("STIL-4"));
                assert!(w
                    .view()
                    .steps
                    .iter()
                    .any(|s| s.code == "STIL-4" && s.status == StepStatus::NotNeeded));
            }
            assert_eq!(w.current_step().code, "STIL-5");
        }
    }

    /// DMS-7: the guide names the phase "Testing network connection DMS" but no address, so the
    /// test can be passed over with the tick "dms7.skip"; without it, Next waits for a test.
    #[test]
    fn dms_7_connection_test_can_be_passed_over() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        let p = w.progress_mut(FlowId::Dms);
        for code in ["DMS-1", "DMS-2", "DMS-3", "DMS-4", "DMS-5", "DMS-6"] {
            p.completed.insert(code.into(), Outcome::Done);
        }
        p.current = "DMS-7".into();
        assert_eq!(w.missing(), vec!["fact.connection".to_string()]);
        assert!(w.next_through_pages().is_err());
        tick(&mut w, "dms_test_skipped");
        assert!(w.missing().is_empty());
        w.next_through_pages().expect("passed over");
        assert_eq!(w.current_step().code, "DMS-8");
    }

    /// STIL-3 asks whether the certificate is there, it does not make the user tick "bestilt"
    /// to go on (issue 26): on the test route the test certificate's way comes first and the
    /// production portal's button is not there; "Nej, ikke endnu" shows what to do (a question
    /// to copy, STIL's service desk) and the button saves and closes, on every route, until
    /// the answer is "Ja".
    #[test]
    fn stil_3_asks_and_waits_instead_of_a_forced_tick() {
        let shown_bodies = |w: &WizardState| -> Vec<BlockBody> {
            w.view()
                .visible
                .iter()
                .map(|i| w.current_step().blocks[*i].body)
                .collect()
        };
        for (env, gen, id) in [
            ("test", "oces3", "stil_has_cert"),
            ("production", "oces3", "stil_has_cert"),
            ("production", "oces2", "stil_ordered"),
        ] {
            let mut w = WizardState::default();
            w.choose_flow(FlowId::Stil);
            pick(&mut w, "stil_env", env);
            pick(&mut w, "stil_gen", gen);
            w.next_through_pages().expect("STIL-1");
            assert_eq!(w.current_step().code, "STIL-3");
            let shown = shown_bodies(&w);
            assert!(
                !shown
                    .iter()
                    .any(|b| matches!(b, BlockBody::Check { required: true, .. })),
                "{env} {gen}: no tick to force: {shown:?}"
            );
            assert!(
                shown
                    .iter()
                    .any(|b| matches!(b, BlockBody::Choice { id: x, .. } if *x == id)),
                "{env} {gen}: the question"
            );
            assert_eq!(w.missing(), vec![id.to_string()], "{env} {gen}");
            let production_link = shown.iter().position(
                |b| matches!(b, BlockBody::Link { url, .. } if url.contains("mitid-erhverv")),
            );
            if env == "test" {
                assert_eq!(production_link, None, "test: no production button");
                assert!(
                    matches!(
                        shown[0],
                        BlockBody::Para {
                            text: "stil3.oces3_test"
                        }
                    ),
                    "test: the test certificate first: {shown:?}"
                );
            }
            // Not yet: what to do, and the button saves and closes; the step is not done.
            pick(&mut w, id, "not_yet");
            assert_eq!(w.view().primary, Primary::SaveClose, "{env} {gen}");
            let shown = shown_bodies(&w);
            if env == "test" {
                assert!(shown.contains(&BlockBody::Copy {
                    label: "stil3.test_question",
                    value: "Hvor bestiller vi et OCES3-testcertifikat til Integrationsplatformen?",
                }));
                let desk = shown.iter().position(
                    |b| matches!(b, BlockBody::Link { url, .. } if url.contains("jira.stil.dk")),
                );
                assert!(desk.is_some(), "STIL's service desk: {shown:?}");
                assert_eq!(
                    shown
                        .iter()
                        .filter(|b| matches!(b, BlockBody::Link { .. }))
                        .count(),
                    1,
                    "one button to open, STIL's: {shown:?}"
                );
            } else {
                assert!(
                    shown.iter().any(|b| matches!(
                        b,
                        BlockBody::Note {
                            text: "stil3.production_wait" | "stil3.ordered_wait",
                            ..
                        }
                    )),
                    "{env} {gen}: what to do: {shown:?}"
                );
            }
            w.next_through_pages().expect("no error");
            w.save_and_close();
            assert_eq!(w.current_step().code, "STIL-3", "{env} {gen}: waits here");
            assert!(!w.is_unlocked("STIL-5"), "{env} {gen}");
            // Back with it: Ja goes on.
            pick(&mut w, id, "yes");
            assert_eq!(w.view().primary, Primary::Next);
            w.next_through_pages().expect("STIL-3");
            assert_ne!(w.current_step().code, "STIL-3");
        }
    }

    #[test]
    fn stil_5_asks_for_the_activation_on_the_nemid_path() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        pick(&mut w, "stil_env", "test");
        pick(&mut w, "stil_gen", "oces2");
        w.next_through_pages().expect("STIL-1");
        tick(&mut w, "stil_employee_sig");
        w.next_through_pages().expect("STIL-2");
        pick(&mut w, "stil_ordered", "yes");
        w.next_through_pages().expect("STIL-3");
        w.update_facts(|f| f.handover_logged = true);
        w.next_through_pages().expect("STIL-4");
        assert_eq!(w.current_step().code, "STIL-5");
        w.update_facts(|f| f.certificate = Some(CertFacts::default()));
        assert_eq!(
            w.missing(),
            vec!["stil_activated".to_string()],
            "the mail from Nets DanID and the temporary password come first"
        );
        tick(&mut w, "stil_activated");
        w.next_through_pages().expect("STIL-5");
    }

    /// STIL-7 with no certificate (saved progress, STIL-5 not done on this PC): no case to
    /// write, so "Gå til trin 5" leads and Næste is quiet, as on CUG-8 (s19 review: Næste was
    /// blue beside an outlined "Gå til trin 5"). With the certificate, Næste leads.
    #[test]
    fn stil_7_without_a_certificate_leads_to_its_step() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        w.progress_mut(FlowId::Stil).current = "STIL-7".into();
        assert_eq!(w.current_step().code, "STIL-7");
        assert!(
            w.view().primary_in_page,
            "no certificate: the way to STIL-5 is the primary button"
        );
        w.update_facts(|f| f.certificate = Some(CertFacts::default()));
        assert!(
            !w.view().primary_in_page,
            "the case can be written: Næste is the primary button"
        );
    }

    #[test]
    fn stil_6_asks_only_for_the_chosen_environments_ws_bruger_id() {
        for (env, shown, hidden) in [
            ("test", "stil_ws_test", "stil_ws_prod"),
            ("production", "stil_ws_prod", "stil_ws_test"),
        ] {
            let mut answers = BTreeMap::new();
            answers.insert("stil_env".to_string(), Answer::Text(env.into()));
            answers.insert("stil_has_login".to_string(), Answer::Text("yes".into()));
            let s6 = WizardState::screens(FlowId::Stil, &answers, None)
                .into_iter()
                .find(|s| s.code == "STIL-6")
                .expect("STIL-6");
            let def = &FlowId::Stil.def().steps[FlowId::Stil.def().index_of("STIL-6").expect("6")];
            let ids: Vec<_> = s6
                .visible
                .iter()
                .filter_map(|i| answer_id(&def.blocks[*i].body))
                .collect();
            assert!(
                ids.contains(&shown) && !ids.contains(&hidden),
                "{env}: {ids:?}"
            );
        }
    }

    /// STIL-6 asks whether the company has a system login on tilslutning.stil.dk (issue 26:
    /// "Det forudsætter, at I har oprettet et systemlogin … Har I ikke det …" left who had
    /// none at a dead end). The question first; "Nej, ikke endnu" says where it is made, the
    /// button saves and closes and the step waits; "Ja" shows where the user ID is, and its
    /// field. A state saved before the question was asked opens on "Ja" when STIL-6 was left
    /// with Next or its field was filled, and asks otherwise.
    #[test]
    fn stil_6_asks_for_the_system_login_and_waits() {
        let shown_bodies = |w: &WizardState| -> Vec<BlockBody> {
            w.view()
                .visible
                .iter()
                .map(|i| w.current_step().blocks[*i].body)
                .collect()
        };
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        pick(&mut w, "stil_env", "test");
        pick(&mut w, "stil_gen", "oces3");
        w.next_through_pages().expect("STIL-1");
        pick(&mut w, "stil_has_cert", "yes");
        w.next_through_pages().expect("STIL-3");
        w.update_facts(|f| f.certificate = Some(CertFacts::default()));
        w.next_through_pages().expect("STIL-5");
        assert_eq!(w.current_step().code, "STIL-6");
        let fresh = w.clone();
        assert_eq!(w.missing(), vec!["stil_has_login".to_string()]);
        let shown = shown_bodies(&w);
        let question = shown.iter().position(|b| {
            matches!(
                b,
                BlockBody::Choice {
                    id: "stil_has_login",
                    ..
                }
            )
        });
        assert_eq!(
            question,
            Some(1),
            "the question right after the intro: {shown:?}"
        );
        assert!(
            !shown
                .iter()
                .any(|b| matches!(b, BlockBody::TextInput { .. })),
            "no field before the answer: {shown:?}"
        );
        // Not yet: where it is made, the button saves and closes, the step waits.
        pick(&mut w, "stil_has_login", "not_yet");
        assert_eq!(w.view().primary, Primary::SaveClose);
        let shown = shown_bodies(&w);
        let wait = shown
            .iter()
            .position(|b| {
                *b == BlockBody::Note {
                    text: "stil6.login_wait",
                    tone: crate::flow::Tone::Info,
                }
            })
            .expect("what to do");
        let site = shown
            .iter()
            .position(
                |b| matches!(b, BlockBody::Link { url, .. } if url.contains("tilslutning.stil.dk")),
            )
            .expect("the site");
        // The site's button, the numbered steps, then the wait (issue 26: as after "Ja").
        assert!(site < wait, "{shown:?}");
        w.next_through_pages().expect("no error");
        w.save_and_close();
        assert_eq!(w.current_step().code, "STIL-6");
        assert!(!w.is_unlocked("STIL-7"));
        // Ja: the steps and the field for this environment, and Next goes on.
        pick(&mut w, "stil_has_login", "yes");
        assert_eq!(w.view().primary, Primary::Next);
        assert!(shown_bodies(&w).iter().any(|b| matches!(
            b,
            BlockBody::TextInput {
                id: "stil_ws_test",
                ..
            }
        )));
        w.next_through_pages().expect("STIL-6");
        assert_eq!(w.current_step().code, "STIL-7");
        // A state saved by an older version, which did not ask: left with Next, or with the
        // field filled, it opens on "Ja"; otherwise the question is asked.
        for (left, typed, implied) in [
            (true, false, true),
            (false, true, true),
            (false, false, false),
        ] {
            let mut old = fresh.clone();
            let p = old.progress_mut(FlowId::Stil);
            if left {
                p.completed.insert("STIL-6".into(), Outcome::Done);
                p.current = "STIL-7".into();
            }
            if typed {
                p.answers
                    .insert("stil_ws_test".into(), Answer::Text("ws-test-42".into()));
            }
            let mut old: WizardState =
                serde_json::from_str(&serde_json::to_string(&old).expect("saved")).expect("read");
            old.sanitize();
            let answer = old
                .progress(FlowId::Stil)
                .answers
                .get("stil_has_login")
                .cloned();
            assert_eq!(
                answer,
                implied.then(|| Answer::Text("yes".into())),
                "left {left}, typed {typed}"
            );
            if left {
                assert!(old.is_done("STIL-6"), "the list still ticks it");
                assert!(old.is_unlocked("STIL-7"));
            }
        }
    }

    #[test]
    fn a_cug_file_the_reader_cannot_read_does_not_block_cug_6_and_7() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        w.update_facts(|f| f.file = Some("/home/u/Downloads/John Smith.html".into()));
        w.next_through_pages().expect("CUG-4");
        assert_eq!(w.missing(), vec!["fact.certificate".to_string()]);
        w.update_facts(|f| {
            f.unreadable = Some(crate::files::unreadable::UnreadableFile::default())
        });
        assert!(
            w.missing().is_empty(),
            "CUG-5 goes on with the file as it is"
        );
        w.next_through_pages().expect("CUG-5");
        assert_eq!(w.current_step().code, "CUG-6");
    }

    #[test]
    fn starts_on_start_1() {
        let w = WizardState::default();
        assert_eq!(w.current_step().code, "START-1");
        assert!(!w.resumable());
    }

    #[test]
    fn next_waits_for_required_ticks() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        assert_eq!(w.current_step().code, "CUG-1");
        let err = w.next_through_pages().expect_err("nothing ticked yet");
        assert_eq!(err.code(), ErrorCode::StepIncomplete);
        assert_eq!(
            w.missing(),
            vec!["cug_guide_email".to_string(), "cug_install_code".into()]
        );
        tick(&mut w, "cug_guide_email");
        assert!(
            w.next_through_pages().is_err(),
            "one tick of two is not enough"
        );
        tick(&mut w, "cug_install_code");
        w.next_through_pages().expect("both ticked");
        assert_eq!(w.current_step().code, "CUG-2");
        assert!(w.resumable());
    }

    /// CUG-2 after "Nej, linket virker ikke": one way forward. The pasted link's "Åbn linket"
    /// is the page's primary button (Næste drawn quiet) until the guide has opened a link
    /// from it; then Næste leads again. Other answers: Næste.
    #[test]
    fn cug_2_open_the_link_leads_until_it_is_opened() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        tick(&mut w, "cug_guide_email");
        tick(&mut w, "cug_install_code");
        w.next_through_pages().expect("CUG-1");
        assert_eq!(w.current_step().code, "CUG-2");
        assert!(!w.view().primary_in_page, "no answer yet: Næste");
        pick(&mut w, "cug_tool_seen", "no");
        assert!(w.view().primary_in_page, "Nej: Åbn linket leads");
        assert_eq!(w.view().primary, Primary::Next);
        w.set_answer("cug_tool_link", Answer::Bool(true))
            .expect("opened");
        assert!(!w.view().primary_in_page, "opened: Næste leads again");
        for other in ["yes", "no_email"] {
            pick(&mut w, "cug_tool_seen", other);
            assert!(!w.view().primary_in_page, "{other}");
        }
        // The window draws it: the field's button is primary while the view says so.
        let blocks = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../ui/src/components/Blocks.svelte"),
        )
        .expect("ui source");
        let field = &blocks[blocks.find("b.type === \"link_input\"").expect("drawn")..];
        let field = &field[..field.find("{:else").expect("end")];
        assert!(field.contains("lead && answers[b.id] !== true"), "{field}");
    }

    #[test]
    fn unticking_blocks_again() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        tick(&mut w, "cug_guide_email");
        tick(&mut w, "cug_install_code");
        w.set_answer("cug_install_code", Answer::Bool(false))
            .expect("untick");
        assert_eq!(w.missing(), vec!["cug_install_code".to_string()]);
    }

    #[test]
    fn answers_are_checked_against_the_step() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        assert_eq!(
            w.set_answer("cug_saved", Answer::Bool(true)),
            Err(WizardError::UnknownAnswer {
                id: "cug_saved".into()
            }),
            "an answer from another flow's step is refused"
        );
        assert_eq!(
            w.set_answer("dms_env", Answer::Text("staging".into())),
            Err(WizardError::BadAnswer {
                id: "dms_env".into()
            })
        );
        assert_eq!(
            w.set_answer("dms_env", Answer::Bool(true)),
            Err(WizardError::BadAnswer {
                id: "dms_env".into()
            })
        );
        pick(&mut w, "dms_env", "test");
    }

    #[test]
    fn app_steps_need_their_facts_and_locked_steps_refused() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        pick(&mut w, "dms_have_cert", "yes");
        pick(&mut w, "dms_env", "production");
        assert_eq!(
            w.goto("DMS-3"),
            Err(WizardError::StepLocked {
                code: "DMS-3".into()
            })
        );
        w.next_through_pages().expect("DMS-1 complete");
        assert_eq!(w.current_step().code, "DMS-2");
        all_facts(&mut w);
        w.next_through_pages().expect("DMS-2 loaded");
        assert_eq!(w.current_step().code, "DMS-3");
        w.update_facts(|f| f.installed = None);
        assert!(
            w.next_through_pages().is_err(),
            "DMS-3 waits for an install"
        );
        all_facts(&mut w);
        w.next_through_pages().expect("installed");
        assert_eq!(
            w.progress(FlowId::Dms).completed.get("DMS-3"),
            Some(&Outcome::Done)
        );
        assert_eq!(w.current_step().code, "DMS-4");
        w.goto("DMS-1").expect("done steps stay open");
        w.goto("DMS-4").expect("and so does the step after them");
        assert_eq!(
            w.goto("DMS-99"),
            Err(WizardError::UnknownStep {
                code: "DMS-99".into()
            })
        );
    }

    #[test]
    fn back_walks_to_start_and_keeps_progress() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        tick(&mut w, "cug_guide_email");
        tick(&mut w, "cug_install_code");
        w.next_through_pages().expect("next");
        w.back();
        assert_eq!(w.current_step().code, "CUG-1");
        w.back();
        assert_eq!(w.active, FlowId::Start);
        assert_eq!(w.current_step().code, "START-1");
        w.back();
        assert_eq!(w.current_step().code, "START-1", "back on START-1 stays");
        w.choose_flow(FlowId::Cug);
        assert_eq!(w.current_step().code, "CUG-1");
        assert!(w.missing().is_empty(), "ticks survive the trip to START-1");
    }

    #[test]
    fn conditional_steps_are_passed_over() {
        // STIL-2 is only for the OCES2 test path.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        pick(&mut w, "stil_env", "production");
        pick(&mut w, "stil_gen", "oces3");
        w.next_through_pages().expect("STIL-1");
        assert_eq!(w.current_step().code, "STIL-3", "STIL-2 does not apply");
        let view = w.view();
        assert!(view.steps.contains(&StepState {
            code: "STIL-2".into(),
            status: StepStatus::NotNeeded
        }));
        w.back();
        assert_eq!(w.current_step().code, "STIL-1", "back also passes it over");

        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        pick(&mut w, "stil_env", "test");
        pick(&mut w, "stil_gen", "oces2");
        w.next_through_pages().expect("STIL-1");
        assert_eq!(w.current_step().code, "STIL-2");
    }

    /// One count per flow: "Trin n af total" keeps its total whatever the answers (STIL-2 comes
    /// and goes with the environment and generation; it used to make the count jump 7 → 8 → 7),
    /// and the number is the step's place in the flow's table, as in the support view.
    #[test]
    fn the_step_count_is_stable_whatever_the_answers() {
        for flow in [FlowId::Cug, FlowId::Dms, FlowId::Stil] {
            let def = flow.def();
            let mut w = WizardState::default();
            w.choose_flow(flow);
            assert_eq!(w.view().step_number, (1, def.steps.len()), "{flow:?}");
        }
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        let total = FlowId::Stil.def().steps.len();
        let mut seen = Vec::new();
        for (env, gen) in [
            ("test", "oces2"),
            ("production", "oces3"),
            ("test", "oces2"),
        ] {
            pick(&mut w, "stil_env", env);
            pick(&mut w, "stil_gen", gen);
            seen.push(w.view().step_number);
        }
        assert_eq!(
            seen,
            vec![(1, total); 3],
            "the total does not follow the answers"
        );
        w.next_through_pages().expect("STIL-1");
        assert_eq!(w.current_step().code, "STIL-2");
        assert_eq!(w.view().step_number, (2, total));
        w.back();
        pick(&mut w, "stil_env", "production");
        pick(&mut w, "stil_gen", "oces3");
        w.next_through_pages().expect("STIL-1");
        assert_eq!(w.current_step().code, "STIL-3", "STIL-2 is passed over");
        assert_eq!(
            w.view().step_number,
            (3, total),
            "STIL-3 is step 3 even when STIL-2 is passed over"
        );
    }

    #[test]
    fn required_choices_count_only_when_shown() {
        // CUG-8's texts depend on two choices; CUG-9 only applies when replacing.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        all_facts(&mut w);
        for _ in 4..=7 {
            w.next_through_pages().expect("facts are there");
        }
        assert_eq!(w.current_step().code, "CUG-8");
        let status = |w: &WizardState, code: &str| {
            w.view()
                .steps
                .into_iter()
                .find(|s| s.code == code)
                .map(|s| s.status)
        };
        assert_eq!(
            status(&w, "CUG-9"),
            Some(StepStatus::Locked),
            "undecided until CUG-8 is answered"
        );
        let before = w.view().visible.len();
        pick(&mut w, "cug_account", "new");
        pick(&mut w, "cug_role", "user");
        let shown: Vec<_> = w
            .view()
            .visible
            .iter()
            .map(|i| w.current_step().blocks[*i].body)
            .collect();
        assert!(
            shown.len() > before,
            "answers reveal the texts that fit them"
        );
        assert!(shown.contains(&BlockBody::Para {
            text: "cug8.new_user"
        }));
        assert!(!shown.contains(&BlockBody::Para {
            text: "cug8.new_sa"
        }));
        w.next_through_pages().expect("CUG-8");
        assert_eq!(
            w.current_step().code,
            "CUG-10",
            "CUG-9 is only for replacements"
        );
        assert_eq!(status(&w, "CUG-9"), Some(StepStatus::NotNeeded));
        assert!(w.is_unlocked("CUG-10"));
        assert_eq!(
            w.view().step_number,
            (10, 10),
            "CUG-10 is step 10 of 10 even though CUG-9 does not apply"
        );
    }

    fn statuses(w: &WizardState) -> BTreeMap<String, StepStatus> {
        w.view()
            .steps
            .into_iter()
            .map(|s| (s.code, s.status))
            .collect()
    }

    /// STIL-1 answered (OCES3, test) and done; at STIL-3 "Nej, ikke endnu": the flow waits.
    fn stil_3_waiting_on_the_oces3_test_route() -> WizardState {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        let mut p = FlowProgress {
            current: "STIL-3".into(),
            ..FlowProgress::default()
        };
        for (id, v) in [
            ("stil_gen", "oces3"),
            ("stil_env", "test"),
            ("stil_has_cert", "not_yet"),
        ] {
            p.answers.insert(id.into(), Answer::Text(v.into()));
        }
        p.completed.insert("STIL-1".into(), Outcome::Done);
        w.flows.insert(FlowId::Stil, p);
        w
    }

    #[test]
    fn a_wait_later_on_does_not_untick_the_step_that_chose_the_route() {
        // Issue 26 (s18 review, stil-3-05): STIL-1 answered (OCES3, test) and left with
        // Next; at STIL-3 "Nej, ikke endnu" makes that step wait. Its condition names STIL-1's
        // `stil_env` too, which made the list mark STIL-1 "ikke færdig" and not done.
        let mut w = stil_3_waiting_on_the_oces3_test_route();
        assert!(w.is_done("STIL-1"), "{:?}", statuses(&w));
        assert_eq!(statuses(&w)["STIL-1"], StepStatus::Done);
        // STIL-3 itself waits: left with Next on that answer, it is not done.
        w.flows
            .get_mut(&FlowId::Stil)
            .unwrap()
            .completed
            .insert("STIL-3".into(), Outcome::Done);
        assert!(!w.is_done("STIL-3"));
    }

    #[test]
    fn a_wait_later_on_does_not_lock_a_step_the_route_passes_over() {
        // Issue 26: on the OCES3 test route STIL-3's "Nej, ikke endnu" makes the flow wait.
        // STIL-2 is for the NemID route only; the wait's condition names `stil_gen` too, which
        // made the list mark STIL-2 "låst" (waiting for the pause) and not "springes over".
        let w = stil_3_waiting_on_the_oces3_test_route();
        assert_eq!(statuses(&w)["STIL-2"], StepStatus::NotNeeded);
        // A step ruled out by the waiting answer itself still waits for it: CUG-9 after
        // "Nej, ikke endnu" at CUG-8.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let mut p = FlowProgress {
            current: "CUG-8".into(),
            ..FlowProgress::default()
        };
        for (id, v) in [("cug_account", "replacing"), ("cug_login", "not_yet")] {
            p.answers.insert(id.into(), Answer::Text(v.into()));
        }
        w.flows.insert(FlowId::Cug, p);
        assert_eq!(statuses(&w)["CUG-9"], StepStatus::Locked);
    }

    #[test]
    fn the_list_ticks_only_steps_that_are_really_done() {
        // Every step left with Next, but no answer given and no file chosen (a saved file
        // from a test, or results that went away): nothing is ticked.
        let def = FlowId::Cug.def();
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let mut p = FlowProgress {
            current: "CUG-5".into(),
            ..FlowProgress::default()
        };
        for s in def.steps {
            p.completed.insert(s.code.to_string(), Outcome::Done);
        }
        w.flows.insert(FlowId::Cug, p);
        let st = statuses(&w);
        assert_eq!(st["CUG-5"], StepStatus::Current);
        for (code, s) in &st {
            assert_ne!(*s, StepStatus::Done, "{code} is not done: {st:?}");
        }
        // CUG-4 found no file: CUG-4 can be opened, but it is not ticked.
        assert_eq!(st["CUG-4"], StepStatus::Open);
        // With the first three steps answered and a file chosen, those four are ticked, and
        // CUG-5 (no certificate read) and what follows it are not.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        w.update_facts(|f| f.file = Some("/home/u/Downloads/a.html".into()));
        w.next_through_pages().expect("CUG-4");
        for s in def.steps[5..].iter() {
            w.flows
                .get_mut(&FlowId::Cug)
                .unwrap()
                .completed
                .insert(s.code.to_string(), Outcome::Done);
        }
        let st = statuses(&w);
        for code in ["CUG-1", "CUG-2", "CUG-3", "CUG-4"] {
            assert_eq!(st[code], StepStatus::Done, "{code}: {st:?}");
        }
        for code in ["CUG-6", "CUG-7", "CUG-8", "CUG-10"] {
            assert_ne!(st[code], StepStatus::Done, "{code}: {st:?}");
        }
    }

    #[test]
    fn a_paused_flow_ticks_neither_the_pausing_answer_nor_the_step_it_holds_back() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        all_facts(&mut w);
        for _ in 4..=7 {
            w.next_through_pages().expect("facts are there");
        }
        pick(&mut w, "cug_account", "replacing");
        pick(&mut w, "cug_role", "security_admin");
        pick(&mut w, "cug_login", "not_yet");
        w.next_through_pages().expect("CUG-8");
        assert_eq!(
            w.current_step().code,
            "CUG-8",
            "it waits and saves, it is not left"
        );
        let st = statuses(&w);
        assert_eq!(st["CUG-7"], StepStatus::Done);
        assert_eq!(
            st["CUG-9"],
            StepStatus::Locked,
            "removing the old certificate waits for a working login"
        );
        assert_eq!(st["CUG-10"], StepStatus::Locked);
        // An older version's saved state at CUG-10 after "Nej, ikke endnu": paused there,
        // "Gem og luk guiden", recorded but not done, and CUG-8 not ticked.
        let mut old = w.clone();
        old.progress_mut(FlowId::Cug)
            .completed
            .insert("CUG-8".into(), Outcome::Done);
        old.progress_mut(FlowId::Cug).current = "CUG-10".into();
        assert_eq!(old.view().primary, Primary::SaveClose);
        old.save_and_close();
        assert_eq!(
            old.progress(FlowId::Cug).completed.get("CUG-10"),
            Some(&Outcome::Done),
            "Gem og luk records CUG-10"
        );
        let st = statuses(&old);
        assert_eq!(st["CUG-8"], StepStatus::Open, "{st:?}");
        old.goto("CUG-8").expect("CUG-8 can be opened");
        let st = statuses(&old);
        assert_ne!(st["CUG-10"], StepStatus::Done, "{st:?}");
        // Once the login works, CUG-8 is done and CUG-9 opens.
        pick(&mut w, "cug_login", "yes");
        w.next_through_pages().expect("CUG-8");
        let st = statuses(&w);
        assert_eq!(st["CUG-8"], StepStatus::Done);
        assert_eq!(st["CUG-9"], StepStatus::Current);
        // A new account (no old certificate): CUG-9 is passed over, not locked.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        through_cug_3(&mut w);
        all_facts(&mut w);
        for _ in 4..=7 {
            w.next_through_pages().expect("facts are there");
        }
        pick(&mut w, "cug_account", "new");
        pick(&mut w, "cug_role", "user");
        w.next_through_pages().expect("CUG-8");
        let st = statuses(&w);
        assert_eq!(st["CUG-8"], StepStatus::Done);
        assert_eq!(st["CUG-9"], StepStatus::NotNeeded);
    }

    /// DMS done from DMS-1 to DMS-7 on the test route, every fact at hand: at DMS-8.
    fn dms_at_the_end() -> WizardState {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        pick(&mut w, "dms_have_cert", "yes");
        pick(&mut w, "dms_env", "test");
        w.next_through_pages().expect("DMS-1");
        all_facts(&mut w);
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                gateway_user: Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157".into()),
                ..CertFacts::default()
            });
            f.connection = Some(ConnectionFacts {
                ok: true,
                ..ConnectionFacts::default()
            });
        });
        for _ in 0..3 {
            w.next_through_pages().expect("loaded, installed, user id");
        }
        pick(&mut w, "dms_roles", "yes");
        tick(&mut w, "dms_registered");
        for _ in 0..3 {
            w.next_through_pages().expect("registered, saved, tested");
        }
        w
    }

    /// DMS-8 unfinished says "what you did in the steps after it is saved" (s19 review: it said
    /// "do it and the steps after it again", which read as registering in the portal again):
    /// with only the install gone, doing DMS-3 again ticks DMS-4 to DMS-7 again by itself.
    #[test]
    fn doing_the_lost_step_again_ticks_the_steps_after_it_again() {
        let mut w = dms_at_the_end();
        let later = ["DMS-4", "DMS-5", "DMS-6", "DMS-7"];
        w.update_facts(|f| f.installed = None);
        let st = statuses(&w);
        assert_eq!(st["DMS-3"], StepStatus::Open);
        for code in later {
            assert_ne!(st[code], StepStatus::Done, "{code} waits for DMS-3");
        }
        // DMS-3 done again (the install is back): nothing after it has to be done again.
        w.update_facts(|f| f.installed = Some(InstallFacts::default()));
        let st = statuses(&w);
        for code in ["DMS-3"].into_iter().chain(later) {
            assert_eq!(st[code], StepStatus::Done, "{code}");
        }
        assert_eq!(w.view().verdict, Verdict::VerifiedTest);
    }

    /// Issue 26 (DMS-8): the finish said "Certifikatet virker" while the step list showed
    /// DMS-6 and DMS-7 unticked (the certificate taken out of the keychain and the app started
    /// again: the install no longer holds, the gateway password is gone). The verdict follows
    /// the steps' real state: not finished, and never "it works", until they are done again.
    #[test]
    fn the_done_verdict_follows_the_steps_real_state() {
        let mut w = dms_at_the_end();
        assert_eq!(w.current_step().code, "DMS-8");
        let v = w.view();
        assert_eq!((v.verdict, v.works), (Verdict::VerifiedTest, true));
        // Taken out of the keychain, and started again: the install and the saved password
        // are gone, the old test result is still on file.
        w.update_facts(|f| {
            f.installed = None;
            f.credentials = None;
        });
        let v = w.view();
        let st = statuses(&w);
        assert_eq!(st["DMS-3"], StepStatus::Open, "the step list unticks it");
        assert_eq!(
            (v.verdict, v.works),
            (Verdict::Unfinished, false),
            "not \"Certifikatet virker\" with DMS-3 to DMS-7 unticked"
        );
        // The way back to the step leads there; finishing is quiet.
        assert_eq!(v.primary, Primary::Finish);
        assert!(v.primary_in_page, "\"Gå til trin 3\" leads, not \"Afslut\"");
        // Done again, the verdict comes back.
        w.update_facts(|f| {
            f.installed = Some(InstallFacts::default());
            f.credentials = Some("CVR_1_UI_x".into());
        });
        assert_eq!(w.view().verdict, Verdict::VerifiedTest);
        assert!(
            !w.view().primary_in_page,
            "finished: \"Afslut\" leads again"
        );
    }

    #[test]
    fn last_step_next_only_marks_done() {
        let mut w = at_dms_5();
        pick(&mut w, "dms_roles", "yes");
        tick(&mut w, "dms_registered");
        for _ in 0..3 {
            w.next_through_pages().expect("next");
        }
        assert_eq!(w.current_step().code, "DMS-8");
        w.next_through_pages().expect("done");
        assert_eq!(w.current_step().code, "DMS-8");
        assert_eq!(w.view().step_number, (8, 8));
    }

    /// Issue 26 (DMS-5): page 1 asked for a tick while the user still waited for the roles
    /// and rights. It is a question; "Nej, vi venter stadig" says what the wait is for, the
    /// registration page is passed over, and the step's button saves and closes the guide
    /// (CUG-8's "Gem og luk guiden"); the step is not done, and the next start opens there.
    /// "Ja" goes on to the registration, and a tick saved by an older version still counts.
    #[test]
    fn dms_5_waiting_for_the_roles_saves_and_closes() {
        let mut w = at_dms_5();
        assert_eq!(w.view().primary, Primary::Next, "nothing answered yet");
        pick(&mut w, "dms_roles", "waiting");
        let v = w.view();
        assert_eq!(v.primary, Primary::SaveClose);
        let page = v.page.expect("in pages");
        assert_eq!((page.number, page.more), (1, false), "no registration page");
        let dms5 = crate::flow::DMS.steps[crate::flow::DMS.index_of("DMS-5").expect("DMS-5")];
        let wait = page
            .blocks
            .iter()
            .find_map(|&i| match dms5.blocks[i].body {
                BlockBody::Note { text, .. } => Some(text),
                _ => None,
            })
            .expect("what the wait is for");
        assert_eq!(wait, "dms5.roles_wait");
        waits_on_the_step(&mut w, "DMS-5");
        // "Ja": the registration page, Next again.
        pick(&mut w, "dms_roles", "yes");
        let v = w.view();
        assert_eq!(v.primary, Primary::Next);
        assert!(v.page.is_some_and(|p| p.more));
        // A tick saved by the older version answers the question as "Ja".
        w.progress_mut(FlowId::Dms)
            .answers
            .insert("dms_roles".into(), Answer::Bool(true));
        assert_eq!(w.view().primary, Primary::Next);
        assert!(w.missing().iter().all(|m| m != "dms_roles"));
    }

    /// s17 review (DMS-5): who has not asked for the roles and rights yet gets the ready
    /// message on the question's page, and then the button saves and closes, as for who
    /// waits; the registration page is passed over. Who has asked and waits gets no message.
    #[test]
    fn dms_5_not_asked_yet_shows_the_message_then_saves_and_closes() {
        let mut w = at_dms_5();
        let dms5 = crate::flow::DMS.steps[crate::flow::DMS.index_of("DMS-5").expect("DMS-5")];
        let message_shown = |w: &WizardState| {
            let v = w.view();
            let page = v.page.expect("in pages");
            page.blocks.iter().any(|&i| {
                matches!(
                    dms5.blocks[i].body,
                    BlockBody::Generated {
                        what: "dms_roles_message",
                        ..
                    }
                )
            })
        };
        assert!(!message_shown(&w), "nothing answered: no message");
        pick(&mut w, "dms_roles", "not_asked");
        assert!(message_shown(&w));
        let v = w.view();
        assert_eq!(v.primary, Primary::SaveClose);
        let page = v.page.expect("in pages");
        assert_eq!((page.number, page.more), (1, false), "no registration page");
        waits_on_the_step(&mut w, "DMS-5");
        pick(&mut w, "dms_roles", "waiting");
        assert!(!message_shown(&w), "asked and waiting: no message");
        assert_eq!(w.view().primary, Primary::SaveClose);
    }

    /// While the user waits (an answer "Nej, ikke endnu"), nothing leaves the step: Next does
    /// not move on, the button saves and closes, and the step stays open and not done.
    fn waits_on_the_step(w: &mut WizardState, code: &str) {
        let _ = w.advance();
        assert_eq!(w.current_step().code, code);
        w.save_and_close();
        assert_eq!(w.current_step().code, code);
        assert_ne!(statuses(w)[code], StepStatus::Done);
    }

    /// Issue 26 (DMS-1): page 1 asked for a tick "Jeg har certifikatfilen og dens
    /// adgangskode" before anything else could happen. It is a question; "Nej, ikke endnu"
    /// says what to do and shows the way to MitID Erhverv right under the answer (not on the
    /// main path of who has the file), the environment's page is passed over, and the step's
    /// button saves and closes the guide (DMS-5's "Gem og luk guiden"); the step is not done,
    /// and the next start opens there. "Ja" goes on to the environment, and a tick saved by an
    /// older version still counts.
    #[test]
    fn dms_1_without_the_certificate_saves_and_closes() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        let dms1 = crate::flow::DMS.steps[crate::flow::DMS.index_of("DMS-1").expect("DMS-1")];
        let shown_keys = |w: &WizardState| -> Vec<&'static str> {
            let v = w.view();
            let page = v.page.expect("in pages");
            page.blocks
                .iter()
                .flat_map(|&i| match dms1.blocks[i].body {
                    BlockBody::Note { text, .. } | BlockBody::Para { text } => vec![text],
                    // A folded link: the fold's answer, then its button.
                    BlockBody::Link {
                        label, fold_text, ..
                    } => fold_text.into_iter().chain([label]).collect(),
                    _ => vec![],
                })
                .collect()
        };
        assert_eq!(w.view().primary, Primary::Next, "nothing answered yet");
        assert!(
            !shown_keys(&w).contains(&"dms1.mitid_link"),
            "not on arrival"
        );
        pick(&mut w, "dms_have_cert", "not_yet");
        let v = w.view();
        assert_eq!(v.primary, Primary::SaveClose);
        let page = v.page.expect("in pages");
        assert_eq!((page.number, page.more), (1, false), "no environment page");
        let shown = shown_keys(&w);
        let at = |k: &str| shown.iter().position(|s| *s == k);
        assert!(at("dms1.have_wait").is_some(), "{shown:?}");
        assert!(at("dms1.have_wait") < at("dms1.none"), "{shown:?}");
        assert!(at("dms1.none") < at("dms1.mitid_link"), "{shown:?}");
        waits_on_the_step(&mut w, "DMS-1");
        // "Ja": the environment's page, Next again, and no MitID Erhverv button.
        pick(&mut w, "dms_have_cert", "yes");
        let v = w.view();
        assert_eq!(v.primary, Primary::Next);
        assert!(v.page.is_some_and(|p| p.more));
        assert!(!shown_keys(&w).contains(&"dms1.mitid_link"));
        // A tick saved by the older version answers the question as "Ja".
        w.progress_mut(FlowId::Dms)
            .answers
            .insert("dms_have_cert".into(), Answer::Bool(true));
        w.sanitize();
        assert_eq!(w.view().primary, Primary::Next);
        assert!(w.missing().iter().all(|m| m != "dms_have_cert"));
        w.advance().expect("to the environment's page");
        pick(&mut w, "dms_env", "test");
        w.advance().expect("DMS-1 done");
        assert_eq!(w.current_step().code, "DMS-2");
    }

    #[test]
    fn sanitize_drops_what_the_tables_do_not_know() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let p = w.progress_mut(FlowId::Cug);
        p.current = "CUG-77".into();
        p.completed.insert("CUG-77".into(), Outcome::Done);
        p.answers.insert("ghost".into(), Answer::Bool(true));
        w.sanitize();
        let p = w.progress(FlowId::Cug);
        assert_eq!(p.current, "CUG-1");
        assert!(p.completed.is_empty() && p.answers.is_empty());
    }

    #[test]
    fn start_over_forgets_everything() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        pick(&mut w, "dms_have_cert", "yes");
        w.start_over();
        assert_eq!(w, WizardState::default());
    }

    #[test]
    fn keeps_the_last_ten_known_errors() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let t0 = time::macros::datetime!(2026-11-22 10:00:00.5 UTC);
        for i in 0..12 {
            let code = if i == 11 {
                ErrorCode::CertEmpty
            } else {
                ErrorCode::CertRead
            };
            w.note_error(code, t0 + time::Duration::minutes(i));
        }
        assert_eq!(w.recent_errors.len(), RECENT_ERRORS);
        let last = w.recent_errors.last().expect("one");
        assert_eq!(last.code, "cert.empty");
        assert_eq!(last.step, "CUG-1");
        assert_eq!(last.at, "2026-11-22T10:11:00Z");
        assert_eq!(
            w.recent_errors[0].at, "2026-11-22T10:02:00Z",
            "oldest two dropped"
        );
    }

    /// CUG-8's field for the RID shows only while the app could not read the RID from the
    /// file (`Fact::CertRid`): a block conditioned on a fact that is missing. A certificate
    /// read with its RID hides it; one read without a RID, or a page the app did not
    /// understand, shows it; the support view, which has no facts, draws it.
    #[test]
    fn cug_8_asks_for_the_rid_only_when_the_file_did_not_give_it() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_login", "not_yet");
        let cug8 = w.current_step();
        let field = cug8
            .blocks
            .iter()
            .position(|b| matches!(b.body, BlockBody::TextInput { id: "cug_rid", .. }))
            .expect("the field");
        assert_eq!(
            cug8.blocks[field].unless_known,
            Some(crate::flow::Fact::CertRid)
        );
        let shows = |w: &WizardState| w.view().visible.contains(&field);
        // all_facts: a certificate read, but no RID in it.
        assert!(shows(&w), "no RID read: the field is there");
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                id_type: Some("RID".into()),
                id: Some("1234567890123".into()),
                ..CertFacts::default()
            })
        });
        assert!(!shows(&w), "the RID was read: no field");
        // Another kind of id is no RID.
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                id_type: Some("UUID".into()),
                id: Some("x".into()),
                ..CertFacts::default()
            })
        });
        assert!(shows(&w));
        // A page the app did not understand (no certificate facts, the page taken as it is).
        w.update_facts(|f| {
            f.certificate = None;
            f.unreadable = Some(crate::files::unreadable::UnreadableFile::default());
        });
        assert!(shows(&w));
        // The other blocks do not care: only the field changes with the fact.
        let without = w.view().visible;
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                id_type: Some("RID".into()),
                id: Some("1234567890123".into()),
                ..CertFacts::default()
            })
        });
        let with: Vec<usize> = w.view().visible;
        let gone: Vec<&usize> = without.iter().filter(|i| !with.contains(i)).collect();
        assert_eq!(gone, [&field]);
        // The support view: the field only when the report's certificate lacks the RID.
        let support = |cert: Option<&CertFacts>| {
            WizardState::screens(FlowId::Cug, &w.view().answers, cert)
                .into_iter()
                .find(|s| s.code == "CUG-8")
                .expect("CUG-8")
                .visible
                .contains(&field)
        };
        assert!(!support(None), "a code says nothing of the certificate");
        assert!(
            support(Some(&CertFacts::default())),
            "a certificate without a RID"
        );
    }

    /// CUG-8 with no certificate at all (progress saved at CUG-8, CUG-5 not done on this PC):
    /// not the field for a RID "the guide could not read in the file", but the sentence why
    /// and the way to CUG-5 (`NeedsStep`), which is the page's primary button; the footer's
    /// "Gem og luk guiden" is quiet. A certificate, or a page taken as it is, never shows it.
    #[test]
    fn cug_8_without_a_certificate_leads_to_cug_5() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_login", "not_yet");
        to_last_page(&mut w);
        let blocks = w.current_step().blocks;
        let at = |f: &dyn Fn(&BlockBody) -> bool| blocks.iter().position(|b| f(&b.body));
        let needs = at(&|b| {
            matches!(
                b,
                BlockBody::NeedsStep {
                    needs: "certificate",
                    text: "cug8.no_certificate"
                }
            )
        })
        .expect("the box");
        let field = at(&|b| matches!(b, BlockBody::TextInput { id: "cug_rid", .. })).unwrap();
        assert_eq!(needs + 1, field, "where the field would be");
        // A certificate without a RID: the field, no box, nothing leads.
        let v = w.view();
        assert!(v.visible.contains(&field) && !v.visible.contains(&needs));
        assert!(!v.primary_in_page);
        // No certificate at all.
        w.update_facts(|f| {
            f.certificate = None;
            f.unreadable = None;
        });
        let v = w.view();
        assert_eq!(w.current_step().code, "CUG-8");
        assert!(v.visible.contains(&needs), "the box says why");
        assert!(
            !v.visible.contains(&field),
            "not \"could not read the RID\""
        );
        assert_eq!(v.primary, Primary::SaveClose);
        assert!(v.primary_in_page, "\"Gå til trin 5\" leads");
        // Nor the text to send (a placeholder with no certificate) and its "Jeg har sendt …"
        // under the box (s19): there is nothing to send yet.
        let drawn: Vec<_> = v
            .visible
            .iter()
            .map(|&i| &blocks[i].body)
            .filter(|b| matches!(b, BlockBody::Generated { .. } | BlockBody::Check { .. }))
            .collect();
        assert!(drawn.is_empty(), "{drawn:?}");
        // On the login question's page the box is not there, and nothing else leads.
        w.back();
        let v = w.view();
        assert!(!v.page.expect("pages").blocks.contains(&needs));
        assert!(!v.primary_in_page);
        // A page taken as it is: the field again.
        to_last_page(&mut w);
        w.update_facts(|f| f.unreadable = Some(Default::default()));
        let v = w.view();
        assert!(v.visible.contains(&field) && !v.visible.contains(&needs));
        assert!(!v.primary_in_page);
    }

    /// The support view draws CUG-8 from a report, which carries the answers and the
    /// certificate, not the RID comparison the user's window makes on arrival: it shows no
    /// RID field for the desk to look at (the report's certificate has the RID, or a code
    /// says nothing of it) and none of the sentences that follow the comparison ("Guiden kan
    /// ikke se, om …", "samme RID-nummer", "nyt RID-nummer"); what the user is asked to send
    /// and the answers are drawn.
    #[test]
    fn the_support_view_draws_cug_8_from_what_a_report_knows() {
        let step = FlowId::Cug
            .def()
            .steps
            .iter()
            .find(|s| s.code == "CUG-8")
            .expect("CUG-8");
        let mut answers = BTreeMap::new();
        for (k, v) in [
            ("cug_account", "replacing"),
            ("cug_role", "security_admin"),
            ("cug_login", "not_yet"),
        ] {
            answers.insert(k.to_string(), Answer::Text(v.into()));
        }
        let with_rid = CertFacts {
            id_type: Some("RID".into()),
            id: Some("1234567890123".into()),
            ..CertFacts::default()
        };
        for cert in [None, Some(&with_rid)] {
            let screen = WizardState::screens(FlowId::Cug, &answers, cert)
                .into_iter()
                .find(|s| s.code == "CUG-8")
                .expect("CUG-8");
            let drawn: Vec<String> = screen
                .visible
                .iter()
                .map(|&i| match step.blocks[i].body {
                    BlockBody::Para { text } | BlockBody::Note { text, .. } => text.to_string(),
                    BlockBody::TextInput { id, .. } | BlockBody::Choice { id, .. } => {
                        id.to_string()
                    }
                    BlockBody::Check { id, .. } => id.to_string(),
                    BlockBody::Generated { what, .. } => what.to_string(),
                    ref other => format!("{other:?}").chars().take(12).collect(),
                })
                .collect();
            for gone in [
                "cug_rid",
                "cug8.replacing_sa_unsure",
                "cug8.replacing_sa",
                "cug8.rid_same",
                "cug8.login_wait_same",
            ] {
                assert!(
                    !drawn.iter().any(|d| d == gone),
                    "{gone} drawn ({cert:?}): {drawn:?}"
                );
            }
            for kept in ["cug_login", "dkma_rid_email", "cug_email_sent"] {
                assert!(
                    drawn.iter().any(|d| d == kept),
                    "{kept} missing ({cert:?}): {drawn:?}"
                );
            }
        }
    }

    #[test]
    fn screens_follow_the_answers() {
        let mut answers = BTreeMap::new();
        let cug8 = |a: &BTreeMap<String, Answer>| {
            WizardState::screens(FlowId::Cug, a, None)
                .into_iter()
                .find(|s| s.code == "CUG-8")
                .expect("CUG-8")
        };
        let before = cug8(&answers).visible.len();
        answers.insert("cug_account".into(), Answer::Text("replacing".into()));
        let after = cug8(&answers).visible.len();
        assert!(after >= before + 2, "{before} → {after}");
        assert_eq!(
            WizardState::screens(FlowId::Dms, &answers, None).len(),
            FlowId::Dms.def().steps.len()
        );
    }
    /// The first block of each page of `step`, as a short name (an answer id or a text key).
    fn page_starts(flow: FlowId, code: &str) -> Vec<&'static str> {
        let def = flow.def();
        let step = &def.steps[def.index_of(code).expect("step")];
        step.pages()
            .iter()
            .map(|pg| match step.blocks[pg.blocks.start].body {
                BlockBody::Para { text } | BlockBody::Note { text, .. } => text,
                BlockBody::Generated { label, .. } => label,
                ref b => answer_id(b).expect("a question or a text"),
            })
            .collect()
    }

    /// One thing per page (issue 26), from the flow table: the four steps that ask two
    /// things, where each page starts, and the page passed over; no other step is split.
    #[test]
    fn the_split_steps_pages_start_where_the_table_says() {
        assert_eq!(page_starts(FlowId::Dms, "DMS-1"), ["dms1.lead", "dms_env"]);
        assert_eq!(
            page_starts(FlowId::Dms, "DMS-5"),
            ["dms_roles", "dms5.intro"]
        );
        // STIL-1: the environment first, then the kind of certificate (said, not asked), what
        // the guide says about it, and the NemID fold with both answers.
        assert_eq!(
            page_starts(FlowId::Stil, "STIL-1"),
            ["stil_env", "stil1.gen_lead"]
        );
        let stil1 = FlowId::Stil.def().steps[0];
        let pages = stil1.pages();
        let second: Vec<_> = stil1.blocks[pages[1].blocks.clone()]
            .iter()
            .map(|b| b.body)
            .collect();
        assert!(matches!(
            second.last(),
            Some(BlockBody::Choice { id: "stil_gen", .. })
        ));
        assert_eq!(second.len(), 3, "{second:?}");
        // CUG-8: new or replacing, the kind of account, the login, then what to do (passed
        // over once the login works).
        assert_eq!(
            page_starts(FlowId::Cug, "CUG-8"),
            [
                "cug8.intro",
                "cug_role",
                "cug8.login_how",
                "cug8.fails_intro"
            ]
        );
        let cug8 = &CUG_DEF.steps[CUG_DEF.index_of("CUG-8").expect("CUG-8")];
        let skips: Vec<_> = cug8.pages().iter().map(|p| p.skip_when).collect();
        assert_eq!(
            skips,
            [
                &[][..],
                &[],
                &[],
                &[crate::flow::Cond(&[
                    ("cug_account", "replacing"),
                    ("cug_login", "yes")
                ])]
            ]
        );
        // A "Ja" kept from when the account was "replacing" does not pass over the page a new
        // account needs (the next day, the form).
        let mut stale = FlowProgress::default();
        for (id, v) in [("cug_account", "new"), ("cug_login", "yes")] {
            stale.answers.insert(id.into(), Answer::Text(v.into()));
        }
        assert!(page_shows(cug8, &cug8.pages()[3], &stale));
        // Coming back the next day after "Jeg har sendt e-mailen": CUG-8 opens at the login
        // question, not at the e-mail already sent.
        let mut sent = FlowProgress::default();
        for (id, v) in [
            ("cug_account", "replacing"),
            ("cug_role", "security_admin"),
            ("cug_login", "not_yet"),
        ] {
            sent.answers.insert(id.into(), Answer::Text(v.into()));
        }
        sent.answers
            .insert("cug_email_sent".into(), Answer::Bool(true));
        assert_eq!(opening_page(cug8, &sent), 2);
        let split: Vec<&str> = [FlowId::Cug, FlowId::Dms, FlowId::Stil]
            .iter()
            .flat_map(|f| f.def().steps)
            .filter(|s| s.pages().len() > 1)
            .map(|s| s.code)
            .collect();
        assert_eq!(split, ["CUG-8", "CUG-9", "DMS-1", "DMS-5", "STIL-1"]);
    }

    const CUG_DEF: &crate::flow::FlowDef = &crate::flow::CUG;

    /// DMS-1 in two pages: the view carries the page on screen and only its missing answer;
    /// Next with it missing is refused as this page's (`wizard.page_incomplete`, counting one);
    /// Next then moves to the second page, and only its Next leaves the step; Back walks the
    /// pages back, then the steps. Coming back from DMS-2 opens the answered last page.
    #[test]
    fn next_and_back_walk_the_pages_of_dms_1() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        let v = w.view();
        let page = v.page.expect("in pages");
        assert_eq!((page.number, page.count, page.more), (1, 2, true));
        assert_eq!(v.missing, ["dms_have_cert"], "not the next page's question");
        assert_eq!(v.missing_kind, Some(AnswerKind::Choice));
        assert_eq!(v.primary, Primary::Next);
        let e = w.advance().expect_err("the answer is missing");
        assert_eq!(e.code(), ErrorCode::PageIncomplete);
        assert_eq!(e.params().get("count").map(String::as_str), Some("1"));
        assert_eq!(
            e,
            WizardError::PageIncomplete {
                code: "DMS-1".into(),
                missing: vec!["dms_have_cert".into()]
            }
        );
        pick(&mut w, "dms_have_cert", "yes");
        assert_eq!(
            w.view().page.map(|p| p.number),
            Some(1),
            "stays on its page"
        );
        w.advance().expect("the next page");
        assert_eq!(w.current_step().code, "DMS-1");
        let v = w.view();
        let page = v.page.expect("in pages");
        assert_eq!((page.number, page.more), (2, false));
        let env = w.current_step().blocks[page.blocks[0]].body;
        assert!(matches!(env, BlockBody::Choice { id: "dms_env", .. }));
        assert_eq!(v.missing, ["dms_env"]);
        assert_eq!(
            v.missing_kind,
            Some(AnswerKind::Choice),
            "the footer's hint fits"
        );
        assert_eq!(
            w.advance(),
            Err(WizardError::PageIncomplete {
                code: "DMS-1".into(),
                missing: vec!["dms_env".into()]
            })
        );
        w.back();
        assert_eq!(w.view().page.map(|p| p.number), Some(1));
        w.advance().expect("the next page");
        pick(&mut w, "dms_env", "test");
        w.advance().expect("DMS-1 left");
        assert_eq!(w.current_step().code, "DMS-2");
        assert_eq!(w.view().page, None, "one page");
        w.back();
        assert_eq!(w.current_step().code, "DMS-1");
        assert_eq!(
            w.view().page.map(|p| p.number),
            Some(2),
            "the answered last page"
        );
        w.back();
        w.back();
        assert_eq!(
            w.active,
            FlowId::Start,
            "from the first page, Back leaves the flow"
        );
    }

    /// A step opens on its first page with an answer missing, or on a later one already
    /// answered (coming back, or sent there by a guide link); and it stays on the page on
    /// screen while that page's questions are answered.
    #[test]
    fn a_step_in_pages_opens_where_an_answer_is_missing_and_stays_put_while_answered() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        assert_eq!(w.view().page.map(|p| p.number), Some(1));
        pick(&mut w, "stil_env", "test");
        assert_eq!(
            w.view().page.map(|p| p.number),
            Some(1),
            "no jump on an answer"
        );
        // Entered afresh (from START-1) with the first answer given: the first page with an
        // answer missing, or the last page answered (the second's is the flow's own: nothing
        // is missing there).
        w.choose_flow(FlowId::Start);
        w.choose_flow(FlowId::Stil);
        assert_eq!(w.view().page.map(|p| p.number), Some(1));
        assert!(w.view().missing.is_empty());
        // The second page answered but the first not (a guide link filled it): it opens on
        // the answered page, and Next goes to the page with the answer missing.
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        w.progress_mut(FlowId::Stil)
            .answers
            .insert("stil_gen".into(), Answer::Text("oces2".into()));
        assert_eq!(w.view().page.map(|p| p.number), Some(2));
        w.advance().expect("to the page with the answer missing");
        assert_eq!(w.current_step().code, "STIL-1");
        assert_eq!(w.view().page.map(|p| p.number), Some(1));
    }

    /// STIL-1 (issue 26): "Hvilken slags certifikat?" had one answer in sight to click. The
    /// flow starts on an OCES3 system certificate: a new STIL flow opens on the environment,
    /// its second page has nothing missing, Next goes from it to STIL-3 without a click on
    /// the kind, and the preset is no progress to resume. A state saved before (no `stil_gen`)
    /// gets it on loading; one saved on the NemID route keeps it.
    #[test]
    fn stil_starts_on_oces3_without_asking() {
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Stil);
        assert_eq!(
            w.view().answers.get("stil_gen"),
            Some(&Answer::Text("oces3".into()))
        );
        assert_eq!(w.view().page.map(|p| p.number), Some(1));
        assert!(!w.resumable(), "nothing of the user's yet");
        pick(&mut w, "stil_env", "test");
        w.advance().expect("to the second page");
        assert_eq!(w.view().page.map(|p| p.number), Some(2));
        assert!(w.view().missing.is_empty(), "{:?}", w.view().missing);
        w.advance().expect("the kind is given");
        assert_eq!(w.current_step().code, "STIL-3");
        assert!(w.resumable());
        // Back lands on the last page, where the NemID fold is (as on any step in pages).
        w.back();
        assert_eq!(w.current_step().code, "STIL-1");
        assert_eq!(w.view().page.map(|p| p.number), Some(2));
        // Saved before the flow answered it: given on loading. Saved on NemID: kept.
        for (saved, want) in [(None, "oces3"), (Some("oces2"), "oces2")] {
            let mut w = WizardState::default();
            w.choose_flow(FlowId::Stil);
            let p = w.progress_mut(FlowId::Stil);
            p.answers.remove("stil_gen");
            if let Some(v) = saved {
                p.answers.insert("stil_gen".into(), Answer::Text(v.into()));
            }
            w.sanitize();
            assert_eq!(
                w.progress(FlowId::Stil).answers.get("stil_gen"),
                Some(&Answer::Text(want.into()))
            );
        }
    }

    /// CUG-8's last page (what to check, what to send) is passed over once the login works:
    /// the login question's page is then the last, its button is Next, and Next leaves the
    /// step. When the login fails the page comes, its button saves and closes, and its way
    /// back is Back to the question.
    #[test]
    fn cug_8_passes_over_the_page_of_what_to_do_once_the_login_works() {
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_login", "fails");
        let v = w.view();
        assert_eq!(v.page.as_ref().map(|p| p.more), Some(true));
        assert_eq!(v.primary, Primary::Next, "a page still to come");
        w.advance().expect("the page of checks");
        let v = w.view();
        assert_eq!(
            v.page.as_ref().map(|p| (p.number, p.more)),
            Some((4, false))
        );
        assert_eq!(v.primary, Primary::SaveClose);
        w.back();
        assert_eq!(
            w.view().page.map(|p| p.number),
            Some(3),
            "back to the question"
        );
        pick(&mut w, "cug_login", "yes");
        let v = w.view();
        assert_eq!(
            v.page.as_ref().map(|p| (p.number, p.more)),
            Some((3, false))
        );
        assert_eq!(v.primary, Primary::Next);
        w.advance().expect("CUG-8 left");
        assert_eq!(w.current_step().code, "CUG-9");
        // A new account has no login question: from the role's page Next goes to the page of
        // what to do.
        let mut w = WizardState::default();
        cug_to_8_replacing(&mut w);
        pick(&mut w, "cug_account", "new");
        w.back();
        assert_eq!(w.view().page.map(|p| p.number), Some(2));
        w.advance().expect("what to do");
        assert_eq!(
            w.view().page.map(|p| p.number),
            Some(4),
            "the login's page passed"
        );
    }
}
