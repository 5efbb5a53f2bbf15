//! Guide links and guide codes: how a support desk sends a user's app to a step.
//!
//! **Guide link**: `oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678`. The grammar
//! (version 1) is: the scheme `oces-wizard:` (any case), `//`, the version `v1`, the path
//! `/go` (a trailing `/` allowed), `?` and `key=value` pairs joined by `&`, no fragment. Each key
//! at most once, each key and value percent-decoded exactly once (`%2541` is `%41`, which no
//! value allows; `+` stays `+`). The whole link is at most [`MAX_LINK_BYTES`], printable ASCII,
//! no spaces. Keys and their values, an allow-list of things a user would otherwise type or
//! choose, none of them secret:
//!
//! | key | value | flows | goes into |
//! |---|---|---|---|
//! | `flow` | `cug`, `dms`, `stil` (required) | | the flow |
//! | `step` | a step code of that flow, `DMS-6` (required) | | the step shown |
//! | `env` | `test`, `production` | DMS, STIL | `dms_env` / `stil_env` |
//! | `se` | SE number, 8 digits | DMS | `dms_se` |
//! | `cvr` | expected CVR, 8 digits passing modulus 11 | all | compared with the certificate |
//! | `ws` | STIL wsBrugerId, `[A-Za-z0-9._@-]`, 1–64 (needs `env`) | STIL | `stil_ws_test` / `stil_ws_prod` |
//! | `role` | CUG user type: `security_admin`, `user` | CUG | `cug_role` |
//! | `lang` | `da`, `en` | all | the app's language |
//!
//! Everything else is refused with a coded [`GuideError`]: a password, a path, a URL to open,
//! a file or an action cannot be said in this grammar. Reading a link never acts: it gives a
//! [`GuideTarget`], which the window shows in a panel; only the user's click applies it
//! ([`apply`]), and then values fill only fields that are empty.
//!
//! **Guide code**: the same content by voice, ten characters from the support code's alphabet
//! ([`crate::support::ALPHABET`]) with its check character, written `XXXXX-XXXXX` (the support
//! code is `XXXX-XXXX-XX`). Nine characters carry a mixed-radix number (flow, step, env,
//! language, role, one 8-digit number, version); the check character is the support code's
//! Luhn mod 24 shifted by [`CODE_SALT`], so a support code is never read as a guide code (it
//! fails this check and is recognised, [`GuideError::CodeIsSupportCode`]), and any single
//! mistyped character is caught. A wsBrugerId, or an SE number and a CVR together, do not fit
//! in ten characters: such a target has no guide code ([`GuideError::NotSpeakable`]), only a
//! link.

use crate::error::{Coded, ErrorCode};
use crate::flow::{Answer, FlowId};
use crate::i18n::Lang;
use crate::support::ALPHABET;
use crate::wizard::WizardState;
use serde::Serialize;
use std::collections::BTreeMap;

/// The link scheme.
pub const SCHEME: &str = "oces-wizard";
/// The longest link read, in bytes.
pub const MAX_LINK_BYTES: usize = 2048;
/// The longest wsBrugerId a link carries.
pub const MAX_WS_LEN: usize = 64;
/// The number added to the check character of a guide code, so that it never equals a support
/// code's.
pub const CODE_SALT: u64 = 11;
/// The keys a link may have, in the order links are written.
pub const KEYS: [&str; 8] = ["flow", "step", "env", "se", "cvr", "ws", "role", "lang"];

const N: u64 = ALPHABET.len() as u64;
const DATA_CHARS: usize = 9;
/// Flows a link can name, in the order the guide code numbers them.
const FLOWS: [FlowId; 3] = [FlowId::Cug, FlowId::Dms, FlowId::Stil];
/// The step index's radix in a guide code (a flow has at most 16 steps).
const STEP_RADIX: u64 = 16;
/// The number slot: 0 none, 1 + SE, 1 + 10^8 + CVR.
const NUMBER_RADIX: u64 = 2 * 100_000_000 + 1;

/// The environment a link sends the user to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Env {
    /// Test (STIL: test/preprod).
    Test,
    /// Production.
    Production,
}

impl Env {
    /// `test` or `production`.
    pub fn as_str(self) -> &'static str {
        match self {
            Env::Test => "test",
            Env::Production => "production",
        }
    }
}

