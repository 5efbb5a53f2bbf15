//! The window's commands: each converts its arguments and calls `oces-core`.
//!
//! Every command carries `#[cfg_attr(test, specta::specta)]` and every type it returns
//! `derive(specta::Type)` (under test only): the page's TypeScript, `ui/src/ipc/bindings.ts`,
//! is generated from them (see `bindings.rs`). A new command goes into `ipc_commands!` in
//! lib.rs, then `scripts/bindings.sh` writes its typed function.

use crate::state::AppState;
use oces_core::error::UiError;
use oces_core::flow::{FlowDef, FlowId, Question, StepKind, FINDER};
use oces_core::i18n::Lang;
use oces_core::store;
use oces_core::wizard::{Answer, WizardState, WizardView};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

/// A path from the window, trimmed and resolved (links, `..`) when it exists; as typed when
/// it does not, so the core reports the missing file in its own words.
fn resolved(path: &str) -> std::path::PathBuf {
    let p = std::path::PathBuf::from(path.trim());
    std::fs::canonicalize(&p).unwrap_or(p)
}

/// Everything the UI needs at start.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct Startup {
    version: &'static str,
    os: oces_core::platform::Os,
    language: Lang,
    language_chosen: bool,
    flows: Vec<&'static FlowDef>,
    finder: &'static [Question],
    built_kinds: Vec<StepKind>,
    /// The browsers DKMA's guide recommends that are installed (CUG-2).
    browsers: Vec<oces_core::browsers::Browser>,
    view: WizardView,
    set_aside: Vec<String>,
    /// The saved progress is from a newer version of the app: left alone, not saved over.
    progress_newer: bool,
}

/// A new view, plus a warning when it could not be saved.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct Updated {
    view: WizardView,
    warning: Option<UiError>,
}

const ALL_KINDS: &[StepKind] = &[
    StepKind::Chooser,
    StepKind::Guide,
    StepKind::FindFile,
    StepKind::Unlock,
    StepKind::Place,
    StepKind::Backup,
    StepKind::Archive,
    StepKind::LoadCertificate,
    StepKind::Install,
    StepKind::GatewayId,
    StepKind::Credentials,
    StepKind::ConnectionTest,
    StepKind::Handover,
    StepKind::SupportCase,
    StepKind::Done,
];

fn with_wizard(
    state: &AppState,
    f: impl FnOnce(&mut WizardState) -> Result<(), UiError>,
) -> Result<Updated, UiError> {
    let mut w = state.wizard.lock().map_err(|_| UiError::internal())?;
    f(&mut w)?;
    let warning = state
        .paths
        .as_ref()
        .filter(|_| !state.progress_newer)
        .and_then(|p| store::save_progress(p, &w).err())
        .map(|e| {
            eprintln!("oces-wizard: {e}");
            UiError::from(e)
        });
    Ok(Updated {
        view: w.view(),
        warning,
    })
}

/// Async so it runs off the main thread, which is busy serving the page's files at this time.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn get_startup(state: State<'_, AppState>) -> Result<Startup, UiError> {
    startup(&state)
}

/// A script that hands the page its startup data before the page's own scripts run, so the
/// first screen needs no round trip. The data holds no secrets (progress and settings only).
pub fn startup_script(state: &AppState) -> Option<String> {
    let data = serde_json::to_string(&startup(state).ok()?).ok()?;
    // JSON is a JavaScript expression; it is not inside HTML, so no escaping beyond serde's.
    Some(format!("window.__OCES_STARTUP__ = {data};"))
}

fn startup(state: &AppState) -> Result<Startup, UiError> {
    let (language, language_chosen) = state.language();
    let view = state.wizard.lock().map_err(|_| UiError::internal())?.view();
    Ok(Startup {
        version: env!("CARGO_PKG_VERSION"),
        os: oces_core::platform::Os::current(),
        language,
        language_chosen,
        flows: FlowId::ALL.iter().map(|f| f.def()).collect(),
        finder: FINDER,
        built_kinds: ALL_KINDS.iter().copied().filter(|k| k.built()).collect(),
        browsers: oces_core::browsers::installed(),
        view,
        set_aside: state.set_aside.clone(),
        progress_newer: state.progress_newer,
    })
}

