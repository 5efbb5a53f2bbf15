//! `oces-wizard probe`: the connection test on the terminal (the same as screen DMS-7).

use crate::common::{fail, out, output_failed, print_json, read_password};
use crate::texts::tr;
use oces_core::error::UiError;
use oces_core::i18n::Lang;
use oces_core::probe::{self, ProbeReport, Target};
use oces_core::session::Session;
use std::path::PathBuf;
use std::time::Duration;

// `oces-wizard probe`'s arguments. A plain comment, not a doc comment: clap would make one
// the subcommand's description when it is built, over the one `cli::Command` gives it.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// `https://host:port`, or `test` / `production` for the UFST AS4 gateway.
    url: String,
    /// The certificate file with its private key (PKCS#12 or a DKMA CUG file).
    #[arg(long)]
    cert: Option<PathBuf>,
    /// Read the certificate's password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    /// Also trust the roots in this PEM file (e.g. a company's TLS-inspection root).
    #[arg(long)]
    ca: Vec<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Connect directly even though a proxy of a kind the test cannot use (SOCKS) is set.
    #[arg(long)]
    direct: bool,
    /// Time limit per stage in seconds; the whole test gets four times as much.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=120))]
    timeout: u64,
}

/// Run the test; 0 when every stage passed.
pub fn run(a: Args) -> i32 {
    let lang = Lang::detect();
    let target = match Target::named(&a.url) {
        Ok(t) => t,
        Err(c) => return fail(lang, a.json, UiError::of(c)),
    };
    // The certificate first: its password may be typed, and that time is not the test's.
    let mut identity = None;
    if let Some(file) = &a.cert {
        let password = match read_password(lang, a.json, a.password_stdin) {
            Ok(p) => p,
            Err(code) => return code,
        };
        match Session::client_identity(file, password.as_ref()) {
            Ok(id) => identity = Some(id),
            Err(e) => return fail(lang, a.json, e),
        }
    } else if !a.json {
        eprintln_quiet!("{}", tr(lang, "cli.probe.no_cert", &[]));
    }
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return fail(lang, a.json, UiError::internal());
    };
    let json = a.json;
    // The first failure to write standard output; nothing more is written after it.
    let mut broken: Option<std::io::Error> = None;
    // The test's clock starts in the session: reading `--ca` is inside its time limit.
    let result = rt.block_on(Session::probe_standalone(
        target,
        identity,
        &a.ca,
        Duration::from_secs(a.timeout),
        a.direct,
        &mut |e| {
            if !json && broken.is_none() {
                if let probe::ProbeEvent::Finished(r) = e {
                    broken = out(&format!("{}\n", stage_line(lang, &r))).err();
                }
            }
        },
    ));
    // Whatever still runs (a lookup the OS has not given up on) must not hold the process.
    rt.shutdown_background();
    let report = match result {
        Ok(r) => r,
        Err(e) => return fail(lang, json, e),
    };
    let status = i32::from(!report.ok);
    if json {
        if print_json(&report) != 0 {
            return 1;
        }
    } else if let Some(e) = broken.or_else(|| out(&summary(lang, &report)).err()) {
        return output_failed(lang, &e, None, status);
    }
    status
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
        line.push_str(&format!("  {}", oces_core::text::plain(d)));
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

fn summary(lang: Lang, r: &ProbeReport) -> String {
    use oces_core::text::plain;
    let mut s = String::from("\n");
    s.push_str(&format!(
        "{} {}\n",
        tr(lang, "cli.probe.target", &[]),
        plain(&r.target)
    ));
    if let Some(p) = &r.proxy {
        s.push_str(&format!(
            "{} {}\n",
            tr(lang, "cli.probe.proxy", &[]),
            plain(p)
        ));
    }
    // The server's certificate is the server's to word: escaped like any outside text.
    if let Some(c) = &r.server {
        s.push_str(&format!(
            "{} {} ({}; {})\n",
            tr(lang, "cli.probe.server", &[]),
            plain(&c.subject),
            plain(&c.issuer),
            plain(&c.not_after)
        ));
    }
    match r.failed() {
        None => s.push_str(&tr(lang, "probe.verdict_ok", &[])),
        Some(f) => s.push_str(&tr(
            lang,
            "probe.verdict_failed",
            &[("stage", &stage_name(lang, f.stage))],
        )),
    }
    s.push_str(&format!(
        "\n{}\n  {}\n",
        tr(lang, "cli.probe.openssl", &[]),
        plain(&r.openssl)
    ));
    s
}
