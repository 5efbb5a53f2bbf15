//! The command line of the same binary, for support desks and scripts.
//!
//! Without arguments the window opens. `--help` and `--version` answer on the terminal.
//! `inspect FILE` explains a certificate file. More subcommands (`probe`, `report`, `explain`)
//! arrive with later features.

use crate::common::{fail, out, output_failed, print_json, read_password};
use crate::texts::tr;
use clap::{Parser, Subcommand};
use oces_core::cert::{self, identify, Inspection};
use oces_core::error::{ErrorCode, UiError};
use oces_core::i18n::Lang;
use oces_core::secret::Password;
use oces_core::session::Session;
use oces_core::text::plain;
use std::io::Write;
use std::path::PathBuf;

/// What `main` should do.
pub enum Action {
    /// Open the window.
    Window,
    /// Exit with this code (the command line has answered).
    Exit(i32),
}

/// Defines the command line's parser twice from one text: `Cli` and `Command`, whose
/// subcommands' arguments are built only when that subcommand is the one run (clap's `defer`:
/// a run builds the root and the one subcommand it names, not all ten), and, for the tests
/// only, `EagerCli` and `EagerCommand`, the same definition built whole at every start as
/// before, against which the tests compare every parse, help text and error.
macro_rules! command_line {
    (
        $(#[$cli_attr:meta])* struct Cli { $($cli_body:tt)* }
        $(#[$cmd_attr:meta])* enum Command { $($cmd_body:tt)* }
    ) => {
        #[derive(Parser, Debug)]
        $(#[$cli_attr])*
        struct Cli {
            #[command(subcommand)]
            command: Option<Command>,
            $($cli_body)*
        }

        #[derive(Subcommand, Debug)]
        #[command(defer = true)]
        $(#[$cmd_attr])*
        enum Command { $($cmd_body)* }

        #[cfg(test)]
        #[derive(Parser, Debug)]
        $(#[$cli_attr])*
        struct EagerCli {
            #[command(subcommand)]
            command: Option<EagerCommand>,
            $($cli_body)*
        }

        #[cfg(test)]
        #[derive(Subcommand, Debug)]
        $(#[$cmd_attr])*
        enum EagerCommand { $($cmd_body)* }
    };
}

command_line! {
#[command(
    name = "oces-wizard",
    version,
    about = "Sets up Danish business certificates step by step (DKMAnet, UFST DMS Import, STIL).",
    long_about = "Sets up Danish business certificates step by step: DKMAnet CUG certificates, \
UFST customs DMS Import (system-to-system) and STIL Integrationsplatformen.\n\n\
Run without arguments to open the window.",
    after_help = "Environment:\n  OCES_WIZARD_DATA_DIR  folder for progress and settings (default: the OS app-data folder)"
)]
struct Cli {
    /// Passed by WebKit's WebDriver when the window is driven by end-to-end tests.
    #[arg(long, hide = true)]
    automation: bool,
}

enum Command {
    /// Explain a certificate file (PKCS#12, PEM, DER or a DKMA CUG page): who it is for, OCES
    /// generation, test or production, CVR, identifiers, validity and what to watch out for.
    /// Checks the certificate chain against the OCES CAs shipped with the app. Without a
    /// password, what a file keeps in the clear (MitID Erhverv downloads) is shown, marked as
    /// not yet checked.
    #[command(after_help = "Examples:\n  oces-wizard inspect cert.pem\n  \
        printf '%s\\n' \"$PASSWORD\" | oces-wizard inspect cert.p12 --password-stdin --json\n\n\
        Exit status: 0 when the file was read, 1 when it could not be, 2 for usage errors.")]
    Inspect {
        /// The file to inspect.
        file: PathBuf,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Explain an error code: what happened and what to try next, in Danish and English.
    Explain {
        /// The code, e.g. `cert.pkcs12.wrong_password`.
        code: Option<String>,
        /// List every code with its explanation.
        #[arg(long)]
        list: bool,
    },
    /// Print the support report of the saved progress: what a helpdesk needs, nothing secret.
    Report {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Add the last lines of the app's log (at most 100; nothing secret).
        #[arg(long)]
        log: bool,
    },
    /// Read a support code a user reads aloud (flow, step, results).
    SupportCode {
        /// The code, e.g. `T333-3333-3F`.
        code: String,
    },
    /// Test a connection with a client certificate, stage by stage: name lookup, TCP, proxy
    /// (from HTTPS_PROXY / NO_PROXY), TLS with the server's certificate checked against the
    /// OS's trust store, client certificate asked for / sent / accepted, HTTP status.
    #[command(after_help = "Examples:\n  \
        printf '%s\\n' \"$PASSWORD\" | oces-wizard probe test --cert told.p12 --password-stdin\n  \
        oces-wizard probe https://gateway.example:6384 --cert told.p12 --ca firma-rod.pem --json\n\n\
        URL `test` and `production` name the UFST AS4 gateway.\n\
        Exit status: 0 when every stage passed, 1 when one failed, 2 for usage errors.")]
    Probe(crate::probe::Args),
    /// Make a guide link and a guide code that take a user's app to a step (after the user's
    /// own click), or say what a link or code would do (`--explain`).
    Link(crate::link::Args),
    /// List every certificate the user has (Downloads, Desktop, Documents, ~/.oces and the
    /// certificate stores browsers read), one record per certificate, for IT monitoring.
    #[command(after_help = "Examples:\n  oces-wizard inventory\n  \
        oces-wizard inventory --format csv\n  \
        oces-wizard inventory --format prom --out C:\\exporter\\textfile\\oces.prom\n\n\
        Exit status with --exit-code: 0 all fine, 1 a certificate expires within --warn-days \
        (default: the ExpiryWarningDays policy, 60 days), 2 a certificate has expired; 3 the output could not be written.")]
    Inventory(crate::inventory::Args),
    /// Show the policies IT has set (Group Policy/Intune on Windows, /etc/oces-wizard/policy.json
    /// on Linux): each one's value in force, where it came from, and values that were not used.
    #[command(
        after_help = "Examples:\n  oces-wizard policy\n  oces-wizard policy --json\n\n\
        Exit status: 0; a policy value that was not used is listed with its code, not an error."
    )]
    Policy(crate::policy::Args),
    /// List the certificate files in Downloads, Desktop, Documents and ~/.oces (or in one
    /// folder), newest first. Files are recognised by content, not by name.
    Find {
        /// Look in this folder only.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a copy of a PKCS#12 file with other encryption: `legacy` (3DES, SHA-1) for old
    /// Windows versions, or `modern` (AES-256, SHA-256). The copy keeps the password; the
    /// original is never changed and an existing file is never overwritten.
    #[command(
        after_help = "Example:\n  printf '%s\\n' \"$PASSWORD\" | oces-wizard export cert.p12 --to legacy --out cert-windows.p12 --password-stdin"
    )]
    Export {
        /// The PKCS#12 (or CUG) file to copy.
        file: PathBuf,
        /// The protection of the copy.
        #[arg(long, value_enum)]
        to: ExportTo,
        /// Where to write the copy (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ExportTo {
    /// 3DES and SHA-1, for Windows Server 2016 and older.
    Legacy,
    /// AES-256 and SHA-256.
    Modern,
}

