//! What to test: an `https://host:port/path`, or the UFST gateway by name (`test`,
//! `production`).

use crate::error::ErrorCode;

/// The UFST AS4 gateway's addresses live in the DMS flow's table (its connection test).
pub use crate::flow::{UFST_PRODUCTION, UFST_TEST};

/// An `https://host:port/path` to test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Path for the `GET` request.
    pub path: String,
}

impl Target {
    /// Read `https://host[:port][/path]`, or `host[:port]` (port 443 by default).
    pub fn parse(s: &str) -> Result<Target, ErrorCode> {
        let s = s.trim();
        let with_scheme = if s.contains("://") {
            s.to_string()
        } else {
            format!("https://{s}")
        };
        let u = url::Url::parse(&with_scheme).map_err(|_| ErrorCode::ProbeBadTarget)?;
        if u.scheme() != "https" || !u.username().is_empty() || u.password().is_some() {
            return Err(ErrorCode::ProbeBadTarget);
        }
        let host = match u.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err(ErrorCode::ProbeBadTarget),
        };
        let port = u.port().unwrap_or(443);
        if port == 0 {
            return Err(ErrorCode::ProbeBadTarget); // nothing can listen on port 0
        }
        Ok(Target {
            host,
            port,
            path: u.path().to_string(),
        })
    }

    /// `test` and `production` (or `prod`) name the UFST AS4 gateway; anything else is read
    /// with [`Target::parse`].
    pub fn named(s: &str) -> Result<Target, ErrorCode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "test" => Target::parse(UFST_TEST),
            "production" | "prod" => Target::parse(UFST_PRODUCTION),
            _ => Target::parse(s),
        }
    }

    /// `host:port`, an IPv6 address in brackets (the `CONNECT` and `Host` form).
    pub(super) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `https://host:port`.
    pub fn url(&self) -> String {
        format!("https://{}", self.authority())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("https://secureftpgatewaytest.skat.dk:6384").expect("ok");
        assert_eq!(
            (t.host.as_str(), t.port),
            ("secureftpgatewaytest.skat.dk", 6384)
        );
        assert_eq!(Target::parse("example.dk").expect("ok").port, 443);
        assert_eq!(
            Target::parse("https://[::1]:8443/x").expect("ok").url(),
            "https://[::1]:8443"
        );
        for bad in [
            "http://example.dk",
            "ftp://x",
            "https://u:p@x",
            "",
            "https://",
        ] {
            assert_eq!(Target::parse(bad), Err(ErrorCode::ProbeBadTarget), "{bad}");
        }
    }
}
