//! The locale files `ui/src/i18n/{da,en}.json` must have every text the app can show: every key
//! the flow tables name, a text for every error code, and every key the UI source asks for with
//! `t('…')`. Both files must have the same keys, and no text may be empty.

use crate::error::ErrorCode;
use crate::flow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src")
}

fn load(lang: &str) -> BTreeMap<String, String> {
    let path = ui_dir().join("i18n").join(format!("{lang}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not flat JSON: {e}", path.display()))
}

/// Keys used in the UI source as `t('key'` or `t("key"`.
fn ui_keys() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![ui_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "ts" | "svelte") {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap_or_default();
            for (i, _) in src.match_indices("t(") {
                let before = src[..i].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue; // e.g. `set(`, `obj.t(` is fine to skip: we want the bare helper
                }
                let rest = &src[i + 2..];
                let quote = match rest.chars().next() {
                    Some(q @ ('\'' | '"')) => q,
                    _ => continue,
                };
                if let Some(end) = rest[1..].find(quote) {
                    out.push((rest[1..1 + end].to_string(), p.display().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn both_locales_have_every_key() {
    let da = load("da");
    let en = load("en");
    let only_da: Vec<_> = da.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !da.contains_key(*k)).collect();
    assert!(only_da.is_empty(), "keys only in da.json: {only_da:?}");
    assert!(only_en.is_empty(), "keys only in en.json: {only_en:?}");

    let mut wanted: Vec<(String, String)> = flow::text_keys()
        .into_iter()
        .map(|k| (k, "flow tables".to_string()))
        .collect();
    wanted.extend(ErrorCode::ALL.iter().map(|c| {
        (
            format!("error.{}", c.as_str()),
            "ErrorCode::ALL".to_string(),
        )
    }));
    wanted.extend(
        crate::cert::identify::FINDING_CODES
            .iter()
            .map(|c| (format!("finding.{c}"), "FINDING_CODES".to_string())),
    );
    wanted.extend(
        crate::checks::CODES
            .iter()
            .map(|c| (format!("finding.{c}"), "checks::CODES".to_string())),
    );
    // Keys the UI builds at run time rather than writing out.
    for status in ["current", "done", "open", "locked", "not_needed"] {
        wanted.push((format!("ui.status.{status}"), "Stepper.svelte".into()));
    }
    for f in [flow::FlowId::Cug, flow::FlowId::Dms, flow::FlowId::Stil] {
        wanted.push((format!("{}.desc", f.def().title), "Chooser.svelte".into()));
    }
    for id in ["RID", "UID", "FID", "PID", "UI"] {
        wanted.push((format!("inspect.id.{id}"), "InspectScreen.svelte".into()));
    }
    for level in ["error", "warning", "info"] {
        wanted.push((
            format!("inspect.level.{level}"),
            "InspectScreen.svelte".into(),
        ));
    }
    for (group, values) in [
        ("generation", &["oces2", "oces3", "none"][..]),
        ("environment", &["production", "test", "unknown"][..]),
        (
            "kind",
            &["employee", "organisation", "system", "personal"][..],
        ),
    ] {
        for v in values {
            wanted.push((format!("oces.{group}.{v}"), "InspectScreen.svelte".into()));
        }
    }
    for f in ["downloads", "desktop", "documents", "oces"] {
        wanted.push((format!("files.folder.{f}"), "FilePicker.svelte".into()));
    }
    for h in ["pkcs12", "certificate", "cug-html"] {
        wanted.push((format!("files.holds.{h}"), "FilePicker.svelte".into()));
    }
    for check in ["ws_bruger_id", "se_number"] {
        for verdict in ["invalid", "warning"] {
            wanted.push((format!("check.{check}.{verdict}"), "Blocks.svelte".into()));
        }
    }
    for m in crate::handover::METHODS {
        wanted.push((format!("handover.method.{m}"), "Handover.svelte".into()));
    }
    for score in 0..=4 {
        wanted.push((format!("rehearse.score.{score}"), "Rehearsal.svelte".into()));
    }
    for r in [
        "found",
        "opened",
        "placed",
        "backed_up",
        "registered",
        "connection_ok",
    ] {
        wanted.push((format!("support.result.{r}"), "SupportView.svelte".into()));
    }
    for o in [
        "installed",
        "already_there",
        "removed",
        "not_there",
        "failed",
        "needs_admin",
    ] {
        wanted.push((format!("store.outcome.{o}"), "StoreResults.svelte".into()));
    }
    for s in crate::probe::Stage::planned(true) {
        let name = serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        wanted.push((
            format!("probe.stage.{name}"),
            "ConnectionTest.svelte".into(),
        ));
    }
    let from_ui = ui_keys();
    assert!(
        from_ui.len() > 20,
        "the UI scan found only {} keys: is ui/src where we think?",
        from_ui.len()
    );
    wanted.extend(from_ui);
    let missing: Vec<_> = wanted
        .iter()
        .filter(|(k, _)| !da.contains_key(k))
        .map(|(k, from)| format!("{k} (from {from})"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys missing from the locale files: {missing:#?}"
    );

    for (lang, map) in [("da", &da), ("en", &en)] {
        let empty: Vec<_> = map.iter().filter(|(_, v)| v.trim().is_empty()).collect();
        assert!(empty.is_empty(), "{lang}.json has empty texts: {empty:?}");
    }
}

#[test]
fn the_two_languages_differ() {
    // A copy-pasted English file would pass the key check; titles must actually be translated.
    let da = load("da");
    let en = load("en");
    let same: Vec<_> = flow::text_keys()
        .into_iter()
        .filter(|k| k.ends_with(".title"))
        .filter(|k| da.get(k) == en.get(k))
        .collect();
    assert!(same.len() <= 3, "titles not translated: {same:?}");
}

/// A text's OS form (`key@windows`) stands beside its plain key, for an OS the app knows, in
/// both languages (the plain key is what the other systems show).
#[test]
fn os_variants_have_a_plain_key_and_a_known_os() {
    for lang in ["da", "en"] {
        let texts = load(lang);
        for key in texts.keys().filter(|k| k.contains('@')) {
            let (base, os) = key.split_once('@').unwrap_or_default();
            assert!(
                texts.contains_key(base),
                "{lang}.json: {key} has no plain {base}"
            );
            assert!(
                ["windows", "macos", "linux"].contains(&os),
                "{lang}.json: {key}: unknown OS"
            );
        }
    }
}

/// What a Danish text must not contain: a date in ISO or US form, a bracketed plural
/// ("certifikat(er)"), English words a Danish screen should not show, or "appen" where every
/// other text says "guiden". Words inside quotation marks (“Issue”, “Register certificate”)
/// are names of buttons on English web pages and are allowed.
fn danish_problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Outside “…” quotes and `{param}` placeholders only.
    let mut plain = String::new();
    let (mut quoted, mut param) = (false, false);
    for c in text.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            '{' => param = true,
            '}' => param = false,
            _ if !quoted && !param => plain.push(c),
            _ => {}
        }
    }
    let b = plain.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    for i in 0..b.len() {
        // 2026-11-28
        if i + 10 <= b.len()
            && digits(&b[i..i + 4])
            && b[i + 4] == b'-'
            && digits(&b[i + 5..i + 7])
            && b[i + 7] == b'-'
            && digits(&b[i + 8..i + 10])
        {
            out.push("ISO date".into());
        }
        // 11/28/2026 or 28/11/26
        if i + 8 <= b.len()
            && digits(&b[i..i + 2])
            && b[i + 2] == b'/'
            && digits(&b[i + 3..i + 5])
            && b[i + 5] == b'/'
            && digits(&b[i + 6..i + 8])
        {
            out.push("US date".into());
        }
    }
    for plural in ["(er)", "(e)", "(r)", "(ne)"] {
        if plain.contains(plural) {
            out.push(format!("bracketed plural {plural}"));
        }
    }
    let words: Vec<String> = plain
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    for english in [
        "issuer", "subject", "archive", "the", "and", "app", "appen", "appens",
    ] {
        if words.iter().any(|w| w == english) {
            out.push(format!("word “{english}”"));
        }
    }
    out
}

#[test]
fn danish_texts_have_no_iso_or_us_dates_bracketed_plurals_or_english_words() {
    // The check itself: each of these must be caught.
    for bad in [
        "Gyldig til 2026-11-28.",
        "Gyldig til 11/28/2026.",
        "{count} certifikat(er)",
        "Issuer",
        "Appen gemmer dem.",
    ] {
        assert!(!danish_problems(bad).is_empty(), "not caught: {bad}");
    }
    assert!(
        danish_problems("Klik på “Register certificate”, 28. november 2026 kl. 06.41.").is_empty()
    );
    let da = load("da");
    let bad: Vec<_> = da
        .iter()
        .map(|(k, v)| (k, danish_problems(v)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    assert!(bad.is_empty(), "Danish texts to rewrite: {bad:#?}");
}
