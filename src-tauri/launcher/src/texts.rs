//! Texts for the command line, from the same locale files the window uses (embedded at build
//! time, once, by the core: `oces_core::i18n`), so a message reads the same on the terminal
//! and on screen.

use oces_core::i18n::Lang;
use std::collections::HashMap;

/// The texts of `lang` (the locale files the core embeds once for every program).
fn table(lang: Lang) -> &'static HashMap<String, String> {
    oces_core::i18n::texts(lang)
}

/// The text for `key` in `lang` (its form for this OS, `key@windows`, where it has one),
/// `{name}` placeholders filled from `params`. Falls back to English, then to the key itself.
pub fn tr(lang: Lang, key: &str, params: &[(&str, &str)]) -> String {
    // The form of the text for this OS first (`key@windows`), as in the window.
    let variant = oces_core::platform::variant_key(key, oces_core::platform::Os::current());
    // The language's own texts first, English only when it lacks both forms: asked for
    // together, English would be read (a third of a millisecond) for every Danish text that
    // has no form for this OS, i.e. most of them.
    let forms = [variant.as_str(), key];
    let text = [lang, Lang::En]
        .iter()
        .find_map(|l| forms.iter().find_map(|k| table(*l).get(*k)))
        .cloned()
        .unwrap_or_else(|| key.to_string());
    let text = step_refs(lang, text);
    params
        .iter()
        .fold(text, |t, (k, v)| t.replace(&format!("{{{k}}}"), v))
}

/// A text names another step as `{step:DMS-6}`: it reads "trin 6: Gem gateway-oplysningerne"
/// (the step's place and title from the flow tables), as in the window.
fn step_refs(lang: Lang, mut text: String) -> String {
    while let Some(at) = text.find("{step:") {
        let Some(len) = text[at..].find('}') else {
            break;
        };
        let code = text[at + 6..at + len].to_string();
        let place = oces_core::flow::FlowId::ALL
            .iter()
            .find_map(|f| f.def().index_of(&code));
        let named = match place {
            Some(i) => tr(
                lang,
                "ui.step_ref",
                &[
                    ("n", &(i + 1).to_string()),
                    ("title", &tr(lang, &format!("step.{code}.title"), &[])),
                ],
            ),
            None => code,
        };
        text.replace_range(at..at + len + 1, &named);
    }
    text
}

/// Every key the command line uses directly (checked by a test).
#[cfg(test)]
pub const CLI_KEYS: &[&str] = &[
    "cli.inspect.file",
    "cli.inspect.contains",
    "cli.inspect.contains_value",
    "cli.inspect.key_yes",
    "cli.inspect.key_no",
    "cli.inspect.holder",
    "cli.inspect.organisation",
    "cli.inspect.issuer",
    "cli.inspect.valid",
    "cli.inspect.type",
    "cli.inspect.cvr",
    "cli.inspect.cvr_ok",
    "cli.inspect.cvr_bad",
    "cli.inspect.id",
    "cli.inspect.gateway_user",
    "cli.inspect.fingerprint",
    "cli.inspect.encryption",
    "cli.inspect.encryption_value",
    "trust.label",
    "trust.verified",
    "trust.not_recognised",
    "trust.broken",
    "cli.inspect.findings",
    "cli.level.error",
    "cli.level.warning",
    "cli.level.info",
    "cli.error",
    "cli.find.none",
    "cli.find.no_home",
    "cli.find.holds.pkcs12",
    "cli.find.holds.certificate",
    "cli.find.holds.cug-html",
    "cli.output.disk_full",
    "cli.output.failed",
    "cli.find.stopped",
    "cli.find.stopped.time",
    "cli.find.stopped.certificates",
    "cli.find.stopped.signatures",
    "cli.link.code",
    "cli.link.fills",
    "cli.link.goes_to",
    "cli.link.link",
    "cli.link.message",
    "cli.link.no_code",
    "cli.policy.warnings",
    "cli.policy.none",
    "policy.page.name",
    "policy.page.value",
    "policy.page.source",
    "policy.page.not_set",
    "policy.source.default",
    "policy.source.hklm",
    "policy.source.hkcu",
    "policy.source.policy_json",
    "policy.value.on",
    "policy.value.off",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cli_key_exists_in_both_languages() {
        for lang in Lang::ALL {
            for key in CLI_KEYS {
                assert!(table(lang).contains_key(*key), "{key} missing for {lang:?}");
            }
        }
        let oces_keys = [
            "oces.generation.oces2",
            "oces.generation.oces3",
            "oces.generation.none",
            "oces.environment.production",
            "oces.environment.test",
            "oces.environment.unknown",
            "oces.kind.employee",
            "oces.kind.organisation",
            "oces.kind.system",
            "oces.kind.personal",
        ];
        for key in oces_keys {
            for lang in Lang::ALL {
                assert!(table(lang).contains_key(key), "{key} missing for {lang:?}");
            }
        }
        for code in oces_core::cert::identify::FINDING_CODES {
            for lang in Lang::ALL {
                let key = format!("finding.{code}");
                assert!(table(lang).contains_key(&key), "{key} missing for {lang:?}");
            }
        }
    }

    #[test]
    fn a_step_named_in_a_text_reads_as_its_number_and_title() {
        let t = tr(Lang::Da, "error.keychain.not_found", &[]);
        assert!(!t.contains("{step:") && !t.contains("DMS-6"), "{t}");
        let title = &table(Lang::Da)["step.DMS-6.title"];
        assert!(t.contains(&format!("trin 6: {title}")), "{t}");
        // Every such name in either file is a step of the flow tables.
        for lang in Lang::ALL {
            for (k, v) in table(lang) {
                let shown = step_refs(lang, v.clone());
                assert!(!shown.contains("{step:"), "{lang:?} {k}: {shown}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            tr(Lang::En, "cli.error", &[("message", "boom")]),
            table(Lang::En)["cli.error"].replace("{message}", "boom")
        );
    }
}
