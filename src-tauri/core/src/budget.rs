//! Work counters and one budget per run for the work that input decides (how many certificates
//! are parsed, how many signatures checked, how long it takes).
//!
//! Every X.509 parse of the certificate engine goes through `parse_certificate` and every
//! signature check of the chain search through `count_signature_check`; both count on the
//! current thread ([`counts`]). A [`Budget`] takes a snapshot of those counts and a start time,
//! so a run (one `find`) can ask, between files, whether it may go on. The counts are also what
//! the tests assert on: a hostile folder must cost a bounded number of parses, whatever the
//! machine's speed (no timing in tests).

use std::cell::Cell;
use std::time::{Duration, Instant};
use x509_parser::certificate::X509Certificate;

thread_local! {
    static PARSED: Cell<u64> = const { Cell::new(0) };
    static SIGNATURES: Cell<u64> = const { Cell::new(0) };
}

/// Parse one DER certificate, counted.
pub(crate) fn parse_certificate(
    der: &[u8],
) -> x509_parser::prelude::X509Result<'_, X509Certificate<'_>> {
    PARSED.with(|c| c.set(c.get() + 1));
    x509_parser::parse_x509_certificate(der)
}

/// Count one signature check (the caller does it).
pub(crate) fn count_signature_check() {
    SIGNATURES.with(|c| c.set(c.get() + 1));
}

/// Work done on this thread so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// X.509 certificates parsed.
    pub certificates_parsed: u64,
    /// Signatures checked.
    pub signature_checks: u64,
}

/// The counts of this thread since it started.
pub fn counts() -> Counts {
    Counts {
        certificates_parsed: PARSED.with(Cell::get),
        signature_checks: SIGNATURES.with(Cell::get),
    }
}

/// Why a run stopped before it was done.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Exhausted {
    /// The time allowed ran out.
    Time,
    /// The certificates allowed were parsed.
    Certificates,
    /// The signature checks allowed were done.
    Signatures,
}

/// What one run may spend: time, certificates parsed, signatures checked (on this thread).
#[derive(Debug, Clone)]
pub struct Budget {
    start: Instant,
    at_start: Counts,
    time: Duration,
    certificates: u64,
    signatures: u64,
}

impl Budget {
    /// A budget from now on.
    pub fn new(time: Duration, certificates: u64, signatures: u64) -> Budget {
        Budget {
            start: Instant::now(),
            at_start: counts(),
            time,
            certificates,
            signatures,
        }
    }

    /// The work this run has done so far.
    pub fn spent(&self) -> Counts {
        let now = counts();
        Counts {
            certificates_parsed: now.certificates_parsed - self.at_start.certificates_parsed,
            signature_checks: now.signature_checks - self.at_start.signature_checks,
        }
    }

    /// Certificates that may still be parsed.
    pub fn certificates_left(&self) -> u64 {
        self.certificates
            .saturating_sub(self.spent().certificates_parsed)
    }

    /// Whether the run must stop, and why; `None` while it may go on.
    pub fn exhausted(&self) -> Option<Exhausted> {
        let spent = self.spent();
        if self.start.elapsed() >= self.time {
            Some(Exhausted::Time)
        } else if spent.certificates_parsed >= self.certificates {
            Some(Exhausted::Certificates)
        } else if spent.signature_checks >= self.signatures {
            Some(Exhausted::Signatures)
        } else {
            None
        }
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_counts_from_its_start_and_stops_at_its_limits() {
        let der = rcgen::generate_simple_self_signed(vec!["a.example".into()])
            .expect("certificate")
            .cert
            .der()
            .to_vec();
        parse_certificate(&der).expect("parses");
        let b = Budget::new(Duration::from_secs(3600), 2, 1);
        assert_eq!(b.spent(), Counts::default());
        parse_certificate(&der).expect("parses");
        assert_eq!(b.spent().certificates_parsed, 1);
        assert_eq!(b.exhausted(), None);
        parse_certificate(&der).expect("parses");
        assert_eq!(b.exhausted(), Some(Exhausted::Certificates));
        let b = Budget::new(Duration::from_secs(3600), 10, 1);
        count_signature_check();
        assert_eq!(b.exhausted(), Some(Exhausted::Signatures));
        let b = Budget::new(Duration::ZERO, 10, 10);
        assert_eq!(b.exhausted(), Some(Exhausted::Time));
    }
}
