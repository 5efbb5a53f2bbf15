//! The session: one [`Session`] per running app, owning the wizard state, where it is saved,
//! the user's folders, the held password and the running connection test. Each use case of
//! the window (unlock, place, back up, archive, install, probe, report, …) is one method here;
//! the window's commands and the command line only forward to them.
//!
//! Locking: the wizard's mutex is taken only to read a use case's inputs and to record its
//! result. The slow work between (key derivation, file copies, store tools, TLS, the keychain)
//! runs without it, so a long unlock never blocks the stepper. A result is recorded only when
//! the flow (and, for file steps, the file) is still the one the work started from. Progress is
//! saved from a snapshot taken under the lock, outside it, newest snapshot wins.
//!
//! The view sent to the window ([`View`]) carries the support code, computed here from the
//! same snapshot: the state machine ([`crate::wizard`]) knows nothing of support codes.
//!
//! The use cases are split by area: [`wizard`] (steps, answers, links,
//! language), [`files`] (find, unlock, place, back up, archive),
//! [`portal`] (texts, handover log, RIDs), [`cert_stores`],
//! [`probe`], [`keychain`] and [`support`].

pub mod cert_stores;
pub mod files;
pub mod guide;
#[cfg(feature = "keychain")]
pub mod keychain;
pub mod policy;
pub mod portal;
pub mod probe;
pub mod support;
pub mod wizard;

use crate::cert_stores::CertStore;
use crate::error::{ErrorCode, UiError};
use crate::flow::FlowId;
use crate::flow_facts::Facts;
use crate::i18n::Lang;
use crate::paths::{AppPaths, UserFolders};
use crate::saved_state::{self, Settings};
use crate::secret::{HeldPassword, Password};
use crate::wizard::{WizardState, WizardView};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The certificate stores a session installs into (the system's, or a test's).
pub type StoreFinder = fn(Option<&UserFolders>) -> Vec<Box<dyn CertStore>>;

/// What the desktop does for the session: open a link, show a file in the file manager. The
/// window implements it with its opener; the core never opens anything itself.
pub trait Desktop {
    /// Open `url` with the default handler (the default browser, the mail program).
    fn open_url(&self, url: &str) -> Result<(), String>;
    /// Show `path` selected in the file manager.
    fn reveal(&self, path: &Path) -> Result<(), String>;
    /// Close the window and end the app ("Gem og luk guiden").
    fn close(&self);
}

/// The wizard state and the number of its last change (for saving the newest snapshot).
struct Shared {
    state: WizardState,
    changes: u64,
}

/// One running app's state and use cases.
pub struct Session {
    paths: Option<AppPaths>,
    folders: Option<UserFolders>,
    wizard: Mutex<Shared>,
    /// The number of the change last saved (saves happen outside the wizard's lock).
    saved: Mutex<u64>,
    settings: Mutex<Settings>,
    set_aside: Vec<String>,
    progress_newer: bool,
    progress_unreadable: bool,
    password: Mutex<HeldPassword>,
    probe_cancel: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    started: std::time::Instant,
    stores: StoreFinder,
    /// The organisation's policies in force ([`crate::policy`]).
    policy: crate::policy::Policies,
    /// The certificates shown in this session, for revocation checks, and the answers so far.
    revocation: crate::cert::revocation::Memory,
    /// A guide link handed to the window (its own arguments, or a second start's), kept until
    /// the page takes it (`guide_pending`).
    guide_inbox: Mutex<Option<Result<String, crate::guide_link::GuideError>>>,
    /// The step last shown to the user, as the log has it (a change is logged once).
    shown_step: Mutex<String>,
    /// The computer's temporary folders, where a backup is refused
    /// ([`crate::files::backup::temp_dirs`]).
    temp_dirs: Vec<PathBuf>,
}

/// The view the window draws, with the support code of the same state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct View {
    /// The wizard's view.
    #[serde(flatten)]
    pub view: WizardView,
    /// The support code of this state, for the corner of the screen.
    pub support_code: String,
    /// The certificate's password is held for the active flow (typed when the file was
    /// unlocked): the screens that need it (backup, install, connection test) do not ask
    /// again. The password itself never leaves the core.
    pub password_held: bool,
}