/// The CUG user type (CUG-8's `cug_role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Security administrator.
    SecurityAdmin,
    /// User.
    User,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::SecurityAdmin => "security_admin",
            Role::User => "user",
        }
    }
}

/// Where a link or code sends the user, and what it suggests: checked, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GuideTarget {
    /// The flow.
    pub flow: FlowId,
    /// The step code (`DMS-6`), one of the flow's.
    pub step: String,
    /// Test or production (DMS, STIL).
    pub env: Option<Env>,
    /// SE number (DMS).
    pub se: Option<String>,
    /// The CVR the certificate should have.
    pub cvr: Option<String>,
    /// STIL wsBrugerId (with `env`).
    pub ws: Option<String>,
    /// CUG user type.
    pub role: Option<Role>,
    /// The app's language.
    pub lang: Option<Lang>,
}

/// Why a link or code is refused. Parameters are safe to show: keys and steps are cut to 32
/// characters and escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuideError {
    /// The link is longer than [`MAX_LINK_BYTES`].
    #[error("the guide link is too long")]
    TooLong,
    /// Not a guide link of this form (scheme, shape, encoding, a key twice, a fragment).
    #[error("this is not a guide link the app can read")]
    Malformed,
    /// A version other than `v1`.
    #[error("the guide link comes from a newer version of the app")]
    Version,
    /// A key not on the allow-list.
    #[error("the guide link holds `{key}`, which a guide link may not hold")]
    UnknownKey {
        /// The key (escaped, cut).
        key: String,
    },
    /// A value its key does not allow (a URL, a path, control characters, a wrong number).
    #[error("the guide link's `{key}` has a value that is not allowed")]
    BadValue {
        /// The key.
        key: String,
    },
    /// `flow` or `step` is missing.
    #[error("the guide link names no `{key}`")]
    Missing {
        /// The key.
        key: String,
    },
    /// A step code no flow has.
    #[error("the guide link names step `{step}`, which does not exist")]
    UnknownStep {
        /// The step (escaped, cut).
        step: String,
    },
    /// A step of another flow than the one named.
    #[error("step `{step}` is not part of the flow `{flow}`")]
    OtherFlow {
        /// The step.
        step: String,
        /// The flow named.
        flow: String,
    },
    /// A value the named flow does not use (an SE number for CUG).
    #[error("the flow `{flow}` has no use for `{key}`")]
    NotForFlow {
        /// The key.
        key: String,
        /// The flow.
        flow: String,
    },
    /// A wsBrugerId without `env`: there is one for test and one for production.
    #[error("a wsBrugerId needs env=test or env=production")]
    NeedsEnv,
    /// A link came with other arguments on the command line.
    #[error("a guide link must be the only argument")]
    ExtraArguments,
    /// Not ten characters of the code alphabet.
    #[error("the guide code is not 10 characters from the code alphabet")]
    CodeMalformed,
    /// The check character does not match.
    #[error("the guide code has a mistyped character")]
    CodeCheck,
    /// A version or content this app does not know.
    #[error("the guide code comes from another version of the app")]
    CodeUnknown,
    /// What was typed is a support code (the user's own), not a guide code.
    #[error("this is a support code, not a guide code")]
    CodeIsSupportCode,
    /// The target carries values that do not fit in a guide code.
    #[error("this cannot be said as a guide code ({keys}); send the link")]
    NotSpeakable {
        /// The keys, comma-separated.
        keys: String,
    },
}

