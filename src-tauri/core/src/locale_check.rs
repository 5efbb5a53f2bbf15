//! The locale files `ui/src/i18n/{da,en}.json` must have every text the app can show: every key
//! the flow tables name, a text for every error code, and every key the UI source asks for with
//! `t('…')`. Both files must have the same keys, and no text may be empty.
//!
//! The keys the UI builds at run time from an enum's value (`ui.status.${status}`) are listed
//! from the enum itself ([`strum::VariantArray`], derived in test builds), named as serde
//! sends them to the UI: a new variant without a text fails the check.

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

/// The name of every variant of `T` as the UI receives it (its serde form).
fn variant_names<T: strum::VariantArray + serde::Serialize>() -> Vec<String> {
    T::VARIANTS
        .iter()
        .map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => s,
            other => panic!(
                "{} does not serialise to a name: {other:?}",
                std::any::type_name::<T>()
            ),
        })
        .collect()
}

/// `prefix.<name>` for every variant of `T`, with where the UI uses it.
fn keys_for<T: strum::VariantArray + serde::Serialize>(
    prefix: &str,
    from: &str,
) -> Vec<(String, String)> {
    variant_names::<T>()
        .into_iter()
        .map(|n| (format!("{prefix}.{n}"), from.to_string()))
        .collect()
}

/// The keys of `wanted` that `texts` lacks, with where each is wanted from.
fn missing_in(texts: &BTreeMap<String, String>, wanted: &[(String, String)]) -> Vec<String> {
    wanted
        .iter()
        .filter(|(k, _)| !texts.contains_key(k))
        .map(|(k, from)| format!("{k} (from {from})"))
        .collect()
}

/// Every `check` named in the flow tables (`ws_bruger_id`, `se_number`): read from the tables
/// as the UI receives them, so a new check needs its texts.
fn checks_in_flow_tables() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("check", serde_json::Value::String(s)) => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in flow::FlowId::ALL {
        walk(&serde_json::to_value(f.def()).unwrap_or_default(), &mut out);
    }
    out.sort();
    out.dedup();
    out
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
        crate::flow_findings::CODES
            .iter()
            .map(|c| (format!("finding.{c}"), "flow_findings::CODES".to_string())),
    );
    // Keys the UI builds at run time from an enum's value rather than writing out.
    wanted.extend(keys_for::<crate::wizard::StepStatus>(
        "ui.status",
        "Stepper.svelte",
    ));
    for f in <flow::FlowId as strum::VariantArray>::VARIANTS {
        if *f != flow::FlowId::Start {
            wanted.push((format!("{}.action", f.def().title), "Chooser.svelte".into()));
        }
    }
    // Strings, not an enum: the id types identify.rs reads from the subject.
    for id in ["RID", "UID", "FID", "PID", "UI"] {
        wanted.push((format!("inspect.id.{id}"), "InspectScreen.svelte".into()));
    }
    use crate::cert::identify::{Environment, Generation, Kind, Level};
    wanted.extend(keys_for::<Level>("inspect.level", "InspectScreen.svelte"));
    wanted.extend(keys_for::<Generation>(
        "oces.generation",
        "InspectScreen.svelte",
    ));
    wanted.extend(keys_for::<Environment>(
        "oces.environment",
        "InspectScreen.svelte",
    ));
    wanted.extend(keys_for::<Kind>("oces.kind", "InspectScreen.svelte"));
    wanted.extend(keys_for::<crate::files::find::Folder>(
        "files.in_folder",
        "FilePicker.svelte",
    ));
    wanted.extend(keys_for::<crate::files::find::Holds>(
        "files.kind",
        "FilePicker.svelte",
    ));
    // Why a search stopped early, in the notice beside the list (`files.search_stopped`).
    wanted.extend(keys_for::<crate::budget::Exhausted>(
        "files.search_stopped",
        "FilePicker.svelte",
    ));
    let checks = checks_in_flow_tables();
    assert!(checks.len() >= 2, "checks in the flow tables: {checks:?}");
    for check in checks {
        // The verdicts that have a text (`ok` and `empty` say nothing).
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
    // "Få hjælp": what usually goes wrong on each step (HelpDialog.svelte reads
    // `help.step.<code>.<n>.q/.a` from 1 up), and whom to call for each flow.
    for f in <flow::FlowId as strum::VariantArray>::VARIANTS {
        for s in f.def().steps {
            for part in ["q", "a"] {
                wanted.push((
                    format!("help.step.{}.1.{part}", s.code),
                    "HelpDialog.svelte".into(),
                ));
            }
        }
        if *f != flow::FlowId::Start {
            // Its wait, said on START-1 once the flow is chosen (Chooser.svelte).
            wanted.push((
                format!("ui.chooser.wait.{}", f.def().id_str),
                "Chooser.svelte".into(),
            ));
            for part in ["name", "text", "1.for"] {
                wanted.push((
                    format!("help.contact.{}.{part}", f.def().id_str),
                    "HelpDialog.svelte".into(),
                ));
            }
        }
    }
    // Every help question has its answer.
    for k in da
        .keys()
        .filter(|k| k.starts_with("help.step.") && k.ends_with(".q"))
    {
        wanted.push((
            format!("{}.a", k.trim_end_matches(".q")),
            "HelpDialog.svelte".into(),
        ));
    }
    wanted.extend(keys_for::<crate::cert_stores::StoreOutcome>(
        "store.outcome",
        "StoreResults.svelte",
    ));
    wanted.extend(keys_for::<crate::probe::Stage>(
        "probe.stage",
        "ConnectionTest.svelte",
    ));
    // The core's own texts: the support report's labels and words, and the letters.
    for id in crate::support::REPORT_LABELS {
        wanted.push((
            format!("report.label.{id}"),
            "support::REPORT_LABELS".into(),
        ));
    }
    wanted.extend(keys_for::<crate::wizard::StepStatus>(
        "report.value",
        "support::report_text",
    ));
    wanted.extend(keys_for::<crate::cert::identify::Level>(
        "report.value",
        "support::report_text",
    ));
    wanted.extend(keys_for::<crate::cert_stores::StoreOutcome>(
        "report.value",
        "support::report_text",
    ));
    for k in crate::support::REPORT_TEXTS
        .iter()
        .chain(crate::letters::LETTER_TEXTS)
    {
        wanted.push((k.to_string(), "support.rs, letters.rs".into()));
    }
    let from_ui = ui_keys();
    assert!(
        from_ui.len() > 20,
        "the UI scan found only {} keys: is ui/src where we think?",
        from_ui.len()
    );
    wanted.extend(from_ui);
    let missing = missing_in(&da, &wanted);
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

/// `text` without what stands in “…” quotes and `{param}` placeholders; each character left
/// out becomes `fill`, if given (so words on either side stay apart).
fn outside_quotes(text: &str, fill: Option<char>) -> String {
    let mut plain = String::new();
    let (mut quoted, mut param) = (false, false);
    for c in text.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            '{' => param = true,
            '}' => param = false,
            _ if !quoted && !param => plain.push(c),
            _ => plain.extend(fill),
        }
    }
    plain
}