/// Called by the UI once the first screen can be used; returns milliseconds since start.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn ui_ready(state: State<'_, AppState>) -> u64 {
    let ms = crate::since_process_start_ms(state.started);
    eprintln!("oces-wizard: first interactive screen after {ms} ms");
    ms
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn choose_flow(state: State<'_, AppState>, flow: String) -> Result<Updated, UiError> {
    let flow = FlowId::parse(&flow).ok_or_else(|| UiError {
        code: oces_core::error::ErrorCode::UnknownFlow,
        params: Default::default(),
        message: "no such flow".into(),
    })?;
    state.forget_password();
    with_wizard(&state, |w| {
        w.choose_flow(flow);
        Ok(())
    })
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn set_answer(
    state: State<'_, AppState>,
    id: String,
    value: Answer,
) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.set_answer(&id, value)?))
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn advance(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.advance()?))
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn back(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| {
        w.back();
        Ok(())
    })
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn goto_step(state: State<'_, AppState>, code: String) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.goto(&code)?))
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn start_over(state: State<'_, AppState>) -> Result<Updated, UiError> {
    state.forget_password();
    with_wizard(&state, |w| {
        w.start_over();
        Ok(())
    })
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn set_language(state: State<'_, AppState>, language: Lang) -> Result<(), UiError> {
    let mut s = state.settings.lock().map_err(|_| UiError::internal())?;
    s.language = Some(language);
    match &state.paths {
        Some(p) => store::save_settings(p, &s).map_err(|e| {
            eprintln!("oces-wizard: {e}");
            UiError::from(e)
        }),
        None => Ok(()),
    }
}

/// Open a link in the user's browser: either one of the fixed links of the flow tables, or a
/// link the user pasted on the current step (checked to be https first, and remembered only as
/// "opened", never the link itself).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn open_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
    answer_id: Option<String>,
    browser: Option<String>,
) -> Result<Option<Updated>, UiError> {
    let target = match &answer_id {
        Some(_) => oces_core::link::check_https_link(&url)?,
        None => oces_core::link::known_link(&url)?.to_string(),
    };
    // "Open in Firefox/Chrome" (CUG-2): that program, found on this computer; else the default.
    let program = match browser
        .as_deref()
        .and_then(oces_core::browsers::BrowserId::parse)
    {
        Some(id) => Some(
            oces_core::browsers::installed()
                .into_iter()
                .find(|b| b.id == id)
                .map(|b| b.program.to_string_lossy().into_owned())
                .ok_or_else(|| UiError::from(oces_core::link::BrowserFailed))?,
        ),
        None => None,
    };
    app.opener().open_url(target, program).map_err(|e| {
        eprintln!("oces-wizard: opening the browser failed: {e}");
        UiError::from(oces_core::link::BrowserFailed)
    })?;
    let updated = match answer_id {
        Some(id) => Some(with_wizard(&state, |w| {
            Ok(w.set_answer(&id, Answer::Bool(true))?)
        })?),
        None => None,
    };
    Ok(updated)
}

/// Open and explain a certificate file the user picked, dropped or typed. Runs off the main
/// thread so the window stays responsive. The password is wrapped at once and never stored.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn inspect_file(
    path: String,
    password: Option<String>,
) -> Result<oces_core::cert::Inspection, UiError> {
    let password = password.map(oces_core::secret::Password::new);
    oces_core::cert::inspect_path(
        &resolved(&path),
        password.as_ref(),
        time::OffsetDateTime::now_utc(),
    )
    .map_err(UiError::from)
}

/// What a file shows before its password (a PKCS#12 file that keeps its certificates in the
/// clear, as MitID Erhverv's do): the certificate, marked not yet checked.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn preview_file(path: String) -> Result<oces_core::cert::Inspection, UiError> {
    oces_core::cert::inspect_before_password(&resolved(&path), time::OffsetDateTime::now_utc())
        .map_err(UiError::from)
}

/// Write a copy of a PKCS#12 file with other encryption (see `oces_core::cert::export`).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn export_copy(
    path: String,
    password: String,
    profile: oces_core::cert::export::Profile,
    target: String,
) -> Result<oces_core::cert::export::Exported, UiError> {
    let password = oces_core::secret::Password::new(password);
    let target = oces_core::files::place::checked_save_target(&target, &["p12", "pfx"])?;
    oces_core::cert::export::reexport(
        std::path::Path::new(path.trim()),
        &password,
        profile,
        &target,
    )
    .map_err(UiError::from)
}

// ---------- the app steps: find, unlock, place, back up, archive ----------

