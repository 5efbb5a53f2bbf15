//! Policies an IT department sets for every user of a PC: one schema ([`POLICIES`]) that is the
//! single source of what is read, what is shown and what is generated.
//!
//! Where they are read, highest precedence first:
//! - Windows: `HKLM\Software\Policies\OCES-guiden`, then `HKCU\Software\Policies\OCES-guiden`
//!   (Group Policy and Intune write there; users cannot), value names as in [`POLICIES`];
//! - Linux: `/etc/oces-wizard/policy.json` ([`POLICY_FILE`]), one JSON object with the same
//!   names, read at most [`MAX_POLICY_FILE`] bytes and never blocking on open;
//! - macOS: nothing is read yet (the README notes the managed-preferences domain it would be).
//!
//! A value that does not fit its policy (wrong type, out of range, an unknown flow) is not
//! used: the next source, or the default, gives the value, and a coded [`Warning`] says why,
//! on the policy page, in `oces-wizard policy` and in the log. Never a crash, never silent.
//!
//! The same schema writes the ADMX/ADML files (`installer/windows/policies/`, [`admx`]) and the
//! README's table ([`markdown_table`]); tests fail when the committed copies differ.

pub mod admx;
#[cfg(windows)]
mod windows;

use crate::error::ErrorCode;
use crate::flow::FlowId;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The Linux policy file.
pub const POLICY_FILE: &str = "/etc/oces-wizard/policy.json";
/// The largest policy file read (a real one is a few hundred bytes).
pub const MAX_POLICY_FILE: u64 = 64 * 1024;
/// The registry key under HKLM and HKCU.
pub const REGISTRY_KEY: &str = r"Software\Policies\OCES-guiden";

/// The kind of value a policy takes, and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// On or off (registry: DWORD 0 or 1; JSON: true/false).
    Bool,
    /// A whole number in `min..=max` (registry: DWORD; JSON: a number).
    Int {
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// A text of at most `max_len` characters, without control characters (registry: REG_SZ).
    Text {
        /// Longest allowed, in characters.
        max_len: usize,
        /// What the text must be.
        check: TextCheck,
    },
    /// One of fixed values (registry: REG_SZ; JSON: a string); empty means not set.
    Choice(&'static [&'static str]),
    /// Flow names (registry: REG_SZ, comma-separated; JSON: an array of strings or that text).
    Flows,
}

/// Extra rules of a text policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextCheck {
    /// Any text.
    Any,
    /// An e-mail address (one `@`, text on both sides, no spaces).
    Email,
    /// An absolute folder path (`H:\Backup`, `\\server\share\…`, `/mnt/backup`).
    AbsolutePath,
}

/// One policy: its registry/JSON name, kind, default and texts.
#[derive(Debug, Clone, Copy)]
pub struct PolicyDef {
    /// The value name in the registry and the key in policy.json.
    pub name: &'static str,
    /// What it takes.
    pub kind: Kind,
    /// The value when no source sets it.
    pub default: DefaultValue,
    /// Short title, Danish.
    pub title_da: &'static str,
    /// Short title, English.
    pub title_en: &'static str,
    /// What it does, Danish.
    pub desc_da: &'static str,
    /// What it does, English.
    pub desc_en: &'static str,
}

/// A default value, as written in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// On or off.
    Bool(bool),
    /// A number.
    Int(u32),
    /// A text (empty: not set).
    Text(&'static str),
    /// Every flow.
    AllFlows,
}

/// The flows a policy can name (the start screen is always there).
pub const FLOW_NAMES: [&str; 3] = ["cug", "dms", "stil"];