impl View {
    /// The view and the support code of one snapshot (no password held: a view made outside a
    /// session).
    pub fn of(state: &WizardState) -> View {
        View {
            view: state.view(),
            support_code: crate::support::encode(state),
            password_held: false,
        }
    }
}

/// A new view, plus a warning when it could not be saved.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Updated {
    /// The view.
    pub view: View,
    /// The progress could not be saved (the change holds for this run).
    pub warning: Option<UiError>,
}

/// A step result together with the new view.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepResult<T: Serialize> {
    /// What the step produced.
    pub result: T,
    /// The path as shown to the user (home folder as `~`).
    pub shown: Option<String>,
    /// The view after the step.
    pub updated: Updated,
}

/// A poisoned lock: a use case panicked while holding it. Said as `internal`, and logged.
fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>, UiError> {
    m.lock().map_err(|_| {
        tracing::warn!(target: "oces_core::session", "a lock was poisoned by an earlier failure");
        UiError::internal()
    })
}

impl Session {
    /// Load progress and settings from `paths` (none: nothing is loaded or saved), for a user
    /// whose folders are `folders`.
    pub fn load(paths: Option<AppPaths>, folders: Option<UserFolders>) -> Session {
        let (state, settings, mut set_aside, progress_newer) = match &paths {
            Some(p) => {
                let w = saved_state::load_progress(p);
                let s = saved_state::load_settings(p);
                (
                    w.value,
                    s.value,
                    [w.set_aside, s.set_aside].into_iter().flatten().collect(),
                    w.newer,
                )
            }
            None => (
                WizardState::default(),
                Settings::default(),
                Vec::new(),
                false,
            ),
        };
        set_aside.sort();
        let session =
            Session::with_state(paths, folders, state, settings, set_aside, progress_newer);
        session.policy.log_warnings();
        session
    }

    /// Read progress and settings without changing anything on disk (a damaged file is not set
    /// aside, nothing is ever saved): for the command line's report.
    pub fn read_only(paths: &AppPaths, folders: Option<UserFolders>) -> Session {
        let progress = saved_state::read_progress(paths);
        let settings = saved_state::read_settings(paths);
        Session {
            progress_unreadable: progress.unreadable,
            ..Session::with_state(
                None,
                folders,
                progress.value,
                settings.value,
                Vec::new(),
                progress.newer,
            )
        }
    }

    /// The saved progress is from a newer version of the app (left alone, never saved over).
    pub fn progress_newer(&self) -> bool {
        self.progress_newer
    }

    /// The saved progress could not be read (a read-only session leaves it as it is).
    pub fn progress_unreadable(&self) -> bool {
        self.progress_unreadable
    }

    fn with_state(
        paths: Option<AppPaths>,
        folders: Option<UserFolders>,
        state: WizardState,
        settings: Settings,
        set_aside: Vec<String>,
        progress_newer: bool,
    ) -> Session {
        let policy = crate::policy::Policies::of_this_computer();
        let mut state = state;
        state.rules = rules_of(&policy);
        Session {
            paths,
            folders,
            wizard: Mutex::new(Shared { state, changes: 0 }),
            saved: Mutex::new(0),
            settings: Mutex::new(settings),
            set_aside,
            progress_newer,
            progress_unreadable: false,
            password: Mutex::new(HeldPassword::default()),
            probe_cancel: Mutex::new(None),
            started: std::time::Instant::now(),
            stores: crate::cert_stores::system_stores,
            policy,
            revocation: Default::default(),
            guide_inbox: Mutex::new(None),
            shown_step: Mutex::new(String::new()),
            temp_dirs: crate::files::backup::temp_dirs(),
        }
    }

    /// Use these policies instead of the computer's (tests).
    pub fn with_policy(mut self, policy: crate::policy::Policies) -> Session {
        if let Ok(mut w) = self.wizard.lock() {
            w.state.rules = rules_of(&policy);
        }
        self.policy = policy;
        self
    }

