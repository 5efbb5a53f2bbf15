//! The window binary on its own.

use std::process::Command;

#[test]
fn without_a_display_the_window_fails_cleanly() {
    // No DISPLAY: GTK cannot start. The process must say why and exit non-zero, not hang.
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard-window"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs");
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("graphical session") || err.contains("gtk") || err.contains("display"),
        "stderr explains the missing display: {err}"
    );
}
