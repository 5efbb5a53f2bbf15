//! A certificate inventory for an organisation's fleet (`oces-wizard inventory`).
//!
//! Every certificate the user has where the app's flows put them: the files in Downloads,
//! Desktop, Documents and `~/.oces` (found the way [`crate::files::find`] finds them) and the
//! user's certificate stores that browsers read ([`crate::cert_stores::system_stores`]: the NSS
//! databases on Linux, the Windows user store, the macOS login keychain), read only. One
//! [`Record`] per certificate, by SHA-256 fingerprint, with every place it was seen.
//!
//! Only what is readable without a password is read: a PKCS#12 file whose certificates are
//! encrypted too is listed under [`Inventory::locked`], never opened. Nothing here ever reads
//! or writes key material or passwords; whether a key is beside a certificate is a yes/no.
//! Every text taken from a certificate or a file name passes [`crate::text::plain`] before it
//! is stored here, so each output format gets one-line values without control characters.
//!
//! Revocation is not part of the inventory: the app keeps no revocation answer between runs,
//! and the inventory does not go online.

use crate::cert::identify::{Environment, Generation, Kind};
use crate::cert::trust::TrustStatus;
use crate::cert_stores::CertStore;
use crate::files::find::{self, Folder, Holds};
use crate::paths::UserFolders;
use crate::text::plain;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema name and version of the JSON form (`docs/inventory.schema.json`).
pub const SCHEMA: &str = "oces-wizard-inventory/1";

/// How a certificate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Valid for at least the warning period.
    Ok,
    /// Ends within the warning period.
    Expiring,
    /// Past its end of validity.
    Expired,
}

/// Where a certificate was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// A file in one of the user's folders.
    File,
    /// An OS or browser certificate store.
    Store,
}

/// One place a certificate was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File or store.
    pub kind: LocationKind,
    /// For a file: `downloads`, `desktop`, `documents` or `oces`; for a store: `nss`,
    /// `windows` or `macos`.
    pub place: String,
    /// For a file: its full path; for a store: its name (`Firefox (default-release)`).
    pub path: String,
    /// Whether a private key is with the certificate there: a PKCS#12 or PEM file with a key;
    /// the Windows store as Windows answers; NSS by certutil's `u` flag, which NSS shows only
    /// when the database holds the matching key. Null when it cannot be told: the macOS
    /// keychain is not asked, and NSS cannot say which of several certificates under one
    /// nickname has the key when only some do.
    pub private_key: Option<bool>,
}

/// One certificate and every place it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// SHA-256 of the DER, hex with colons.
    pub fingerprint: String,
    /// Subject.
    pub subject: String,
    /// Holder (subject common name).
    pub common_name: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Issuer common name.
    pub issuer_common_name: Option<String>,
    /// Serial number, hex with colons.
    pub serial: String,
    /// CVR number.
    pub cvr: Option<String>,
    /// `RID`, `UID`, `FID`, `PID` or `UI`.
    pub id_type: Option<String>,
    /// The identifier.
    pub id: Option<String>,
    /// Employee, organisation, system, personal.
    pub kind: Option<Kind>,
    /// OCES generation.
    pub generation: Generation,
    /// Test or production, from the verified chain (`unknown` otherwise).
    pub environment: Environment,
    /// The chain check's verdict.
    pub trust: TrustStatus,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// Start of validity, seconds since 1970.
    pub not_before_unix: i64,
    /// End of validity, seconds since 1970.
    pub not_after_unix: i64,
    /// Whole days left (negative once expired).
    pub days_left: i64,
    /// Ok, expiring (within the warning days) or expired.
    pub status: Status,
    /// Whether a private key is with it in at least one place.
    pub private_key: bool,
    /// Every place it was seen.
    pub locations: Vec<Location>,
}

/// A store that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreProblem {
    /// The store's name.
    pub store: String,
    /// The error code.
    pub code: String,
}

/// The whole inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inventory {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// When it was made (RFC 3339).
    pub generated_at: String,
    /// The warning period used for [`Record::status`].
    pub warn_days: i64,
    /// One record per certificate, soonest end of validity first.
    pub certificates: Vec<Record>,
    /// PKCS#12 files and CUG pages whose certificate cannot be read without the password.
    pub locked: Vec<Location>,
    /// Stores that could not be read.
    pub store_errors: Vec<StoreProblem>,
    /// Always `not_checked`: the inventory does not ask about revocation.
    pub revocation: &'static str,
}

impl Inventory {
    /// The `--exit-code` contract: 0 all fine, 1 something expires within the warning days,
    /// 2 something has expired.
    pub fn exit_code(&self) -> i32 {
        match self.certificates.iter().map(|r| r.status).max() {
            Some(Status::Expired) => 2,
            Some(Status::Expiring) => 1,
            _ => 0,
        }
    }
}

fn opt(s: Option<String>) -> Option<String> {
    s.map(|s| plain(&s).into_owned())
}

