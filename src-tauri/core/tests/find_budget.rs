//! `find` has one budget per run (issue 30, class 3): a folder of hostile files costs a bounded
//! amount of work, counted (certificates parsed), never timed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::budget::{counts, Budget, Exhausted};
use oces_core::files::find::{self, Holds};
use std::time::Duration;

/// `n` distinct self-signed certificates (one key), as PEM.
fn pems(prefix: &str, n: usize) -> Vec<String> {
    let key = rcgen::KeyPair::generate().unwrap();
    (0..n)
        .map(|i| {
            rcgen::CertificateParams::new(vec![format!("{prefix}-{i}.example")])
                .unwrap()
                .self_signed(&key)
                .unwrap()
                .pem()
        })
        .collect()
}

/// Two PEM files of 15,000 certificates each (8 MB, under the size limit) in a folder: each is read once and confirmed by
/// its first certificate, not parsed whole (twice, as before: tens of thousands of parses and
/// half a minute of CPU). Both are still listed, as certificate files without a preview.
#[test]
fn files_with_thousands_of_certificates_cost_a_few_parses() {
    let d = tempfile::tempdir().unwrap();
    let distinct = pems("bulk", 200);
    let bundle: String = distinct.iter().cycle().take(15_000).cloned().collect();
    std::fs::write(d.path().join("bundle-1.pem"), &bundle).unwrap();
    std::fs::write(d.path().join("bundle-2.crt"), &bundle).unwrap();
    assert!(bundle.len() > 8_000_000 && bundle.len() < 10 * 1024 * 1024);
    let before = counts();
    let found = find::find_in(d.path());
    let parsed = counts().certificates_parsed - before.certificates_parsed;
    assert!(
        parsed <= 10,
        "two hostile files cost {parsed} certificate parses"
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found
        .iter()
        .all(|f| f.holds == Holds::Certificate && f.certificate.is_none()));
}

/// When the run's budget is spent, the search stops and says why, with what it found so far.
#[test]
fn a_spent_budget_stops_the_search_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    for f in 0..3 {
        let text: String = pems(&format!("f{f}"), 10).concat();
        std::fs::write(d.path().join(format!("chain-{f}.pem")), text).unwrap();
    }
    // Room for one file of ten certificates (about 60 parses), not for three.
    let budget = Budget::new(Duration::from_secs(3600), 70, 1000);
    let search = find::search_in(d.path(), &budget);
    let stopped = search.stopped.expect("stopped");
    assert_eq!(stopped.code, "find.stopped");
    assert_eq!(stopped.reason, Exhausted::Certificates);
    assert!(search.found.len() < 3, "{:?}", search.found);
    assert!(budget.spent().certificates_parsed <= 70);
    // The same folder with the ordinary budget: all three, not stopped.
    let search = find::search_in(d.path(), &find::find_budget());
    assert_eq!((search.found.len(), search.stopped), (3, None));
    // No time left: stopped before any file is read.
    let search = find::search_in(d.path(), &Budget::new(Duration::ZERO, 1000, 1000));
    assert_eq!(search.stopped.map(|s| s.reason), Some(Exhausted::Time));
    assert!(search.found.is_empty());
}