    /// The policies in force.
    pub fn policies(&self) -> &crate::policy::Policies {
        &self.policy
    }

    /// When the app's `main` started (for the time-to-first-screen figure).
    pub fn started_at(mut self, started: std::time::Instant) -> Session {
        self.started = started;
        self
    }

    /// Take these folders as the computer's temporary ones instead of the system's (tests,
    /// whose folders all lie in the system's temporary folder).
    pub fn with_temp_dirs(mut self, dirs: Vec<PathBuf>) -> Session {
        self.temp_dirs = dirs;
        self
    }

    /// Use these certificate stores instead of the system's (tests).
    pub fn with_stores(mut self, stores: StoreFinder) -> Session {
        self.stores = stores;
        self
    }

    /// When the app's `main` started.
    pub fn started(&self) -> std::time::Instant {
        self.started
    }

    /// A copy of the wizard state as it is now.
    pub fn snapshot(&self) -> Result<WizardState, UiError> {
        Ok(lock(&self.wizard)?.state.clone())
    }

    /// The active flow and its facts (a use case's inputs).
    fn inputs(&self) -> Result<(FlowId, Facts), UiError> {
        let w = lock(&self.wizard)?;
        Ok((w.state.active, w.state.facts()))
    }

    /// The view of the state as it is now.
    pub fn view(&self) -> Result<View, UiError> {
        Ok(self.view_of(&self.snapshot()?))
    }

    /// The view of a snapshot, to be shown: a change of the step shown is logged.
    fn view_of(&self, state: &WizardState) -> View {
        let code = state.current_step().code;
        let mut shown = self.shown_step.lock().unwrap_or_else(|p| p.into_inner());
        if *shown != code {
            *shown = code.to_string();
            tracing::info!(target: "oces_core::step", step = code, "step shown");
        }
        drop(shown);
        let mut v = View::of(state);
        v.password_held = self
            .password
            .lock()
            .is_ok_and(|mut p| p.is_held(state.active, std::time::Instant::now()));
        v
    }

    /// The step the user is on, for the log: every line logged while the returned guard
    /// lives (on this thread) carries it ([`crate::logging::step_span`]). Each use case enters
    /// it first (through `Session::use_case` when it returns a `Result`); an async one
    /// instruments its future with [`Session::step_span`]. `tests/log_step.rs` checks them.
    pub fn log_step(&self) -> tracing::span::EnteredSpan {
        self.step_span().entered()
    }

    /// The span of [`Session::log_step`], for a future or another thread.
    pub fn step_span(&self) -> tracing::Span {
        let step = self
            .wizard
            .lock()
            .map(|w| w.state.current_step().code.to_string())
            .unwrap_or_else(|_| "-".into());
        crate::logging::step_span(&step)
    }

    /// Run the use case `name` (the method's own name): inside the session's step span, so
    /// every line it logs carries the step, and with an error it returns kept among the
    /// user's recent errors for the support report ([`WizardState::note_error`]: the code,
    /// the step and the time; never its parameters), unless `name` is in
    /// [`ERRORS_NOT_KEPT`]. A use case called from another keeps nothing itself: the outer
    /// one keeps the error it returns, once.
    fn use_case<T>(
        &self,
        name: &'static str,
        f: impl FnOnce() -> Result<T, UiError>,
    ) -> Result<T, UiError> {
        let _step = self.log_step();
        let outer = Outermost::enter();
        let result = f();
        if outer.is_outermost() {
            drop(outer);
            self.keep_error(name, &result);
        }
        result
    }

    /// Keep the error of use case `name`, when it returned one and is not in
    /// [`ERRORS_NOT_KEPT`] (the async use cases call this themselves).
    fn keep_error<T>(&self, name: &str, result: &Result<T, UiError>) {
        let Err(e) = result else { return };
        if ERRORS_NOT_KEPT.contains(&name) {
            return;
        }
        let code = e.code;
        // Saved with the progress; a failure to save is the use case's error already.
        let _ = self.update(|w| {
            w.note_error(code, now());
            Ok(())
        });
    }

