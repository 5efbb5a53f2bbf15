//! `oces-wizard inventory`: every certificate the user has, for an organisation's monitoring
//! (see [`oces_core::inventory`]): JSON, CSV or the Prometheus text format, optionally written
//! atomically to a file (a windows_exporter textfile folder reads only whole files), and an
//! exit status an Intune detection script can use.

use crate::common::fail;
use oces_core::error::{ErrorCode, UiError};
use oces_core::i18n::Lang;
use oces_core::inventory;
use std::io::Write;
use std::path::PathBuf;

/// The output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One JSON document (schema: docs/inventory.schema.json).
    #[default]
    Json,
    /// CSV with a fixed header (RFC 4180).
    Csv,
    /// The Prometheus text format (x509-certificate-exporter metric names).
    Prom,
}

// The arguments of `inventory` (a plain comment: see `probe::Args`).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// A certificate that ends within this many days counts as expiring. Without it: the
    /// organisation's ExpiryWarningDays policy (60 days when none is set).
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..=3650))]
    warn_days: Option<i64>,
    /// Exit 0 when all is fine, 1 when a certificate expires within --warn-days, 2 when one
    /// has expired.
    #[arg(long)]
    exit_code: bool,
    /// Write to this file (atomically: a temporary file beside it, then renamed) instead of
    /// standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Run `inventory`.
pub fn run(args: Args) -> i32 {
    let lang = Lang::detect();
    let Some(folders) = oces_core::paths::UserFolders::from_env() else {
        return fail(
            lang,
            args.format == Format::Json,
            UiError::of(ErrorCode::FileIo),
        );
    };
    let stores = oces_core::cert_stores::system_stores(Some(&folders));
    let inv = inventory::collect(
        &folders,
        &stores,
        args.warn_days.unwrap_or_else(|| {
            i64::from(oces_core::policy::Policies::of_this_computer().expiry_warning_days())
        }),
        time::OffsetDateTime::now_utc(),
    );
    let text = match args.format {
        Format::Json => match serde_json::to_string_pretty(&inv) {
            Ok(s) => s + "\n",
            Err(_) => return fail(lang, true, UiError::internal()),
        },
        Format::Csv => inventory::to_csv(&inv),
        Format::Prom => inventory::to_prometheus(&inv),
    };
    let written = match &args.out {
        Some(path) => oces_core::saved_state::atomic_write(path, text.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
    };
    let status = if args.exit_code { inv.exit_code() } else { 0 };
    match written {
        Ok(()) => status,
        // Standard output: a closed pipe (`| head -1`) ends quietly with the answer the run
        // had; a full disk is the coded output error. Not 1 or 2: those are --exit-code's.
        Err(e) if args.out.is_none() => {
            match crate::common::output_failed(lang, &e, None, status) {
                s if s == status => s,
                _ => 3,
            }
        }
        Err(_) => {
            let file = args
                .out
                .as_deref()
                .map(|p| oces_core::text::plain(&p.to_string_lossy()).into_owned())
                .unwrap_or_default();
            let mut e = UiError::of(ErrorCode::FileIo);
            e.params.insert("file", file);
            fail(lang, false, e);
            3
        }
    }
}
