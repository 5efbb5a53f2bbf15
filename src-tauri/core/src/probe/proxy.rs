//! Which proxy the test goes through and how it is read: the environment as curl reads it
//! (`HTTPS_PROXY`, `NO_PROXY`, …), Windows' Internet Options, and `http://user:pass@host:port`.

use crate::secret::Password;
use zeroize::Zeroizing;

/// An HTTP proxy for `CONNECT`.
pub struct Proxy {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Basic credentials from the proxy URL's userinfo. Never shown.
    auth: Option<ProxyCredentials>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Proxy({})", self.shown())
    }
}

/// The user name and password for the proxy's Basic authentication, percent-decoded from the
/// URL's userinfo (RFC 3986: `%40` is `@`, `+` and `&` are themselves). Both are zeroized when
/// dropped; `Debug` shows neither; there is no `Clone` or `Serialize`.
pub struct ProxyCredentials {
    user: Zeroizing<String>,
    password: Password,
}

impl std::fmt::Debug for ProxyCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProxyCredentials([REDACTED])")
    }
}

impl ProxyCredentials {
    /// From the raw (still percent-encoded) userinfo parts of a URL. None when a `%` is not
    /// followed by two hex digits or the decoded text is not UTF-8: such a value is refused
    /// rather than guessed at (sent as typed, the proxy would refuse it anyway, with a less
    /// helpful answer).
    fn from_userinfo(user: &str, password: &str) -> Option<ProxyCredentials> {
        Some(ProxyCredentials {
            user: userinfo_decode(user)?,
            password: Password::new(std::mem::take(&mut *userinfo_decode(password)?)),
        })
    }

    /// The user name, for the code that must use it.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The password, for the code that must use it.
    pub fn password(&self) -> &Password {
        &self.password
    }

    /// The `Proxy-Authorization` header's value: `Basic base64(user:password)`.
    pub(super) fn basic(&self) -> Zeroizing<String> {
        use base64::Engine;
        let mut pair = Zeroizing::new(String::with_capacity(
            self.user.len() + 1 + self.password.expose().len(),
        ));
        pair.push_str(&self.user);
        pair.push(':');
        pair.push_str(self.password.expose());
        let mut value = Zeroizing::new(String::from("Basic "));
        base64::engine::general_purpose::STANDARD.encode_string(pair.as_bytes(), &mut value);
        value
    }
}

/// Percent-decode one userinfo part as RFC 3986 reads it (`pct-encoded = "%" HEXDIG HEXDIG`;
/// nothing else is special, unlike form data where `+` is a space and `&` a separator).
fn userinfo_decode(raw: &str) -> Option<Zeroizing<String>> {
    let b = raw.as_bytes();
    let well_formed = b.iter().enumerate().all(|(i, c)| {
        *c != b'%'
            || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let bytes = Zeroizing::new(percent_encoding::percent_decode_str(raw).collect::<Vec<u8>>());
    let text = std::str::from_utf8(&bytes).ok()?;
    Some(Zeroizing::new(text.to_owned()))
}

impl Proxy {
    /// Read `http://[user:pass@]host[:port]` (port 80 by default; 3128 is common too). None
    /// when it is not such a URL, or its credentials are not well-formed percent-encoding.
    pub fn parse(s: &str) -> Option<Proxy> {
        let s = s.trim();
        let with_scheme = Zeroizing::new(if s.contains("://") {
            s.to_string()
        } else {
            format!("http://{s}")
        });
        let u = url::Url::parse(&with_scheme).ok()?;
        if u.scheme() != "http" {
            return None;
        }
        let host = u.host_str()?.trim_matches(['[', ']']).to_string();
        let auth = if u.username().is_empty() {
            None
        } else {
            Some(ProxyCredentials::from_userinfo(
                u.username(),
                u.password().unwrap_or_default(),
            )?)
        };
        let port = u.port().unwrap_or(80);
        if port == 0 {
            return None;
        }
        Some(Proxy { host, port, auth })
    }

    /// The credentials from the proxy URL, if it had any.
    pub fn credentials(&self) -> Option<&ProxyCredentials> {
        self.auth.as_ref()
    }

    /// `http://host:port`, without credentials.
    pub fn shown(&self) -> String {
        if self.host.contains(':') {
            format!("http://[{}]:{}", self.host, self.port)
        } else {
            format!("http://{}:{}", self.host, self.port)
        }
    }

    /// The proxy for `host` from the environment as curl reads it: `HTTPS_PROXY` (or
    /// `https_proxy`, then `ALL_PROXY`), unless `NO_PROXY` names the host, one of its parent
    /// domains, or `*`. `env` reads a variable (the real environment, or a test's map).
    pub fn for_host(host: &str, env: impl Fn(&str) -> Option<String>) -> Option<Proxy> {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
        };
        if let Some(list) = var(&["NO_PROXY", "no_proxy"]) {
            if list.split(',').any(|entry| no_proxy_matches(entry, host)) {
                return None;
            }
        }
        Proxy::parse(&var(&[
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ])?)
    }

    /// A proxy set in the environment that this test cannot use (`socks5://…`, …, or an
    /// `http://` one that cannot be read): its scheme.
    /// Testing directly instead would test another path than the user's programs take, so the
    /// test says so and connects directly only when asked to (`ProbeOptions::proxy_unsupported`).
    pub fn unsupported_in(host: &str, env: impl Fn(&str) -> Option<String>) -> Option<String> {
        const VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
        let value = VARS
            .iter()
            .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))?;
        let scheme = match value.trim().split_once("://") {
            Some((scheme, _)) => scheme.to_ascii_lowercase(),
            None => "http".into(),
        };
        // An http:// proxy is used, unless it cannot be read (credentials that are not
        // well-formed percent-encoding, …): then it is as unusable as a SOCKS proxy, and
        // testing directly would test another path than the user's programs take.
        if scheme == "http" && Proxy::parse(&value).is_some() {
            return None;
        }
        // NO_PROXY may exempt this host: ask the same rules with a usable proxy in its place.
        let exempt = Proxy::for_host(host, |n| {
            if VARS.contains(&n) {
                Some("http://proxy:1".into())
            } else {
                env(n)
            }
        })
        .is_none();
        (!exempt).then_some(scheme)
    }
}