/// A step result together with the new view.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct StepResult<T: Serialize> {
    result: T,
    /// The path as shown to the user (home folder as `~`).
    shown: Option<String>,
    updated: Updated,
}

fn with_wizard_result<T: Serialize>(
    state: &AppState,
    f: impl FnOnce(&mut WizardState) -> Result<(T, Option<std::path::PathBuf>), UiError>,
) -> Result<StepResult<T>, UiError> {
    let mut out = None;
    let updated = with_wizard(state, |w| {
        out = Some(f(w)?);
        Ok(())
    })?;
    let (result, path) = out.ok_or_else(UiError::internal)?;
    let shown = path.map(|p| match &state.folders {
        Some(f) => f.tilde(&p),
        None => p.display().to_string(),
    });
    Ok(StepResult {
        result,
        shown,
        updated,
    })
}

fn folders(state: &AppState) -> Result<&oces_core::paths::UserFolders, UiError> {
    state.folders.as_ref().ok_or_else(|| UiError {
        code: oces_core::error::ErrorCode::DataDir,
        params: Default::default(),
        message: "the home folder could not be found".into(),
    })
}

/// Certificate files in the user's folders, newest first.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn find_files(
    state: State<'_, AppState>,
) -> Result<Vec<oces_core::files::find::Found>, UiError> {
    Ok(oces_core::files::find::find_certificates(folders(&state)?))
}

/// The user chose a file (from the list, by browsing, dropping or typing its path).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn choose_file(state: State<'_, AppState>, path: String) -> Result<Updated, UiError> {
    let path = resolved(&path);
    let flow = state.wizard.lock().map_err(|_| UiError::internal())?.active;
    // A CUG page the reader does not understand goes on as it is (files::unreadable).
    let unreadable = oces_core::files::unreadable::check_choice(flow, &path)?;
    // Another file: the password held for the last one is not this one's.
    state.forget_password();
    with_wizard(&state, |w| {
        w.update_facts(|f| {
            *f = oces_core::wizard::Facts {
                file: Some(path),
                archived: f.archived.take(),
                unreadable,
                ..Default::default()
            }
        });
        Ok(())
    })
}

/// Whether the certificate's password is held for the active flow (typed once when the file
/// was unlocked), so a step need not ask for it again. The password itself never leaves.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn password_held(state: State<'_, AppState>) -> bool {
    let Some(flow) = state.wizard.lock().ok().map(|w| w.active) else {
        return false;
    };
    state
        .password
        .lock()
        .is_ok_and(|mut p| p.is_held(flow, std::time::Instant::now()))
}

/// Unlock the chosen file with its password and record what it is.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct Unlocked {
    inspection: oces_core::cert::Inspection,
    flow_findings: Vec<oces_core::cert::identify::Finding>,
}

#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn unlock_file(
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<StepResult<Unlocked>, UiError> {
    let password = password.map(oces_core::secret::Password::new);
    with_wizard_result(&state, |w| {
        let file = w.facts().file.ok_or_else(UiError::internal)?;
        let mut r = oces_core::cert::inspect_path(
            &file,
            password.as_ref(),
            time::OffsetDateTime::now_utc(),
        )?;
        oces_core::checks::drop_irrelevant(w.active, &mut r);
        let flow_findings = oces_core::checks::flow_findings(w.active, &w.view().answers, &r);
        let facts = oces_core::wizard::CertFacts::from_inspection(&r);
        let blocking = flow_findings
            .iter()
            .any(|f| f.level == oces_core::cert::identify::Level::Error);
        w.update_facts(|f| f.certificate = (!blocking).then_some(facts));
        // Opened with it: held in memory for this flow's later steps, so they need not ask.
        if let (Some(p), Ok(mut held)) = (&password, state.password.lock()) {
            held.hold(w.active, p.clone(), std::time::Instant::now());
        }
        Ok((
            Unlocked {
                inspection: r,
                flow_findings,
            },
            Some(file),
        ))
    })
}

/// Put the chosen file in `~/.oces` (copy or move, optionally under a new name).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn place_file(
    state: State<'_, AppState>,
    name: Option<String>,
    mode: oces_core::files::place::Mode,
) -> Result<StepResult<oces_core::files::place::Placed>, UiError> {
    let oces = folders(&state)?.oces_dir();
    with_wizard_result(&state, |w| {
        let file = w.facts().file.ok_or_else(UiError::internal)?;
        oces_core::files::place::ensure_private_dir(&oces)?;
        let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let placed = oces_core::files::place::place(&file, &oces, name, mode)?;
        let at = placed.path().to_path_buf();
        w.update_facts(|f| {
            f.placed = Some(at.clone());
            if mode == oces_core::files::place::Mode::Move {
                f.file = Some(at.clone());
            }
        });
        Ok((placed, Some(at)))
    })
}

