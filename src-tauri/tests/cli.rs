//! The command line of the real binary: help, version, and a clear refusal of unknown input.
#![allow(clippy::expect_used)] // test code: a failed expectation is the report

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_describes_the_app_and_exits_0() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: oces-wizard"), "{out}");
    assert!(out.contains("DKMAnet"), "says what the app is for: {out}");
    assert!(
        out.contains("OCES_WIZARD_DATA_DIR"),
        "documents the data folder: {out}"
    );
}

#[test]
fn version_prints_the_crate_version() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("oces-wizard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_arguments_are_refused_with_usage() {
    let (code, out, err) = run(&["--frobnicate"]);
    assert_eq!(code, 2, "usage errors exit 2");
    assert!(out.is_empty());
    assert!(err.contains("unexpected argument '--frobnicate'"), "{err}");
    assert!(err.contains("--help"), "points to --help: {err}");
}

#[test]
fn without_a_display_the_window_fails_cleanly() {
    // No DISPLAY: GTK cannot start. The process must say why and exit non-zero, not hang.
    let (code, _, err) = run(&[]);
    assert_ne!(code, 0);
    assert!(
        err.contains("graphical session") || err.contains("gtk") || err.contains("display"),
        "stderr explains the missing display: {err}"
    );
}
