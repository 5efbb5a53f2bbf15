//! The window's commands: each converts its arguments and calls `oces-core`.

use crate::state::AppState;
use oces_core::error::UiError;
use oces_core::flow::{FlowDef, FlowId, Question, StepKind, FINDER};
use oces_core::i18n::Lang;
use oces_core::store;
use oces_core::wizard::{Answer, WizardState, WizardView};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

/// Everything the UI needs at start.
#[derive(Serialize)]
pub struct Startup {
    version: &'static str,
    language: Lang,
    language_chosen: bool,
    flows: Vec<&'static FlowDef>,
    finder: &'static [Question],
    built_kinds: Vec<StepKind>,
    view: WizardView,
    set_aside: Vec<String>,
}

/// A new view, plus a warning when it could not be saved.
#[derive(Serialize)]
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

#[tauri::command]
pub fn get_startup(state: State<'_, AppState>) -> Result<Startup, UiError> {
    let (language, language_chosen) = state.language();
    let view = state.wizard.lock().map_err(|_| UiError::internal())?.view();
    Ok(Startup {
        version: env!("CARGO_PKG_VERSION"),
        language,
        language_chosen,
        flows: FlowId::ALL.iter().map(|f| f.def()).collect(),
        finder: FINDER,
        built_kinds: ALL_KINDS.iter().copied().filter(|k| k.built()).collect(),
        view,
        set_aside: state.set_aside.clone(),
    })
}

/// Called by the UI once the first screen can be used; returns milliseconds since start.
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>) -> u64 {
    let ms = crate::since_process_start_ms(state.started);
    eprintln!("oces-wizard: first interactive screen after {ms} ms");
    ms
}

#[tauri::command]
pub fn choose_flow(state: State<'_, AppState>, flow: String) -> Result<Updated, UiError> {
    let flow = FlowId::parse(&flow).ok_or_else(|| UiError {
        code: oces_core::error::ErrorCode::UnknownFlow,
        params: Default::default(),
        message: "no such flow".into(),
    })?;
    with_wizard(&state, |w| {
        w.choose_flow(flow);
        Ok(())
    })
}

#[tauri::command]
pub fn set_answer(
    state: State<'_, AppState>,
    id: String,
    value: Answer,
) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.set_answer(&id, value)?))
}

#[tauri::command]
pub fn advance(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.advance()?))
}

#[tauri::command]
pub fn back(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| {
        w.back();
        Ok(())
    })
}

#[tauri::command]
pub fn goto_step(state: State<'_, AppState>, code: String) -> Result<Updated, UiError> {
    with_wizard(&state, |w| Ok(w.goto(&code)?))
}

#[tauri::command]
pub fn start_over(state: State<'_, AppState>) -> Result<Updated, UiError> {
    with_wizard(&state, |w| {
        w.start_over();
        Ok(())
    })
}

#[tauri::command]
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
pub fn open_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
    answer_id: Option<String>,
) -> Result<Option<Updated>, UiError> {
    let target = match &answer_id {
        Some(_) => oces_core::link::check_https_link(&url)?,
        None => oces_core::link::known_link(&url)?.to_string(),
    };
    app.opener().open_url(target, None::<&str>).map_err(|e| {
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
pub fn inspect_file(
    path: String,
    password: Option<String>,
) -> Result<oces_core::cert::Inspection, UiError> {
    let password = password.map(oces_core::secret::Password::new);
    oces_core::cert::inspect_path(
        std::path::Path::new(path.trim()),
        password.as_ref(),
        time::OffsetDateTime::now_utc(),
    )
    .map_err(UiError::from)
}

/// Write a copy of a PKCS#12 file with other encryption (see `oces_core::cert::export`).
#[tauri::command(async)]
pub fn export_copy(
    path: String,
    password: String,
    profile: oces_core::cert::export::Profile,
    target: String,
) -> Result<oces_core::cert::export::Exported, UiError> {
    let password = oces_core::secret::Password::new(password);
    oces_core::cert::export::reexport(
        std::path::Path::new(path.trim()),
        &password,
        profile,
        std::path::Path::new(&target),
    )
    .map_err(UiError::from)
}