/// Make the verified backup copy in a folder the user chose.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn backup_file(
    state: State<'_, AppState>,
    dir: String,
    password: Option<String>,
) -> Result<StepResult<oces_core::files::backup::Backup>, UiError> {
    let password = state.password_for_step(password);
    with_wizard_result(&state, |w| {
        let facts = w.facts();
        let file = facts.placed.or(facts.file).ok_or_else(UiError::internal)?;
        let b = match &facts.unreadable {
            Some(u) => oces_core::files::backup::backup_as_is(&file, &resolved(&dir), &u.sha256)?,
            None => oces_core::files::backup::backup(&file, &resolved(&dir), password.as_ref())?,
        };
        let at = b.placed.path().to_path_buf();
        w.update_facts(|f| f.backup = Some(at.clone()));
        Ok((b, Some(at)))
    })
}

/// The certificate files in `~/.oces`, with which are old.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn list_old_certificates(
    state: State<'_, AppState>,
) -> Result<Vec<oces_core::files::archive::OcesEntry>, UiError> {
    let oces = folders(&state)?.oces_dir();
    let facts = state
        .wizard
        .lock()
        .map_err(|_| UiError::internal())?
        .facts();
    let current = oces_core::files::archive::Current {
        path: facts.placed,
        holder: facts
            .certificate
            .as_ref()
            .and_then(|c| c.common_name.clone()),
        not_after: facts.certificate.map(|c| c.not_after),
    };
    Ok(oces_core::files::archive::list_oces(
        &oces,
        &current,
        time::OffsetDateTime::now_utc(),
    ))
}

/// Move the chosen old certificates to `~/.oces/archive/<date>/`.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn archive_files(state: State<'_, AppState>, paths: Vec<String>) -> Result<Updated, UiError> {
    let oces = folders(&state)?.oces_dir();
    let date = time::OffsetDateTime::now_utc().date().to_string();
    let files: Vec<std::path::PathBuf> = paths.iter().map(std::path::PathBuf::from).collect();
    let mut failure = None;
    let updated = with_wizard(&state, |w| {
        let record = match oces_core::files::archive::archive(&oces, &files, &date) {
            Ok(r) => r,
            Err((r, e)) => {
                failure = Some(UiError::from(e));
                r
            }
        };
        w.update_facts(|f| f.archived = (!record.moved.is_empty()).then_some(record));
        Ok(())
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(updated),
    }
}

/// Move the last archived files back.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn undo_archive(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| {
        if let Some(record) = w.facts().archived {
            oces_core::files::archive::undo(&record)?;
        }
        w.update_facts(|f| f.archived = None);
        Ok(())
    })
}

/// Show the placed file or the backup in the file manager.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn reveal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    which: String,
) -> Result<(), UiError> {
    let facts = state
        .wizard
        .lock()
        .map_err(|_| UiError::internal())?
        .facts();
    let path = match which.as_str() {
        "placed" => facts.placed,
        "backup" => facts.backup,
        _ => None,
    }
    .ok_or_else(UiError::internal)?;
    app.opener().reveal_item_in_dir(path).map_err(|e| {
        eprintln!("oces-wizard: showing the folder failed: {e}");
        UiError {
            code: oces_core::error::ErrorCode::FileRevealFailed,
            params: Default::default(),
            message: "the file manager could not be opened".into(),
        }
    })
}

/// The STIL support case text (STIL-7), from the certificate and the wsBrugerIds.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn stil_case(state: State<'_, AppState>) -> Result<Option<String>, UiError> {
    let w = state.wizard.lock().map_err(|_| UiError::internal())?;
    Ok(oces_core::portal::stil_case_from(
        &w.facts(),
        &w.view().answers,
    ))
}

/// Save the STIL support case as a text file where the user chose (never overwriting).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn save_stil_case(state: State<'_, AppState>, target: String) -> Result<String, UiError> {
    let text = stil_case(state)?.ok_or_else(UiError::internal)?;
    let target = oces_core::files::place::checked_save_target(&target, &["txt"])?;
    oces_core::files::place::write_new_file(&target, text.as_bytes())?;
    Ok(target.display().to_string())
}

