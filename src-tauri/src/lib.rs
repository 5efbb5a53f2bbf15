//! The oces-wizard window: commands and state on top of `oces-core`.
//!
//! All domain logic lives in `oces-core`; this crate wires it to Tauri. The command line lives
//! in `oces-wizard` (src-tauri/launcher), which starts this binary for the window. Arguments
//! are ignored here (WebKitWebDriver passes `--automation` when tests drive the window).

/// Every command the window answers, listed once. `invoke_handler` turns the list into
/// Tauri's handler (see `build_app`); the generated TypeScript (`ui/src/ipc/bindings.ts`,
/// written and checked by the `bindings` tests) is made from the same list, so a command is
/// never callable without a typed function or the other way round. Commands generic over the
/// runtime (they take an `AppHandle`) go under `generic`.
macro_rules! ipc_commands {
    ($with:ident) => {
        $with! {
            plain: [
                get_startup,
                ui_ready,
                ui_painted,
                choose_flow,
                set_answer,
                advance,
                back,
                goto_step,
                start_over,
                policy_report,
                password_held,
                set_language,
                inspect_file,
                check_revocation,
                cancel_revocation,
                export_copy,
                find_files,
                choose_file,
                unlock_file,
                place_file,
                backup_file,
                list_old_certificates,
                archive_files,
                undo_archive,
                stil_case,
                save_stil_case,
                check_value,
                composed_text,
                handover_log,
                add_handover,
                export_handover_csv,
                rid_comparison,
                support_report,
                save_support_report,
                open_support_report,
                read_support_code,
                save_support_report_desktop,
                probe_connection,
                cancel_probe,
                probe_plan,
                list_stores,
                install_certificate,
                uninstall_certificate,
                save_gateway_credentials,
                gateway_credentials_present,
                reveal_gateway_password,
                delete_gateway_credentials,
                old_store_certificates,
                remove_old_store_certificate,
                guide_pending,
                watch_guide_links,
                guide_plan,
                guide_go,
                guide_compose,
            ],
            generic: [
                open_link,
                reveal,
                open_composed_email,
                save_and_close,
                close_unsaved
            ],
        }
    };
}

/// Tauri's invoke handler for the commands of `ipc_commands!`.
macro_rules! invoke_handler {
    (
        plain: [$($($plain:ident)::+),* $(,)?],
        generic: [$($($generic:ident)::+),* $(,)?] $(,)?
    ) => {
        tauri::generate_handler![$(commands::$($plain)::+,)* $(commands::$($generic)::+,)*]
    };
}

// After the macros above, which they use.
#[cfg(test)]
mod bindings;
#[cfg(target_os = "linux")]
mod browser;
mod commands;
mod heap;
mod incoming;
mod webkit;

use oces_core::paths::{AppPaths, UserFolders};
use oces_core::session::Session;
use std::time::Instant;
use tauri::Runtime;

/// Entry point: opens the window. Returns the process exit code.
pub fn run() -> i32 {
    let started = Instant::now();
    // Before anything starts a thread: the environment WebKit's processes inherit.
    webkit::apply();
    // GTK panics without a display; say what is missing instead.
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "oces-wizard: the window needs a graphical session (DISPLAY or WAYLAND_DISPLAY is not set). \
             From a terminal without one, use the command line: oces-wizard --help"
        );
        return 1;
    }
    let paths = AppPaths::from_env();
    oces_core::logging::init(
        paths.as_ref().map(|p| p.data_dir.as_path()),
        oces_core::logging::Program::Window,
    );
    let state = Session::load(paths, UserFolders::from_env()).started_at(started);
    // A guide link this window was started with waits for the page (its panel).
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    state.guide_received(&args);
    // Without the WebView2 runtime Tauri stops inside its setup, which a release build (no
    // console, panics abort) shows as nothing at all: say what to install instead.
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        return webview2_missing(state.language().0, &e.to_string());
    }
    // One window only: registered first, so that a second start hands its arguments (a guide
    // link among them) to the first and ends before anything else is set up. Only here, not
    // in `build_app`: the tests build the app too, and must never hand over or end.
    let builder = tauri::Builder::default().plugin(single_instance());
    match run_app(builder, state) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("oces-wizard: the window could not be started: {e}");
            eprintln!(
                "oces-wizard: on Linux this needs a graphical session (DISPLAY or WAYLAND_DISPLAY)."
            );
            1
        }
    }
}