/// Parse the process arguments and run a subcommand if one was given.
pub fn parse() -> Action {
    // A lone `oces-wizard://` link is for the window, not a subcommand.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match crate::link::lone_link(&args) {
        Some(Ok(())) => return Action::Window,
        Some(Err(code)) => return Action::Exit(code),
        None => {}
    }
    match Cli::try_parse() {
        Ok(Cli { command: None, .. }) => Action::Window,
        Ok(Cli {
            command:
                Some(Command::Inspect {
                    file,
                    password_stdin,
                    json,
                }),
            ..
        }) => Action::Exit(inspect(&file, password_stdin, json)),
        Ok(Cli {
            command:
                Some(Command::Export {
                    file,
                    to,
                    out,
                    password_stdin,
                }),
            ..
        }) => Action::Exit(export(&file, to, &out, password_stdin)),
        Ok(Cli {
            command: Some(Command::Find { dir, json }),
            ..
        }) => Action::Exit(find(dir.as_deref(), json)),
        Ok(Cli {
            command: Some(Command::Explain { code, list }),
            ..
        }) => Action::Exit(explain(code.as_deref(), list)),
        Ok(Cli {
            command: Some(Command::Report { json, log }),
            ..
        }) => Action::Exit(report(json, log)),
        Ok(Cli {
            command: Some(Command::SupportCode { code }),
            ..
        }) => Action::Exit(support_code(&code)),
        Ok(Cli {
            command: Some(Command::Probe(args)),
            ..
        }) => Action::Exit(crate::probe::run(args)),
        Ok(Cli {
            command: Some(Command::Link(args)),
            ..
        }) => Action::Exit(crate::link::run(args)),
        Ok(Cli {
            command: Some(Command::Inventory(args)),
            ..
        }) => Action::Exit(crate::inventory::run(args)),
        Ok(Cli {
            command: Some(Command::Policy(args)),
            ..
        }) => Action::Exit(crate::policy::run(args)),
        Err(e) => Action::Exit(usage_error(&e)),
    }
}