/// Check a typed value with a named check (the UI shows the verdict as the user types).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn check_value(check: String, value: String) -> oces_core::portal::ValueCheck {
    oces_core::portal::check_value(&check, &value)
}

/// A composed text of the current flow (CUG-8's email and message).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn composed_text(
    state: State<'_, AppState>,
    what: String,
    lang: Option<Lang>,
) -> Result<Option<oces_core::portal::Composed>, UiError> {
    // The user's language unless another is asked for (English for a receiver who prefers it).
    let lang = lang.unwrap_or_else(|| state.language().0);
    let w = state.wizard.lock().map_err(|_| UiError::internal())?;
    Ok(oces_core::portal::cug_text(
        &what,
        lang,
        &w.facts(),
        &w.view().answers,
    ))
}

/// Open a composed email in the user's mail program (the link is made here, not by the page).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn open_composed_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    what: String,
    lang: Option<Lang>,
) -> Result<(), UiError> {
    let link = composed_text(state, what, lang)?
        .and_then(|c| c.mailto)
        .ok_or_else(UiError::internal)?;
    app.opener().open_url(link, None::<&str>).map_err(|e| {
        eprintln!("oces-wizard: opening the mail program failed: {e}");
        UiError {
            code: oces_core::error::ErrorCode::MailFailed,
            params: Default::default(),
            message: "the mail program could not be opened".into(),
        }
    })
}

// ---------- STIL-4: the handover log ----------

fn handover_path(state: &AppState) -> Result<std::path::PathBuf, UiError> {
    state
        .paths
        .as_ref()
        .map(|p| p.handover_log())
        .ok_or_else(UiError::internal)
}

/// The handover log as it stands.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn handover_log(state: State<'_, AppState>) -> Result<oces_core::handover::LogRead, UiError> {
    Ok(oces_core::handover::read(&handover_path(&state)?))
}

/// Log one handover (never the password: the entry has no field for it).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn add_handover(
    state: State<'_, AppState>,
    mut entry: oces_core::handover::HandoverEntry,
) -> Result<Updated, UiError> {
    entry.validate()?;
    entry.logged_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let path = handover_path(&state)?;
    oces_core::handover::append(&path, &entry)?;
    let confirmed = oces_core::handover::read(&path)
        .entries
        .iter()
        .any(|e| e.receipt_confirmed);
    with_wizard(&state, |w| {
        w.update_facts(|f| f.handover_logged = confirmed);
        Ok(())
    })
}

/// Export the handover log as CSV where the user chose (never overwriting).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn export_handover_csv(state: State<'_, AppState>, target: String) -> Result<String, UiError> {
    let log = oces_core::handover::read(&handover_path(&state)?);
    let target = oces_core::files::place::checked_save_target(&target, &["csv"])?;
    oces_core::files::place::write_new_file(
        &target,
        oces_core::handover::to_csv(&log.entries).as_bytes(),
    )?;
    Ok(target.display().to_string())
}

/// CUG-8: the new certificate's RID against the older ones in `.oces`.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct RidCheck {
    new_rid: Option<String>,
    older: Vec<oces_core::portal::RidComparison>,
}

#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn rid_comparison(state: State<'_, AppState>) -> Result<RidCheck, UiError> {
    let facts = state
        .wizard
        .lock()
        .map_err(|_| UiError::internal())?
        .facts();
    let new_rid = facts
        .certificate
        .as_ref()
        .filter(|c| c.id_type.as_deref() == Some("RID"))
        .and_then(|c| c.id.clone());
    let entries = list_old_certificates(state)?;
    let older = new_rid
        .as_deref()
        .map(|r| oces_core::portal::compare_rids(r, &entries))
        .unwrap_or_default();
    Ok(RidCheck { new_rid, older })
}

// ---------- issue 8: the support report ("Get help") ----------

fn current_report(state: &AppState) -> Result<oces_core::support::Report, UiError> {
    let w = state.wizard.lock().map_err(|_| UiError::internal())?;
    let (lang, _) = state.language();
    let machine = oces_core::support::Machine {
        app_version: env!("CARGO_PKG_VERSION").into(),
        os: oces_core::support::os_description(),
        language: lang.code().into(),
    };
    Ok(oces_core::support::report(
        &w,
        state.folders.as_ref(),
        machine,
    ))
}