/// The policies, in the order they are shown. The single source: reading, the policy page,
/// `oces-wizard policy`, the ADMX/ADML files and the README table all come from here.
pub const POLICIES: &[PolicyDef] = &[
    PolicyDef {
        name: "AllowedFlows",
        kind: Kind::Flows,
        default: DefaultValue::AllFlows,
        title_da: "Tilladte forløb",
        title_en: "Allowed flows",
        desc_da: "De forløb, brugerne kan vælge: cug (DKMAnet), dms (UFST DMS Import), stil (STIL Integrationsplatformen), adskilt med komma. Andre forløb vises ikke og kan ikke åbnes, heller ikke fra et link.",
        desc_en: "The flows users can choose: cug (DKMAnet), dms (UFST DMS Import), stil (STIL Integrationsplatformen), separated by commas. Other flows are not shown and cannot be opened, not from a link either.",
    },
    PolicyDef {
        name: "DefaultEnvironment",
        kind: Kind::Choice(&["test", "production"]),
        default: DefaultValue::Text(""),
        title_da: "Standardmiljø",
        title_en: "Default environment",
        desc_da: "Miljøet (test eller production), som DMS- og STIL-forløbet starter med. Tom: brugeren vælger.",
        desc_en: "The environment (test or production) the DMS and STIL flows start with. Empty: the user chooses.",
    },
    PolicyDef {
        name: "LockEnvironment",
        kind: Kind::Bool,
        default: DefaultValue::Bool(false),
        title_da: "Lås miljøet",
        title_en: "Lock the environment",
        desc_da: "1: brugeren kan ikke skifte fra standardmiljøet (kræver DefaultEnvironment). 0: brugeren må skifte.",
        desc_en: "1: users cannot change from the default environment (needs DefaultEnvironment). 0: users may change it.",
    },
    PolicyDef {
        name: "HelpdeskName",
        kind: Kind::Text {
            max_len: 100,
            check: TextCheck::Any,
        },
        default: DefaultValue::Text(""),
        title_da: "Helpdeskens navn",
        title_en: "Helpdesk name",
        desc_da: "Navnet på jeres egen helpdesk, som \"Få hjælp\" viser som dem, brugeren skal ringe til.",
        desc_en: "The name of your own helpdesk, which \"Get help\" shows as whom the user should call.",
    },
    PolicyDef {
        name: "HelpdeskPhone",
        kind: Kind::Text {
            max_len: 40,
            check: TextCheck::Any,
        },
        default: DefaultValue::Text(""),
        title_da: "Helpdeskens telefon",
        title_en: "Helpdesk phone",
        desc_da: "Helpdeskens telefonnummer, vist i \"Få hjælp\".",
        desc_en: "The helpdesk's phone number, shown in \"Get help\".",
    },
    PolicyDef {
        name: "HelpdeskEmail",
        kind: Kind::Text {
            max_len: 254,
            check: TextCheck::Email,
        },
        default: DefaultValue::Text(""),
        title_da: "Helpdeskens e-mail",
        title_en: "Helpdesk e-mail",
        desc_da: "Helpdeskens e-mailadresse, vist i \"Få hjælp\".",
        desc_en: "The helpdesk's e-mail address, shown in \"Get help\".",
    },
    PolicyDef {
        name: "BackupFolder",
        kind: Kind::Text {
            max_len: 1024,
            check: TextCheck::AbsolutePath,
        },
        default: DefaultValue::Text(""),
        title_da: "Mappe til sikkerhedskopi",
        title_en: "Backup folder",
        desc_da: "Mappen, som sikkerhedskopien af certifikatet lægges i (fx et netværksdrev), som en fuld sti. Brugeren kan ikke vælge en anden. Tom: brugeren vælger.",
        desc_en: "The folder the certificate's backup copy goes to (e.g. a network drive), as a full path. Users cannot choose another. Empty: the user chooses.",
    },
    PolicyDef {
        name: "BackupRequired",
        kind: Kind::Bool,
        default: DefaultValue::Bool(true),
        title_da: "Sikkerhedskopi påkrævet",
        title_en: "Backup required",
        desc_da: "1: forløbet går ikke videre uden en sikkerhedskopi. 0: brugeren må springe den over (fx når it-afdelingen tager kopien).",
        desc_en: "1: the flow does not go on without a backup copy. 0: users may pass it over (e.g. when IT keeps the copy).",
    },
    PolicyDef {
        name: "AllowStoreInstall",
        kind: Kind::Bool,
        default: DefaultValue::Bool(true),
        title_da: "Må installere i certifikatlagre",
        title_en: "May install into certificate stores",
        desc_da: "1: guiden må installere certifikatet i styresystemets og browsernes certifikatlagre og fjerne gamle derfra. 0: det gør it-afdelingen; trinnet springes over.",
        desc_en: "1: the wizard may install the certificate into the system's and browsers' certificate stores and remove old ones there. 0: IT does that; the step is passed over.",
    },
    PolicyDef {
        name: "ExpiryWarningDays",
        kind: Kind::Int { min: 1, max: 365 },
        default: DefaultValue::Int(60),
        title_da: "Advarsel om udløb (dage)",
        title_en: "Expiry warning (days)",
        desc_da: "Så mange dage før udløb advarer guiden om, at certifikatet snart udløber (1-365).",
        desc_en: "How many days before expiry the wizard warns that the certificate expires soon (1-365).",
    },
    PolicyDef {
        name: "AllowGuideLinks",
        kind: Kind::Bool,
        default: DefaultValue::Bool(true),
        title_da: "Links fra helpdesken",
        title_en: "Links from the helpdesk",
        desc_da: "1: guiden tager imod guidelinks og guidekoder fra en helpdesk. 0: de afvises.",
        desc_en: "1: the wizard takes guide links and guide codes from a helpdesk. 0: they are refused.",
    },
];