impl Coded for GuideError {
    fn code(&self) -> ErrorCode {
        match self {
            GuideError::TooLong => ErrorCode::GuideTooLong,
            GuideError::Malformed => ErrorCode::GuideMalformed,
            GuideError::Version => ErrorCode::GuideVersion,
            GuideError::UnknownKey { .. } => ErrorCode::GuideUnknownKey,
            GuideError::BadValue { .. } => ErrorCode::GuideBadValue,
            GuideError::Missing { .. } => ErrorCode::GuideMissing,
            GuideError::UnknownStep { .. } => ErrorCode::GuideUnknownStep,
            GuideError::OtherFlow { .. } => ErrorCode::GuideOtherFlow,
            GuideError::NotForFlow { .. } => ErrorCode::GuideNotForFlow,
            GuideError::NeedsEnv => ErrorCode::GuideNeedsEnv,
            GuideError::ExtraArguments => ErrorCode::GuideExtraArguments,
            GuideError::CodeMalformed => ErrorCode::GuideCodeMalformed,
            GuideError::CodeCheck => ErrorCode::GuideCodeCheck,
            GuideError::CodeUnknown => ErrorCode::GuideCodeUnknown,
            GuideError::CodeIsSupportCode => ErrorCode::GuideCodeIsSupportCode,
            GuideError::NotSpeakable { .. } => ErrorCode::GuideNotSpeakable,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            GuideError::UnknownKey { key }
            | GuideError::BadValue { key }
            | GuideError::Missing { key } => {
                p.insert("key", key.clone());
            }
            GuideError::UnknownStep { step } => {
                p.insert("step", step.clone());
            }
            GuideError::OtherFlow { step, flow } => {
                p.insert("step", step.clone());
                p.insert("flow", flow.clone());
            }
            GuideError::NotForFlow { key, flow } => {
                p.insert("key", key.clone());
                p.insert("flow", flow.clone());
            }
            GuideError::NotSpeakable { keys } => {
                p.insert("keys", keys.clone());
            }
            _ => {}
        }
        p
    }
}

/// A value from outside made safe to show in an error: escaped and cut to 32 characters.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(32).collect();
    let mut out = crate::text::plain(&cut).into_owned();
    if s.chars().count() > 32 {
        out.push('…');
    }
    out
}

fn flow_name(flow: FlowId) -> &'static str {
    flow.def().id_str
}

/// Whether `s` starts like a guide link (the scheme, any case).
pub fn is_link(s: &str) -> bool {
    s.get(..SCHEME.len() + 1)
        .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{SCHEME}:")))
}

/// Read a guide link. Pure: nothing is opened, changed or remembered.
pub fn parse_link(input: &str) -> Result<GuideTarget, GuideError> {
    if input.len() > MAX_LINK_BYTES {
        return Err(GuideError::TooLong);
    }
    // Spaces around a pasted link are fine; inside it, nothing but printable ASCII.
    let s = input.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\r' || c == '\n');
    if !s.bytes().all(|b| b.is_ascii_graphic()) || !is_link(s) {
        return Err(GuideError::Malformed);
    }
    let rest = s[SCHEME.len() + 1..]
        .strip_prefix("//")
        .ok_or(GuideError::Malformed)?;
    if rest.contains('#') {
        return Err(GuideError::Malformed);
    }
    let (path, query) = rest.split_once('?').ok_or(GuideError::Malformed)?;
    let path = path.strip_suffix('/').unwrap_or(path);
    let (version, action) = path.split_once('/').ok_or(GuideError::Malformed)?;
    let is_version = |v: &str| {
        v.len() >= 2
            && v.as_bytes()[0].eq_ignore_ascii_case(&b'v')
            && v[1..].bytes().all(|b| b.is_ascii_digit())
    };
    if !is_version(version) {
        return Err(GuideError::Malformed);
    }
    if !version.eq_ignore_ascii_case("v1") {
        return Err(GuideError::Version);
    }
    if action != "go" {
        return Err(GuideError::Malformed);
    }
    let mut pairs = Vec::new();
    for part in query.split('&') {
        let (k, v) = part.split_once('=').ok_or(GuideError::Malformed)?;
        let decode = |x: &str| {
            percent_encoding::percent_decode_str(x)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| GuideError::Malformed)
        };
        // A `%` not followed by two hex digits is left as it is by the decoder: refused here.
        let well_formed = |x: &str| {
            let b = x.as_bytes();
            b.iter().enumerate().all(|(i, c)| {
                *c != b'%'
                    || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            })
        };
        if !well_formed(k) || !well_formed(v) {
            return Err(GuideError::Malformed);
        }
        pairs.push((decode(k)?, decode(v)?));
    }
    from_pairs(&pairs)
}

