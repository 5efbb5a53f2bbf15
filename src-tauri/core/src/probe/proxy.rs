//! Which proxy the test goes through and how it is read: the environment as curl reads it
//! (`HTTPS_PROXY`, `NO_PROXY`, …), Windows' Internet Options, and `http://user:pass@host:port`.

/// An HTTP proxy for `CONNECT`.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `user:password` for Basic authentication, from the proxy URL. Never shown.
    pub(super) auth: Option<String>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Proxy({})", self.shown())
    }
}

impl Proxy {
    /// Read `http://[user:pass@]host[:port]` (port 80 by default; 3128 is common too).
    pub fn parse(s: &str) -> Option<Proxy> {
        let s = s.trim();
        let with_scheme = if s.contains("://") {
            s.to_string()
        } else {
            format!("http://{s}")
        };
        let u = url::Url::parse(&with_scheme).ok()?;
        if u.scheme() != "http" {
            return None;
        }
        let host = u.host_str()?.trim_matches(['[', ']']).to_string();
        let auth = (!u.username().is_empty()).then(|| {
            let dec = |v: &str| {
                url::form_urlencoded::parse(format!("x={v}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            format!(
                "{}:{}",
                dec(u.username()),
                dec(u.password().unwrap_or_default())
            )
        });
        let port = u.port().unwrap_or(80);
        if port == 0 {
            return None;
        }
        Some(Proxy { host, port, auth })
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
            let host = host.to_ascii_lowercase();
            for entry in list.split(',').map(|e| e.trim().to_ascii_lowercase()) {
                let entry = entry.trim_start_matches("*.").trim_start_matches('.');
                let entry = entry.split(':').next().unwrap_or_default();
                if entry == "*"
                    || (!entry.is_empty() && host == entry)
                    || host.ends_with(&format!(".{entry}")) && !entry.is_empty()
                {
                    return None;
                }
            }
        }
        Proxy::parse(&var(&[
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ])?)
    }

    /// A proxy set in the environment that this test cannot use (`socks5://…`, …): its scheme.
    /// Testing directly instead would test another path than the user's programs take, so the
    /// test says so and connects directly only when asked to (`ProbeOptions::proxy_unsupported`).
    pub fn unsupported_in(host: &str, env: impl Fn(&str) -> Option<String>) -> Option<String> {
        const VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
        let value = VARS
            .iter()
            .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))?;
        let (scheme, _) = value.trim().split_once("://")?;
        if scheme.eq_ignore_ascii_case("http") {
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
        (!exempt).then(|| scheme.to_ascii_lowercase())
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
        assert_eq!(p.auth.as_deref(), Some("anne:hemmelig!"));
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
}
