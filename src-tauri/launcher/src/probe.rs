//! `oces-wizard probe`: the connection test on the terminal (the same as screen DMS-7).

use crate::cli::{fail, read_password};
use crate::texts::tr;
use oces_core::error::{ErrorCode, UiError};
use oces_core::i18n::Lang;
use oces_core::probe::{self, ClientIdentity, ProbeOptions, ProbeReport, Target};
use std::path::PathBuf;
use std::time::Duration;

/// The command line's arguments.
pub struct Args {
    pub url: String,
    pub cert: Option<PathBuf>,
    pub password_stdin: bool,
    pub ca: Vec<PathBuf>,
    pub json: bool,
    pub timeout: u64,
}

/// `test` and `production` name the UFST gateway; anything else is an address.
fn target(url: &str) -> Result<Target, ErrorCode> {
    match url.trim().to_ascii_lowercase().as_str() {
        "test" => Target::parse(probe::UFST_TEST),
        "production" | "prod" => Target::parse(probe::UFST_PRODUCTION),
        _ => Target::parse(url),
    }
}

/// Run the test; 0 when every stage passed.
pub fn run(a: Args) -> i32 {
    let lang = Lang::detect();
    let target = match target(&a.url) {
        Ok(t) => t,
        Err(c) => return fail(lang, a.json, UiError::of(c)),
    };
    let mut opts = ProbeOptions::new(target);
    opts.stage_timeout = Duration::from_secs(a.timeout);
    opts.overall_timeout = Duration::from_secs(a.timeout * 4);
    for f in &a.ca {
        match probe::read_roots(f) {
            Ok(r) => opts.extra_roots.extend(r),
            Err(c) => return fail(lang, a.json, UiError::of(c)),
        }
    }
    if let Some(file) = &a.cert {
        let password = match read_password(lang, a.password_stdin) {
            Ok(p) => p,
            Err(code) => return code,
        };
        let opened = match oces_core::cert::open_file(file, password.as_ref()) {
            Ok(o) => o,
            Err(e) => return fail(lang, a.json, UiError::from(e)),
        };
        match ClientIdentity::from_opened(&opened) {
            Ok(id) => opts.identity = Some(id),
            Err(c) => return fail(lang, a.json, UiError::of(c)),
        }
    } else if !a.json {
        eprintln!("{}", tr(lang, "cli.probe.no_cert", &[]));
    }
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return fail(lang, a.json, UiError::internal());
    };
    let json = a.json;
    let report = rt.block_on(probe::probe(opts, &mut |e| {
        if !json {
            if let probe::ProbeEvent::Finished(r) = e {
                println!("{}", stage_line(lang, &r));
            }
        }
    }));
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(_) => return 1,
        }
    } else {
        print_summary(lang, &report);
    }
    if report.ok {
        0
    } else {
        1
    }
}

fn stage_name(lang: Lang, s: probe::Stage) -> String {
    let key = serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    tr(lang, &format!("probe.stage.{key}"), &[])
}

fn stage_line(lang: Lang, r: &probe::StageResult) -> String {
    let mark = if r.ok { "✓" } else { "✗" };
    let mut line = format!("{mark} {:<26} {:>6} ms", stage_name(lang, r.stage), r.ms);
    if let Some(d) = &r.detail {
        line.push_str(&format!("  {d}"));
    }
    if !r.ok {
        line.push_str(&format!(
            "\n    {} ({})",
            tr(lang, &format!("error.{}", r.code), &[]),
            r.code
        ));
    }
    line
}

fn print_summary(lang: Lang, r: &ProbeReport) {
    println!();
    println!("{} {}", tr(lang, "cli.probe.target", &[]), r.target);
    if let Some(p) = &r.proxy {
        println!("{} {p}", tr(lang, "cli.probe.proxy", &[]));
    }
    if let Some(s) = &r.server {
        println!(
            "{} {} ({}; {})",
            tr(lang, "cli.probe.server", &[]),
            s.subject,
            s.issuer,
            s.not_after
        );
    }
    match r.failed() {
        None => println!("{}", tr(lang, "probe.verdict_ok", &[])),
        Some(f) => println!(
            "{}",
            tr(
                lang,
                "probe.verdict_failed",
                &[("stage", &stage_name(lang, f.stage))]
            )
        ),
    }
    println!("{}\n  {}", tr(lang, "cli.probe.openssl", &[]), r.openssl);
}