fn folder_name(f: Folder) -> &'static str {
    match f {
        Folder::Downloads => "downloads",
        Folder::Desktop => "desktop",
        Folder::Documents => "documents",
        Folder::Oces => "oces",
    }
}

/// The record of an inspection (without its locations).
fn record(r: crate::cert::Inspection, warn_days: i64, now: i64) -> Record {
    let c = r.certificate;
    let days_left = (c.not_after_unix() - now).div_euclid(86_400);
    let status = if days_left < 0 {
        Status::Expired
    } else if days_left < warn_days {
        Status::Expiring
    } else {
        Status::Ok
    };
    Record {
        fingerprint: c.sha256_fingerprint.clone(),
        subject: plain(&c.subject).into_owned(),
        common_name: opt(c.common_name.clone()),
        organisation: opt(c.organisation.clone()),
        issuer_common_name: opt(c.issuer_common_name.clone()),
        serial: c.serial.clone(),
        cvr: opt(r.oces.cvr),
        id_type: opt(r.oces.id_type),
        id: opt(r.oces.id),
        kind: r.oces.kind,
        generation: r.oces.generation,
        environment: r.oces.environment,
        trust: r.trust.status,
        not_before: c.not_before.clone(),
        not_after: c.not_after.clone(),
        not_before_unix: c.not_before_unix(),
        not_after_unix: c.not_after_unix(),
        days_left,
        status,
        private_key: false,
        locations: Vec::new(),
    }
}

/// Whether a DER certificate is a CA certificate (stores keep the chain beside the user's
/// own certificates; the inventory lists the user's).
fn is_ca(der: &[u8]) -> bool {
    x509_parser::parse_x509_certificate(der)
        .map(|(_, c)| c.is_ca())
        .unwrap_or(false)
}

struct Collector {
    warn_days: i64,
    now: time::OffsetDateTime,
    by_fp: BTreeMap<String, Record>,
}

impl Collector {
    fn add(&mut self, r: crate::cert::Inspection, loc: Location) {
        let fp = r.certificate.sha256_fingerprint.clone();
        let now = self.now.unix_timestamp();
        let warn = self.warn_days;
        let rec = self.by_fp.entry(fp).or_insert_with(|| record(r, warn, now));
        rec.private_key |= loc.private_key == Some(true);
        if !rec.locations.contains(&loc) {
            rec.locations.push(loc);
        }
    }
}