/// Build a target from `key=value` pairs (the decoded query of a link, or the command line's
/// `--flow`, `--step`, `--env` and `--set`), with every rule of the grammar.
pub fn from_pairs(pairs: &[(String, String)]) -> Result<GuideTarget, GuideError> {
    let mut map: BTreeMap<&'static str, &str> = BTreeMap::new();
    for (k, v) in pairs {
        let key = KEYS
            .iter()
            .find(|known| **known == k.as_str())
            .ok_or_else(|| GuideError::UnknownKey { key: shown(k) })?;
        if map.insert(key, v.as_str()).is_some() {
            return Err(GuideError::Malformed);
        }
    }
    let bad = |key: &str| GuideError::BadValue { key: key.into() };
    let flow_s = map
        .get("flow")
        .ok_or(GuideError::Missing { key: "flow".into() })?;
    let flow = FLOWS
        .into_iter()
        .find(|f| flow_s.eq_ignore_ascii_case(flow_name(*f)))
        .ok_or_else(|| bad("flow"))?;
    let step_s = map
        .get("step")
        .ok_or(GuideError::Missing { key: "step".into() })?;
    if step_s.is_empty() || step_s.chars().any(crate::text::is_unsafe) {
        return Err(bad("step"));
    }
    let step_up = step_s.to_ascii_uppercase();
    let def = flow.def();
    let step = match def.index_of(&step_up) {
        Some(i) => def.steps[i].code.to_string(),
        None => {
            return Err(
                match FLOWS.iter().find(|f| f.def().index_of(&step_up).is_some()) {
                    Some(_) => GuideError::OtherFlow {
                        step: step_up,
                        flow: flow_name(flow).into(),
                    },
                    None => GuideError::UnknownStep {
                        step: shown(step_s),
                    },
                },
            )
        }
    };
    let not_for = |key: &str| GuideError::NotForFlow {
        key: key.into(),
        flow: flow_name(flow).into(),
    };
    let eight_digits = |v: &str| v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit());
    let env = match map.get("env") {
        None => None,
        Some(_) if flow == FlowId::Cug => return Err(not_for("env")),
        Some(&"test") => Some(Env::Test),
        Some(&"production") => Some(Env::Production),
        Some(_) => return Err(bad("env")),
    };
    let se = match map.get("se") {
        None => None,
        Some(_) if flow != FlowId::Dms => return Err(not_for("se")),
        Some(v) if eight_digits(v) => Some(v.to_string()),
        Some(_) => return Err(bad("se")),
    };
    let cvr = match map.get("cvr") {
        None => None,
        Some(v) if crate::ids::cvr_valid(v) => Some(v.to_string()),
        Some(_) => return Err(bad("cvr")),
    };
    let ws = match map.get("ws") {
        None => None,
        Some(_) if flow != FlowId::Stil => return Err(not_for("ws")),
        Some(v)
            if !v.is_empty()
                && v.len() <= MAX_WS_LEN
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._@-".contains(&b)) =>
        {
            if env.is_none() {
                return Err(GuideError::NeedsEnv);
            }
            Some(v.to_string())
        }
        Some(_) => return Err(bad("ws")),
    };
    let role = match map.get("role") {
        None => None,
        Some(_) if flow != FlowId::Cug => return Err(not_for("role")),
        Some(&"security_admin") => Some(Role::SecurityAdmin),
        Some(&"user") => Some(Role::User),
        Some(_) => return Err(bad("role")),
    };
    let lang = match map.get("lang") {
        None => None,
        Some(&"da") => Some(Lang::Da),
        Some(&"en") => Some(Lang::En),
        Some(_) => return Err(bad("lang")),
    };
    Ok(GuideTarget {
        flow,
        step,
        env,
        se,
        cvr,
        ws,
        role,
        lang,
    })
}