/// A usage error (or `--help`, `--version`, which clap also reports this way). With `--json`
/// anywhere on the line, a usage error is one JSON error document (code `cli.usage`, clap's
/// explanation as the message), exit status 2, like every other `--json` failure.
fn usage_error(e: &clap::Error) -> i32 {
    if !e.use_stderr() {
        return match out(&e.to_string()) {
            Ok(()) => 0,
            Err(err) => crate::common::output_failed(Lang::detect(), &err, None, 0),
        };
    }
    let json = std::env::args_os().skip(1).any(|a| a == "--json");
    if json {
        // clap's first line, without its "error: " (the rest is usage help for a terminal).
        let text = e.to_string();
        let first = text.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
        let v = serde_json::json!({ "error": { "code": "cli.usage", "message": message } });
        let status = print_json(&v);
        return if status == 0 { 2 } else { status };
    }
    eprintln_quiet!("{e}");
    2
}

fn explain(code: Option<&str>, list: bool) -> i32 {
    use oces_core::error::ErrorCode;
    let codes: Vec<&str> = match (code, list) {
        (_, true) => ErrorCode::ALL.iter().map(|c| c.as_str()).collect(),
        (Some(c), false) => {
            // As read from a screen or a phone call: any case, spaces around.
            let wanted = c.trim().to_lowercase();
            let Some(known) = ErrorCode::ALL.iter().find(|k| k.as_str() == wanted) else {
                eprintln_quiet!(
                    "oces-wizard: unknown error code `{}`; `oces-wizard explain --list` lists them",
                    plain(c)
                );
                return 1;
            };
            vec![known.as_str()]
        }
        (None, false) => {
            eprintln_quiet!("oces-wizard: name an error code, or use --list");
            return 2;
        }
    };
    let mut text = String::new();
    for c in codes {
        let key = format!("error.{c}");
        text.push_str(&format!(
            "{c}\n  da: {}\n  en: {}\n",
            tr(Lang::Da, &key, &[]),
            tr(Lang::En, &key, &[])
        ));
    }
    match out(&text) {
        Ok(()) => 0,
        Err(e) => output_failed(Lang::detect(), &e, None, 0),
    }
}

fn report(json: bool, log: bool) -> i32 {
    let Some(paths) = oces_core::paths::AppPaths::from_env() else {
        eprintln_quiet!("oces-wizard: the app-data folder could not be found");
        return 1;
    };
    // Read-only: a file this version cannot use is reported and left exactly as it is.
    let session = Session::read_only(&paths, oces_core::paths::UserFolders::from_env());
    let language = session.language().0;
    if session.progress_newer() {
        eprintln_quiet!("{}", tr(language, "cli.report.newer", &[]));
    } else if session.progress_unreadable() {
        eprintln_quiet!("{}", tr(language, "cli.report.unreadable", &[]));
    }
    let mut r = match session.report() {
        Ok(r) => r,
        Err(e) => return fail(language, json, e),
    };
    // The read-only session knows no folder to write to, so the log is read here.
    if log {
        oces_core::support::attach_log(&mut r, &paths.data_dir);
    }
    if json {
        return print_json(&r);
    } else {
        if let Err(e) = out(&oces_core::support::report_text(&r)) {
            return output_failed(language, &e, None, 0);
        }
    }
    0
}