/// The definition of a policy by name.
pub fn def(name: &str) -> Option<&'static PolicyDef> {
    POLICIES.iter().find(|p| p.name == name)
}

/// A policy's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum Value {
    /// On or off.
    Bool(bool),
    /// A number.
    Int(u32),
    /// A text (empty: not set).
    Text(String),
    /// Flow names.
    List(Vec<String>),
}

impl DefaultValue {
    fn value(self) -> Value {
        match self {
            DefaultValue::Bool(b) => Value::Bool(b),
            DefaultValue::Int(n) => Value::Int(n),
            DefaultValue::Text(t) => Value::Text(t.to_string()),
            DefaultValue::AllFlows => {
                Value::List(FLOW_NAMES.iter().map(|s| s.to_string()).collect())
            }
        }
    }
}

/// Where an effective value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// No source set it.
    Default,
    /// `HKLM\Software\Policies\OCES-guiden`.
    Hklm,
    /// `HKCU\Software\Policies\OCES-guiden`.
    Hkcu,
    /// `/etc/oces-wizard/policy.json`.
    PolicyJson,
}

/// A value as a source holds it, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// A registry DWORD.
    Dword(u32),
    /// A registry string (REG_SZ, REG_EXPAND_SZ).
    Text(String),
    /// A registry value of another type (its type number).
    OtherRegistryType(u32),
    /// A value from policy.json.
    Json(serde_json::Value),
}

/// One source's values (and what was wrong with the source as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Where.
    pub source: Source,
    /// Name to value, as found.
    pub values: BTreeMap<String, Raw>,
    /// The source itself could not be used (policy.json damaged, too large).
    pub problem: Option<Warning>,
}

impl Layer {
    /// A layer with no values.
    pub fn empty(source: Source) -> Layer {
        Layer {
            source,
            values: BTreeMap::new(),
            problem: None,
        }
    }
}

/// A policy value that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Warning {
    /// The policy's name (cut to 64 characters, escaped), or empty for the whole source.
    pub policy: String,
    /// Where the value was.
    pub source: Source,
    /// Why it was ignored: `policy.wrong_type`, `policy.out_of_range`, `policy.unknown_flow`, ….
    pub code: ErrorCode,
    /// English detail for the log (no value is repeated beyond 64 characters).
    pub message: String,
}

/// One policy's effective value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Effective {
    /// The policy's name.
    pub name: String,
    /// The value in force.
    pub value: Value,
    /// Where it came from.
    pub source: Source,
    /// The schema's default.
    pub default: Value,
}

/// Every policy's effective value, and the warnings: what the policy page and
/// `oces-wizard policy` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Policies {
    /// In the order of [`POLICIES`].
    pub policies: Vec<Effective>,
    /// Values not used, and why.
    pub warnings: Vec<Warning>,
}