impl GuideTarget {
    /// The target's `key=value` pairs, in [`KEYS`] order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("flow", flow_name(self.flow).to_string()),
            ("step", self.step.clone()),
        ];
        let mut add = |k: &'static str, v: Option<&str>| {
            if let Some(v) = v {
                out.push((k, v.to_string()));
            }
        };
        add("env", self.env.map(Env::as_str));
        add("se", self.se.as_deref());
        add("cvr", self.cvr.as_deref());
        add("ws", self.ws.as_deref());
        add("role", self.role.map(Role::as_str));
        add("lang", self.lang.map(Lang::code));
        out
    }

    /// The guide link.
    pub fn link(&self) -> String {
        const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.');
        let query: Vec<String> = self
            .pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encoding::utf8_percent_encode(v, SET)))
            .collect();
        format!("{SCHEME}://v1/go?{}", query.join("&"))
    }

    /// The guide code, `XXXXX-XXXXX`; refused when the target holds what does not fit.
    pub fn code(&self) -> Result<String, GuideError> {
        let mut left_out = Vec::new();
        if self.ws.is_some() {
            left_out.push("ws");
        }
        if self.se.is_some() && self.cvr.is_some() {
            left_out.push("se+cvr");
        }
        if !left_out.is_empty() {
            return Err(GuideError::NotSpeakable {
                keys: left_out.join(", "),
            });
        }
        let flow = FLOWS.iter().position(|f| *f == self.flow).unwrap_or(0) as u64;
        let step = self.flow.def().index_of(&self.step).unwrap_or(0) as u64;
        let env = match self.env {
            None => 0,
            Some(Env::Test) => 1,
            Some(Env::Production) => 2,
        };
        let lang = match self.lang {
            None => 0,
            Some(Lang::Da) => 1,
            Some(Lang::En) => 2,
        };
        let role = match self.role {
            None => 0,
            Some(Role::SecurityAdmin) => 1,
            Some(Role::User) => 2,
        };
        let digits = |s: &str| s.parse::<u64>().unwrap_or(0);
        let number = match (&self.se, &self.cvr) {
            (Some(se), _) => 1 + digits(se),
            (None, Some(cvr)) => 1 + 100_000_000 + digits(cvr),
            (None, None) => 0,
        };
        // Version 1 is the digit 0 at the top.
        let mut v = number;
        v = v * 3 + role;
        v = v * 3 + lang;
        v = v * 3 + env;
        v = v * STEP_RADIX + step;
        v = v * 3 + flow;
        let mut points = Vec::with_capacity(DATA_CHARS + 1);
        for _ in 0..DATA_CHARS {
            points.push(v % N);
            v /= N;
        }
        points.push(guide_check(&points));
        let s: String = points
            .iter()
            .map(|p| ALPHABET[*p as usize] as char)
            .collect();
        Ok(format!("{}-{}", &s[..5], &s[5..]))
    }
}

fn guide_check(points: &[u64]) -> u64 {
    (crate::support::check_char(points) + CODE_SALT) % N
}

/// Read a guide code as typed: any case, spaces and dashes anywhere. The user's own code for
/// support, alone or as the whole line the screen shows ("DMS-1 · T333-3333-3F"), is
/// recognised as such.
pub fn parse_code(typed: &str) -> Result<GuideTarget, GuideError> {
    match parse_guide_code(typed) {
        Err(GuideError::CodeMalformed)
            if typed.len() <= 200 && crate::support::decode(typed).is_ok() =>
        {
            Err(GuideError::CodeIsSupportCode)
        }
        r => r,
    }
}

fn parse_guide_code(typed: &str) -> Result<GuideTarget, GuideError> {
    if typed.len() > 200 {
        return Err(GuideError::CodeMalformed);
    }
    let separator =
        |c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}');
    let mut points = Vec::new();
    for c in typed.chars().filter(|c| !separator(*c)) {
        let c = c.to_ascii_uppercase();
        let p = ALPHABET
            .iter()
            .position(|a| *a as char == c)
            .ok_or(GuideError::CodeMalformed)?;
        points.push(p as u64);
    }
    if points.len() != DATA_CHARS + 1 {
        return Err(GuideError::CodeMalformed);
    }
    let (data, check) = points.split_at(DATA_CHARS);
    if guide_check(data) != check[0] {
        if crate::support::decode(typed).is_ok() {
            return Err(GuideError::CodeIsSupportCode);
        }
        return Err(GuideError::CodeCheck);
    }
    let mut v = data.iter().rev().fold(0u64, |acc, p| acc * N + p);
    let mut take = |radix: u64| {
        let d = v % radix;
        v /= radix;
        d
    };
    let flow = FLOWS[take(3) as usize];
    let step = take(STEP_RADIX) as usize;
    let env = take(3);
    let lang = take(3);
    let role = take(3);
    let number = take(NUMBER_RADIX);
    if v != 0 {
        return Err(GuideError::CodeUnknown);
    }
    let step = flow.def().steps.get(step).ok_or(GuideError::CodeUnknown)?;
    let mut pairs = vec![
        ("flow".to_string(), flow_name(flow).to_string()),
        ("step".to_string(), step.code.to_string()),
    ];
    let mut add = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            pairs.push((k.to_string(), v.to_string()));
        }
    };
    add(
        "env",
        [None, Some("test"), Some("production")][env as usize],
    );
    add("lang", [None, Some("da"), Some("en")][lang as usize]);
    add(
        "role",
        [None, Some("security_admin"), Some("user")][role as usize],
    );
    let number_s = match number {
        0 => None,
        n if n <= 100_000_000 => Some(("se", format!("{:08}", n - 1))),
        n => Some(("cvr", format!("{:08}", n - 1 - 100_000_000))),
    };
    if let Some((k, n)) = &number_s {
        add(k, Some(n));
    }
    // Content a link could not carry either (an SE number for CUG) is not this version's code.
    from_pairs(&pairs).map_err(|_| GuideError::CodeUnknown)
}

