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
    assert_eq!(out.status.code(), Some(1), "an orderly exit, not a panic");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a graphical session") && err.contains("oces-wizard --help"),
        "stderr explains the missing display and what to do: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