/// The helpdesk "Få hjælp" names (each empty when not set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Helpdesk {
    /// Its name.
    pub name: String,
    /// Its phone number.
    pub phone: String,
    /// Its e-mail address.
    pub email: String,
}

/// What the window needs to honour the policies: the values the screens use, and which
/// settings are locked (shown as "Administreret af din organisation").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyView {
    /// The flows the start screen offers.
    pub allowed_flows: Vec<FlowId>,
    /// The environment DMS and STIL start with, if set.
    pub default_environment: Option<String>,
    /// The environment cannot be changed.
    pub environment_locked: bool,
    /// Whom to call (each field empty when not set).
    pub helpdesk: Helpdesk,
    /// The backup folder, when IT set it (then the user cannot choose another).
    pub backup_folder: Option<String>,
    /// A backup copy is required.
    pub backup_required: bool,
    /// The app may install into the certificate stores.
    pub store_install: bool,
    /// Days before expiry that the app warns.
    pub expiry_warning_days: u32,
    /// Guide links and codes are taken.
    pub guide_links: bool,
    /// Whether any policy is set by the organisation (not all defaults).
    pub managed: bool,
}

fn cut(s: &str) -> String {
    let short: String = s.chars().take(64).collect();
    crate::text::plain(&short).into_owned()
}

fn warning(policy: &str, source: Source, code: ErrorCode, message: String) -> Warning {
    Warning {
        policy: cut(policy),
        source,
        code,
        message,
    }
}