/// Read what a user or helper typed or pasted: a guide link, or else a guide code.
pub fn parse(input: &str) -> Result<GuideTarget, GuideError> {
    if is_link(input.trim_start()) {
        parse_link(input)
    } else {
        parse_code(input)
    }
}

/// The guide link among a program's arguments: none when no argument looks like one; refused
/// when it is not the only argument (a link cannot smuggle options in after it, as in the
/// known handler bugs where a crafted link closes its quotes and adds `--flags`).
pub fn link_in_args<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
) -> Option<Result<GuideTarget, GuideError>> {
    let looks = |a: &S| {
        let b = a.as_ref().as_encoded_bytes();
        b.len() > SCHEME.len() && b[..=SCHEME.len()].eq_ignore_ascii_case(b"oces-wizard:")
    };
    if !args.iter().any(looks) {
        return None;
    }
    if args.len() != 1 {
        return Some(Err(GuideError::ExtraArguments));
    }
    Some(match args[0].as_ref().to_str() {
        Some(s) => parse_link(s),
        None => Err(GuideError::Malformed),
    })
}

/// One value a target fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fill {
    /// The link's key (`se`, `env`, …).
    pub key: String,
    /// The answer it fills (`dms_se`), none for `cvr` and `lang`.
    pub answer: Option<String>,
    /// The value.
    pub value: String,
    /// The user's own, different value, which is kept (nothing the user did is lost).
    pub kept: Option<String>,
}

/// What the panel shows before the user decides: the target, the values and whether the step
/// can be opened now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GuidePlan {
    /// Where the link or code sends the user.
    pub target: GuideTarget,
    /// The same target as a link.
    pub link: String,
    /// The same target as a guide code, when it fits in one.
    pub code: Option<String>,
    /// The values, in link order.
    pub fills: Vec<Fill>,
    /// The step can be opened with the user's progress (and the values filled).
    pub reachable: bool,
    /// When it cannot: the first step to do first, offered instead.
    pub instead: Option<String>,
    /// When it can, but steps before it are not finished (the step list does not tick them: a
    /// certificate not loaded, an answer gone): every such step, in order. The panel names them
    /// all (the step list shows them all) and offers the first one first.
    pub unfinished: Vec<String>,
    /// The step itself can really be used now: every step it needs is finished. When it waits
    /// for an unfinished step (DMS-5 for the certificate of DMS-2), the panel does not offer
    /// to go there "anyway": it would lead to a step that cannot be done.
    pub usable: bool,
    /// The certificate already chosen has the CVR the support expects (none: no CVR to compare).
    pub cvr_matches: Option<bool>,
}

fn answer_for(t: &GuideTarget, key: &str) -> Option<&'static str> {
    match (key, t.flow, t.env) {
        ("env", flow, _) => flow.def().rules.env_answer,
        ("se", _, _) => Some("dms_se"),
        ("ws", _, Some(Env::Test)) => Some("stil_ws_test"),
        ("ws", _, Some(Env::Production)) => Some("stil_ws_prod"),
        ("role", _, _) => Some("cug_role"),
        _ => None,
    }
}

fn fills(t: &GuideTarget, state: &WizardState) -> Vec<Fill> {
    let answers = state.flows.get(&t.flow).map(|p| &p.answers);
    t.pairs()
        .into_iter()
        .filter(|(k, _)| *k != "flow" && *k != "step")
        .map(|(k, v)| {
            let answer = answer_for(t, k);
            let kept = answer
                .and_then(|a| answers.and_then(|m| m.get(a)))
                .and_then(|a| match a {
                    Answer::Text(x) if !x.is_empty() && *x != v => Some(x.clone()),
                    _ => None,
                });
            Fill {
                key: k.to_string(),
                answer: answer.map(str::to_string),
                value: v,
                kept,
            }
        })
        .collect()
}

