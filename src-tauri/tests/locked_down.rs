//! The window is locked down: a strict CSP without `unsafe-eval` or remote origins, no remote
//! content, and capabilities that grant only the app's own commands plus the few plugin
//! permissions the UI uses. Reads the real config files and fails on anything broader.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

fn dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join(rel)).unwrap()).unwrap()
}

/// The plugin and core permissions the UI needs, each for a reason.
const PLUGIN_PERMISSIONS: &[&str] = &[
    // Copy buttons.
    "clipboard-manager:allow-write-text",
    // "Browse…" for a certificate file or a report.
    "dialog:allow-open",
    // "Save…" for reports and texts.
    "dialog:allow-save",
    // Drag and drop of a file onto the file picker (a webview event).
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

/// The app's commands as `build.rs` declares them.
fn declared_commands() -> Vec<String> {
    let src = std::fs::read_to_string(dir().join("build.rs")).unwrap();
    let start = src.find("&[").expect("the command list");
    let end = start + src[start..].find("];").expect("its end");
    src[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The commands `lib.rs` lists in `ipc_commands!`: Tauri's handler and the page's TypeScript
/// bindings are both made from that list.
fn registered_commands() -> BTreeSet<String> {
    let src = std::fs::read_to_string(dir().join("src/lib.rs")).unwrap();
    let start = src
        .find("macro_rules! ipc_commands")
        .expect("ipc_commands!");
    let mut names = BTreeSet::new();
    for part in ["plain: [", "generic: ["] {
        let from = start + src[start..].find(part).expect(part) + part.len();
        let to = from + src[from..].find(']').expect("its end");
        names.extend(
            src[from..to]
                .split(',')
                .filter_map(|path| path.split("::").last())
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string),
        );
    }
    names
}

#[test]
fn csp_is_strict_and_nothing_remote_is_loaded() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string is set");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    let get = |name: &str| {
        directives
            .iter()
            .find(|d| d.split_whitespace().next() == Some(name))
            .map(|d| d.split_whitespace().skip(1).collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("CSP lacks {name}"))
    };
    assert_eq!(get("default-src"), ["'self'"]);
    assert_eq!(get("script-src"), ["'self'"], "no inline or eval'd scripts");
    assert_eq!(get("object-src"), ["'none'"]);
    assert_eq!(get("frame-ancestors"), ["'none'"]);
    for bad in ["unsafe-eval", "unsafe-inline", "*", "wasm-unsafe-eval"] {
        assert!(
            !csp.split_whitespace()
                .any(|w| w.trim_matches('\'') == bad.trim_matches('\'')),
            "CSP allows {bad}: {csp}"
        );
    }
    // The only non-'self' origin is Tauri's own IPC.
    for src in directives.iter().flat_map(|d| d.split_whitespace()) {
        if src.contains("://") || src.ends_with(':') {
            assert!(
                ["ipc:", "http://ipc.localhost", "data:"].contains(&src),
                "CSP names an origin: {src}"
            );
        }
    }
    let sec = &conf["app"]["security"];
    assert!(sec.get("dangerousDisableAssetCspModification").is_none());
    assert_eq!(
        sec["freezePrototype"],
        serde_json::json!(true),
        "Object.prototype is frozen against prototype pollution"
    );
    assert_ne!(conf["app"]["withGlobalTauri"], serde_json::json!(true));
    // Windows load the bundled UI, never a URL.
    for w in conf["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = w.get("url").and_then(|u| u.as_str()) {
            assert!(!url.contains("://"), "a window loads {url}");
        }
    }
    assert_eq!(
        conf["build"]["frontendDist"],
        serde_json::json!("../ui/dist")
    );
}

#[test]
fn capabilities_grant_only_what_is_used() {
    let commands = declared_commands();
    assert!(commands.len() > 30, "found {} commands", commands.len());
    assert_eq!(
        commands.iter().cloned().collect::<BTreeSet<_>>(),
        registered_commands(),
        "build.rs and ipc_commands! list the same commands"
    );
    let mut allowed: BTreeSet<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    allowed.extend(PLUGIN_PERMISSIONS.iter().map(|s| s.to_string()));

    let mut granted = BTreeSet::new();
    for entry in std::fs::read_dir(dir().join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let cap: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            cap.get("remote").is_none(),
            "{path:?} lets remote pages call commands"
        );
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "{path:?}");
        for p in cap["permissions"].as_array().expect("permissions") {
            let p = p
                .as_str()
                .unwrap_or_else(|| panic!("{path:?}: scoped permission {p} is not expected"));
            assert!(
                allowed.contains(p),
                "{path:?} grants `{p}`, which is broader than the app needs"
            );
            for banned in ["fs:", "shell:", "http:", "process:", ":default"] {
                assert!(!p.contains(banned), "{path:?} grants `{p}`");
            }
            granted.insert(p.to_string());
        }
    }
    let unused: Vec<_> = allowed.difference(&granted).collect();
    assert!(
        unused.is_empty(),
        "commands declared but not granted (the UI could not call them): {unused:?}"
    );
}