impl Proxy {
    /// The OS's own proxy setting where it has one apart from the environment: on Windows the
    /// user's Internet Options (`HKCU\\…\\Internet Settings`: `ProxyEnable`, `ProxyServer`,
    /// `ProxyOverride`). Elsewhere none (Linux desktops export `HTTPS_PROXY`; macOS is not
    /// read yet). The Windows part compiles only there and is not tested on this project's
    /// Linux CI; the parsing it relies on, [`Proxy::from_windows_settings`], is.
    pub fn system(host: &str) -> Option<Proxy> {
        #[cfg(windows)]
        {
            let key = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER)
                .open_subkey(r"Software\Microsoft\Windows\CurrentVersion\Internet Settings")
                .ok()?;
            let enable: u32 = key.get_value("ProxyEnable").unwrap_or(0);
            let server: String = key.get_value("ProxyServer").unwrap_or_default();
            let bypass: String = key.get_value("ProxyOverride").unwrap_or_default();
            Proxy::from_windows_settings(host, enable, &server, &bypass)
        }
        #[cfg(not(windows))]
        {
            let _ = host;
            None
        }
    }

    /// Windows' proxy values: `ProxyServer` is `host:port` or `http=h:p;https=h:p;…`;
    /// `ProxyOverride` lists hosts to reach directly (`*` wildcards, `<local>` for names
    /// without a dot), separated by `;`.
    pub fn from_windows_settings(
        host: &str,
        enable: u32,
        server: &str,
        bypass: &str,
    ) -> Option<Proxy> {
        if enable == 0 || server.trim().is_empty() {
            return None;
        }
        let host = host.to_ascii_lowercase();
        for rule in bypass.split(';').map(|r| r.trim().to_ascii_lowercase()) {
            let hit = match rule.as_str() {
                "" => false,
                "<local>" => !host.contains('.'),
                r => wildcard(r, &host),
            };
            if hit {
                return None;
            }
        }
        let chosen = if server.contains('=') {
            let by_scheme = |scheme: &str| {
                server.split(';').find_map(|part| {
                    let (k, v) = part.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case(scheme)).then(|| v.trim().to_string())
                })
            };
            by_scheme("https").or_else(|| by_scheme("http"))?
        } else {
            server.trim().to_string()
        };
        Proxy::parse(&chosen)
    }
}

