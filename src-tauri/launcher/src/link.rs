//! `oces-wizard link`: the helpdesk's side of guide links and codes (as the support view's
//! "Send brugeren til et trin"), and the hand-over of a lone `oces-wizard://` argument to the
//! window.

use crate::common::{fail, out, output_failed, print_json};
use crate::texts::tr;
use oces_core::guide_link::{self, GuideTarget};
use oces_core::i18n::Lang;
use oces_core::session::{guide::Composed, Session};
use oces_core::text::plain;
use std::ffi::OsString;

// `oces-wizard link`'s arguments (a plain comment: see `probe::Args`).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    oces-wizard link --flow dms --step DMS-6 --env test --set se=12345678\n  \
    oces-wizard link --flow stil --step STIL-6 --env production --set ws=abc123 --json\n  \
    oces-wizard link --explain 'oces-wizard://v1/go?flow=dms&step=DMS-6'\n  \
    oces-wizard link --explain XXXXX-XXXXX\n\n\
    Values for --set: se=SE number (DMS), cvr=expected CVR, ws=wsBrugerId (STIL, with --env),\n\
    role=security_admin|user (CUG), lang=da|en.\n\
    Exit status: 0 when the link was made or read, 1 when it was refused, 2 for usage errors.")]
pub struct Args {
    /// The flow: cug, dms or stil.
    #[arg(long, required_unless_present = "explain", conflicts_with = "explain")]
    flow: Option<String>,
    /// The step code, e.g. DMS-6.
    #[arg(long, required_unless_present = "explain", conflicts_with = "explain")]
    step: Option<String>,
    /// The environment: test or production (DMS, STIL).
    #[arg(long, conflicts_with = "explain")]
    env: Option<String>,
    /// A value to fill in, KEY=VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = key_value, conflicts_with = "explain")]
    set: Vec<(String, String)>,
    /// Say what a guide link or guide code would do, instead of making one.
    #[arg(long, value_name = "CODE|URL")]
    explain: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| "expected KEY=VALUE".to_string())
}

/// Make or explain a link; the exit status.
pub fn run(a: Args) -> i32 {
    let lang = Lang::detect();
    let composed = match &a.explain {
        Some(input) => Session::guide_explain(input),
        None => {
            let mut pairs = Vec::new();
            for (k, v) in [("flow", &a.flow), ("step", &a.step), ("env", &a.env)] {
                if let Some(v) = v {
                    pairs.push((k.to_string(), v.clone()));
                }
            }
            pairs.extend(a.set.iter().cloned());
            Session::guide_compose(&pairs)
        }
    };
    let c = match composed {
        Ok(c) => c,
        Err(e) => return fail(lang, a.json, e),
    };
    if a.json {
        let mut v = match serde_json::to_value(&c) {
            Ok(v) => v,
            Err(_) => return fail(lang, true, oces_core::error::UiError::internal()),
        };
        v["title"] = serde_json::json!({
            "da": title(Lang::Da, &c.target),
            "en": title(Lang::En, &c.target),
        });
        v["message"] = serde_json::json!({
            "da": message(Lang::Da, &c),
            "en": message(Lang::En, &c),
        });
        return print_json(&v);
    }
    match out(&text(lang, &c)) {
        Ok(()) => 0,
        Err(e) => output_failed(lang, &e, None, 0),
    }
}

fn title(lang: Lang, t: &GuideTarget) -> String {
    tr(lang, &format!("step.{}.title", t.step), &[])
}

/// A value as the user sees it (the choice's label where it is a choice).
fn value_text(lang: Lang, key: &str, value: &str) -> String {
    let label_key = match (key, value) {
        ("env", v) => format!("choice.env.{v}"),
        ("role", "security_admin") => "cug8.role_sa".into(),
        ("role", _) => "cug8.role_user".into(),
        ("lang", "da") => return "dansk".into(),
        ("lang", _) => return "English".into(),
        _ => return value.to_string(),
    };
    tr(lang, &label_key, &[])
}

/// The e-mail or Teams message in `lang`.
pub fn message(lang: Lang, c: &Composed) -> String {
    let mut m = tr(
        lang,
        "guide.message",
        &[
            ("step", &c.target.step),
            ("title", &title(lang, &c.target)),
            ("link", &c.link),
        ],
    );
    if let Some(code) = &c.code {
        m.push_str("\n\n");
        m.push_str(&tr(lang, "guide.message_code", &[("code", code)]));
    }
    m
}

fn text(lang: Lang, c: &Composed) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: &str| {
        out.push_str(&format!("{:<12} {}\n", tr(lang, k, &[]), plain(v)));
    };
    line("cli.link.link", &c.link);
    match (&c.code, &c.no_code) {
        (Some(code), _) => line("cli.link.code", code),
        (None, Some(e)) => {
            let reason = e
                .params
                .iter()
                .fold(tr(lang, &format!("error.{}", e.code), &[]), |t, (k, v)| {
                    t.replace(&format!("{{{k}}}"), v)
                });
            out.push_str(&tr(lang, "cli.link.no_code", &[("reason", &reason)]));
            out.push('\n');
        }
        (None, None) => {}
    }
    out.push_str(&tr(
        lang,
        "cli.link.goes_to",
        &[("step", &c.target.step), ("title", &title(lang, &c.target))],
    ));
    out.push('\n');
    let values: Vec<(&str, String)> = c
        .target
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "flow" && *k != "step")
        .collect();
    if !values.is_empty() {
        out.push_str(&tr(lang, "cli.link.fills", &[]));
        out.push('\n');
        for (k, v) in values {
            out.push_str(&format!(
                "  {}: {}\n",
                tr(lang, &format!("guide.value.{k}"), &[]),
                plain(&value_text(lang, k, &v))
            ));
        }
    }
    for l in Lang::ALL {
        out.push('\n');
        out.push_str(&tr(lang, "cli.link.message", &[("lang", l.code())]));
        out.push('\n');
        out.push_str(&message(l, c));
        out.push('\n');
    }
    out
}

/// What the command does with a guide link among its arguments: `None` when there is none;
/// `Some(Ok(()))` for a lone link (or one after the test driver's `--automation`), which the
/// window reads and shows (its panel, or its coded error); `Some(Err(status))` when the link
/// came with other arguments, refused here with a coded error and never passed on. The
/// `link` subcommand itself takes links (`link --explain URL`) and is left to the parser.
pub fn lone_link(args: &[OsString]) -> Option<Result<(), i32>> {
    if args.first().is_some_and(|a| a.as_os_str() == "link") {
        return None;
    }
    let rest: Vec<&OsString> = args
        .iter()
        .skip_while(|a| a.as_os_str() == "--automation")
        .collect();
    let found = guide_link::link_in_args(&rest)?;
    match found {
        Err(e @ guide_link::GuideError::ExtraArguments) => Some(Err({
            fail(Lang::detect(), false, e.into());
            2
        })),
        _ => Some(Ok(())),
    }
}
