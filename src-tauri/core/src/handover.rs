//! The temporary-password handover log (STIL-4).
//!
//! NemID's rules for a function signature say the temporary password is handed over securely,
//! the technical contact confirms receipt, and the receipt is logged. This log keeps who, to
//! whom, when, how and whether receipt was confirmed: never the password (the type has no field
//! for it). It is an append-only file of one JSON object per line in the app-data folder; each
//! entry is one write, after a line break is restored if a previous write was cut short. A line
//! that cannot be read (a damaged last line after a crash) is reported and skipped, never
//! rewritten.

use crate::files::{write_error, FileError};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// How the password was handed over.
pub const METHODS: &[&str] = &["in_person", "phone", "sms", "letter", "other"];

/// One handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HandoverEntry {
    /// Who handed the temporary password over.
    pub handed_over_by: String,
    /// To whom (the technical contact).
    pub handed_to: String,
    /// When (as the user gave it, e.g. `2026-11-22T10:30`).
    pub handed_over_at: String,
    /// How: one of [`METHODS`].
    pub method: String,
    /// The recipient confirmed receipt.
    pub receipt_confirmed: bool,
    /// When receipt was confirmed.
    #[serde(default)]
    pub receipt_at: Option<String>,
    /// When this entry was logged (RFC 3339, set by the app).
    #[serde(default)]
    pub logged_at: String,
}

/// What is missing or wrong in an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the handover entry is missing `{field}`")]
pub struct EntryInvalid {
    /// The field.
    pub field: &'static str,
}

impl crate::error::Coded for EntryInvalid {
    fn code(&self) -> crate::error::ErrorCode {
        crate::error::ErrorCode::HandoverInvalid
    }

    fn params(&self) -> std::collections::BTreeMap<&'static str, String> {
        std::collections::BTreeMap::from([("field", self.field.to_string())])
    }
}

impl HandoverEntry {
    /// Check the entry before it is logged.
    pub fn validate(&self) -> Result<(), EntryInvalid> {
        let need = |v: &str, field| {
            if v.trim().is_empty() || v.len() > 500 {
                Err(EntryInvalid { field })
            } else {
                Ok(())
            }
        };
        need(&self.handed_over_by, "handed_over_by")?;
        need(&self.handed_to, "handed_to")?;
        need(&self.handed_over_at, "handed_over_at")?;
        if !METHODS.contains(&self.method.as_str()) {
            return Err(EntryInvalid { field: "method" });
        }
        if self.receipt_confirmed
            && self
                .receipt_at
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
        {
            return Err(EntryInvalid {
                field: "receipt_at",
            });
        }
        Ok(())
    }
}

/// Append one entry (validated) to the log at `path`.
pub fn append(path: &Path, entry: &HandoverEntry) -> Result<(), FileError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut line = serde_json::to_string(entry).map_err(|e| FileError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    line.push('\n');
    // A previous write cut short leaves no line break: restore it so the new entry stands alone.
    let needs_break = crate::limits::read_file(path, crate::limits::MAX_STATE_FILE)
        .map(|b| !b.is_empty() && b.last() != Some(&b'\n'))
        .unwrap_or(false);
    if needs_break {
        line.insert(0, '\n');
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| write_error(dir, e))?;
    f.write_all(line.as_bytes())
        .map_err(|e| write_error(dir, e))?;
    f.sync_all().map_err(|e| write_error(dir, e))
}

/// The log as read back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogRead {
    /// The entries that could be read, oldest first.
    pub entries: Vec<HandoverEntry>,
    /// 1-based numbers of lines that could not be read.
    pub damaged_lines: Vec<usize>,
}

