//! A DKMA CUG file the reader does not understand (CUG-4 to CUG-7).
//!
//! The inside of DKMA's certificate page is not publicly described, and the reader in
//! `cert::html` was written without a real one to hand. When it finds no certificate in a web
//! page chosen in the CUG flow, the guide's own steps still work without reading it: copy the
//! file into `.oces` and back it up. So the flow goes on with the file as it is: the backup is
//! verified by SHA-256 instead of by opening, the user reads the RID in DKMAnet's login box
//! ("Details"), and the support report gets what the reader saw (sizes, counts and which of a
//! fixed list of markers occur, never a byte of content) so the reader can be fixed.

use crate::cert::{self, LoadError};
use crate::flow::FlowId;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Tags and words looked for in a page the reader did not understand. Only which of these
/// occur is reported: they are our own words, so no content of the file leaves with them.
pub const MARKERS: &[&str] = &[
    "<script",
    "<form",
    "<input",
    "<textarea",
    "<object",
    "<embed",
    "<iframe",
    "<meta",
    "-----begin",
    "base64",
    "data:",
    "pkcs12",
    "p12",
    "pfx",
    "certificate",
    "certifikat",
    "privatekey",
    "private key",
    "oces",
    "dkma",
];

/// Runs of base64 characters at least this long are counted (a certificate needs ~400).
const MIN_RUN: usize = 300;

/// What the reader saw in a page it did not understand: sizes, counts and markers only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageObservation {
    /// File size in bytes.
    pub size: u64,
    /// The bytes are valid UTF-8.
    pub utf8: bool,
    /// Number of lines.
    pub lines: usize,
    /// Runs of base64 characters of at least 300 characters.
    pub base64_runs: usize,
    /// The longest such run, in characters.
    pub longest_base64_run: usize,
    /// Which of [`MARKERS`] occur (case-insensitive).
    pub markers: Vec<String>,
}

/// The file chosen in the CUG flow that the reader could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnreadableFile {
    /// SHA-256 of the file as chosen (what the placed file and the backup are checked against).
    pub sha256: String,
    /// What the reader saw.
    pub observation: PageObservation,
}

/// Look at a page without keeping any of it.
pub fn observe(bytes: &[u8]) -> PageObservation {
    let text = String::from_utf8_lossy(bytes);
    let lower = text.to_lowercase();
    let (mut runs, mut longest, mut cur) = (0usize, 0usize, 0usize);
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '\n' | '\r') {
            if !matches!(c, '\n' | '\r') {
                cur += 1;
            }
        } else {
            if cur >= MIN_RUN {
                runs += 1;
                longest = longest.max(cur);
            }
            cur = 0;
        }
    }
    PageObservation {
        size: bytes.len() as u64,
        utf8: std::str::from_utf8(bytes).is_ok(),
        lines: text.lines().count(),
        base64_runs: runs,
        longest_base64_run: longest,
        markers: MARKERS
            .iter()
            .filter(|m| lower.contains(*m))
            .map(|m| m.to_string())
            .collect(),
    }
}

/// Whether a reading failure of a CUG web page means "the reader cannot read it" (go on with
/// the file as it is) rather than "the file cannot be had" (missing, empty, too large, not a
/// file) or "the password is wrong / needed" (the user can do something about those). A
/// PKCS#12 found in the page that then fails (unsupported algorithm, too much work, damaged)
/// is one of these: the guide's steps (copy to `.oces`, back up) need no reading.
pub fn reader_failure(e: &LoadError) -> bool {
    !matches!(
        e,
        LoadError::Read { .. }
            | LoadError::TooLarge { .. }
            | LoadError::Empty
            | LoadError::NotAFile { .. }
            | LoadError::PasswordNeeded
            | LoadError::WrongPassword
    )
}

/// Whether a "wrong password" for the file at `path` is one the reader cannot stand behind: a
/// web page (the only kind taken as it is) whose PKCS#12 has no MAC, or contents the reader
/// cannot decrypt, so a damaged or unknown file looks exactly like a wrong password
/// ([`cert::password_check_is_firm`]). A file with a MAC and contents the reader decrypts
/// tells a wrong password apart from damage, and stays "wrong password" only.
pub fn wrong_password_unsure(path: &Path) -> bool {
    match cert::read_file(path) {
        Ok(bytes) => {
            cert::sniff(&bytes) == cert::Sniffed::Html && !cert::password_check_is_firm(&bytes)
        }
        Err(_) => false,
    }
}

/// The file as it is, for a CUG web page the reader could not read (`Ok(None)` for anything
/// that is not a web page: those are never taken unread).
pub fn as_is(path: &Path) -> Result<Option<UnreadableFile>, LoadError> {
    let bytes = cert::read_file(path)?;
    if cert::sniff(&bytes) != cert::Sniffed::Html {
        return Ok(None);
    }
    Ok(Some(UnreadableFile {
        sha256: super::sha256_hex(&bytes),
        observation: observe(&bytes),
    }))
}