/// The first proxy variable (in curl's order, `NO_PROXY` too) that is set but not valid
/// UTF-8, as the detail of the proxy stage's failure (`HTTPS_PROXY: not valid UTF-8`).
pub fn unreadable_proxy_variable(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<String> {
    [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ]
    .iter()
    .find(|n| env(n).is_some_and(|v| v.to_str().is_none()))
    .map(|n| format!("{n}: not valid UTF-8"))
}

/// Whether one `NO_PROXY` entry exempts `host`, in the forms curl honours: `*`; a domain with
/// or without a leading dot (or `*.`), which also covers its subdomains; a host with a port
/// (`skat.dk:443`, the port is ignored); an IP address, IPv6 with or without brackets
/// (`::1`, `[::1]`); an address range in CIDR notation (`127.0.0.0/8`, `fe80::/10`).
fn no_proxy_matches(entry: &str, host: &str) -> bool {
    use std::net::IpAddr;
    let entry = entry.trim().to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if entry.is_empty() {
        return false;
    }
    if entry == "*" {
        return true;
    }
    let host_ip: Option<IpAddr> = host.parse().ok();
    // A range: address/prefix.
    if let Some((net, bits)) = entry.split_once('/') {
        let net = net.trim_start_matches('[').trim_end_matches(']');
        let (Ok(net), Ok(bits), Some(ip)) = (net.parse::<IpAddr>(), bits.parse::<u32>(), host_ip)
        else {
            return false;
        };
        return match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(h)) if bits <= 32 => {
                let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
                u32::from(n) & mask == u32::from(h) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(h)) if bits <= 128 => {
                let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
                u128::from(n) & mask == u128::from(h) & mask
            }
            _ => false,
        };
    }
    // An address: IPv6 as it is or in brackets (with a port after them), IPv4 with a port.
    let bare = if let Some(rest) = entry.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default().to_string()
    } else if entry.parse::<IpAddr>().is_ok() {
        entry.clone()
    } else {
        entry.split(':').next().unwrap_or_default().to_string()
    };
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return host_ip == Some(ip);
    }
    let domain = bare.trim_start_matches("*.").trim_start_matches('.');
    !domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}")))
}

