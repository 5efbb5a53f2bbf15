//! A broken policy value goes to the helpdesk log with its code, policy and source (the
//! window logs the warnings once at start, `Session::load`). `logging::init` is global, so this
//! is a test binary of its own with one test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::logging;
use oces_core::policy::{resolve, Layer, Raw, Source};

#[test]
fn ignored_policy_values_are_logged_with_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = logging::init(Some(dir.path()), logging::Program::Window).expect("logging starts");
    let policies = resolve(&[Layer {
        source: Source::Hklm,
        values: [
            ("ExpiryWarningDays".to_string(), Raw::Dword(0)),
            ("AllowedFlows".to_string(), Raw::Text("cug,teleport".into())),
        ]
        .into_iter()
        .collect(),
        problem: None,
    }]);
    policies.log_warnings();
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&file).unwrap_or_default();
        if text.contains("policy.unknown_flow") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    for needle in [
        "policy.out_of_range",
        "ExpiryWarningDays",
        "policy.unknown_flow",
        "AllowedFlows",
        "Hklm",
    ] {
        assert!(text.contains(needle), "{needle} not in the log: {text}");
    }
}