/// Read the log (a missing file is an empty log).
pub fn read(path: &Path) -> LogRead {
    let mut out = LogRead::default();
    let Ok(bytes) = crate::limits::read_file(path, crate::limits::MAX_STATE_FILE) else {
        return out;
    };
    let text = String::from_utf8_lossy(&bytes);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<HandoverEntry>(line) {
            Ok(e) => out.entries.push(e),
            Err(_) => out.damaged_lines.push(i + 1),
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The log as CSV (RFC 4180, with a header row).
pub fn to_csv(entries: &[HandoverEntry]) -> String {
    let mut out = String::from(
        "handed_over_by,handed_to,handed_over_at,method,receipt_confirmed,receipt_at,logged_at\r\n",
    );
    for e in entries {
        let row = [
            csv_field(&e.handed_over_by),
            csv_field(&e.handed_to),
            csv_field(&e.handed_over_at),
            csv_field(&e.method),
            if e.receipt_confirmed { "yes" } else { "no" }.to_string(),
            csv_field(e.receipt_at.as_deref().unwrap_or("")),
            csv_field(&e.logged_at),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(by: &str) -> HandoverEntry {
        HandoverEntry {
            handed_over_by: by.into(),
            handed_to: "Jens Teknik, \"IT\"".into(),
            handed_over_at: "2026-11-22T10:30".into(),
            method: "in_person".into(),
            receipt_confirmed: true,
            receipt_at: Some("2026-11-22T10:35".into()),
            logged_at: "2026-11-22T10:36:00Z".into(),
        }
    }

    #[test]
    fn append_and_reopen() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("log").join("handover-log.jsonl");
        append(&p, &entry("Søren Ærø")).expect("first");
        append(&p, &entry("Anne Admin")).expect("second");
        let log = read(&p);
        assert_eq!(log.entries.len(), 2);
        assert_eq!(log.entries[0].handed_over_by, "Søren Ærø");
        assert!(log.damaged_lines.is_empty());
        assert_eq!(
            std::fs::read_to_string(&p).expect("read").lines().count(),
            2
        );
    }

    #[test]
    fn a_damaged_last_line_is_reported_and_the_next_entry_stands_alone() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("handover-log.jsonl");
        append(&p, &entry("A")).expect("first");
        // A crash in the middle of a write: half a line, no line break.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .expect("open");
        f.write_all(b"{\"handed_over_by\":\"B\",\"hand")
            .expect("write");
        drop(f);
        let log = read(&p);
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.damaged_lines, vec![2]);
        append(&p, &entry("C")).expect("after the damage");
        let log = read(&p);
        assert_eq!(
            log.entries
                .iter()
                .map(|e| e.handed_over_by.as_str())
                .collect::<Vec<_>>(),
            vec!["A", "C"]
        );
        assert_eq!(
            log.damaged_lines,
            vec![2],
            "the damaged line is kept and still reported"
        );
    }

    #[test]
    fn entries_are_validated() {
        assert_eq!(entry("A").validate(), Ok(()));
        let mut e = entry("");
        assert_eq!(
            e.validate(),
            Err(EntryInvalid {
                field: "handed_over_by"
            })
        );
        e = entry("A");
        e.method = "carrier pigeon".into();
        assert_eq!(e.validate(), Err(EntryInvalid { field: "method" }));
        e = entry("A");
        e.receipt_at = None;
        assert_eq!(
            e.validate(),
            Err(EntryInvalid {
                field: "receipt_at"
            })
        );
        e.receipt_confirmed = false;
        assert_eq!(
            e.validate(),
            Ok(()),
            "no receipt yet: no receipt time needed"
        );
    }

    #[test]
    fn csv_golden() {
        let csv = to_csv(&[entry("Søren Ærø")]);
        assert_eq!(
            csv,
            "handed_over_by,handed_to,handed_over_at,method,receipt_confirmed,receipt_at,logged_at\r\n\
             Søren Ærø,\"Jens Teknik, \"\"IT\"\"\",2026-11-22T10:30,in_person,yes,2026-11-22T10:35,2026-11-22T10:36:00Z\r\n"
        );
    }

    #[test]
    fn there_is_no_place_for_the_password() {
        // The serialised entry has exactly these fields: none can hold the password by design.
        let v = serde_json::to_value(entry("A")).expect("json");
        let keys: Vec<_> = v.as_object().expect("object").keys().cloned().collect();
        assert_eq!(
            keys,
            vec![
                "handed_over_at",
                "handed_over_by",
                "handed_to",
                "logged_at",
                "method",
                "receipt_at",
                "receipt_confirmed"
            ]
        );
    }
}
