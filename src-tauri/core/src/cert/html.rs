//! The DKMA CUG certificate file: an HTML page saved from DKMA's certificate tool.
//!
//! Its inner layout is not publicly described, so this reader goes by content and is kept in
//! one module so it can be adjusted when a real sample is seen. It looks, in this order, for
//! PEM blocks, then for long base64 runs (in attributes, scripts or text; `\n` escapes and
//! whitespace inside are ignored) that decode to a PKCS#12 file or a DER certificate. The first
//! PKCS#12 found wins (it carries the key); otherwise the certificates found are returned.
//! A page with none of these is "a web page without a certificate", and the file is untouched.

use super::{open_pkcs12, order_chain, pkcs12, read_pem, FileFormat, LoadError, Opened};
use crate::secret::Password;

/// Shorter base64 runs than this cannot hold a certificate (a minimal one is ~400 bytes).
const MIN_RUN: usize = 300;

pub(super) fn open_html(bytes: &[u8], password: Option<&Password>) -> Result<Opened, LoadError> {
    let text = String::from_utf8_lossy(bytes);
    // The page's markup may cut PEM lines (`<br>`, entities): a PEM block that cannot be read
    // is passed over, and the base64 runs below (which see the same bodies) are tried. A page
    // in which nothing can be read is "unreadable" (a page without a certificate the reader
    // understands), never "damaged": the page may be fine, the reader does not know it.
    let (mut certs, has_key) = read_pem(text.as_bytes()).unwrap_or_default();
    for run in base64_runs(&text) {
        let Some(der) = decode_base64_loose(&run) else {
            continue;
        };
        if pkcs12::looks_like_pkcs12(&der) {
            return open_pkcs12(&der, password, FileFormat::CugHtml);
        }
        // The same certificate as PEM and as a base64 run (a PEM body is one) counts once.
        if der.first() == Some(&0x30)
            && !certs.contains(&der)
            && crate::budget::parse_certificate(&der).is_ok()
        {
            certs.push(der);
        }
    }
    if certs.is_empty() {
        return Err(LoadError::HtmlWithoutCertificate);
    }
    Ok(Opened {
        format: FileFormat::CugHtml,
        certificates: order_chain(certs),
        private_key: None,
        has_private_key: has_key,
        pkcs12: None,
        friendly_name: None,
    })
}

/// The first PKCS#12 file embedded in the page, if any (for reading what it keeps in the
/// clear before the password, [`super::open_before_password`]).
pub(super) fn embedded_pkcs12(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(bytes);
    base64_runs(&text)
        .iter()
        .filter_map(|run| decode_base64_loose(run))
        .find(|der| pkcs12::looks_like_pkcs12(der))
}

/// Base64 with any whitespace (and header lines such as `Proc-Type:`) ignored: for the runs
/// found in a page, which are not PEM.
fn decode_base64_loose(body: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let cleaned: String = body
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .ok()
}

/// Maximal runs of base64 characters (whitespace and `\n`/`\r` escapes allowed inside).
fn base64_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, runs: &mut Vec<String>| {
        let significant = cur.chars().filter(|c| !c.is_whitespace()).count();
        if significant >= MIN_RUN {
            runs.push(std::mem::take(cur));
        } else {
            cur.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' {
            cur.push(c);
        } else if c == '\\' && matches!(chars.peek(), Some('n' | 'r')) {
            chars.next();
        } else if (c == '\n' || c == '\r' || c == ' ') && !cur.is_empty() {
            cur.push(c);
        } else {
            flush(&mut cur, &mut runs);
        }
    }
    flush(&mut cur, &mut runs);
    // A run may have picked up a word before it ("value=MIIK…"): trim to the longest tail
    // that decodes is too costly; the common case is a clean attribute value.
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_runs_across_escaped_newlines() {
        let body = "A".repeat(200);
        let text = format!("<script>var c = \"{body}\\n{body}\";</script><p>short AAAA</p>");
        let runs = base64_runs(&text);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].len(), 400);
    }
}
