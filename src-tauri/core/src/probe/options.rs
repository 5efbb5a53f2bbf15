//! What a test is asked to do ([`ProbeOptions`]): where, with which certificate and roots,
//! through which proxy, under which time limits; the expert's `openssl` line for the same;
//! and the budget that reading extra roots may spend of the test's time.

use super::proxy::Proxy;
use super::target::Target;
use super::tls::{ClientIdentity, MAX_CA_CERTIFICATES};
use crate::budget::Budget;
use rustls::pki_types::CertificateDer;
use std::time::{Duration, Instant};

/// Default time limit of one stage.
pub const STAGE_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time limit of the whole test.
pub const OVERALL_TIMEOUT: Duration = Duration::from_secs(20);

/// What to test and how.
#[derive(Debug)]
pub struct ProbeOptions {
    /// Where.
    pub target: Target,
    /// The client certificate, if any.
    pub identity: Option<ClientIdentity>,
    /// Trusted roots besides the OS's.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Whether the OS's trust store is read (tests turn it off to trust only their own CA).
    pub os_roots: bool,
    /// The proxy, if one applies (see [`Proxy::for_host`]).
    pub proxy: Option<Proxy>,
    /// A proxy of a kind this test cannot use is set (its scheme, e.g. `socks5`): the test
    /// stops at the proxy stage and says so. Set to None to test directly (`--direct`).
    pub proxy_unsupported: Option<String>,
    /// Time limit of one stage.
    pub stage_timeout: Duration,
    /// Time limit of the whole test.
    pub overall_timeout: Duration,
    /// When the test's clock started (when the options were made): the whole-test limit counts
    /// from here, so what is done before the stages (reading `--ca` within [`ca_budget`])
    /// is inside it.
    pub started: Instant,
}

impl ProbeOptions {
    /// Defaults: OS roots, the environment's proxy, the default time limits.
    pub fn new(target: Target) -> ProbeOptions {
        // A proxy variable that is not valid UTF-8 cannot be read: a coded failure at the
        // proxy stage (naming the variable), never silently skipped, which would test
        // another path than the user's programs take.
        let unreadable = super::proxy::unreadable_proxy_variable(|n| std::env::var_os(n));
        let proxy = if unreadable.is_some() {
            None
        } else {
            Proxy::for_host(&target.host, |n| std::env::var(n).ok())
                .or_else(|| Proxy::system(&target.host))
        };
        let proxy_unsupported = unreadable.or_else(|| {
            proxy
                .is_none()
                .then(|| Proxy::unsupported_in(&target.host, |n| std::env::var(n).ok()))
                .flatten()
                .map(|scheme| format!("{scheme}://"))
        });
        ProbeOptions {
            target,
            identity: None,
            extra_roots: Vec::new(),
            os_roots: true,
            proxy,
            proxy_unsupported,
            stage_timeout: STAGE_TIMEOUT,
            overall_timeout: OVERALL_TIMEOUT,
            started: Instant::now(),
        }
    }
}

/// The `openssl s_client` command that does the same handshake by hand.
pub fn openssl_line(opts: &ProbeOptions) -> String {
    let mut line = format!(
        "openssl s_client -connect {} -servername {}",
        opts.target.authority(),
        opts.target.host
    );
    if opts.identity.is_some() {
        line.push_str(" -cert CERTIFICATE.pem -key PRIVATE-KEY.pem");
    }
    if !opts.extra_roots.is_empty() {
        line.push_str(" -CAfile EXTRA-ROOTS.pem");
    }
    if let Some(p) = &opts.proxy {
        line.push_str(&format!(" -proxy {}:{}", p.host, p.port));
    }
    line
}

/// The part of a test's budget that reading extra roots may spend: the time of one stage (of
/// what is left of the whole test's), and [`MAX_CA_CERTIFICATES`] parses, counted on this
/// thread from now on. One budget for every `--ca` file of the run.
pub fn ca_budget(opts: &ProbeOptions) -> Budget {
    let left = opts
        .overall_timeout
        .saturating_sub(opts.started.elapsed())
        .min(opts.stage_timeout);
    Budget::new(left, MAX_CA_CERTIFICATES, u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expert_line_names_files_never_a_password() {
        let mut o = ProbeOptions::new(Target::parse("gw.example:6384").expect("t"));
        o.proxy = Proxy::parse("http://u:pw-SENTINEL@proxy:3128");
        let line = openssl_line(&o);
        assert_eq!(
            line,
            "openssl s_client -connect gw.example:6384 -servername gw.example -proxy proxy:3128"
        );
        assert!(!line.contains("SENTINEL"));
    }
}