    /// Change the state (under the lock, briefly), then save a snapshot and make the view from
    /// it (outside the lock). `f` failing changes nothing.
    fn record<T>(
        &self,
        f: impl FnOnce(&mut WizardState) -> Result<T, UiError>,
    ) -> Result<(T, Updated), UiError> {
        let (out, snapshot, change) = {
            let mut w = lock(&self.wizard)?;
            let out = f(&mut w.state)?;
            w.changes += 1;
            (out, w.state.clone(), w.changes)
        };
        let warning = self.save(&snapshot, change);
        Ok((
            out,
            Updated {
                view: self.view_of(&snapshot),
                warning,
            },
        ))
    }

    /// [`Self::record`] for a change that gives no result.
    fn update(
        &self,
        f: impl FnOnce(&mut WizardState) -> Result<(), UiError>,
    ) -> Result<Updated, UiError> {
        self.record(f).map(|((), u)| u)
    }

    /// Record a step's result in the active flow's facts, when the flow is still `flow` (the
    /// user may have left it while the work ran); then the step result with the shown path.
    fn record_step<T: Serialize>(
        &self,
        flow: FlowId,
        result: T,
        path: Option<PathBuf>,
        f: impl FnOnce(&mut Facts),
    ) -> Result<StepResult<T>, UiError> {
        let updated = self.update(|w| {
            if w.active == flow {
                w.update_facts(f);
            }
            Ok(())
        })?;
        Ok(StepResult {
            result,
            shown: path.map(|p| self.shown(&p)),
            updated,
        })
    }

    /// Save the snapshot of change `change`, unless a newer one was saved already.
    fn save(&self, snapshot: &WizardState, change: u64) -> Option<UiError> {
        let paths = self.paths.as_ref().filter(|_| !self.progress_newer)?;
        let mut saved = self.saved.lock().ok()?;
        if *saved >= change {
            return None;
        }
        match saved_state::save_progress(paths, snapshot) {
            Ok(()) => {
                *saved = change;
                None
            }
            Err(e) => {
                tracing::warn!(target: "oces_core::session", "{e}");
                Some(UiError::from(e))
            }
        }
    }

    /// A path as the user reads it (home folder as `~`).
    pub fn shown(&self, p: &Path) -> String {
        match &self.folders {
            Some(f) => f.tilde(p),
            None => p.display().to_string(),
        }
    }

    /// The user's folders; `paths.data_dir` when the home folder is unknown.
    fn folders(&self) -> Result<&UserFolders, UiError> {
        self.folders.as_ref().ok_or_else(|| {
            UiError::new(
                ErrorCode::DataDir,
                Default::default(),
                "the home folder could not be found",
            )
        })
    }

    /// The certificate file chosen in the active flow; `wizard.no_file_chosen` without one.
    fn chosen_file(facts: &Facts) -> Result<PathBuf, UiError> {
        facts
            .file
            .clone()
            .ok_or_else(|| UiError::of(ErrorCode::NoFileChosen))
    }

    /// The language to use: the user's choice, else the OS locale's; and whether it was chosen.
    pub fn language(&self) -> (Lang, bool) {
        let chosen = self.settings.lock().map(|s| s.language).unwrap_or(None);
        match chosen {
            Some(l) => (l, true),
            None => (Lang::detect(), false),
        }
    }

    /// Drop the held password (leaving the flow, another file, closing the window).
    pub fn forget_password(&self) {
        if let Ok(mut p) = self.password.lock() {
            p.forget();
        }
    }

    /// The password for a step: `Some` is the one typed on this screen, used as it is (an
    /// empty one too: some files have the empty password); `None` asks for the one held for
    /// the active flow (typed when the file was unlocked), if any.
    pub fn password_for_step(&self, typed: Option<Password>) -> Option<Password> {
        if typed.is_some() {
            return typed;
        }
        let flow = self.wizard.lock().ok()?.state.active;
        self.password
            .lock()
            .ok()?
            .get(flow, std::time::Instant::now())
    }