/// Check one raw value against its definition.
fn check(def: &PolicyDef, raw: &Raw) -> Result<Value, (ErrorCode, String)> {
    let wrong = |what: &str| {
        Err((
            ErrorCode::PolicyWrongType,
            format!("{} takes {what}", def.name),
        ))
    };
    // JSON and registry forms, brought to one.
    let text = match raw {
        Raw::Text(t) => Some(t.clone()),
        Raw::Json(serde_json::Value::String(t)) => Some(t.clone()),
        _ => None,
    };
    match def.kind {
        Kind::Bool => {
            let n = match raw {
                Raw::Dword(n) => u64::from(*n),
                Raw::Json(serde_json::Value::Bool(b)) => u64::from(*b),
                Raw::Json(serde_json::Value::Number(n)) => match n.as_u64() {
                    Some(n) => n,
                    None => return wrong("0 or 1"),
                },
                _ => return wrong("a DWORD 0 or 1 (JSON: true or false)"),
            };
            match n {
                0 => Ok(Value::Bool(false)),
                1 => Ok(Value::Bool(true)),
                n => Err((
                    ErrorCode::PolicyOutOfRange,
                    format!("{} is 0 or 1, not {n}", def.name),
                )),
            }
        }
        Kind::Int { min, max } => {
            let n = match raw {
                Raw::Dword(n) => u64::from(*n),
                Raw::Json(serde_json::Value::Number(n)) => match n.as_u64() {
                    Some(n) => n,
                    None => {
                        return Err((
                            ErrorCode::PolicyOutOfRange,
                            format!("{} is a whole number from {min} to {max}", def.name),
                        ))
                    }
                },
                _ => return wrong("a DWORD (JSON: a number)"),
            };
            if n < u64::from(min) || n > u64::from(max) {
                return Err((
                    ErrorCode::PolicyOutOfRange,
                    format!("{} is from {min} to {max}, not {n}", def.name),
                ));
            }
            Ok(Value::Int(n as u32))
        }
        Kind::Text { max_len, check } => {
            let Some(t) = text else {
                return wrong("a text (REG_SZ)");
            };
            let t = t.trim().to_string();
            if t.chars().count() > max_len {
                return Err((
                    ErrorCode::PolicyOutOfRange,
                    format!("{} is at most {max_len} characters", def.name),
                ));
            }
            if t.chars()
                .any(|c| c.is_control() || crate::text::is_unsafe(c))
            {
                return Err((
                    ErrorCode::PolicyBadValue,
                    format!("{} holds a control character", def.name),
                ));
            }
            let ok = t.is_empty()
                || match check {
                    TextCheck::Any => true,
                    TextCheck::Email => {
                        let mut parts = t.split('@');
                        let (a, b) = (parts.next(), parts.next());
                        parts.next().is_none()
                            && a.is_some_and(|a| !a.is_empty())
                            && b.is_some_and(|b| b.contains('.') && !b.starts_with('.'))
                            && !t.contains(char::is_whitespace)
                    }
                    TextCheck::AbsolutePath => absolute_path(&t),
                };
            if !ok {
                return Err((
                    ErrorCode::PolicyBadValue,
                    format!("{}: `{}` does not fit", def.name, cut(&t)),
                ));
            }
            Ok(Value::Text(t))
        }
        Kind::Choice(options) => {
            let Some(t) = text else {
                return wrong("a text (REG_SZ)");
            };
            let t = t.trim().to_ascii_lowercase();
            if t.is_empty() || options.contains(&t.as_str()) {
                Ok(Value::Text(t))
            } else {
                Err((
                    ErrorCode::PolicyBadValue,
                    format!(
                        "{} is one of {}, not `{}`",
                        def.name,
                        options.join(", "),
                        cut(&t)
                    ),
                ))
            }
        }
        Kind::Flows => {
            let names: Vec<String> = match (raw, text) {
                (_, Some(t)) => t.split(',').map(|s| s.trim().to_string()).collect(),
                (Raw::Json(serde_json::Value::Array(a)), None) => {
                    let mut names = Vec::new();
                    for v in a.iter().take(16) {
                        match v.as_str() {
                            Some(s) => names.push(s.trim().to_string()),
                            None => return wrong("flow names"),
                        }
                    }
                    names
                }
                _ => return wrong("flow names, separated by commas"),
            };
            let mut out: Vec<String> = Vec::new();
            for n in names.iter().filter(|n| !n.is_empty()) {
                let n = n.to_ascii_lowercase();
                if !FLOW_NAMES.contains(&n.as_str()) {
                    return Err((
                        ErrorCode::PolicyUnknownFlow,
                        format!("{}: no flow is called `{}`", def.name, cut(&n)),
                    ));
                }
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            if out.is_empty() {
                return Err((
                    ErrorCode::PolicyBadValue,
                    format!("{} names no flow", def.name),
                ));
            }
            // The start screen's order.
            out.sort_by_key(|n| FLOW_NAMES.iter().position(|f| f == n));
            Ok(Value::List(out))
        }
    }
}

/// A full path on this OS: `C:\…` or `\\server\share\…` on Windows, `/…` elsewhere.
fn absolute_path(t: &str) -> bool {
    if cfg!(windows) {
        let b = t.as_bytes();
        t.starts_with(r"\\")
            || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\')
    } else {
        t.starts_with('/')
    }
}

/// The effective policies from `layers`, highest precedence first.
pub fn resolve(layers: &[Layer]) -> Policies {
    let mut warnings: Vec<Warning> = layers.iter().filter_map(|l| l.problem.clone()).collect();
    for l in layers {
        for name in l.values.keys().filter(|n| def(n).is_none()).take(20) {
            warnings.push(warning(
                name,
                l.source,
                ErrorCode::PolicyUnknownName,
                format!("no policy is called `{}`", cut(name)),
            ));
        }
    }
    let mut policies = Vec::new();
    for d in POLICIES {
        let mut chosen = None;
        for l in layers {
            let Some(raw) = l.values.get(d.name) else {
                continue;
            };
            match check(d, raw) {
                Ok(v) if chosen.is_none() => chosen = Some((v, l.source)),
                Ok(_) => {}
                Err((code, message)) => warnings.push(warning(d.name, l.source, code, message)),
            }
        }
        let (value, source) = chosen.unwrap_or((d.default.value(), Source::Default));
        policies.push(Effective {
            name: d.name.to_string(),
            value,
            source,
            default: d.default.value(),
        });
    }
    Policies { policies, warnings }
}

impl Policies {
    /// Every policy at its default (no source).
    pub fn defaults() -> Policies {
        resolve(&[])
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.policies
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.value)
    }

    fn flag(&self, name: &str) -> bool {
        match self.value(name) {
            Some(Value::Bool(b)) => *b,
            _ => def(name).is_some_and(|d| d.default == DefaultValue::Bool(true)),
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.value(name) {
            Some(Value::Text(t)) if !t.is_empty() => Some(t.clone()),
            _ => None,
        }
    }

    /// Whether the user may open `flow` (the start screen always).
    pub fn flow_allowed(&self, flow: FlowId) -> bool {
        match (flow, self.value("AllowedFlows")) {
            (FlowId::Start, _) => true,
            (f, Some(Value::List(l))) => l.iter().any(|n| n == f.def().id_str),
            _ => true,
        }
    }

    /// `test` or `production`, when IT set it.
    pub fn default_environment(&self) -> Option<String> {
        self.text("DefaultEnvironment")
    }

    /// The environment is fixed (a default is set and locked).
    pub fn environment_locked(&self) -> bool {
        self.flag("LockEnvironment") && self.default_environment().is_some()
    }

    /// Whom to call.
    pub fn helpdesk(&self) -> Helpdesk {
        Helpdesk {
            name: self.text("HelpdeskName").unwrap_or_default(),
            phone: self.text("HelpdeskPhone").unwrap_or_default(),
            email: self.text("HelpdeskEmail").unwrap_or_default(),
        }
    }

    /// The backup folder IT set.
    pub fn backup_folder(&self) -> Option<PathBuf> {
        self.text("BackupFolder").map(PathBuf::from)
    }

    /// Whether the backup copy is required.
    pub fn backup_required(&self) -> bool {
        self.flag("BackupRequired")
    }

    /// Whether the app may install into (and remove from) the certificate stores.
    pub fn store_install(&self) -> bool {
        self.flag("AllowStoreInstall")
    }

    /// Days before expiry that the app warns.
    pub fn expiry_warning_days(&self) -> u32 {
        match self.value("ExpiryWarningDays") {
            Some(Value::Int(n)) => *n,
            _ => 60,
        }
    }

    /// Whether guide links and codes are taken.
    pub fn guide_links(&self) -> bool {
        self.flag("AllowGuideLinks")
    }

    /// What the window needs.
    pub fn view(&self) -> PolicyView {
        PolicyView {
            allowed_flows: FlowId::ALL
                .into_iter()
                .filter(|f| *f != FlowId::Start && self.flow_allowed(*f))
                .collect(),
            default_environment: self.default_environment(),
            environment_locked: self.environment_locked(),
            helpdesk: self.helpdesk(),
            backup_folder: self.text("BackupFolder"),
            backup_required: self.backup_required(),
            store_install: self.store_install(),
            expiry_warning_days: self.expiry_warning_days(),
            guide_links: self.guide_links(),
            managed: self.policies.iter().any(|p| p.source != Source::Default),
        }
    }

    /// Record each warning in the log (once per load).
    pub fn log_warnings(&self) {
        for w in &self.warnings {
            tracing::warn!(target: "oces_core::policy", code = %w.code, policy = %w.policy, source = ?w.source, "a policy value was ignored: {}", w.message);
        }
    }
}

/// Read a policy.json file (at most [`MAX_POLICY_FILE`] bytes, never blocking): a missing file
/// is an empty layer; a damaged, too large or non-object file is one warning and no values.
pub fn read_json_file(path: &Path) -> Layer {
    use crate::limits::{read_file, ReadError};
    let mut layer = Layer::empty(Source::PolicyJson);
    let unreadable = |why: String| {
        Some(warning(
            "",
            Source::PolicyJson,
            ErrorCode::PolicyUnreadable,
            why,
        ))
    };
    let bytes = match read_file(path, MAX_POLICY_FILE) {
        Ok(b) => b,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return layer,
        Err(ReadError::TooLarge { .. }) => {
            layer.problem = unreadable(format!("larger than {MAX_POLICY_FILE} bytes"));
            return layer;
        }
        Err(ReadError::NotAFile) => {
            layer.problem = unreadable("not a file".into());
            return layer;
        }
        Err(ReadError::Io(e)) => {
            layer.problem = unreadable(format!("could not be read ({:?})", e.kind()));
            return layer;
        }
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(map)) => {
            layer.values = map.into_iter().map(|(k, v)| (k, Raw::Json(v))).collect();
        }
        Ok(_) => layer.problem = unreadable("not a JSON object".into()),
        Err(e) => layer.problem = unreadable(format!("not JSON (line {})", e.line())),
    }
    layer
}

