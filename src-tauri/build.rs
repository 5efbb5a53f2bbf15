// Declares the app's own commands so each gets an `allow-<command>` permission; only the
// permissions listed in capabilities/default.json are then callable from the window.
fn main() {
    let commands: &[&str] = &[
        "get_startup",
        "ui_ready",
        "ui_painted",
        "choose_flow",
        "set_answer",
        "advance",
        "save_and_close",
        "close_unsaved",
        "back",
        "goto_step",
        "start_over",
        "policy_report",
        "password_held",
        "set_language",
        "open_link",
        "inspect_file",
        "check_revocation",
        "cancel_revocation",
        "export_copy",
        "find_files",
        "choose_file",
        "unlock_file",
        "place_file",
        "backup_file",
        "list_old_certificates",
        "archive_files",
        "undo_archive",
        "reveal",
        "stil_case",
        "save_stil_case",
        "check_value",
        "composed_text",
        "open_composed_email",
        "handover_log",
        "add_handover",
        "export_handover_csv",
        "rid_comparison",
        "support_report",
        "save_support_report",
        "open_support_report",
        "read_support_code",
        "save_support_report_desktop",
        "probe_connection",
        "cancel_probe",
        "probe_plan",
        "list_stores",
        "install_certificate",
        "uninstall_certificate",
        "save_gateway_credentials",
        "gateway_credentials_present",
        "reveal_gateway_password",
        "delete_gateway_credentials",
        "old_store_certificates",
        "remove_old_store_certificate",
        "guide_pending",
        "watch_guide_links",
        "guide_plan",
        "guide_go",
        "guide_compose",
    ];
    // The icons live in the workspace's icons/ (shared with the bundler), not in src-tauri/icons/
    // where tauri-build looks for the Windows executable's icon by default.
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(commands))
        .windows_attributes(
            tauri_build::WindowsAttributes::new().window_icon_path("../icons/icon.ico"),
        );
    if let Err(e) = tauri_build::try_build(attrs) {
        panic!("tauri build script failed: {e:#}");
    }
    start_order();
}

/// Release builds for Linux place the functions that run from the window's start to the idle
/// start screen side by side at the front of the code (`start-order.txt`, written by
/// `scripts/start-order.sh` from a run of the window). The kernel maps a program's code in
/// blocks of 64 KiB around each page it first runs; with the start-up code spread over the
/// whole binary by the linker, 85 of the 106 blocks were resident at idle (5.3 MiB of 6.7),
/// though the start runs about 1.1 MB of it (issue 31). Only the order changes: a name that
/// is not in the binary (after a dependency update, say) is skipped, and the code stays the
/// same. The option is LLD's, the linker Rust uses for this target; a build that names
/// another linker is left as it was.
fn start_order() {
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    println!("cargo:rerun-if-changed=start-order.txt");
    let linker_chosen = env("CARGO_ENCODED_RUSTFLAGS").contains("linker")
        || std::env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_some()
        || std::env::var_os("RUSTC_LINKER").is_some();
    if env("PROFILE") != "release" || env("TARGET") != "x86_64-unknown-linux-gnu" || linker_chosen {
        return;
    }
    let file = std::path::Path::new(&env("CARGO_MANIFEST_DIR")).join("start-order.txt");
    if file.is_file() {
        for arg in [
            format!("-Wl,--symbol-ordering-file={}", file.display()),
            "-Wl,--no-warn-symbol-ordering".to_string(),
        ] {
            println!("cargo:rustc-link-arg-bin=oces-wizard-window={arg}");
        }
    }
}
