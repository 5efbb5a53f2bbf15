//! `oces-wizard policy [--json]`: every policy IT can set ([`oces_core::policy`]), its value in
//! force, where it came from (default, HKLM, HKCU, policy.json), and the values that were not
//! used, with their codes: what the window's policy page shows.

use crate::common::{out, output_failed, print_json};
use crate::texts::tr;
use oces_core::i18n::Lang;
use oces_core::policy::{self, Policies, Source, Value};
use oces_core::text::plain;

// The arguments of `policy` (a plain comment: see `probe::Args`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

/// Run `policy`.
pub fn run(args: Args) -> i32 {
    let p = &policy::Policies::of_this_computer();
    if args.json {
        return print_json(p);
    }
    let lang = Lang::detect();
    match out(&text(lang, p)) {
        Ok(()) => 0,
        Err(e) => output_failed(lang, &e, None, 0),
    }
}

fn source_key(s: Source) -> &'static str {
    match s {
        Source::Default => "policy.source.default",
        Source::Hklm => "policy.source.hklm",
        Source::Hkcu => "policy.source.hkcu",
        Source::PolicyJson => "policy.source.policy_json",
    }
}

fn shown(lang: Lang, v: &Value) -> String {
    let s = match v {
        Value::Bool(true) => tr(lang, "policy.value.on", &[]),
        Value::Bool(false) => tr(lang, "policy.value.off", &[]),
        Value::Int(n) => n.to_string(),
        Value::Text(t) if t.is_empty() => tr(lang, "policy.page.not_set", &[]),
        Value::Text(t) => t.clone(),
        Value::List(l) => l.join(","),
    };
    plain(&s).into_owned()
}

/// The table and the warnings, in `lang`.
fn text(lang: Lang, p: &Policies) -> String {
    let rows: Vec<[String; 3]> = p
        .policies
        .iter()
        .map(|e| {
            [
                e.name.clone(),
                shown(lang, &e.value),
                tr(lang, source_key(e.source), &[]),
            ]
        })
        .collect();
    let head = [
        tr(lang, "policy.page.name", &[]),
        tr(lang, "policy.page.value", &[]),
        tr(lang, "policy.page.source", &[]),
    ];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1) = (width(0), width(1).min(48));
    let mut s = String::new();
    for r in std::iter::once(&head).chain(rows.iter()) {
        s.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", r[0], r[1], r[2]));
    }
    s.push('\n');
    s.push_str(&tr(lang, "cli.policy.warnings", &[]));
    if p.warnings.is_empty() {
        s.push_str(&format!(" {}\n", tr(lang, "cli.policy.none", &[])));
    } else {
        s.push('\n');
        for w in &p.warnings {
            let name = if w.policy.is_empty() {
                "policy.json".to_string()
            } else {
                w.policy.clone()
            };
            s.push_str(&format!(
                "  {} ({}): {} [{}]\n",
                plain(&name),
                tr(lang, source_key(w.source), &[]),
                tr(lang, &format!("error.{}", w.code), &[]),
                w.code
            ));
        }
    }
    s
}
