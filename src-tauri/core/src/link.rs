//! Checking a link the user pasted (CUG-2) before it is opened in the browser.
//!
//! Only `https://` links with a host are opened: a mistyped or truncated link, a `javascript:`
//! or `file:` address, or anything that is not a link at all gets a coded error instead.

use crate::error::{Coded, ErrorCode};

/// The pasted text is not an https link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the pasted text is not an https link")]
pub struct NotHttps;

impl Coded for NotHttps {
    fn code(&self) -> ErrorCode {
        ErrorCode::LinkNotHttps
    }
}

/// A link that is not one of the fixed links of the flow tables.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this link is not one the app offers")]
pub struct UnknownLink;

impl Coded for UnknownLink {
    fn code(&self) -> ErrorCode {
        ErrorCode::LinkUnknown
    }
}

/// The OS could not start the browser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the default browser could not be opened")]
pub struct BrowserFailed;

impl Coded for BrowserFailed {
    fn code(&self) -> ErrorCode {
        ErrorCode::BrowserFailed
    }
}

/// The fixed link of a flow table that equals `url`; the window may open only these (and
/// links the user pasted, through [`check_https_link`]).
pub fn known_link(url: &str) -> Result<&'static str, UnknownLink> {
    crate::flow::FlowId::ALL
        .iter()
        .flat_map(|f| f.def().steps.iter())
        .flat_map(|s| s.blocks.iter())
        .find_map(|b| match b.body {
            crate::flow::BlockBody::Link { url: u, .. } if u == url => Some(u),
            _ => None,
        })
        .ok_or(UnknownLink)
}

/// Check a pasted link; returns the normalised link to open.
pub fn check_https_link(input: &str) -> Result<String, NotHttps> {
    let s = input.trim();
    if s.len() > 4096 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(NotHttps);
    }
    let url = url::Url::parse(s).map_err(|_| NotHttps)?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err(NotHttps);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(NotHttps);
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_links() {
        assert_eq!(
            check_https_link("  https://cert.example.test/issue?t=abc  "),
            Ok("https://cert.example.test/issue?t=abc".into())
        );
    }

    #[test]
    fn only_table_links_are_known() {
        assert_eq!(
            known_link("https://tilslutning.stil.dk/"),
            Ok("https://tilslutning.stil.dk/")
        );
        assert_eq!(known_link("https://evil.example.test/"), Err(UnknownLink));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "http://cert.example.test/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "cert.example.test/issue",
            "https://",
            "https://user:pw@cert.example.test/",
            "https://cert.example.test/a b",
        ] {
            assert_eq!(check_https_link(bad), Err(NotHttps), "{bad:?}");
        }
    }
}