/// Check a file chosen in `flow`: `Ok(None)` when it holds a certificate (as before);
/// `Ok(Some(..))` when it is a web page the reader cannot read and the flow's table lets such a
/// page go on as it is (CUG); the reader's error otherwise.
pub fn check_choice(flow: FlowId, path: &Path) -> Result<Option<UnreadableFile>, LoadError> {
    match cert::check_holds_certificate(path) {
        Ok(()) => Ok(None),
        Err(e) if flow.def().rules.unreadable_goes_on && reader_failure(&e) => match as_is(path)? {
            Some(u) => Ok(Some(u)),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A page the reader does not understand: a form, a script with a long value that is not a
    /// certificate, and text that must never reach a report.
    pub(crate) fn strange_page() -> String {
        let blob: String = (0..900).map(|i| (b'A' + (i % 26) as u8) as char).collect();
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Søren SENTINEL-NAME</title>\
             </head><body><form><input type=\"hidden\" name=\"x\" value=\"SENTINEL-VALUE\"></form>\
             <script>var blob = \"{blob}\";</script><p>Dette er dit certifikat.</p></body></html>"
        )
    }

    #[test]
    fn a_page_the_reader_does_not_understand_goes_on_in_the_cug_flow_only() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("Søren Ærø.html");
        std::fs::write(&p, strange_page()).expect("write");
        assert!(
            matches!(
                cert::open_file(&p, None),
                Err(LoadError::HtmlWithoutCertificate)
            ),
            "the reader really does not understand it"
        );
        let got = check_choice(FlowId::Cug, &p)
            .expect("accepted")
            .expect("as unreadable");
        assert_eq!(
            got.sha256,
            super::super::sha256_hex(&std::fs::read(&p).expect("read"))
        );
        let o = &got.observation;
        assert_eq!(o.size, strange_page().len() as u64);
        assert!(o.utf8);
        assert_eq!(o.base64_runs, 1);
        assert_eq!(o.longest_base64_run, 900);
        for m in ["<script", "<form", "<input", "<meta", "certifikat"] {
            assert!(o.markers.iter().any(|x| x == m), "{m} in {:?}", o.markers);
        }
        assert!(!o.markers.iter().any(|x| x == "-----begin"));
        let json = serde_json::to_string(&got).expect("json");
        for secret in ["SENTINEL", "Søren", "blob", "ABCDEFGHIJ"] {
            assert!(!json.contains(secret), "content leaked: {secret} in {json}");
        }
        assert!(
            matches!(
                check_choice(FlowId::Dms, &p),
                Err(LoadError::HtmlWithoutCertificate)
            ),
            "other flows need a certificate they can read"
        );
    }

    /// DER with a long-form length.
    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            out.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    /// A page carrying a PKCS#12 the reader recognises (version 3, PKCS#7 content) and then
    /// cannot read: its content is 400 zero bytes, not the ContentInfo list it should be.
    pub(crate) fn page_with_damaged_pkcs12() -> String {
        use base64::Engine;
        let oid_data = [
            0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
        ];
        let content = der(0xA0, &der(0x04, &[0u8; 400]));
        let auth_safe = der(0x30, &[oid_data.as_slice(), &content].concat());
        let pfx = der(0x30, &[[0x02, 0x01, 0x03].as_slice(), &auth_safe].concat());
        assert!(crate::cert::pkcs12::looks_like_pkcs12(&pfx));
        let b64 = base64::engine::general_purpose::STANDARD.encode(&pfx);
        format!("<!DOCTYPE html><html><body><script>var p12 = \"{b64}\";</script></body></html>")
    }

    /// A PEM block the page's markup cut (an entity inside the body): "unreadable", not
    /// "damaged", and the CUG flow goes on with the file as it is.
    #[test]
    fn a_page_with_an_unreadable_pem_block_is_unreadable_not_damaged() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("John Smith.html");
        std::fs::write(
            &p,
            "<html><body><pre>-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJ&amp;AKHBfp\n\
             -----END CERTIFICATE-----</pre></body></html>",
        )
        .expect("write");
        assert!(matches!(
            cert::open_file(&p, None),
            Err(LoadError::HtmlWithoutCertificate)
        ));
        assert!(check_choice(FlowId::Cug, &p).expect("accepted").is_some());
    }

    /// A PKCS#12 found in the page that the reader then cannot read never blocks the CUG flow.
    #[test]
    fn a_page_whose_pkcs12_cannot_be_read_goes_on_as_it_is() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("John Smith.html");
        std::fs::write(&p, page_with_damaged_pkcs12()).expect("write");
        let pw = crate::secret::Password::new("x");
        let e = cert::open_file(&p, Some(&pw)).expect_err("cannot be read");
        assert!(reader_failure(&e), "{e:?}");
        match check_choice(FlowId::Cug, &p) {
            // Read before the password: taken as it is at CUG-4.
            Ok(Some(_)) => {}
            // Only the password reveals it: CUG-5 takes it as it is (session::files tests).
            Ok(None) => assert!(matches!(
                cert::open_file(&p, None),
                Err(LoadError::PasswordNeeded)
            )),
            Err(e) => panic!("blocked at CUG-4: {e:?}"),
        }
        assert!(as_is(&p).expect("read").is_some());
        for e in [
            LoadError::Unsupported { name: "x".into() },
            LoadError::TooMuchWork { iterations: 1 },
            LoadError::Damaged { detail: "x".into() },
            LoadError::DamagedPasswordRight,
            LoadError::NoCertificate,
        ] {
            assert!(reader_failure(&e), "{e:?}");
        }
        for e in [
            LoadError::WrongPassword,
            LoadError::PasswordNeeded,
            LoadError::Empty,
        ] {
            assert!(!reader_failure(&e), "{e:?}");
        }
    }

    #[test]
    fn a_readable_file_is_not_marked() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("plain.txt");
        std::fs::write(&p, "not a certificate at all").expect("write");
        assert!(
            check_choice(FlowId::Cug, &p).is_err(),
            "not a page: refused"
        );
    }
}