/// The message for a Windows PC without the WebView2 runtime, in the user's language, in a
/// message box (there is no window to show it in) and on standard error.
#[cfg(windows)]
fn webview2_missing(lang: oces_core::i18n::Lang, detail: &str) -> i32 {
    let text = oces_core::i18n::tr(lang, "window.webview2_missing", &[]);
    eprintln!("oces-wizard: {text} ({detail})");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("OCES-guiden")
        .set_description(&text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    1
}

/// The single-instance plugin. On Linux it owns a D-Bus name; a window started for another
/// app-data folder (`OCES_WIZARD_DATA_DIR`: tests, a second user profile) gets a name of its
/// own, so it never hands its link to a window that shows other progress.
fn single_instance<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new()
        .callback(|app, args, _cwd| incoming::second_start(app, &args));
    #[cfg(target_os = "linux")]
    let builder = match std::env::var_os("OCES_WIZARD_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => {
            use std::hash::{Hash, Hasher};
            // The same program gives the same number for the same folder (fixed keys).
            let mut h = std::hash::DefaultHasher::new();
            dir.hash(&mut h);
            builder.dbus_id(format!("dk.oces_wizard.app.d{:016x}", h.finish()))
        }
        None => builder,
    };
    builder.build()
}

/// Builds and runs the app on any runtime (the tests use the mock runtime).
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>, state: Session) -> tauri::Result<()> {
    build_app(builder, state)?.run(|app, event| {
        // The held password goes (zeroized) when the window closes, not at some later drop.
        if matches!(
            event,
            tauri::RunEvent::ExitRequested { .. }
                | tauri::RunEvent::Exit
                | tauri::RunEvent::WindowEvent {
                    event: tauri::WindowEvent::CloseRequested { .. }
                        | tauri::WindowEvent::Destroyed,
                    ..
                }
        ) {
            use tauri::Manager;
            app.state::<Session>().forget_password();
        }
    });
    Ok(())
}

fn build_app<R: Runtime>(
    builder: tauri::Builder<R>,
    state: Session,
) -> tauri::Result<tauri::App<R>> {
    let mut builder = builder;
    if let Some(script) = commands::startup_script(&state) {
        builder = builder.plugin(
            tauri::plugin::Builder::<R>::new("oces-startup")
                .js_init_script(script)
                .build(),
        );
    }
    builder
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .manage(incoming::LinkWatch::default())
        .invoke_handler(ipc_commands!(invoke_handler))
        .setup(|_app| {
            #[cfg(target_os = "macos")]
            incoming::listen(_app.handle());
            Ok(())
        })
        .build(tauri::generate_context!())
}

/// The time to the first usable screen, in milliseconds since the process started (logged,
/// with the part the page took after its navigation started, for `scripts/bench-start.sh`).
pub(crate) fn first_screen_ms(main_started: Instant, page_ms: u32) -> u64 {
    let ms = since_process_start_ms(main_started);
    eprintln!("oces-wizard: first interactive screen after {ms} ms (page {page_ms} ms)");
    // What the start allocated and freed is not needed again.
    heap::release_after_first_screen();
    ms
}

/// The page's first paint with text (logged for `scripts/bench-start.sh`, which shows the app's
/// figure beside the time to the first interactive screen: the start screen is drawn some
/// frames after it can be used, once its layout and fonts are resolved).
pub(crate) fn first_paint(main_started: Instant, page_ms: u32) {
    let ms = since_process_start_ms(main_started);
    eprintln!("oces-wizard: first paint after {ms} ms (page {page_ms} ms)");
}

/// Milliseconds since the process started: on Linux from the kernel's record of the process
/// start (so loading the libraries counts too), elsewhere since `main` began.
pub(crate) fn since_process_start_ms(main_started: Instant) -> u64 {
    #[cfg(target_os = "linux")]
    if let Some(ms) = linux_process_age_ms() {
        return ms;
    }
    main_started.elapsed().as_millis() as u64
}