    /// Whether the certificate's password is held for the active flow (the password itself
    /// never leaves).
    pub fn password_held(&self) -> bool {
        let Some(flow) = self.wizard.lock().ok().map(|w| w.state.active) else {
            return false;
        };
        self.password
            .lock()
            .is_ok_and(|mut p| p.is_held(flow, std::time::Instant::now()))
    }

    fn hold_password(&self, flow: FlowId, password: &Password) {
        if let Ok(mut held) = self.password.lock() {
            held.hold(flow, password.clone(), std::time::Instant::now());
        }
    }
}

/// The use cases whose errors are not kept among the user's recent errors: the support
/// view's (a desk reading another user's report must not fill this user's list) and the
/// panels that only look (the address a connection test would use) and the guide links:
/// a refused link or code changes nothing, the progress file included (`guide_go` too: a
/// link is someone else's input, like a report), and the look into the keychain that checks
/// the kept gateway password is still there (it runs when DMS-6 opens). The associated
/// functions without a session (`read_support_code`, `check_value`, `guide_compose`) keep
/// nothing either: they have no session to keep it in.
pub const ERRORS_NOT_KEPT: &[&str] = &[
    "open_support_report",
    "probe_plan",
    "guide_plan",
    "guide_pending",
    "guide_go",
    "gateway_credentials_present",
];