/// The support report exactly as it would be shared (text), for the "Get help" preview.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn support_report(state: State<'_, AppState>, lang: Option<Lang>) -> Result<String, UiError> {
    let r = current_report(&state)?;
    Ok(match lang {
        Some(l) => oces_core::support::report_text_in(&r, l),
        None => oces_core::support::report_text(&r),
    })
}

/// Save the support report where the user chose: JSON for `.json`, text otherwise.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn save_support_report(state: State<'_, AppState>, target: String) -> Result<String, UiError> {
    let r = current_report(&state)?;
    let target = oces_core::files::place::checked_save_target(&target, &["txt", "json"])?;
    let json = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let body = if json {
        serde_json::to_string_pretty(&r).map_err(|_| UiError::internal())?
    } else {
        oces_core::support::report_text(&r)
    };
    oces_core::files::place::write_new_file(&target, body.as_bytes())?;
    Ok(target.display().to_string())
}

/// Save the support report as JSON on the Desktop (or in Documents, or the home folder), in
/// one click and without a dialog; never overwriting. Returns where, home as `~`.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn save_support_report_desktop(state: State<'_, AppState>) -> Result<String, UiError> {
    let r = current_report(&state)?;
    let f = folders(&state)?;
    let dir = [&f.desktop, &f.documents]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .cloned()
        .unwrap_or_else(|| f.home.clone());
    let date = oces_core::wizard::rfc3339(time::OffsetDateTime::now_utc());
    let written = oces_core::support::save_report_in(&dir, &r, date.get(..10).unwrap_or("report"))?;
    Ok(f.tilde(&written))
}

/// What the support view shows: the report or code, and each screen of the user's flow.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct SupportShown<T> {
    /// The report or the decoded code.
    data: T,
    /// Each step's screen with the user's answers (read-only in the view).
    screens: Vec<oces_core::wizard::Screen>,
}

/// Support view: open a saved support report.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn open_support_report(
    path: String,
) -> Result<SupportShown<oces_core::support::Report>, UiError> {
    let data = oces_core::support::load_report(std::path::Path::new(path.trim()))?;
    let screens = WizardState::screens(data.flow, &data.answers);
    Ok(SupportShown { data, screens })
}

/// Support view: read a support code.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn read_support_code(
    code: String,
) -> Result<SupportShown<oces_core::support::CodeInfo>, UiError> {
    let data = oces_core::support::decode(&code)?;
    let screens = WizardState::screens(data.flow, &Default::default());
    Ok(SupportShown { data, screens })
}

/// Keep an error the user met (its code, the step, the time) for the support report. Codes
/// the core does not know are ignored.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn note_error(state: State<'_, AppState>, code: String) -> Result<(), UiError> {
    with_wizard(&state, |w| {
        w.note_error(&code, time::OffsetDateTime::now_utc());
        Ok(())
    })
    .map(|_| ())
}

// ---------- issue 7: the connection test (DMS-7) ----------

/// The current flow's facts.
fn current_facts(state: &AppState) -> Result<oces_core::wizard::Facts, UiError> {
    Ok(state
        .wizard
        .lock()
        .map_err(|_| UiError::internal())?
        .facts())
}

/// The certificate file chosen in this flow; "step not done" when there is none yet.
fn chosen_file(state: &AppState) -> Result<std::path::PathBuf, UiError> {
    current_facts(state)?
        .file
        .ok_or_else(|| UiError::of(oces_core::error::ErrorCode::StepNotDone))
}

