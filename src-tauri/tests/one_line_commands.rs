//! The window's commands hold no step logic: each is one expression that forwards to
//! `oces_core::session`, where the use case has its unit tests. Reads the command sources and
//! fails on a command that grows a statement of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// Each command's name and the lines of its body, from every file of `src/commands/`.
fn commands() -> Vec<(String, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split("#[tauri::command").skip(1) {
            let name: String = part
                .split("fn ")
                .nth(1)
                .unwrap()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The body: from the line after the signature's `{` to the closing `}` at column 0.
            let start = part.find(" {\n").unwrap() + 3;
            let end = start + part[start..].find("\n}\n").unwrap();
            let body = part[start..end]
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
                .map(str::to_string)
                .collect();
            out.push((name, body));
        }
    }
    out
}

/// Whether a command body does more than forward: a statement of its own (a `let`, or a line
/// that ends one), or no call into the session (a method of the managed state, or an
/// associated function of `Session`).
fn logic_of_its_own(body: &[String]) -> bool {
    let joined = body.join("\n");
    let statements = body
        .iter()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     ") && l.ends_with(';'))
        .count();
    // A chain that rustfmt breaks over lines (`state` / `.method(…)`) is still one call.
    let compact: String = joined.split_whitespace().collect();
    let forwards = compact.contains("state.") || compact.contains("Session::");
    joined.contains("let ") || statements > 0 || !forwards
}

#[test]
fn every_command_is_one_forward_to_the_session() {
    let found = commands();
    assert!(
        found.len() >= 50,
        "the commands were found: {}",
        found.len()
    );
    let bad: Vec<String> = found
        .iter()
        .filter(|(_, body)| logic_of_its_own(body))
        .map(|(name, body)| format!("{name}:\n{}", body.join("\n")))
        .collect();
    assert!(
        bad.is_empty(),
        "commands with logic of their own:\n{}",
        bad.join("\n\n")
    );
}

#[test]
fn the_check_sees_logic() {
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(!logic_of_its_own(&lines(&["    state.advance()"])));
    assert!(!logic_of_its_own(&lines(&[
        "    state.open_link(",
        "        &url,",
        "    )"
    ])));
    assert!(logic_of_its_own(&lines(&[
        "    let x = state.advance();",
        "    x"
    ])));
    assert!(logic_of_its_own(&lines(&[
        "    state.forget_password();",
        "    state.back()"
    ])));
    assert!(logic_of_its_own(&lines(&[
        "    oces_core::wizard::rfc3339(now)"
    ])));
}