thread_local! {
    /// Whether this thread is inside a use case ([`Session::use_case`]).
    static IN_USE_CASE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks this thread as inside a use case while it lives; knows whether it is the outermost
/// one (a panic inside leaves the mark cleared too).
struct Outermost(bool);

impl Outermost {
    fn enter() -> Outermost {
        Outermost(!IN_USE_CASE.with(|c| c.replace(true)))
    }
    fn is_outermost(&self) -> bool {
        self.0
    }
}

impl Drop for Outermost {
    fn drop(&mut self) {
        if self.0 {
            IN_USE_CASE.with(|c| c.set(false));
        }
    }
}

/// What the policies relax in the wizard's steps.
fn rules_of(p: &crate::policy::Policies) -> crate::wizard::Rules {
    crate::wizard::Rules {
        backup_optional: !p.backup_required(),
        install_by_it: !p.store_install(),
    }
}

/// A path from the window, trimmed and resolved (links, `..`) when it exists; as typed when
/// it does not, so the core reports the missing file in its own words. On Windows the result
/// keeps the ordinary `C:\…` form (not `\\?\C:\…`), so it is shown, shortened to
/// `%USERPROFILE%` and compared as the user knows it.
pub fn resolved(path: &str) -> PathBuf {
    let p = PathBuf::from(path.trim());
    dunce::canonicalize(&p).unwrap_or(p)
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

#[cfg(test)]
pub(crate) mod testing {
    //! A session in a temporary folder, with no certificate stores unless a test gives some.
    use super::*;

    pub struct TestSession {
        pub session: Session,
        pub dir: tempfile::TempDir,
    }

    impl TestSession {
        pub fn home(&self) -> PathBuf {
            self.dir.path().join("home")
        }
        pub fn data(&self) -> PathBuf {
            self.dir.path().join("data")
        }
    }

    /// A desktop that records what it was asked to open, and can fail.
    #[derive(Default)]
    pub struct FakeDesktop {
        pub opened: std::cell::RefCell<Vec<String>>,
        pub broken: bool,
        /// Whether the window was closed.
        pub closed: std::cell::Cell<bool>,
    }

    impl Desktop for FakeDesktop {
        fn open_url(&self, url: &str) -> Result<(), String> {
            if self.broken {
                return Err("no browser".into());
            }
            self.opened.borrow_mut().push(url.into());
            Ok(())
        }
        fn reveal(&self, path: &std::path::Path) -> Result<(), String> {
            if self.broken {
                return Err("no file manager".into());
            }
            self.opened.borrow_mut().push(path.display().to_string());
            Ok(())
        }
        fn close(&self) {
            self.closed.set(true);
        }
    }

    fn no_stores(_: Option<&UserFolders>) -> Vec<Box<dyn CertStore>> {
        Vec::new()
    }

    /// The CUG flow up to CUG-8 done, replacing a certificate as a user, with `login` ("yes" or
    /// "not_yet") as the answer to "Har du logget ind på DKMAnet med det nye certifikat?".
    pub fn answer_cug8(t: &TestSession, login: &str) {
        use crate::flow::{FlowId, CUG};
        use crate::wizard::{Answer, Outcome};
        let mut w = lock(&t.session.wizard).expect("lock");
        w.state.choose_flow(FlowId::Cug);
        let p = w.state.flows.entry(FlowId::Cug).or_default();
        for s in &CUG.steps[..CUG.index_of("CUG-9").expect("CUG-9")] {
            p.completed.insert(s.code.to_string(), Outcome::Done);
        }
        p.current = "CUG-9".into();
        p.answers
            .insert("cug_account".into(), Answer::Text("replacing".into()));
        p.answers
            .insert("cug_role".into(), Answer::Text("user".into()));
        p.answers
            .insert("cug_login".into(), Answer::Text(login.into()));
    }

    pub fn session() -> TestSession {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join("Downloads")).expect("home");
        let session = Session::load(
            Some(AppPaths::in_dir(dir.path().join("data"))),
            Some(UserFolders::under(home)),
        )
        .with_stores(no_stores)
        .with_policy(crate::policy::Policies::defaults())
        .with_temp_dirs(vec![dir.path().join("temp")]);
        TestSession { session, dir }
    }

    /// The session of `t` started again from what is on disk (as the next start does).
    pub fn reloaded(t: TestSession) -> TestSession {
        let TestSession { session, dir } = t;
        drop(session);
        let session = Session::load(
            Some(AppPaths::in_dir(dir.path().join("data"))),
            Some(UserFolders::under(dir.path().join("home"))),
        )
        .with_stores(no_stores)
        .with_policy(crate::policy::Policies::defaults())
        .with_temp_dirs(vec![dir.path().join("temp")]);
        TestSession { session, dir }
    }

    /// An OCES3 test certificate file with password `pw` in the home folder's Downloads.
    pub fn p12(t: &TestSession, pw: &str) -> PathBuf {
        let scratch = t.dir.path().join("scratch");
        std::fs::create_dir_all(&scratch).expect("scratch");
        let made = testkit::oces3_test_p12(
            &scratch,
            "Test Medarbejder",
            "11111111-2222-3333-4444-555555555555",
            pw,
        );
        // Only the file itself in Downloads (openssl's key and certificate stay behind).
        let file = t.home().join("Downloads").join("medarbejder.p12");
        std::fs::copy(&made, &file).expect("copy");
        file
    }

    /// [`p12`], chosen as the active flow's file.
    pub fn chosen_p12(t: &TestSession, pw: &str) -> PathBuf {
        let file = p12(t, pw);
        t.session
            .choose_file(&file.display().to_string())
            .expect("chosen");
        file
    }

    /// A JSON file that is not a support report, by its path.
    pub fn not_a_report(t: &TestSession) -> String {
        let path = t.dir.path().join("x.json");
        std::fs::write(&path, b"{}").expect("write");
        path.display().to_string()
    }

    pub fn code(r: Result<impl std::fmt::Debug, UiError>) -> ErrorCode {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => e.code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    /// Every change is saved; the view sent carries the support code of the same state.
    #[test]
    fn a_change_is_saved_and_the_view_carries_its_support_code() {
        let t = session();
        let u = t.session.choose_flow("cug").expect("flow");
        assert_eq!(u.view.view.flow, FlowId::Cug);
        let state = t.session.snapshot().expect("snapshot");
        assert_eq!(u.view.support_code, crate::support::encode(&state));
        let json = serde_json::to_value(&u.view).expect("json");
        assert_eq!(json["support_code"], u.view.support_code.as_str());
        assert_eq!(
            json["flow"], "cug",
            "the view's fields sit at the top, as before"
        );
        let saved = saved_state::read_progress(&AppPaths::in_dir(t.data()));
        assert_eq!(saved.value.active, FlowId::Cug);
    }

    /// A progress file from a newer version is never saved over.
    #[test]
    fn newer_progress_is_not_saved_over() {
        let t = session();
        let s = Session {
            progress_newer: true,
            ..Session::load(Some(AppPaths::in_dir(t.data())), None)
        };
        s.choose_flow("dms").expect("flow");
        assert!(!AppPaths::in_dir(t.data()).progress_file().exists());
    }

    /// An older snapshot never overwrites a newer one that was saved first.
    #[test]
    fn only_the_newest_snapshot_is_saved() {
        let t = session();
        let mut old = WizardState::default();
        old.choose_flow(FlowId::Stil);
        let mut new = WizardState::default();
        new.choose_flow(FlowId::Dms);
        assert!(t.session.save(&new, 2).is_none());
        assert!(t.session.save(&old, 1).is_none());
        let saved = saved_state::read_progress(&AppPaths::in_dir(t.data()));
        assert_eq!(saved.value.active, FlowId::Dms);
    }

    /// The command line's report reads without writing: a damaged file is not set aside, a
    /// change is not saved, and the notices say what was found.
    #[test]
    fn a_read_only_session_changes_nothing_on_disk() {
        let t = session();
        let paths = AppPaths::in_dir(t.data());
        std::fs::create_dir_all(t.data()).expect("dir");
        std::fs::write(paths.progress_file(), b"{oops").expect("write");
        let s = Session::read_only(&paths, None);
        assert!(s.progress_unreadable() && !s.progress_newer());
        s.choose_flow("cug").expect("in memory");
        assert_eq!(
            std::fs::read(paths.progress_file()).expect("read"),
            b"{oops"
        );
        assert_eq!(std::fs::read_dir(t.data()).expect("dir").count(), 1);
    }

    /// An error a use case returns is kept among the recent errors by the core itself (no
    /// call from the window): its code, flow, step and time, saved with the progress. A use
    /// case called from another (inspect_file → inspect_at) keeps it once.
    #[test]
    fn an_error_of_a_use_case_is_kept_without_the_window() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        assert_eq!(code(t.session.unlock_file(None)), ErrorCode::NoFileChosen);
        let missing = t.dir.path().join("missing.p12").display().to_string();
        assert_eq!(
            code(t.session.inspect_file(&missing, None)),
            ErrorCode::CertRead
        );
        let kept = t.session.snapshot().expect("state").recent_errors;
        let codes: Vec<&str> = kept.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["wizard.no_file_chosen", "cert.read_failed"]);
        assert_eq!(
            (kept[0].flow, kept[0].step.as_str()),
            (FlowId::Dms, "DMS-1")
        );
        let saved = saved_state::read_progress(&AppPaths::in_dir(t.data()));
        assert_eq!(saved.value.recent_errors, kept, "saved with the progress");
        // A use case that succeeds keeps nothing.
        t.session.advance().ok();
        t.session.view().expect("view");
        t.session.find_files().expect("found");
        assert!(
            t.session.snapshot().expect("state").recent_errors.len() >= 2,
            "nothing removed"
        );
    }

    /// The support view's use cases and the panels that only look keep nothing: a desk
    /// decoding another user's report or a refused guide link leaves this user's list alone.
    #[test]
    fn the_support_views_errors_are_not_kept() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        assert_eq!(
            code(t.session.open_support_report(&not_a_report(&t))),
            ErrorCode::SupportReportUnreadable
        );
        assert!(t.session.probe_plan("ftp://x").is_err());
        assert!(t.session.guide_plan("oces-wizard://v1/nonsense").is_err());
        assert!(t.session.guide_received(&["oces-wizard://v1/nonsense"]));
        assert!(t.session.guide_pending().is_err());
        assert!(t
            .session
            .guide_go("oces-wizard://v1/go?flow=dms&step=DMS-1&file=x", false)
            .is_err());
        assert!(Session::read_support_code("XX").is_err());
        assert_eq!(
            t.session.snapshot().expect("state").recent_errors,
            Vec::new()
        );
        // The same session keeps the error of an ordinary use case.
        t.session.unlock_file(None).unwrap_err();
        assert_eq!(t.session.snapshot().expect("state").recent_errors.len(), 1);
    }

    /// The names of the use cases: each `use_case("…")` names its own method (so the list
    /// below and the log say the right one), and every name in [`ERRORS_NOT_KEPT`] is one of
    /// them (a renamed use case cannot leave a dead entry behind and start keeping errors).
    #[test]
    fn the_not_kept_list_names_use_cases() {
        let sources = [
            include_str!("cert_stores.rs"),
            include_str!("files.rs"),
            include_str!("guide.rs"),
            include_str!("keychain.rs"),
            include_str!("portal.rs"),
            include_str!("probe.rs"),
            include_str!("support.rs"),
            include_str!("wizard.rs"),
        ];
        let mut names = Vec::new();
        for src in sources {
            for part in src.split("    pub fn ").skip(1) {
                let method: String = part
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let body = &part[..part.find("\n    }\n").unwrap_or(part.len())];
                if let Some(at) = body.find("self.use_case(\"") {
                    let named = &body[at + 15..];
                    let named = &named[..named.find('"').expect("closed")];
                    assert_eq!(named, method, "use_case(\"{named}\") in fn {method}");
                    names.push(method);
                }
            }
        }
        assert!(names.len() >= 40, "{names:?}");
        for n in ERRORS_NOT_KEPT {
            assert!(names.iter().any(|m| m == n), "{n} is not a use case");
        }
        // The async use case keeps its error under its own name too.
        assert!(include_str!("probe.rs").contains("keep_error(\"probe_connection\""));
    }

    /// What is kept is the code, never a secret: a sentinel password and a sentinel in a
    /// file's name reach the use cases and their errors, and appear neither in the recent
    /// errors, the saved progress nor the support report.
    #[test]
    fn no_secret_in_the_recent_errors() {
        const SENTINEL: &str = "Kept-SENTINEL-pw-Ø-7x";
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        chosen_p12(&t, "right password");
        assert_eq!(
            code(t.session.unlock_file(Some(Password::new(SENTINEL)))),
            ErrorCode::CertWrongPassword
        );
        let named = t.dir.path().join(format!("{SENTINEL}.p12"));
        assert!(t
            .session
            .inspect_file(&named.display().to_string(), Some(&Password::new(SENTINEL)))
            .is_err());
        let kept = t.session.snapshot().expect("state").recent_errors;
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert_eq!(kept[0].code, "cert.pkcs12.wrong_password");
        let progress =
            std::fs::read_to_string(AppPaths::in_dir(t.data()).progress_file()).expect("saved");
        assert!(progress.contains("cert.pkcs12.wrong_password"));
        let report = serde_json::to_string(&t.session.report().expect("report")).expect("json");
        let text = t.session.support_report(None, None).expect("text");
        for out in [
            &serde_json::to_string(&kept).expect("json"),
            &progress,
            &report,
            &text,
        ] {
            assert!(!out.contains("SENTINEL"), "{out}");
        }
    }

    /// A typed password wins, an empty one too (it is the password of some files); only
    /// none at all uses the held one.
    #[test]
    fn the_typed_password_wins_and_only_none_uses_the_held() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        assert!(t.session.password_for_step(None).is_none());
        assert!(!t.session.password_held());
        t.session.hold_password(FlowId::Dms, &Password::new("held"));
        assert!(t.session.password_held());
        let typed = t.session.password_for_step(Some(Password::new("typed")));
        assert_eq!(typed.as_ref().map(Password::expose), Some("typed"));
        let empty = t.session.password_for_step(Some(Password::new("")));
        assert_eq!(empty.as_ref().map(Password::expose), Some(""));
        let held = t.session.password_for_step(None);
        assert_eq!(held.as_ref().map(Password::expose), Some("held"));
        t.session.forget_password();
        assert!(t.session.password_for_step(None).is_none());
    }
}