/// What a Danish text must not contain: a date in ISO or US form, a bracketed plural
/// ("certifikat(er)"), English words a Danish screen should not show, or "appen" where every
/// other text says "guiden". Words inside quotation marks (“Issue”, “Register certificate”)
/// are names of buttons on English web pages and are allowed.
fn danish_problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Outside “…” quotes and `{param}` placeholders only.
    let plain = outside_quotes(text, None);
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
    // The genitive of an abbreviation without an apostrophe ("STILs", "UFSTs"), one form
    // throughout (the review's rewrite table, issue 25.14).
    let chars: Vec<char> = plain.chars().collect();
    for i in 2..chars.len().saturating_sub(1) {
        if chars[i] == '\''
            && chars[i + 1] == 's'
            && chars[i - 1].is_ascii_uppercase()
            && chars[i - 2].is_ascii_uppercase()
            && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric())
        {
            out.push("apostrophe genitive of an abbreviation".into());
        }
    }
    // One word, as in "loginboksen".
    if plain.contains("login-boks") {
        out.push("“login-boks”".into());
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
        "STIL's vejledning",
        "Bruger-id til UFST's certifikatportal",
        "DKMAnets login-boks",
    ] {
        assert!(!danish_problems(bad).is_empty(), "not caught: {bad}");
    }
    assert!(
        danish_problems("Klik på “Register certificate”, 28. november 2026 kl. 06.41.").is_empty()
    );
    assert!(danish_problems("STILs vejledning, UFSTs portal, DKMAnets loginboks.").is_empty());
    let da = load("da");
    let bad: Vec<_> = da
        .iter()
        .map(|(k, v)| (k, danish_problems(v)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    assert!(bad.is_empty(), "Danish texts to rewrite: {bad:#?}");
}

/// What the company's "I/jer/jeres" may stand before: things that belong to the company, on
/// purpose ("jeres it-afdeling", "jeres system"). Everything the person at the keyboard does or
/// has is "du/din" (issue 26 point 8).
const COMPANY_THINGS: &[&str] = &[
    "it-afdeling",
    "it-leverandør",
    "sikkerhedsadministrator",
    "system",
    "AS4-system",
    "administrator",
    "MitID Erhverv-administrator",
    "egen helpdesk",
    "eget system",
];

/// The texts where "I" is not the reader, on purpose (each one a decision): in
/// `stil6.has_login_q` it is the company (issue 25.14: the company has the system login, the
/// person creates it), and in `stil1.nemid_q` the company that has the old certificate; in the
/// letter to the Danish Medicines Agency and in the message to the customs technical team
/// (DMS-5) it is the agency addressed.
const COMPANY_SUBJECT: &[&str] = &[
    "stil6.has_login_q",
    "stil1.nemid_q",
    "letter.dkma_rid.body",
    "letter.dms_roles.body",
];

/// Where a Danish text addresses the reader other than as "du": the formal "De/Dem/Deres"
/// inside a sentence, the plural subject "I" inside a sentence (a capital "I" after a
/// sentence's start is always the pronoun; "OCES I" and lists of letters are not), and
/// "jer/jeres" before anything but one of [`COMPANY_THINGS`].
fn address_problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Outside “…” quotes (names on English pages) and `{param}` placeholders.
    let plain = outside_quotes(text, Some(' '));
    let chars: Vec<char> = plain.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphabetic() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| !(chars[j].is_alphanumeric() || chars[j] == '-'))
            .unwrap_or(chars.len());
        let word: String = chars[i..end].iter().collect();
        let before: String = chars[..i].iter().collect();
        let before = before.trim_end();
        let starts_sentence =
            before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n', '(', '–']);
        let after: String = chars[end..].iter().collect();
        let after = after.trim_start();
        match word.as_str() {
            "De" | "Dem" | "Deres" if !starts_sentence => {
                out.push(format!("formal “{word}”"));
            }
            "I" if !starts_sentence
                && !before.ends_with("OCES")
                && !after.starts_with(',')
                && !after.starts_with("og ") =>
            {
                out.push("“I” for the reader".into());
            }
            "jer" | "Jer" => out.push("“jer”".into()),
            "jeres" | "Jeres" if !COMPANY_THINGS.iter().any(|t| after.starts_with(t)) => {
                out.push(format!(
                    "“{word} {}”",
                    after.split(' ').next().unwrap_or("")
                ));
            }
            _ => {}
        }
        i = end;
    }
    out
}