/// Run the connection test with the chosen certificate file. `target` is `test`,
/// `production` or an `https://host:port`; `password` opens the file (typed here, or the one held for the flow; never written).
/// Each stage's start and end go to `on_event` as they happen; `cancel_probe` stops the test.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn probe_connection(
    state: State<'_, AppState>,
    target: String,
    password: Option<String>,
    on_event: tauri::ipc::Channel<oces_core::probe::ProbeEvent>,
) -> Result<StepResult<oces_core::probe::ProbeReport>, UiError> {
    use oces_core::probe::{self, ClientIdentity, ProbeOptions, Target};
    let target = Target::named(&target).map_err(UiError::of)?;
    let file = chosen_file(&state)?;
    let password = state.password_for_step(password);
    // Opening a PKCS#12 file runs thousands of hash rounds: off the async threads.
    let identity = tauri::async_runtime::spawn_blocking(move || {
        let opened = oces_core::cert::open_file(&file, password.as_ref()).map_err(UiError::from)?;
        ClientIdentity::from_opened(&opened).map_err(UiError::of)
    })
    .await
    .map_err(|_| UiError::internal())??;
    let mut opts = ProbeOptions::new(target);
    opts.identity = Some(identity);
    let (tx, rx) = tokio::sync::oneshot::channel();
    if let Ok(mut c) = state.probe_cancel.lock() {
        *c = Some(tx);
    }
    let mut send = |e: probe::ProbeEvent| {
        let _ = on_event.send(e);
    };
    // Dropping the test's future on Cancel closes its connection at once.
    let report = tokio::select! {
        r = probe::probe(opts, &mut send) => r,
        _ = rx => return Err(UiError::of(oces_core::error::ErrorCode::ProbeCancelled)),
    };
    let facts =
        oces_core::wizard::ConnectionFacts::from_report(&report, time::OffsetDateTime::now_utc());
    with_wizard_result(&state, |w| {
        w.update_facts(|f| f.connection = Some(facts));
        Ok((report, None))
    })
}

/// Whether a certificate shown in this session (by its SHA-256 fingerprint) is revoked: OCSP,
/// then the CRL, each time-limited; the screen shows the answer when it comes and never waits
/// for it. Only certificates whose chain was verified are asked about.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn check_revocation(
    fingerprint: String,
) -> Result<oces_core::cert::revocation::Revocation, UiError> {
    use oces_core::cert::revocation;
    Ok(revocation::check_known(
        &fingerprint,
        revocation::Limits::default(),
        time::OffsetDateTime::now_utc(),
    )
    .await)
}

/// Stop the revocation checks that are running (when the screen that asked closes).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn cancel_revocation() {
    oces_core::cert::revocation::cancel_all();
}

/// What a test would connect to: the address and the proxy the system settings give.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct ProbePlan {
    target: String,
    proxy: Option<String>,
}

/// The address and proxy of a test, shown before it runs.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn probe_plan(target: String) -> Result<ProbePlan, UiError> {
    let t = oces_core::probe::Target::named(&target).map_err(UiError::of)?;
    let opts = oces_core::probe::ProbeOptions::new(t);
    Ok(ProbePlan {
        target: opts.target.url(),
        proxy: opts.proxy.as_ref().map(oces_core::probe::Proxy::shown),
    })
}

/// Cancel the connection test that is running (nothing happens when none is).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn cancel_probe(state: State<'_, AppState>) {
    if let Some(tx) = state.probe_cancel.lock().ok().and_then(|mut c| c.take()) {
        let _ = tx.send(());
    }
}

// ---------- issue 6: install where browsers find it (DMS-3), gateway credentials (DMS-6) ----------

/// A certificate store found on this computer.
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct StoreInfo {
    name: String,
    kind: &'static str,
}

/// The stores the browsers of this computer read.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn list_stores(state: State<'_, AppState>) -> Vec<StoreInfo> {
    oces_core::stores::system_stores(state.folders.as_ref())
        .iter()
        .map(|s| StoreInfo {
            name: s.name(),
            kind: s.kind(),
        })
        .collect()
}

/// Install the chosen certificate file into every store (one line per store). The password
/// opens the file here first, so a wrong one is said once, not per store (typed here, or the one
/// held for the flow; never written).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn install_certificate(
    state: State<'_, AppState>,
    password: Option<String>,
    exportable: bool,
) -> Result<StepResult<Vec<oces_core::stores::StoreResult>>, UiError> {
    use oces_core::stores;
    let password = state
        .password_for_step(password)
        .unwrap_or_else(|| oces_core::secret::Password::new(""));
    let file = chosen_file(&state)?;
    let opened = oces_core::cert::open_file(&file, Some(&password))?;
    let key = opened
        .private_key
        .as_ref()
        .ok_or_else(|| UiError::of(oces_core::error::ErrorCode::ExportNoKey))?;
    let leaf = opened
        .certificates
        .first()
        .ok_or_else(|| UiError::of(oces_core::error::ErrorCode::CertNoCertificate))?;
    let fingerprint = stores::fingerprint(leaf);
    // A PKCS#12 file goes in as it is; anything else with a key (a CUG page, PEM) is packed
    // into one first, with the same password.
    let bytes = if opened.format == oces_core::cert::FileFormat::Pkcs12 {
        std::fs::read(&file).map_err(|_| UiError::of(oces_core::error::ErrorCode::CertRead))?
    } else {
        let profile = if cfg!(windows) {
            oces_core::cert::export::Profile::Legacy
        } else {
            oces_core::cert::export::Profile::Modern
        };
        oces_core::cert::export::build_pkcs12(
            &opened.certificates,
            key,
            opened.friendly_name.as_deref(),
            &password,
            profile,
        )?
    };
    let targets = stores::system_stores(state.folders.as_ref());
    if targets.is_empty() {
        return Err(UiError::of(oces_core::error::ErrorCode::StoreNone));
    }
    let results = stores::install_all(
        &targets,
        &stores::Installable {
            pkcs12: &bytes,
            password: &password,
            fingerprint: &fingerprint,
            exportable,
        },
    );
    let facts = oces_core::wizard::InstallFacts {
        fingerprint,
        results: results.clone(),
        at: oces_core::wizard::rfc3339(time::OffsetDateTime::now_utc()),
    };
    with_wizard_result(&state, |w| {
        w.update_facts(|f| f.installed = Some(facts));
        Ok((results, None))
    })
}