/// Make the inventory of `folders` and `stores` as of `now`.
pub fn collect(
    folders: &UserFolders,
    stores: &[Box<dyn CertStore>],
    warn_days: i64,
    now: time::OffsetDateTime,
) -> Inventory {
    let mut c = Collector {
        warn_days,
        now,
        by_fp: BTreeMap::new(),
    };
    let mut locked = Vec::new();
    for f in find::find_certificates(folders) {
        let path = plain(&f.path.to_string_lossy()).into_owned();
        let place = folder_name(f.folder).to_string();
        match crate::cert::inspect_before_password(&f.path, now) {
            Ok(r) => {
                let key = r.contains.private_key;
                c.add(
                    r,
                    Location {
                        kind: LocationKind::File,
                        place,
                        path,
                        private_key: Some(key),
                    },
                );
            }
            Err(_) => locked.push(Location {
                kind: LocationKind::File,
                place,
                path,
                // A PKCS#12 file or a CUG page holds its key; a bare certificate never.
                private_key: Some(matches!(f.holds, Holds::Pkcs12 | Holds::CugHtml)),
            }),
        }
    }
    let mut store_errors = Vec::new();
    for s in stores {
        let certs = match s.certificates_with_keys() {
            Ok(certs) => certs,
            Err(e) => {
                store_errors.push(StoreProblem {
                    store: plain(&s.name()).into_owned(),
                    code: e.code.as_str().to_string(),
                });
                continue;
            }
        };
        for (der, key) in certs.into_iter().filter(|(d, _)| !is_ca(d)) {
            let Ok(r) = crate::cert::inspect_bytes_before_password(&der, now) else {
                continue;
            };
            c.add(
                r,
                Location {
                    kind: LocationKind::Store,
                    place: s.kind().as_str().to_string(),
                    path: plain(&s.name()).into_owned(),
                    private_key: key,
                },
            );
        }
    }
    let mut certificates: Vec<Record> = c.by_fp.into_values().collect();
    certificates.sort_by(|a, b| {
        a.not_after_unix
            .cmp(&b.not_after_unix)
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    Inventory {
        schema: SCHEMA,
        generated_at: now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        warn_days,
        certificates,
        locked,
        store_errors,
        revocation: "not_checked",
    }
}

/// The fixed CSV header.
pub const CSV_HEADER: &str = "fingerprint,common_name,organisation,cvr,id_type,id,kind,generation,environment,trust,issuer_common_name,serial,not_before,not_after,days_left,status,private_key,locations";

/// One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break (inner
/// quotes doubled). A text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`
/// first) gets a leading `'`, so an attacker-chosen holder name cannot run as one.
fn csv_field(s: &str) -> String {
    let s = plain(s);
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.into_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn enum_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

/// The CSV form: [`CSV_HEADER`], then one line per certificate (CRLF line ends, RFC 4180).
/// `locations` is every place as `place:path`, separated by ` | `.
pub fn to_csv(inv: &Inventory) -> String {
    let mut out = String::with_capacity(256 * (inv.certificates.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for r in &inv.certificates {
        let locations = r
            .locations
            .iter()
            .map(|l| format!("{}:{}", l.place, l.path))
            .collect::<Vec<_>>()
            .join(" | ");
        let text = |o: &Option<String>| csv_field(o.as_deref().unwrap_or(""));
        let fields = [
            csv_field(&r.fingerprint),
            text(&r.common_name),
            text(&r.organisation),
            text(&r.cvr),
            text(&r.id_type),
            text(&r.id),
            enum_text(&r.kind),
            enum_text(&r.generation),
            enum_text(&r.environment),
            enum_text(&r.trust),
            text(&r.issuer_common_name),
            csv_field(&r.serial),
            csv_field(&r.not_before),
            csv_field(&r.not_after),
            r.days_left.to_string(),
            enum_text(&r.status),
            r.private_key.to_string(),
            csv_field(&locations),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A label value per the Prometheus text format (`\` → `\\`, `"` → `\"`, line feed → `\n`),
/// after the app's escaping of control characters.
fn prom_value(s: &str) -> String {
    let s = plain(s);
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn labels(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", prom_value(v)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// The Prometheus text form: the metric and label names of x509-certificate-exporter
/// (`x509_cert_not_before`, `x509_cert_not_after`, `x509_cert_expired`, one series per
/// certificate and place, labels `subject_CN`, `subject_O`, `issuer_CN`, `serial_number`,
/// `filepath` for a file, `store` for a store) plus one `oces_cert_info` series per
/// certificate with its Danish meaning.
pub fn to_prometheus(inv: &Inventory) -> String {
    let mut before = String::new();
    let mut after = String::new();
    let mut expired = String::new();
    let mut info = String::new();
    for r in &inv.certificates {
        let cn = r.common_name.as_deref().unwrap_or("");
        let org = r.organisation.as_deref().unwrap_or("");
        let issuer = r.issuer_common_name.as_deref().unwrap_or("");
        for l in &r.locations {
            let where_ = match l.kind {
                LocationKind::File => ("filepath", l.path.as_str()),
                LocationKind::Store => ("store", l.path.as_str()),
            };
            let set = labels(&[
                where_,
                ("issuer_CN", issuer),
                ("serial_number", &r.serial),
                ("subject_CN", cn),
                ("subject_O", org),
            ]);
            let is_expired = u8::from(r.status == Status::Expired);
            before.push_str(&format!(
                "x509_cert_not_before{set} {}\n",
                r.not_before_unix
            ));
            after.push_str(&format!("x509_cert_not_after{set} {}\n", r.not_after_unix));
            expired.push_str(&format!("x509_cert_expired{set} {is_expired}\n"));
        }
        let set = labels(&[
            ("fingerprint", &r.fingerprint),
            ("subject_CN", cn),
            ("cvr", r.cvr.as_deref().unwrap_or("")),
            ("id", r.id.as_deref().unwrap_or("")),
            ("generation", &enum_text(&r.generation)),
            ("environment", &enum_text(&r.environment)),
            ("trust", &enum_text(&r.trust)),
            ("status", &enum_text(&r.status)),
            ("private_key", if r.private_key { "true" } else { "false" }),
            ("locations", &r.locations.len().to_string()),
        ]);
        info.push_str(&format!("oces_cert_info{set} 1\n"));
    }
    let mut out = String::new();
    let mut family = |name: &str, help: &str, body: &str| {
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} gauge\n{body}"
        ));
    };
    family(
        "x509_cert_not_before",
        "Start of validity of the certificate, seconds since 1970.",
        &before,
    );
    family(
        "x509_cert_not_after",
        "End of validity of the certificate, seconds since 1970.",
        &after,
    );
    family(
        "x509_cert_expired",
        "1 when the certificate has expired, else 0.",
        &expired,
    );
    family(
        "oces_cert_info",
        "An OCES certificate found by oces-wizard: its Danish meaning (value always 1).",
        &info,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        // A line break is made visible, never a new row.
        assert_eq!(csv_field("a\nb"), "a\\nb");
    }

    #[test]
    fn prometheus_label_values_are_escaped() {
        assert_eq!(prom_value("a\"b"), "a\\\"b");
        assert_eq!(prom_value("C:\\x"), "C:\\\\x");
        // The control character becomes `\n` (text::plain), whose backslash is then escaped.
        assert_eq!(prom_value("a\nb"), "a\\\\nb");
    }
}