fn support_code(code: &str) -> i32 {
    let lang = Lang::detect();
    match Session::read_support_code(code) {
        Ok(shown) => print_json(&shown.data),
        Err(e) => fail(lang, false, e),
    }
}

fn find(dir: Option<&std::path::Path>, json: bool) -> i32 {
    let lang = Lang::detect();
    let search = match dir {
        Some(d) => match Session::search_folder(d) {
            Ok(search) => search,
            Err(e) => return fail(lang, json, e),
        },
        None => match Session::load(None, oces_core::paths::UserFolders::from_env()).find_files() {
            Ok(search) => search,
            Err(_) => {
                eprintln_quiet!("{}", tr(lang, "cli.find.no_home", &[]));
                return 1;
            }
        },
    };
    // The budget ran out: what was found is listed, and the note says the list is incomplete.
    if let Some(s) = &search.stopped {
        let reason = tr(
            lang,
            &format!("cli.find.stopped.{}", enum_str(&s.reason)),
            &[],
        );
        let files = s.files_looked_at.to_string();
        eprintln_quiet!(
            "oces-wizard: {}",
            tr(
                lang,
                "cli.find.stopped",
                &[("files", &files), ("reason", &reason)]
            )
        );
    }
    let found = search.found;
    if json {
        return print_json(&found);
    }
    // Made whole, then written at once (see `inspect`).
    let mut out = Vec::with_capacity(256 * (found.len() + 1));
    let written = if found.is_empty() {
        match dir {
            Some(d) => writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "cli.find.none_in",
                    &[("folder", &plain(&d.to_string_lossy()))]
                )
            ),
            None => writeln!(out, "{}", tr(lang, "cli.find.none", &[])),
        }
    } else {
        found.iter().try_for_each(|f| {
            let when = time::OffsetDateTime::from_unix_timestamp(f.modified)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default();
            let holds = tr(lang, &format!("cli.find.holds.{}", enum_str(&f.holds)), &[]);
            // Which certificate, where it can be read before the password.
            let holder = f
                .certificate
                .as_ref()
                .and_then(|c| c.common_name.as_deref())
                .map(|cn| format!("  ({})", plain(cn)))
                .unwrap_or_default();
            writeln!(
                out,
                "{when}  {holds:<22} {}{holder}",
                plain(&f.path.to_string_lossy())
            )
        })
    };
    match written.and_then(|()| write_all(&out)) {
        Ok(()) => 0,
        Err(e) => output_failed(lang, &e, None, 0),
    }
}

fn export(
    file: &std::path::Path,
    to: ExportTo,
    out: &std::path::Path,
    password_stdin: bool,
) -> i32 {
    use oces_core::cert::export::Profile;
    let lang = Lang::detect();
    let password = match read_password(lang, false, password_stdin) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let given = password.is_some();
    let password = password.unwrap_or_else(|| Password::new(""));
    #[cfg(unix)]
    survive_the_file_size_limit();
    let profile = match to {
        ExportTo::Legacy => Profile::Legacy,
        ExportTo::Modern => Profile::Modern,
    };
    match Session::export_copy_at(file, &password, profile, out) {
        Ok(done) => {
            let name = plain(&done.path.display().to_string()).into_owned();
            let said = tr(lang, "inspect.export.done", &[("file", &name)]);
            // The copy is written and checked: if the output fails, that is still said (on
            // standard error), then the coded error, so a retry that meets "target exists"
            // is explained.
            match crate::common::out(&format!("{said}\n")) {
                Ok(()) => 0,
                Err(e) => output_failed(lang, &e, Some(&said), 0),
            }
        }
        // Without --password-stdin, a protected file needs its password: say that, not "wrong".
        Err(e) if !given && e.code == ErrorCode::CertWrongPassword => {
            fail(lang, false, UiError::from(cert::LoadError::PasswordNeeded))
        }
        Err(e) => fail(lang, false, e),
    }
}