/// The layers of this computer, highest precedence first.
fn system_layers() -> Vec<Layer> {
    #[cfg(windows)]
    {
        vec![windows::read(Source::Hklm), windows::read(Source::Hkcu)]
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        vec![read_json_file(&policy_file())]
    }
    #[cfg(not(any(windows, all(unix, not(target_os = "macos")))))]
    {
        Vec::new()
    }
}

/// The policy file: [`POLICY_FILE`]; a debug build (the tests) takes `OCES_WIZARD_TEST_POLICY_FILE`
/// instead, which a release build never reads, so a user cannot point it elsewhere.
#[cfg(all(unix, not(target_os = "macos")))]
fn policy_file() -> PathBuf {
    #[cfg(debug_assertions)]
    if let Some(p) = std::env::var_os("OCES_WIZARD_TEST_POLICY_FILE").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    PathBuf::from(POLICY_FILE)
}

impl Policies {
    /// This computer's policies, read now (the registry, or policy.json). A session reads them
    /// once, when it is made, and holds them ([`crate::session::Session::policies`]); nothing
    /// keeps them for the process.
    pub fn of_this_computer() -> Policies {
        resolve(&system_layers())
    }
}

/// Set the expiry warning of an inspection to `days` before the end of validity (the
/// certificate code's own rule says 60): `cert.expires_soon` is added, kept or removed.
pub fn apply_expiry_warning(r: &mut crate::cert::Inspection, days: u32) {
    use crate::cert::identify::{Finding, Level};
    let at = r
        .findings
        .iter()
        .position(|f| f.code == "cert.expires_soon");
    if let Some(i) = at {
        r.findings.remove(i);
    }
    let invalid = r
        .findings
        .iter()
        .any(|f| f.code == "cert.expired" || f.code == "cert.not_yet_valid");
    let left = r.expiry.days_left;
    if invalid || left < 0 || left >= i64::from(days) {
        return;
    }
    let finding = Finding {
        level: Level::Warning,
        code: "cert.expires_soon",
        message: format!(
            "the certificate expires within {days} days, on {}",
            r.certificate.not_after
        ),
    };
    let i = at.unwrap_or_else(|| {
        r.findings
            .iter()
            .position(|f| f.code.starts_with("cert."))
            .unwrap_or(r.findings.len())
    });
    r.findings.insert(i.min(r.findings.len()), finding);
}

/// The README's table of policies (between its markers).
pub fn markdown_table() -> String {
    let mut s = String::from("| name | type | default | what it does |\n|---|---|---|---|\n");
    for d in POLICIES {
        let kind = match d.kind {
            Kind::Bool => "DWORD 0/1".to_string(),
            Kind::Int { min, max } => format!("DWORD {min}-{max}"),
            Kind::Text { max_len, .. } => format!("REG_SZ, ≤ {max_len} characters"),
            Kind::Choice(o) => format!("REG_SZ: {}", o.join(" / ")),
            Kind::Flows => format!("REG_SZ: {} (comma-separated)", FLOW_NAMES.join(", ")),
        };
        let default = match d.default {
            DefaultValue::Bool(b) => u8::from(b).to_string(),
            DefaultValue::Int(n) => n.to_string(),
            DefaultValue::Text("") => "(not set)".to_string(),
            DefaultValue::Text(t) => t.to_string(),
            DefaultValue::AllFlows => FLOW_NAMES.join(","),
        };
        s.push_str(&format!(
            "| `{}` | {kind} | {default} | {} |\n",
            d.name,
            d.desc_en.replace('|', "\\|")
        ));
    }
    s
}

#[cfg(test)]
mod tests;