/// Remove the certificate the app installed (by its fingerprint) from every store.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn uninstall_certificate(
    state: State<'_, AppState>,
) -> Result<StepResult<Vec<oces_core::stores::StoreResult>>, UiError> {
    use oces_core::stores;
    let installed = current_facts(&state)?
        .installed
        .ok_or_else(|| UiError::of(oces_core::error::ErrorCode::StepNotDone))?;
    let results = stores::uninstall_all(
        &stores::system_stores(state.folders.as_ref()),
        &installed.fingerprint,
    );
    with_wizard_result(&state, |w| {
        w.update_facts(|f| f.installed = None);
        Ok((results, None))
    })
}

/// Keep the gateway user and password in the OS keychain (never in a file).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn save_gateway_credentials(
    state: State<'_, AppState>,
    user: String,
    password: String,
) -> Result<Updated, UiError> {
    let password = oces_core::secret::Password::new(password);
    let user = user.trim().to_string();
    // Either form the portal shows (`CVR_…_UR_…` after registration, `CVR_…_UI_…` before).
    oces_core::portal::check_typed_gateway_user(&user).map_err(UiError::of)?;
    oces_core::keychain::save(&user, &password).map_err(UiError::of)?;
    with_wizard(&state, |w| {
        w.update_facts(|f| f.credentials = Some(user));
        Ok(())
    })
}

/// Whether the keychain holds the gateway password for `user` (the password is not read out).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn gateway_credentials_present(user: String) -> Result<bool, UiError> {
    oces_core::keychain::present(&user).map_err(UiError::of)
}

/// The kept gateway password, when the user asks to see it.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn reveal_gateway_password(user: String) -> Result<String, UiError> {
    oces_core::keychain::reveal(&user)
        .map(|p| p.expose().to_string())
        .map_err(UiError::of)
}

/// Delete the kept gateway credentials.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn delete_gateway_credentials(
    state: State<'_, AppState>,
    user: String,
) -> Result<Updated, UiError> {
    oces_core::keychain::delete(&user).map_err(UiError::of)?;
    with_wizard(&state, |w| {
        w.update_facts(|f| {
            if f.credentials.as_deref() == Some(user.trim()) {
                f.credentials = None;
            }
        });
        Ok(())
    })
}

/// Old-type DKMA certificates in the stores the browsers read (CUG-9).
#[derive(Serialize)]
#[cfg_attr(test, derive(specta::Type))]
pub struct OldInStores {
    found: Vec<oces_core::stores::FoundOld>,
    failed: Vec<oces_core::stores::StoreResult>,
}

/// List old-type DKMA certificates (issuer "TDC Internet Class II CA") in the stores.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn old_store_certificates(state: State<'_, AppState>) -> OldInStores {
    let (found, failed) =
        oces_core::stores::old_cug_in(&oces_core::stores::system_stores(state.folders.as_ref()));
    OldInStores { found, failed }
}

/// Remove one old-type certificate (only those the list above shows can be removed).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn remove_old_store_certificate(
    state: State<'_, AppState>,
    fingerprint: String,
) -> Result<Vec<oces_core::stores::StoreResult>, UiError> {
    oces_core::stores::remove_old(
        &oces_core::stores::system_stores(state.folders.as_ref()),
        &fingerprint,
    )
    .map_err(|e| UiError::of(e.code))
}