/// The state as it would be after "Gå dertil", and where the panel can send the user.
struct Applied {
    /// The flow opened and the empty fields filled.
    state: WizardState,
    /// The step can be opened.
    reachable: bool,
    /// When it cannot: the first open step before it that is not done.
    instead: Option<String>,
    /// When it can: the open steps before it that are not really done.
    unfinished: Vec<String>,
    /// Every step it needs is really done.
    usable: bool,
}

/// The state as it would be after "Gå dertil": the flow opened, empty fields filled, and the
/// step (or, when it is locked, the first open step before it) shown. Progress is never lost:
/// completed steps stay completed, answers the user gave stay as they are.
fn applied(state: &WizardState, t: &GuideTarget) -> Applied {
    let mut w = state.clone();
    w.choose_flow(t.flow);
    for f in fills(t, state) {
        if let (Some(a), None) = (&f.answer, &f.kept) {
            if let Some(p) = w.flows.get_mut(&t.flow) {
                p.answers.insert(a.clone(), Answer::Text(f.value.clone()));
            }
        }
    }
    let def = t.flow.def();
    let upto = def.index_of(&t.step).unwrap_or(0);
    let before = &def.steps[..upto];
    if w.is_unlocked(&t.step) {
        // Left with Next once, but not finished now (the step list does not tick it): said,
        // and offered first, rather than skipped without a word (issue 26).
        // Every one of them, as the step list shows them (issue 26: the offer named only the
        // first).
        let unfinished = before
            .iter()
            .filter(|s| w.is_unlocked(s.code) && !w.is_done(s.code))
            .map(|s| s.code.to_string())
            .collect();
        let usable = w.needs_done(&t.step);
        return Applied {
            state: w,
            reachable: true,
            instead: None,
            unfinished,
            usable,
        };
    }
    let done = |code: &str| {
        w.flows
            .get(&t.flow)
            .is_some_and(|p| p.completed.contains_key(code))
    };
    let instead = before
        .iter()
        .find(|s| w.is_unlocked(s.code) && !done(s.code))
        .map(|s| s.code.to_string());
    Applied {
        state: w,
        reachable: false,
        instead,
        unfinished: Vec::new(),
        usable: false,
    }
}

/// What the panel shows for `t` with the user's progress `state` (nothing is changed).
pub fn plan(state: &WizardState, t: &GuideTarget) -> GuidePlan {
    let a = applied(state, t);
    let cert_cvr = state
        .flows
        .get(&t.flow)
        .and_then(|p| p.facts.certificate.as_ref())
        .and_then(|c| c.cvr.clone());
    GuidePlan {
        target: t.clone(),
        link: t.link(),
        code: t.code().ok(),
        fills: fills(t, state),
        reachable: a.reachable,
        instead: a.instead,
        unfinished: a.unfinished,
        usable: a.usable,
        cvr_matches: match (&t.cvr, cert_cvr) {
            (Some(want), Some(have)) => Some(*want == have),
            _ => None,
        },
    }
}

/// "Gå dertil": open the step, or, with `first`, the step the panel offers first: the one to
/// do first when the step is locked, or the unfinished step before it. Either way the empty
/// fields are filled. A locked step with nothing to offer changes nothing.
pub fn apply(
    state: &mut WizardState,
    t: &GuideTarget,
    first: bool,
) -> Result<(), crate::wizard::WizardError> {
    let Applied {
        state: mut w,
        reachable,
        instead,
        unfinished,
        ..
    } = applied(state, t);
    let to = match (reachable, first, instead) {
        (true, true, _) => unfinished
            .into_iter()
            .next()
            .unwrap_or_else(|| t.step.clone()),
        (true, false, _) => t.step.clone(),
        (false, true, Some(o)) => o,
        _ => {
            return Err(crate::wizard::WizardError::StepLocked {
                code: t.step.clone(),
            })
        }
    };
    w.goto(&to)?;
    *state = w;
    Ok(())
}

#[cfg(test)]
mod tests;