#[test]
fn danish_texts_say_du_to_the_reader_and_i_only_of_the_company() {
    // The check itself: each of these must be caught.
    for bad in [
        "Til testmiljøet skal I bruge et testcertifikat.",
        "Har I allerede testet certifikatet?",
        "Vælg certifikatet med jeres UUID.",
        "Stil jeres spørgsmål dér.",
        "Toldstyrelsen kan ikke slå det op for jer.",
        "Vi kontakter Dem, når kontoen er klar.",
        "Skriv Deres CVR-nummer.",
    ] {
        assert!(!address_problems(bad).is_empty(), "not caught: {bad}");
    }
    for good in [
        "Spørg jeres it-afdeling, om porten er åben.",
        "Jeres administrator i MitID Erhverv udsteder det.",
        "Ikke fra vejledningen: I MitID Erhverv er det administratoren.",
        "OCES I (TDC, før NemID)",
        "Koden er 10 tegn (uden 0, 1, I, L, O og U).",
        "De tre relevante er VOCES, FOCES og MOCES. Dem gemmer guiden.",
        "Klik på “I have a code”.",
    ] {
        assert!(address_problems(good).is_empty(), "caught: {good}");
    }
    let bad: Vec<_> = load("da")
        .into_iter()
        .filter(|(k, _)| !COMPANY_SUBJECT.contains(&k.as_str()))
        .map(|(k, v)| (k, address_problems(&v)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    assert!(bad.is_empty(), "Danish texts to rewrite: {bad:#?}");
}

/// One story about the certificate's password, said the same way wherever it is told: the
/// guide holds it while it is open, at most 15 minutes without use (`secret::HOLD_IDLE`),
/// and never saves it.
const HELD: [(&str, &str); 2] = [
    (
        "da",
        "Guiden husker den, mens guiden er åben, dog højst 15 minutter uden brug.",
    ),
    (
        "en",
        "The wizard remembers it while the wizard is open, for at most 15 minutes without use.",
    ),
];
/// Why a step asks for it again when it is not held any more: the same rule, from the other
/// side (`ui.password_forgotten`, said at the field).
const FORGOTTEN: [(&str, &str); 2] = [
    (
        "da",
        "når guiden har været lukket eller ikke brugt i 15 minutter.",
    ),
    (
        "en",
        "when the wizard has been closed or not used for 15 minutes.",
    ),
];
const NEVER_SAVED: [(&str, &str); 2] = [
    ("da", "Den bliver aldrig gemt på computeren."),
    ("en", "It is never saved on the computer."),
];

#[test]
fn the_remembered_password_has_one_story() {
    assert_eq!(
        crate::secret::HOLD_IDLE.as_secs(),
        15 * 60,
        "the texts say 15 minutes"
    );
    for (((lang, held), (_, never)), (_, forgotten)) in
        HELD.into_iter().zip(NEVER_SAVED).zip(FORGOTTEN)
    {
        let texts = load(lang);
        let why = &texts["ui.password_forgotten"];
        assert!(why.ends_with(forgotten), "{lang}: {why}");
        // The texts that tell it: the held password, and the hint of every field for the
        // certificate file's password (the gateway password is kept, on purpose, elsewhere).
        for key in ["ui.password_held", "files.unlock_password_hint"] {
            let t = &texts[key];
            assert!(t.contains(held) && t.contains(never), "{lang} {key}: {t}");
        }
        for (key, t) in &texts {
            // Other passwords: the gateway password (kept in the keychain on purpose) and the
            // practice password of CUG-3 (never leaves its screen).
            if ["keychain.", "error.keychain.", "rehearse."]
                .iter()
                .any(|p| key.starts_with(p))
            {
                continue;
            }
            if key.ends_with("password_hint") {
                assert!(t.contains(never), "{lang} {key}: {t}");
            }
            // No other wording of the same thing.
            for other in [
                "hukommelse",
                "bliver ikke gemt",
                "gemmes ikke",
                "in memory",
                "is not saved",
                "is not kept",
                "15 minutter",
                "15 minutes",
            ] {
                if t.contains(other) {
                    assert!(
                        t.contains(held) || t.contains(forgotten),
                        "{lang} {key} says “{other}” its own way: {t}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_product_has_one_name() {
    // Danish: "OCES-guiden", "guiden" (danish_problems catches "appen"). English: "the OCES
    // wizard", "the wizard"; "the guide" there is the authority's own guide.
    for (key, t) in load("en") {
        let mut words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
        words.push("");
        let pair = |a: &str, b: &str| {
            words.windows(3).any(|w| {
                w[0].eq_ignore_ascii_case(a) && w[1] == b && w[2] != "code" && w[2] != "link"
            })
        };
        assert!(
            !pair("the", "app") && !t.contains("OCES guide"),
            "en {key}: {t}"
        );
        // The window's own texts (its frame, help and guide-link panel) speak of the product.
        let own = ["ui.", "help.", "guide.panel."]
            .iter()
            .any(|p| key.starts_with(p));
        assert!(!(own && pair("the", "guide")), "en {key}: {t}");
    }
    for (key, t) in load("da") {
        // The command's name is the command's name.
        let lower = t.to_lowercase().replace("oces-wizard", "");
        assert!(
            !lower.contains("wizard") && !lower.contains("oces guide"),
            "da {key}: {t}"
        );
    }
}

/// The lists come from the enums: a variant added without a text is caught. Shown with an
/// enum of this test's own, serialised like the real ones, against the real Danish texts.
#[test]
fn a_new_variant_without_a_text_fails_the_check() {
    #[derive(serde::Serialize, strum::VariantArray)]
    #[serde(rename_all = "snake_case")]
    enum StepStatusWithANewOne {
        Current,
        Done,
        WaitingForTheBank,
    }
    let da = load("da");
    let wanted = keys_for::<StepStatusWithANewOne>("ui.status", "a test");
    assert_eq!(
        missing_in(&da, &wanted),
        vec!["ui.status.waiting_for_the_bank (from a test)".to_string()]
    );
    // And the real enum has a text for each of its variants.
    let real = keys_for::<crate::wizard::StepStatus>("ui.status", "Stepper.svelte");
    assert_eq!(
        real.len(),
        <crate::wizard::StepStatus as strum::VariantArray>::VARIANTS.len()
    );
    assert!(missing_in(&da, &real).is_empty());
}

/// `FlowId::ALL` (what the program walks) is every flow there is.
#[test]
fn flow_id_all_is_every_variant() {
    assert_eq!(
        flow::FlowId::ALL.as_slice(),
        <flow::FlowId as strum::VariantArray>::VARIANTS
    );
}
