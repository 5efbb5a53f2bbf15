//! The app's state: the wizard behind a mutex, the settings, and where they are saved.

use oces_core::i18n::Lang;
use oces_core::paths::{AppPaths, UserFolders};
use oces_core::store::{self, Settings};
use oces_core::wizard::WizardState;
use std::sync::Mutex;
use std::time::Instant;

/// Managed by Tauri; one per app.
pub struct AppState {
    /// Where progress and settings live; None when the OS gives no app-data folder.
    pub paths: Option<AppPaths>,
    /// The wizard.
    pub wizard: Mutex<WizardState>,
    /// The settings.
    pub settings: Mutex<Settings>,
    /// A damaged file that was set aside at start (progress or settings), for the notice.
    pub set_aside: Vec<String>,
    /// The progress file was written by a newer version: not used, and never saved over.
    pub progress_newer: bool,
    /// When `main` started, for the time-to-first-screen figure.
    pub started: Instant,
    /// The user's folders (home, Downloads, …) where certificate files are looked for.
    pub folders: Option<UserFolders>,
    /// Cancels the connection test that is running, if any.
    pub probe_cancel: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    /// The certificate's password, typed once in a flow, in memory only (see
    /// [`oces_core::secret::HeldPassword`]).
    pub password: Mutex<oces_core::secret::HeldPassword>,
}

impl AppState {
    /// Load progress and settings from disk.
    pub fn load(paths: Option<AppPaths>, started: Instant) -> AppState {
        let (wizard, settings, mut set_aside, progress_newer) = match &paths {
            Some(p) => {
                let w = store::load_progress(p);
                let s = store::load_settings(p);
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
        AppState {
            paths,
            wizard: Mutex::new(wizard),
            settings: Mutex::new(settings),
            set_aside,
            progress_newer,
            started,
            folders: UserFolders::from_env(),
            probe_cancel: Mutex::new(None),
            password: Mutex::new(Default::default()),
        }
    }

    /// Drop the held password (leaving the flow, another file, closing the window).
    pub fn forget_password(&self) {
        if let Ok(mut p) = self.password.lock() {
            p.forget();
        }
    }

    /// The password for a step: the one typed on this screen, else the one held for the
    /// active flow (typed when the file was unlocked), if any.
    pub fn password_for_step(&self, typed: Option<String>) -> Option<oces_core::secret::Password> {
        if let Some(t) = typed.filter(|t| !t.is_empty()) {
            return Some(oces_core::secret::Password::new(t));
        }
        let flow = self.wizard.lock().ok()?.active;
        self.password
            .lock()
            .ok()?
            .get(flow, std::time::Instant::now())
    }

    /// The language to use: the user's choice, else the OS locale's.
    pub fn language(&self) -> (Lang, bool) {
        let chosen = self.settings.lock().map(|s| s.language).unwrap_or(None);
        match chosen {
            Some(l) => (l, true),
            None => (Lang::detect(), false),
        }
    }
}