/// Take over SIGXFSZ for the rest of the process: a file-size limit (`ulimit -f`) reached
/// while the copy is written would otherwise end the process mid-write, leaving the temporary
/// and no message. Taken over, the write fails with EFBIG instead, which is a coded "disk full"
/// (`files.disk_full`), and the temporary is removed as for any failed write. The handler,
/// once installed, stays for the life of the process; the runtime is only needed to install it.
#[cfg(unix)]
fn survive_the_file_size_limit() {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    let _inside = rt.enter();
    let _ = signal(SignalKind::from_raw(oces_core::platform::SIGXFSZ));
}

fn inspect(file: &std::path::Path, password_stdin: bool, json: bool) -> i32 {
    let lang = Lang::detect();
    let password = match read_password(lang, json, password_stdin) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // The same use case as the window's inspect tool: without a password, a protected file
    // shows what it keeps in the clear, marked "not yet checked"; the warning of an expiry
    // follows the organisation's ExpiryWarningDays.
    // No user folders: inspecting one named file needs none, so the user-dirs file is not read.
    let session = Session::load(None, None);
    let report = match session.inspect_at(file, password.as_ref()) {
        Ok(r) => r,
        Err(e) => return fail(lang, json, e),
    };
    if json {
        return print_json(&report);
    }
    // Made whole, then written at once: standard output is line-buffered, so writing it line
    // by line would be one system call per line.
    let mut text = Vec::with_capacity(2048);
    let written = write_human(&mut text, lang, file, &report).and_then(|()| write_all(&text));
    match written {
        Ok(()) => 0,
        Err(e) => output_failed(lang, &e, None, 0),
    }
}

