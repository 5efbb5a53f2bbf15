// Declares the app's own commands so each gets an `allow-<command>` permission; only the
// permissions listed in capabilities/default.json are then callable from the window.
fn main() {
    let commands: &[&str] = &[
        "get_startup",
        "ui_ready",
        "choose_flow",
        "set_answer",
        "advance",
        "save_and_close",
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
}