#[cfg(target_os = "linux")]
fn linux_process_age_ms() -> Option<u64> {
    // /proc/self/stat field 22 is the start time in clock ticks after boot; /proc/uptime is
    // seconds since boot. The kernel reports ticks in USER_HZ, which is 100 on Linux.
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let start_ticks: u64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let up_secs: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let age = up_secs * 1000.0 - start_ticks as f64 * 10.0;
    (age >= 0.0).then_some(age as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_wiring_builds_on_the_mock_runtime() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = Session::load(Some(AppPaths::in_dir(dir.path())), None);
        let app = build_app(tauri::test::mock_builder(), state);
        assert!(
            app.is_ok(),
            "the app must build with its plugins and commands"
        );
    }

    /// The language and the texts table in the script's second assignment.
    fn texts_of(
        line: &str,
    ) -> (
        serde_json::Value,
        std::collections::BTreeMap<String, String>,
    ) {
        let texts: serde_json::Value = serde_json::from_str(
            line.strip_prefix("window.__OCES_TEXTS__ = ")
                .and_then(|s| s.strip_suffix(';'))
                .expect("the texts"),
        )
        .expect("JSON");
        let table = serde_json::from_str(texts["json"].as_str().expect("a string"))
            .expect("the texts as JSON");
        (texts["lang"].clone(), table)
    }

    #[test]
    fn the_page_is_handed_the_texts_of_its_language() {
        for (lang, code, app_name) in [
            (oces_core::i18n::Lang::En, "en", "OCES wizard"),
            (oces_core::i18n::Lang::Da, "da", "OCES-guiden"),
        ] {
            let dir = tempfile::tempdir().expect("tempdir");
            let state = Session::load(Some(AppPaths::in_dir(dir.path())), None);
            state.set_language(lang).expect("saved");
            let script = commands::startup_script(&state).expect("a script");
            // ASCII, so WebKit keeps it at a byte a character (the texts hold `–` and `…`).
            assert!(script.is_ascii(), "the {code} script");
            let (_, texts) = script.split_once('\n').expect("two assignments");
            let (got, table) = texts_of(texts);
            assert_eq!(got, code);
            let all: std::collections::BTreeMap<String, String> =
                serde_json::from_str(oces_core::i18n::locale_json(lang)).expect("JSON");
            assert_eq!(table, all, "the {code} texts, as they are");
            assert_eq!(
                table.get("ui.app_name").map(String::as_str),
                Some(app_name),
                "the {code} texts"
            );
        }
    }

    #[test]
    fn the_page_is_handed_its_startup_data() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A damaged progress file: the notice about it must reach the first screen too.
        std::fs::write(dir.path().join("progress.json"), b"{oops").expect("write");
        let state = Session::load(Some(AppPaths::in_dir(dir.path())), None);
        let script = commands::startup_script(&state).expect("a script");
        let (startup, texts) = script.split_once('\n').expect("two assignments");
        let json = startup
            .strip_prefix("window.__OCES_STARTUP__ = ")
            .and_then(|s| s.strip_suffix(';'))
            .expect("the startup data");
        let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert_eq!(texts_of(texts).0, data["language"]);
        assert_eq!(data["view"]["current"], "START-1");
        assert_eq!(data["flows"].as_array().map(Vec::len), Some(4));
        let set_aside = data["set_aside"].as_array().expect("a list");
        assert_eq!(set_aside.len(), 1, "{data}");
        assert!(matches!(data["language"].as_str(), Some("da" | "en")));
        // The OS the texts are chosen by comes from Rust (the build target).
        let os = if cfg!(windows) {
            "windows"
        } else if cfg!(target_os = "macos") {
            "macos"
        } else {
            "linux"
        };
        assert_eq!(data["os"], os);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn process_age_is_plausible() {
        let ms = linux_process_age_ms().expect("readable on Linux");
        assert!(
            ms < 24 * 3600 * 1000,
            "a test process younger than a day: {ms}"
        );
    }
}