/// `*.firma.dk` against `gw.firma.dk`: `*` stands for any run of characters.
fn wildcard(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == s;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !s.starts_with(first) || !s[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        let p = Proxy::for_host(
            "gw.skat.dk",
            env(&[("HTTPS_PROXY", "http://anne:hemmelig%21@proxy.firma.dk:3128")]),
        )
        .expect("proxy");
        assert_eq!(p.shown(), "http://proxy.firma.dk:3128");
        let auth = p.credentials().expect("credentials");
        assert_eq!(
            (auth.user(), auth.password().expose()),
            ("anne", "hemmelig!")
        );
        assert!(
            !format!("{p:?}").contains("hemmelig"),
            "Debug hides the password"
        );
        let lower = Proxy::for_host("x.dk", env(&[("https_proxy", "proxy:8080")])).expect("p");
        assert_eq!((lower.host.as_str(), lower.port), ("proxy", 8080));
        for no in [
            ".skat.dk",
            "skat.dk",
            "gw.skat.dk",
            "*",
            "other.dk, skat.dk:443",
        ] {
            let pairs: &'static [(&str, &str)] =
                Box::leak(Box::new([("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", no)]));
            assert!(Proxy::for_host("gw.skat.dk", env(pairs)).is_none(), "{no}");
        }
        assert!(Proxy::for_host(
            "gw.skat.dk",
            env(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "kat.dk")])
        )
        .is_some());
        assert!(Proxy::for_host("gw.skat.dk", env(&[])).is_none());
    }

    /// `NO_PROXY` in the forms curl honours: IPv6 addresses, CIDR ranges, leading dots.
    #[test]
    fn no_proxy_in_the_forms_curl_honours() {
        let with = |no: &str, host: &str| {
            let no = no.to_string();
            Proxy::for_host(host, move |n| match n {
                "HTTPS_PROXY" => Some("http://proxy.firma.dk:3128".into()),
                "NO_PROXY" => Some(no.clone()),
                _ => None,
            })
        };
        for (entry, host) in [
            ("::1", "::1"),
            ("[::1]", "::1"),
            ("::1", "[::1]"),
            ("[::1]:8443", "::1"),
            ("127.0.0.0/8", "127.0.0.1"),
            ("10.0.0.0/8, 192.168.1.0/24", "192.168.1.77"),
            ("fe80::/10", "fe80::1"),
            ("0.0.0.0/0", "8.8.8.8"),
            ("127.0.0.1:443", "127.0.0.1"),
            (".skat.dk", "gw.skat.dk"),
            (".skat.dk", "skat.dk"),
            ("*.skat.dk", "gw.skat.dk"),
            (" GW.Skat.DK ", "gw.skat.dk"),
        ] {
            assert!(with(entry, host).is_none(), "{entry} should exempt {host}");
        }
        for (entry, host) in [
            ("::1", "::2"),
            ("127.0.0.0/8", "128.0.0.1"),
            ("127.0.0.0/8", "::1"),
            ("fe80::/10", "127.0.0.1"),
            ("10.0.0.0/33", "10.0.0.1"),
            ("kat.dk", "gw.skat.dk"),
            ("127.0.0.0/8", "localhost"),
            (",", "gw.skat.dk"),
        ] {
            assert!(
                with(entry, host).is_some(),
                "{entry} must not exempt {host}"
            );
        }
    }

    #[test]
    fn windows_proxy_settings() {
        let f = Proxy::from_windows_settings;
        let p = f("gw.skat.dk", 1, "proxy.firma.dk:8080", "").expect("proxy");
        assert_eq!(p.shown(), "http://proxy.firma.dk:8080");
        let p = f(
            "gw.skat.dk",
            1,
            "http=web:80;https=secure:3128;ftp=f:21",
            "",
        )
        .expect("p");
        assert_eq!(p.shown(), "http://secure:3128");
        let p = f("gw.skat.dk", 1, "http=web:80", "").expect("falls back to http=");
        assert_eq!(p.shown(), "http://web:80");
        assert!(
            f("gw.skat.dk", 0, "proxy:8080", "").is_none(),
            "switched off"
        );
        assert!(f("gw.skat.dk", 1, "proxy:8080", "*.skat.dk;<local>").is_none());
        assert!(f("intranet", 1, "proxy:8080", "<local>").is_none());
        assert!(f("gw.skat.dk", 1, "proxy:8080", "gw.*.dk").is_none());
        assert!(f("gw.skat.dk", 1, "proxy:8080", "10.*;*.local").is_some());
        assert!(wildcard("10.*", "10.1.2.3") && !wildcard("10.*", "110.1.2.3"));
    }

    /// Userinfo is RFC 3986, not form data: `+` stays a plus and `&` does not end the
    /// password; `%40` and `%3A` are `@` and `:`; a `%` without two hex digits is refused.
    #[test]
    fn credentials_are_percent_decoded_as_userinfo() {
        let creds = |url: &str| {
            let p = Proxy::parse(url).unwrap_or_else(|| panic!("{url} is read"));
            let c = p.credentials().expect("credentials");
            (c.user().to_string(), c.password().expose().to_string())
        };
        let pair = |u: &str, p: &str| (u.to_string(), p.to_string());
        assert_eq!(creds("http://anne:a+b@proxy:3128"), pair("anne", "a+b"));
        assert_eq!(creds("http://anne:a&b=c@proxy:3128"), pair("anne", "a&b=c"));
        assert_eq!(
            creds("http://anne%40firma.dk:x%40y@proxy"),
            pair("anne@firma.dk", "x@y")
        );
        assert_eq!(
            creds("http://firma%3Aanne:p%3Aq@proxy"),
            pair("firma:anne", "p:q")
        );
        assert_eq!(creds("http://anne:%2B%26%25@proxy"), pair("anne", "+&%"));
        assert_eq!(creds("http://anne@proxy"), pair("anne", ""));
        assert_eq!(creds("http://%C3%A6ble:%C3%B8@proxy"), pair("æble", "ø"));
        for bad in [
            "http://anne:50%zz@proxy:3128",
            "http://anne:abc%4@proxy:3128",
            "http://an%g1ne:pw@proxy:3128",
            "http://anne:%FF@proxy:3128",
        ] {
            assert!(
                Proxy::parse(bad).is_none(),
                "{bad} is refused, not guessed at"
            );
        }
        assert!(Proxy::parse("http://proxy:3128").is_some_and(|p| p.credentials().is_none()));
    }

    /// The `Proxy-Authorization` value is Basic over the decoded pair.
    #[test]
    fn the_basic_header_uses_the_decoded_credentials() {
        use base64::Engine;
        let p = Proxy::parse("http://anne:a+b%26c%40d@proxy:3128").expect("proxy");
        let basic = p.credentials().expect("credentials").basic();
        let token = basic.strip_prefix("Basic ").expect("Basic scheme");
        let pair = base64::engine::general_purpose::STANDARD
            .decode(token)
            .expect("base64");
        assert_eq!(pair, b"anne:a+b&c@d");
    }

    /// Neither `Debug` of the proxy nor of its credentials shows the user or the password.
    #[test]
    fn credentials_debug_is_redacted() {
        let p = Proxy::parse("http://anne-USER:pw-SENTINEL@proxy:3128").expect("proxy");
        let c = p.credentials().expect("credentials");
        for shown in [format!("{p:?}"), format!("{c:?}"), format!("{:?}", Some(c))] {
            assert!(!shown.contains("SENTINEL"), "{shown}");
            assert!(!shown.contains("anne-USER"), "{shown}");
        }
        assert_eq!(format!("{c:?}"), "ProxyCredentials([REDACTED])");
    }

    /// An http:// proxy whose credentials cannot be read stops the test at the proxy stage
    /// instead of testing directly (which would test another path than the user's programs).
    #[test]
    fn an_unreadable_http_proxy_is_not_skipped() {
        let env = |v: &'static str| move |n: &str| (n == "HTTPS_PROXY").then(|| v.to_string());
        let bad = env("http://anne:50%zz@proxy:3128");
        assert!(Proxy::for_host("gw.skat.dk", bad).is_none());
        assert_eq!(
            Proxy::unsupported_in("gw.skat.dk", bad).as_deref(),
            Some("http")
        );
        let good = env("http://anne:50%25@proxy:3128");
        assert_eq!(Proxy::unsupported_in("gw.skat.dk", good), None);
    }
}