/// Write `bytes` to standard output in one piece and flush it.
fn write_all(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// The short human summary, in the OS language.
pub fn write_human(
    out: &mut impl Write,
    lang: Lang,
    file: &std::path::Path,
    r: &Inspection,
) -> std::io::Result<()> {
    let c = &r.certificate;
    let o = &r.oces;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = serde_json::to_value(r.file.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    // Values come from the file (names, fields): escaped, so each stays on its own line.
    let line = |key: &str, value: &str| format!("{:<22} {}", tr(lang, key, &[]), plain(value));
    writeln!(
        out,
        "{}",
        line("cli.inspect.file", &format!("{name} ({format})"))
    )?;
    let key = tr(
        lang,
        if r.contains.private_key {
            "cli.inspect.key_yes"
        } else {
            "cli.inspect.key_no"
        },
        &[],
    );
    let n = r.contains.certificates.to_string();
    writeln!(
        out,
        "{}",
        line(
            "cli.inspect.contains",
            &tr(
                lang,
                "cli.inspect.contains_value",
                &[("key", &key), ("count", &n)]
            )
        )
    )?;
    if let Some(cn) = &c.common_name {
        writeln!(out, "{}", line("cli.inspect.holder", cn))?;
    }
    if let Some(org) = &c.organisation {
        writeln!(out, "{}", line("cli.inspect.organisation", org))?;
    }
    writeln!(
        out,
        "{}",
        line(
            "cli.inspect.issuer",
            c.issuer_common_name.as_deref().unwrap_or(&c.issuer)
        )
    )?;
    writeln!(
        out,
        "{}",
        line(
            "cli.inspect.valid",
            &format!("{} – {}", c.not_before, c.not_after)
        )
    )?;
    let gen = tr(
        lang,
        &format!("oces.generation.{}", enum_str(&o.generation)),
        &[],
    );
    let env = tr(
        lang,
        &format!("oces.environment.{}", enum_str(&o.environment)),
        &[],
    );
    let mut kind = gen.clone();
    if o.environment != identify::Environment::Unknown {
        kind = format!("{gen}, {env}");
    }
    if let Some(k) = &o.kind {
        kind = format!(
            "{kind}, {}",
            tr(lang, &format!("oces.kind.{}", enum_str(k)), &[])
        );
    }
    writeln!(out, "{}", line("cli.inspect.type", &kind))?;
    if let Some(cvr) = &o.cvr {
        let check = tr(
            lang,
            if o.cvr_valid == Some(true) {
                "cli.inspect.cvr_ok"
            } else {
                "cli.inspect.cvr_bad"
            },
            &[],
        );
        writeln!(
            out,
            "{}",
            line("cli.inspect.cvr", &format!("{cvr} ({check})"))
        )?;
    }
    if let (Some(t), Some(id)) = (&o.id_type, &o.id) {
        writeln!(out, "{}", line("cli.inspect.id", &format!("{t} {id}")))?;
    }
    if let Some(g) = &o.gateway_user {
        writeln!(out, "{}", line("cli.inspect.gateway_user", g))?;
    }
    writeln!(
        out,
        "{}",
        line("cli.inspect.fingerprint", &c.sha256_fingerprint)
    )?;
    if let Some(p) = &r.pkcs12 {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
        let enc = tr(
            lang,
            "cli.inspect.encryption_value",
            &[
                ("key", &or_none(&p.key)),
                ("certs", &or_none(&p.certificates)),
                ("mac", &or_none(&p.mac)),
            ],
        );
        writeln!(out, "{}", line("cli.inspect.encryption", &enc))?;
    }
    let verdict = match r.trust.status {
        cert::trust::TrustStatus::Verified => tr(
            lang,
            "trust.verified",
            &[
                (
                    "generation",
                    &r.trust
                        .generation
                        .map(|g| enum_str(&g).to_uppercase())
                        .unwrap_or_default(),
                ),
                (
                    "organisation",
                    r.trust.organisation.as_deref().unwrap_or_default(),
                ),
                (
                    "environment",
                    &tr(
                        lang,
                        &format!(
                            "oces.environment.{}",
                            r.trust
                                .environment
                                .map(|e| enum_str(&e))
                                .unwrap_or_default()
                        ),
                        &[],
                    ),
                ),
            ],
        ),
        cert::trust::TrustStatus::NotRecognised => tr(lang, "trust.not_recognised", &[]),
        cert::trust::TrustStatus::Broken => tr(lang, "trust.broken", &[]),
    };
    writeln!(out, "{}", line("trust.label", &verdict))?;
    if !r.findings.is_empty() {
        writeln!(out, "{}", tr(lang, "cli.inspect.findings", &[]))?;
        for f in &r.findings {
            let level = tr(lang, &format!("cli.level.{}", enum_str(&f.level)), &[]);
            let text = tr(lang, &format!("finding.{}", f.code), &[]);
            writeln!(out, "  {level}: {text}")?;
        }
    }
    Ok(())
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{Cli, EagerCli};
    use clap::{CommandFactory, Parser};

    /// What a parse gives, in a form both parsers can be compared in: the parsed value, or the
    /// error's kind, exit status, stream and whole text (help and version texts come this way).
    fn outcome<P: Parser + std::fmt::Debug>(args: &[&str]) -> String {
        match P::try_parse_from(std::iter::once("oces-wizard").chain(args.iter().copied())) {
            Ok(parsed) => format!("ok {parsed:?}").replacen("EagerCli", "Cli", 1),
            Err(e) => format!(
                "error {:?} exit {} stderr {}\n{}",
                e.kind(),
                e.exit_code(),
                e.use_stderr(),
                e
            ),
        }
    }

    /// Every subcommand, its help, good and bad arguments, and the root's own cases.
    fn inputs() -> Vec<Vec<&'static str>> {
        let mut all: Vec<Vec<&str>> = vec![
            vec![],
            vec!["--help"],
            vec!["-h"],
            vec!["--version"],
            vec!["-V"],
            vec!["--automation"],
            vec!["--automation", "inspect", "a.p12"],
            vec!["help"],
            vec!["help", "inspect"],
            vec!["help", "probe"],
            vec!["help", "nosuch"],
            vec!["inspct", "a.p12"],
            vec!["nosuch"],
            vec!["--json"],
            vec!["--json", "inspect", "a.p12"],
            vec!["--", "inspect", "a.p12"],
            vec!["-x"],
            vec!["inspect"],
            vec!["inspect", "a.p12"],
            vec!["inspect", "a.p12", "--password-stdin", "--json"],
            vec!["inspect", "a.p12", "b.p12"],
            vec!["inspect", "a.p12", "--jsn"],
            vec!["inspect", "--json"],
            vec!["inspect", "a.p12", "--json", "--json"],
            vec!["inspect", "--", "--json"],
            vec!["explain"],
            vec!["explain", "cert.pkcs12.wrong_password"],
            vec!["explain", "--list"],
            vec!["explain", "a", "b"],
            vec!["report"],
            vec!["report", "--json", "--log"],
            vec!["report", "--lg"],
            vec!["support-code"],
            vec!["support-code", "T333-3333-3F"],
            vec!["probe"],
            vec![
                "probe",
                "test",
                "--cert",
                "c.p12",
                "--password-stdin",
                "--json",
            ],
            vec!["probe", "test", "--cert", "c.p12", "--timeout", "0"],
            vec!["probe", "test", "--cert", "c.p12", "--timeout", "x"],
            vec!["link"],
            vec!["link", "--flow", "dms", "--step", "DMS-6", "--set", "se=1"],
            vec!["link", "--flow", "dms", "--step", "DMS-6", "--set", "se"],
            vec!["link", "--explain", "x", "--flow", "dms"],
            vec!["inventory"],
            vec![
                "inventory",
                "--format",
                "csv",
                "--warn-days",
                "30",
                "--exit-code",
            ],
            vec!["inventory", "--format", "xml"],
            vec!["inventory", "--warn-days", "4000"],
            vec!["policy"],
            vec!["policy", "--json"],
            vec!["policy", "extra"],
            vec!["find"],
            vec!["find", "--dir", "/tmp", "--json"],
            vec!["find", "--dir"],
            vec!["export", "a.p12", "--to", "legacy", "--out", "b.p12"],
            vec!["export", "a.p12", "--to", "old", "--out", "b.p12"],
            vec!["export", "a.p12", "--out", "b.p12"],
        ];
        // Each subcommand's help, long and short, and through `help`.
        let mut full = EagerCli::command();
        full.build();
        let names: Vec<&'static str> = full
            .get_subcommands()
            .map(|c| &*Box::leak(c.get_name().to_string().into_boxed_str()))
            .collect();
        assert!(names.len() >= 10, "every subcommand is listed: {names:?}");
        for name in names {
            all.push(vec![name, "--help"]);
            all.push(vec![name, "-h"]);
            all.push(vec!["help", name]);
            all.push(vec![name, "--no-such-option"]);
        }
        all
    }

    #[test]
    fn the_lazy_parse_is_the_full_parse() {
        for args in inputs() {
            assert_eq!(
                outcome::<Cli>(&args),
                outcome::<EagerCli>(&args),
                "oces-wizard {}",
                args.join(" ")
            );
        }
    }

    #[test]
    fn a_run_builds_only_the_subcommand_it_names() {
        // Before a parse, no subcommand has its arguments; the parse of `inspect` builds
        // `inspect`'s and leaves the others' unbuilt. The eager definition has them all.
        let lazy = Cli::command();
        let eager = EagerCli::command();
        for sub in lazy.get_subcommands() {
            assert_eq!(
                sub.get_arguments().count(),
                0,
                "{} is built",
                sub.get_name()
            );
        }
        assert!(eager
            .get_subcommands()
            .all(|sub| sub.get_arguments().count() > 0));
        let mut lazy = Cli::command();
        let matches = lazy
            .try_get_matches_from_mut(["oces-wizard", "inspect", "a.p12"])
            .expect("parses");
        assert_eq!(matches.subcommand_name(), Some("inspect"));
        // (clap's own `help` subcommand is built with the root.)
        for sub in lazy.get_subcommands().filter(|s| s.get_name() != "help") {
            let built = sub.get_arguments().count() > 0;
            assert_eq!(built, sub.get_name() == "inspect", "{}", sub.get_name());
        }
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
        EagerCli::command().debug_assert();
    }
}
