//! For the support desk: the support code and the support report.
//!
//! **Support code**: a short code a user reads aloud, e.g. `T333-3333-3F`, that tells a
//! helper the flow, the step, which steps are done and the key results. Ten characters from an
//! alphabet without the characters that are confused when read aloud or read off a screen
//! (neither of 2/Z, 0/O, 1/I/L, 5/S, 8/B, nor U), the last one a check character (Luhn mod
//! N), so any single mistyped character and most swapped neighbours are caught. The screen
//! shows it after the step code ("Kode til supporten: DMS-1 · T333-3333-3F"), and a helper can
//! type either the code alone or the whole line.
//!
//! Nine payload characters carry 41.2 bits (24^9 > 2^41). Two layouts, little end first:
//!
//! - **Version 3** (written today): version (3 bits), flow (3: up to 8 flows), current step
//!   index (4: up to 16 steps), completed steps (16 bits, one per step), certificate found,
//!   opened, placed, backed up, registered, connection ok (1 bit each), kind (3), environment
//!   (2), generation (3: OCES I has a value of its own), spare (1, zero).
//! - **Version 2** (read only, for codes users wrote down before): version (3), flow (2),
//!   step (4), completed (12), the six flags, kind (3), environment (2), generation (2, no
//!   OCES I), spare from bit 34, zero. Version 2 is the first with this alphabet (version 1
//!   had 2, 5, 8, B, S and Z).
//!
//! The limits are guarded: a compile-time assertion for the number of flows and a test over
//! every flow table for the number of steps, so a fifth flow or a seventeenth step fails the
//! build or the tests instead of giving codes that read back wrong.
//!
//! **Support report**: everything a helper needs as text and JSON, and nothing secret: the
//! wizard state holds no password, key, installation code or gateway password, and the report
//! is built only from it and from facts about the machine. File locations show the home folder
//! as `~`.

use crate::cert::identify::{Environment, Generation, Kind};
use crate::flow::FlowId;
use crate::i18n::Lang;
use crate::paths::UserFolders;
use crate::wizard::{Outcome, WizardState};
use serde::{Deserialize, Serialize};

/// The code's alphabet: digits and capitals without either character of the pairs that are
/// confused when read aloud or off a screen (2/Z, 0/O, 1/I, 5/S, 8/B), nor L and U.
pub const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTVWXY";
const N: u64 = ALPHABET.len() as u64; // 24
const DATA_CHARS: usize = 9;
/// The layout written by [`encode`].
const VERSION: u64 = 3;
/// The older layout [`decode`] still reads.
const VERSION_2: u64 = 2;

/// One layout of the payload: where each field starts and how wide it is.
struct Layout {
    flow: (u32, u32),
    step: (u32, u32),
    completed: (u32, u32),
    flags: u32,
    kind: (u32, u32),
    env: (u32, u32),
    generation: (u32, u32),
    /// The first bit that must be zero.
    end: u32,
    /// The generations this layout names, value 1 onwards (0 = none known).
    generations: &'static [Generation],
}

const V3: Layout = Layout {
    flow: (3, 3),
    step: (6, 4),
    completed: (10, 16),
    flags: 26,
    kind: (32, 3),
    env: (35, 2),
    generation: (37, 3),
    end: 40,
    generations: &[
        Generation::Oces2,
        Generation::Oces3,
        Generation::None,
        Generation::Oces1,
    ],
};

const V2: Layout = Layout {
    flow: (3, 2),
    step: (5, 4),
    completed: (9, 12),
    flags: 21,
    kind: (27, 3),
    env: (30, 2),
    generation: (32, 2),
    end: 34,
    generations: &[Generation::Oces2, Generation::Oces3, Generation::None],
};

/// The most flows and steps per flow a version 3 code can carry.
pub const MAX_FLOWS: usize = 1 << V3.flow.1;
/// See [`MAX_FLOWS`].
pub const MAX_STEPS: usize = V3.completed.1 as usize;

// The guard: more flows than the code has room for do not compile. (Steps: the test
// `every_flow_table_fits_the_support_code`, as the tables are not constants.)
const _: () = assert!(FlowId::ALL.len() <= MAX_FLOWS);
const _: () = assert!(1 << V3.step.1 >= MAX_STEPS);
const _: () = assert!(V3.end < 41 && V2.end < 41, "nine characters carry 41 bits");

fn field(bits: u64, (at, width): (u32, u32)) -> u64 {
    bits >> at & ((1 << width) - 1)
}

/// What a support code says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CodeInfo {
    /// The flow.
    pub flow: FlowId,
    /// The current step code.
    pub step: String,
    /// Codes of the completed steps.
    pub completed: Vec<String>,
    /// A certificate file was chosen.
    pub found: bool,
    /// It was opened (unlocked).
    pub opened: bool,
    /// It was placed in `.oces`.
    pub placed: bool,
    /// A backup was made.
    pub backed_up: bool,
    /// The portal registration was confirmed.
    pub registered: bool,
    /// The connection test passed.
    pub connection_ok: bool,
    /// The certificate's kind (`employee`, `organisation`, `system`, `personal` in the
    /// JSON), or none. A value this version does not know reads as none.
    #[serde(default, deserialize_with = "crate::error::lenient")]
    #[cfg_attr(feature = "specta", specta(type = Option<Kind>))]
    pub kind: Option<Kind>,
    /// The certificate's environment (`test`, `production` in the JSON), or none. A value
    /// this version does not know reads as none.
    #[serde(default, deserialize_with = "crate::error::lenient")]
    #[cfg_attr(feature = "specta", specta(type = Option<Environment>))]
    pub environment: Option<Environment>,
    /// The certificate's generation (`oces1`, `oces2`, `oces3`, `none` in the JSON), or
    /// none when not known. A value this version does not know reads as none.
    #[serde(default, deserialize_with = "crate::error::lenient")]
    #[cfg_attr(feature = "specta", specta(type = Option<Generation>))]
    pub generation: Option<Generation>,
}

/// Why a typed support code cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Wrong length or a character outside the alphabet.
    #[error("the support code is not 10 characters from the code alphabet")]
    Malformed,
    /// The check character does not match: a character was mistyped.
    #[error("the support code has a mistyped character")]
    CheckFailed,
    /// A version or value this app does not know.
    #[error("the support code comes from another version of the app")]
    Unknown,
}

impl crate::error::Coded for CodeError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            CodeError::Malformed => crate::error::ErrorCode::SupportCodeMalformed,
            CodeError::CheckFailed => crate::error::ErrorCode::SupportCodeCheck,
            CodeError::Unknown => crate::error::ErrorCode::SupportCodeUnknown,
        }
    }
}

const KINDS: [Kind; 4] = [
    Kind::Employee,
    Kind::Organisation,
    Kind::System,
    Kind::Personal,
];
const ENVS: [Environment; 2] = [Environment::Test, Environment::Production];

/// The code's value of `v` in `list`: its place from 1, or 0 for none (or one not listed).
fn index_of<T: PartialEq>(list: &[T], v: Option<T>) -> u64 {
    v.and_then(|v| list.iter().position(|x| *x == v))
        .map(|i| i as u64 + 1)
        .unwrap_or(0)
}

/// [`index_of`] backwards; a value past the list is from another version of the app.
fn value_at<T: Copy>(list: &[T], i: u64) -> Result<Option<T>, CodeError> {
    match i {
        0 => Ok(None),
        i if (i as usize) <= list.len() => Ok(Some(list[i as usize - 1])),
        _ => Err(CodeError::Unknown),
    }
}

/// Luhn mod N check character over code points.
pub(crate) fn check_char(points: &[u64]) -> u64 {
    let mut factor = 2;
    let mut sum = 0;
    for p in points.iter().rev() {
        let addend = factor * p;
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / N + addend % N;
    }
    (N - sum % N) % N
}

/// The support code for the wizard's state, formatted `XXXX-XXXX-XX`.
pub fn encode(state: &WizardState) -> String {
    let def = state.active.def();
    let flow = FlowId::ALL
        .iter()
        .position(|f| *f == state.active)
        .unwrap_or(0) as u64;
    let step = def.index_of(state.current_step().code).unwrap_or(0) as u64;
    let p = state.flows.get(&state.active);
    let mut completed = 0u64;
    for (i, s) in def.steps.iter().enumerate().take(MAX_STEPS) {
        if p.is_some_and(|p| p.completed.contains_key(s.code)) {
            completed |= 1 << i;
        }
    }
    let facts = state.facts();
    let cert = facts.certificate.as_ref();
    // The flow table names the tick box behind the "registered" flag.
    let registered = p.is_some_and(|p| {
        def.rules
            .registered_answer
            .is_some_and(|id| matches!(p.answers.get(id), Some(crate::flow::Answer::Bool(true))))
    });
    let flags = [
        facts.file.is_some(),
        cert.is_some(),
        facts.placed.is_some(),
        facts.backup.is_some(),
        registered,
        facts.connection.as_ref().is_some_and(|c| c.ok),
    ];
    let l = &V3;
    let mut bits = VERSION | flow << l.flow.0 | step << l.step.0 | completed << l.completed.0;
    for (i, f) in flags.iter().enumerate() {
        if *f {
            bits |= 1 << (l.flags + i as u32);
        }
    }
    bits |= index_of(&KINDS, cert.and_then(|c| c.kind)) << l.kind.0;
    bits |= index_of(&ENVS, cert.map(|c| c.environment)) << l.env.0;
    bits |= index_of(l.generations, cert.map(|c| c.generation)) << l.generation.0;
    let mut points = Vec::with_capacity(DATA_CHARS + 1);
    let mut v = bits;
    for _ in 0..DATA_CHARS {
        points.push(v % N);
        v /= N;
    }
    points.push(check_char(&points));
    let s: String = points
        .iter()
        .map(|p| ALPHABET[*p as usize] as char)
        .collect();
    format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..])
}

/// The most characters a typed support code may have (the whole labelled line from the screen
/// is about 40): anything longer is refused before it is read.
pub const MAX_TYPED: usize = 200;

/// The ten code characters of what was typed: upper case, every character that is not a letter
/// or digit dropped as a separator (spaces, dashes, dots, middle dots, underscores, slashes …),
/// and the step part in front, with or without its label ("Kode til supporten: CUG-4 ·"), left
/// out. The step part is taken only when it is a real step code, so one extra character is still
/// a mistake.
fn code_characters(typed: &str) -> Result<Vec<char>, CodeError> {
    if typed.chars().count() > MAX_TYPED {
        return Err(CodeError::Malformed);
    }
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let want = DATA_CHARS + 1;
    if chars.len() <= want {
        return Ok(chars);
    }
    let (front, code) = chars.split_at(chars.len() - want);
    let front: String = front.iter().collect();
    let is_step = FlowId::ALL.iter().any(|f| {
        f.def().steps.iter().any(|s| {
            let step: String = s.code.chars().filter(|c| c.is_alphanumeric()).collect();
            // The label before the step code has letters only ("KODETILSUPPORTEN").
            front
                .strip_suffix(step.as_str())
                .is_some_and(|label| label.chars().all(|c| c.is_alphabetic()))
        })
    });
    if is_step {
        Ok(code.to_vec())
    } else {
        Err(CodeError::Malformed)
    }
}

/// Read a typed support code: any separators and lower case are allowed, and so is the step
/// part or the whole line from the screen, "Kode til supporten: DMS-1 · T333-3333-3F"
/// (see `code_characters`).
pub fn decode(typed: &str) -> Result<CodeInfo, CodeError> {
    let mut points = Vec::new();
    for c in code_characters(typed)? {
        let p = ALPHABET
            .iter()
            .position(|a| *a as char == c)
            .ok_or(CodeError::Malformed)?;
        points.push(p as u64);
    }
    if points.len() != DATA_CHARS + 1 {
        return Err(CodeError::Malformed);
    }
    let (data, check) = points.split_at(DATA_CHARS);
    if check_char(data) != check[0] {
        return Err(CodeError::CheckFailed);
    }
    let bits = data.iter().rev().fold(0u64, |acc, p| acc * N + p);
    let l = match bits & 0b111 {
        VERSION => &V3,
        VERSION_2 => &V2,
        _ => return Err(CodeError::Unknown),
    };
    if bits >> l.end != 0 {
        return Err(CodeError::Unknown);
    }
    let flow = *FlowId::ALL
        .get(field(bits, l.flow) as usize)
        .ok_or(CodeError::Unknown)?;
    let def = flow.def();
    let step = def
        .steps
        .get(field(bits, l.step) as usize)
        .ok_or(CodeError::Unknown)?;
    let done = field(bits, l.completed);
    if done >> def.steps.len().min(63) != 0 {
        // A completed step the flow does not have: not a code this app wrote.
        return Err(CodeError::Unknown);
    }
    let completed = def
        .steps
        .iter()
        .enumerate()
        .filter(|(i, _)| done >> i & 1 == 1)
        .map(|(_, s)| s.code.to_string())
        .collect();
    let flag = |i: u32| bits >> (l.flags + i) & 1 == 1;
    Ok(CodeInfo {
        flow,
        step: step.code.to_string(),
        completed,
        found: flag(0),
        opened: flag(1),
        placed: flag(2),
        backed_up: flag(3),
        registered: flag(4),
        connection_ok: flag(5),
        kind: value_at(&KINDS, field(bits, l.kind))?,
        environment: value_at(&ENVS, field(bits, l.env))?,
        generation: value_at(l.generations, field(bits, l.generation))?,
    })
}

/// Facts about the machine for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Machine {
    /// App version.
    pub app_version: String,
    /// OS family and version as far as known (`linux`, `windows`, `macos` …).
    pub os: String,
    /// The language in use (`da`, `en`).
    pub language: String,
}

pub use crate::platform::os_description;

/// One step in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepLine {
    /// Step code.
    pub code: String,
    /// Where it stands (`done`, `current`, `open`, `locked`, `not_needed` in the JSON).
    pub status: crate::wizard::StepStatus,
}

/// Every step of the code's flow with its status, as far as a code tells it: the step on
/// screen is `current`, a completed one `done`; one that waits for a step the code does not show
/// as completed is `locked` (a step that applies only after some answer does not count, as the
/// code carries no answers), and the rest `open`. The support view shows these, as it shows a
/// report's own lines.
pub fn code_steps(info: &CodeInfo) -> Vec<StepLine> {
    use crate::wizard::StepStatus;
    let def = info.flow.def();
    let done = |code: &str| info.completed.iter().any(|c| c == code);
    def.steps
        .iter()
        .map(|s| {
            let waits = s
                .requires
                .iter()
                .any(|r| !done(r) && def.index_of(r).is_some_and(|i| def.steps[i].when.is_none()));
            let status = if s.code == info.step {
                StepStatus::Current
            } else if done(s.code) {
                StepStatus::Done
            } else if waits {
                StepStatus::Locked
            } else {
                StepStatus::Open
            };
            StepLine {
                code: s.code.to_string(),
                status,
            }
        })
        .collect()
}

/// The support report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Report {
    /// The machine.
    pub machine: Machine,
    /// The support code of this state.
    pub support_code: String,
    /// The flow.
    pub flow: FlowId,
    /// The current step code.
    pub step: String,
    /// Every step with its status.
    pub steps: Vec<StepLine>,
    /// The certificate, as read from the file (no key, no password).
    pub certificate: Option<crate::flow_facts::CertFacts>,
    /// The certificate file chosen, home as `~`.
    pub file: Option<String>,
    /// Where it was placed, home as `~`.
    pub placed: Option<String>,
    /// Where the backup is, home as `~`.
    pub backup: Option<String>,
    /// Non-secret answers (choices, ticks, typed ids).
    pub answers: std::collections::BTreeMap<String, crate::flow::Answer>,
    /// The last errors met, with their codes (newest last).
    #[serde(default)]
    pub errors: Vec<crate::wizard::ErrorRecord>,
    /// The last connection test.
    #[serde(default)]
    pub connection: Option<crate::flow_facts::ConnectionFacts>,
    /// Where the certificate was installed, one line per store.
    #[serde(default)]
    pub installed: Option<crate::flow_facts::InstallFacts>,
    /// The gateway user kept in the keychain (never the password).
    #[serde(default)]
    pub credentials: Option<String>,
    /// A CUG file the reader could not read: what it saw (sizes, markers, never content).
    #[serde(default)]
    pub unreadable: Option<crate::files::unreadable::UnreadableFile>,
    /// The last lines of the app's log, only when the user chose to attach them
    /// ([`attach_log`]): scrubbed and capped like every log line. Left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<String>,
}

/// Attach the last lines of the log in the app-data folder `data_dir` (at most
/// [`crate::logging::TAIL_LINES`], read from at most [`crate::logging::TAIL_MAX_BYTES`]).
pub fn attach_log(r: &mut Report, data_dir: &std::path::Path) {
    r.log = crate::logging::tail(data_dir);
}

/// Build the report from the wizard state.
pub fn report(state: &WizardState, folders: Option<&UserFolders>, machine: Machine) -> Report {
    let view = state.view();
    let facts = state.facts();
    let show = |p: &Option<std::path::PathBuf>| {
        p.as_ref().map(|p| match folders {
            Some(f) => f.tilde(p),
            None => p.display().to_string(),
        })
    };
    Report {
        support_code: encode(state),
        flow: view.flow,
        step: view.current.clone(),
        steps: view
            .steps
            .iter()
            .map(|s| StepLine {
                code: s.code.clone(),
                status: s.status,
            })
            .collect(),
        certificate: facts.certificate.clone(),
        file: show(&facts.file),
        placed: show(&facts.placed),
        backup: show(&facts.backup),
        answers: view.answers,
        errors: state.recent_errors.clone(),
        connection: facts.connection.clone(),
        installed: facts.installed.clone(),
        credentials: facts.credentials.clone(),
        unreadable: facts.unreadable.clone(),
        log: Vec::new(),
        machine,
    }
}

/// The report's file name in `lang`, the `n`th when the earlier ones are taken: for a Danish
/// user in Danish with the date as Danish writes it ("OCES-guiden supportrapport 6. december
/// 2026.json", then "… (2).json"), for an English one `oces-wizard-support-2026-12-06.json`
/// (then `…-2.json`), as before.
pub fn report_file_name(date: time::Date, lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Da, 1) => format!(
            "OCES-guiden supportrapport {}.json",
            crate::i18n::date_only(date, Lang::Da)
        ),
        (Lang::Da, n) => format!(
            "OCES-guiden supportrapport {} ({n}).json",
            crate::i18n::date_only(date, Lang::Da)
        ),
        (Lang::En, 1) => format!("oces-wizard-support-{date}.json"),
        (Lang::En, n) => format!("oces-wizard-support-{date}-{n}.json"),
    }
}

/// Save the report as JSON in `dir` under [`report_file_name`] (the next free one when the
/// name is taken: nothing is ever overwritten). Returns the file written.
pub fn save_report_in(
    dir: &std::path::Path,
    r: &Report,
    date: time::Date,
    lang: Lang,
) -> Result<std::path::PathBuf, crate::files::FileError> {
    // A report that cannot be serialised is an error, never an empty file.
    let body = serde_json::to_vec_pretty(r).map_err(|e| crate::files::FileError::Io {
        path: dir.to_path_buf(),
        source: e.into(),
    })?;
    let mut last = None;
    for n in 1..=50 {
        let target = dir.join(report_file_name(date, lang, n));
        match crate::files::place::write_new_file(&target, &body) {
            Ok(()) => return Ok(target),
            Err(e @ crate::files::FileError::NameTaken { .. }) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or(crate::files::FileError::NameInvalid {
        reason: "too_long",
        suggestion: None,
    }))
}

/// Why a report file cannot be opened.
#[derive(Debug, thiserror::Error)]
#[error("the file is not a support report from this app")]
pub struct ReportUnreadable;

impl crate::error::Coded for ReportUnreadable {
    fn code(&self) -> crate::error::ErrorCode {
        crate::error::ErrorCode::SupportReportUnreadable
    }
}

/// Open a saved support report (the JSON that "Save" or `oces-wizard report --json` writes).
pub fn load_report(path: &std::path::Path) -> Result<Report, ReportUnreadable> {
    let bytes = crate::limits::read_file(path, crate::limits::MAX_STATE_FILE)
        .map_err(|_| ReportUnreadable)?;
    serde_json::from_slice(&bytes).map_err(|_| ReportUnreadable)
}

/// The report as plain text for email or a ticket, in the language the user had
/// (`machine.language`): Danish by default. [`report_text_in`] writes it in another. Times are
/// written in this computer's time zone with their offset (UTC, said once, when the zone
/// cannot be read).
pub fn report_text(r: &Report) -> String {
    let lang = if r.machine.language == "en" {
        Lang::En
    } else {
        Lang::Da
    };
    report_text_in(r, lang)
}

/// A step status, finding level or store outcome of the text report in `lang`: the words a
/// helpdesk agent reads aloud (`report.value.<value>` in the locale files); anything else (a
/// code) stays as it is.
/// The name a unit enum (a step status, a store outcome) has in the JSON.
fn json_name(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn value(lang: Lang, v: &str) -> String {
    let key = format!("report.value.{v}");
    if crate::i18n::texts(lang).contains_key(&key) {
        crate::i18n::tr(lang, &key, &[])
    } else {
        v.to_string()
    }
}

/// The labels of the text report's technical part; each one's text is `report.label.<id>` in
/// the locale files. A label shown indented is a detail of the line above it.
pub const REPORT_LABELS: &[&str] = &[
    "app_version",
    "os",
    "language",
    "flow",
    "step",
    "steps",
    "certificate",
    "subject",
    "issuer",
    "serial",
    "valid_from",
    "valid_until",
    "fingerprint",
    "type",
    "gateway_user",
    "finding",
    "file",
    "placed",
    "backup",
    "installed",
    "keychain",
    "connection",
    "proxy",
    "message_shown",
    "unreadable",
    "seen",
    "markers",
    "log",
];

/// The other texts of the report (`report.<key>`), for the locale check.
pub const REPORT_TEXTS: &[&str] = &[
    "report.keychain_kept",
    "report.unreadable_size",
    "report.unreadable_seen",
    "report.utf8",
    "report.not_utf8",
    "report.connection",
    "report.connection_ok",
    "report.connection_failed",
    "report.message_shown",
    "report.words.title",
    "report.times_utc",
    "report.words.flow",
    "report.words.where",
    "report.words.done",
    "report.words.done_none",
    "report.words.certificate",
    "report.words.certificate_valid",
    "report.words.installed",
    "report.words.connection_ok",
    "report.words.connection_failed",
    "report.words.message",
    "report.words.technical",
    "ui.phone_code",
    "ui.step_count",
];

/// The text a user was shown for error `code`, in `lang`: `error.<code>` of the locale files
/// with each value it names (a count, a file name: not kept with the error) written "…"; the
/// code itself when no text has it.
fn message_words(lang: Lang, code: &str) -> String {
    let key = format!("error.{code}");
    if !crate::i18n::texts(lang).contains_key(&key) {
        return code.to_string();
    }
    let text = crate::i18n::tr(lang, &key, &[]);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push('\u{2026}');
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A step's place and name in words: "Trin 2 af 10: Åbn linket …" (the screen's own words).
fn step_words(lang: Lang, r: &Report, code: &str) -> String {
    use crate::i18n::tr;
    let total = r.steps.len().to_string();
    let n = r
        .steps
        .iter()
        .position(|s| s.code == code)
        .map_or_else(|| "?".to_string(), |i| (i + 1).to_string());
    format!(
        "{}: {}",
        tr(lang, "ui.step_count", &[("n", &n), ("total", &total)]),
        tr(lang, &format!("step.{code}.title"), &[])
    )
}

/// The report's first part, for the user and the person who helps: where the user is, what
/// is done and what the guide last told them, in words from the locale files (step names and
/// messages as the screen showed them, no codes but the one to read out).
fn report_words(r: &Report, lang: Lang, zone: &crate::i18n::Zone) -> String {
    use crate::i18n::tr;
    let mut out = String::new();
    let mut line = |v: String| {
        out.push_str(&crate::text::plain(&v));
        out.push('\n');
    };
    line(tr(lang, "report.words.title", &[]));
    if !zone.known() {
        line(tr(lang, "report.times_utc", &[]));
    }
    line(format!(
        "{}: {} \u{b7} {}",
        tr(lang, "ui.phone_code", &[]),
        r.step,
        r.support_code
    ));
    line(tr(
        lang,
        "report.words.flow",
        &[(
            "flow",
            &tr(lang, &format!("flow.{}", json_name(r.flow)), &[]),
        )],
    ));
    line(tr(
        lang,
        "report.words.where",
        &[("step", &step_words(lang, r, &r.step))],
    ));
    let done: Vec<String> = r
        .steps
        .iter()
        .filter(|s| s.status == crate::wizard::StepStatus::Done)
        .map(|s| tr(lang, &format!("step.{}.title", s.code), &[]))
        .collect();
    if done.is_empty() {
        line(tr(lang, "report.words.done_none", &[]));
    } else {
        line(tr(
            lang,
            "report.words.done",
            &[
                ("n", &done.len().to_string()),
                ("total", &r.steps.len().to_string()),
                ("steps", &done.join("; ")),
            ],
        ));
    }
    if let Some(c) = &r.certificate {
        line(tr(
            lang,
            "report.words.certificate",
            &[("name", c.common_name.as_deref().unwrap_or("-"))],
        ));
        line(format!(
            "  {}",
            tr(
                lang,
                "report.words.certificate_valid",
                &[("until", &crate::i18n::date_time(&c.not_after, lang, zone))],
            )
        ));
    }
    if r.installed.is_some() {
        line(tr(lang, "report.words.installed", &[]));
    }
    if let Some(c) = &r.connection {
        line(tr(
            lang,
            if c.ok {
                "report.words.connection_ok"
            } else {
                "report.words.connection_failed"
            },
            &[],
        ));
    }
    for e in &r.errors {
        line(tr(
            lang,
            "report.words.message",
            &[
                ("at", &crate::i18n::date_time(&e.at, lang, zone)),
                ("step", &step_words(lang, r, &e.step)),
            ],
        ));
        line(format!("  {}", message_words(lang, &e.code)));
    }
    out
}

/// A label of the text report in `lang`.
fn label(lang: Lang, id: &str) -> String {
    debug_assert!(REPORT_LABELS.contains(&id), "{id}");
    crate::i18n::tr(lang, &format!("report.label.{id}"), &[])
}

/// The report as plain text in `lang`: labels and dates in that language (times in this
/// computer's time zone); codes, ids and values as they are (a helpdesk searches for them).
/// Every word is from the locale files.
pub fn report_text_in(r: &Report, lang: Lang) -> String {
    report_text_zoned(r, lang, &crate::i18n::Zone::system())
}

/// [`report_text_in`] with the times in `zone`.
pub fn report_text_zoned(r: &Report, lang: Lang, zone: &crate::i18n::Zone) -> String {
    use crate::i18n::tr;
    // First in words; then, under a heading of its own, the technical part for the desk.
    let mut out = report_words(r, lang, zone);
    out.push('\n');
    out.push_str(&tr(lang, "report.words.technical", &[]));
    out.push('\n');
    // Values may come from certificates and file names: escaped, one line each.
    let mut line =
        |k: &str, v: &str| out.push_str(&format!("{:<18} {}\n", k, crate::text::plain(v)));
    let l = |id: &str| label(lang, id);
    // A detail of the line above.
    let sub = |id: &str| format!("  {}", label(lang, id));
    let when = |s: &str| crate::i18n::date_time(s, lang, zone);
    line(&l("app_version"), &r.machine.app_version);
    line(&l("os"), &r.machine.os);
    line(&l("language"), &r.machine.language);
    line(&l("flow"), &format!("{:?}", r.flow).to_lowercase());
    line(&l("step"), &r.step);
    let steps: Vec<String> = r
        .steps
        .iter()
        .map(|s| format!("{} {}", s.code, value(lang, &json_name(s.status))))
        .collect();
    line(&l("steps"), &steps.join(", "));
    if let Some(c) = &r.certificate {
        line(&l("certificate"), c.common_name.as_deref().unwrap_or("-"));
        if !c.subject.is_empty() {
            line(&sub("subject"), &c.subject);
        }
        if c.issuer_name.is_empty() {
            line(&sub("issuer"), c.issuer.as_deref().unwrap_or("-"));
        } else {
            line(&sub("issuer"), &c.issuer_name);
        }
        if !c.serial.is_empty() {
            line(&sub("serial"), &c.serial);
        }
        if !c.not_before.is_empty() {
            line(&sub("valid_from"), &when(&c.not_before));
        }
        line(&sub("valid_until"), &when(&c.not_after));
        line(&sub("fingerprint"), &c.fingerprint);
        line(
            &sub("type"),
            &format!(
                "{} {} {}",
                c.generation.as_str(),
                c.environment.as_str(),
                c.kind.map(|k| k.as_str()).unwrap_or("")
            ),
        );
        // Names of the certificate's own fields: the same in every language.
        if let Some(cvr) = &c.cvr {
            line("  CVR:", cvr);
        }
        if let (Some(t), Some(id)) = (&c.id_type, &c.id) {
            line("  Id:", &format!("{t} {id}"));
        }
        if let Some(g) = &c.gateway_user {
            line(&sub("gateway_user"), g);
        }
        for f in &c.findings {
            line(
                &sub("finding"),
                &format!("{} {}", value(lang, &f.level), f.code),
            );
        }
    }
    for (k, v) in [
        ("file", &r.file),
        ("placed", &r.placed),
        ("backup", &r.backup),
    ] {
        if let Some(v) = v {
            line(&l(k), v);
        }
    }
    if let Some(i) = &r.installed {
        line(&l("installed"), &when(&i.at));
        for s in &i.results {
            let outcome = json_name(s.outcome);
            let code = s
                .code
                .or(s.warning)
                .map(|c| format!(" {}", c.as_str()))
                .unwrap_or_default();
            line(
                &format!("  {}:", s.store),
                &format!("{}{code}", value(lang, &outcome)),
            );
        }
    }
    if let Some(u) = &r.credentials {
        line(
            &l("keychain"),
            &tr(lang, "report.keychain_kept", &[("user", u)]),
        );
    }
    if let Some(u) = &r.unreadable {
        let o = &u.observation;
        let size = tr(
            lang,
            "report.unreadable_size",
            &[("size", &o.size.to_string()), ("sha256", &u.sha256)],
        );
        let text = tr(
            lang,
            if o.utf8 {
                "report.utf8"
            } else {
                "report.not_utf8"
            },
            &[],
        );
        let seen = tr(
            lang,
            "report.unreadable_seen",
            &[
                ("text", &text),
                ("lines", &o.lines.to_string()),
                ("runs", &o.base64_runs.to_string()),
                ("longest", &o.longest_base64_run.to_string()),
            ],
        );
        line(&l("unreadable"), &size);
        line(&sub("seen"), &seen);
        line(&sub("markers"), &o.markers.join(" "));
    }
    if let Some(c) = &r.connection {
        let verdict = tr(
            lang,
            if c.ok {
                "report.connection_ok"
            } else {
                "report.connection_failed"
            },
            &[],
        );
        line(
            &l("connection"),
            &tr(
                lang,
                "report.connection",
                &[
                    ("target", &c.target),
                    ("verdict", &verdict),
                    ("at", &when(&c.at)),
                ],
            ),
        );
        if let Some(p) = &c.proxy {
            line(&sub("proxy"), p);
        }
        for s in &c.stages {
            let stage = serde_json::to_value(s.stage)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            line(&format!("  {stage}:"), &format!("{} ({} ms)", s.code, s.ms));
        }
    }
    // Messages the user met, by code for the desk. The user reads this report too ("Get
    // help"), so they are not headed "Error:", which would alarm someone whose problem is solved.
    for e in &r.errors {
        let shown = tr(
            lang,
            "report.message_shown",
            &[
                ("at", &when(&e.at)),
                ("code", e.code.as_str()),
                ("step", &e.step),
            ],
        );
        line(&l("message_shown"), &shown);
    }
    if !r.log.is_empty() {
        out.push_str(&l("log"));
        out.push('\n');
        for l in &r.log {
            // Escaped and scrubbed again: a saved report may come from anywhere.
            out.push_str("  ");
            out.push_str(crate::logging::prepare_line(l).trim_end_matches('\n'));
            out.push('\n');
        }
    }
    out
}

/// Whether a state would be completed per step (for tests and the support view).
pub fn completed_codes(state: &WizardState) -> Vec<String> {
    state
        .flows
        .get(&state.active)
        .map(|p| {
            p.completed
                .iter()
                .filter(|(_, o)| matches!(o, Outcome::Done))
                .map(|(c, _)| c.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::{Answer, CertFacts};

    fn state_at(flow: FlowId, step_index: usize) -> WizardState {
        let mut w = WizardState::default();
        w.choose_flow(flow);
        let def = flow.def();
        for s in &def.steps[..step_index] {
            let p = w.flows.entry(flow).or_default();
            p.completed.insert(s.code.to_string(), Outcome::Done);
        }
        if let Some(p) = w.flows.get_mut(&flow) {
            p.current = def.steps[step_index].code.to_string();
        }
        w
    }

    #[test]
    fn every_certificate_kind_survives_a_code() {
        use crate::cert::identify::Kind;
        use strum::VariantArray;
        for kind in Kind::VARIANTS {
            let mut w = state_at(FlowId::Dms, 2);
            w.update_facts(|f| {
                f.certificate = Some(CertFacts {
                    kind: Some(*kind),
                    ..CertFacts::default()
                });
            });
            let info = decode(&encode(&w)).expect("code");
            assert_eq!(info.kind, Some(*kind));
        }
        // The JSON keeps the names the support view and saved reports have always had.
        let info = decode(&encode(&{
            let mut w = state_at(FlowId::Dms, 2);
            w.update_facts(|f| {
                f.certificate = Some(CertFacts {
                    kind: Some(crate::cert::identify::Kind::Organisation),
                    ..CertFacts::default()
                })
            });
            w
        }))
        .expect("code");
        assert_eq!(
            serde_json::to_value(&info).expect("json")["kind"],
            "organisation"
        );
    }

    #[test]
    fn round_trip_for_every_flow_and_step() {
        for flow in FlowId::ALL {
            for (i, s) in flow.def().steps.iter().enumerate() {
                let mut w = state_at(flow, i);
                w.update_facts(|f| {
                    f.file = Some("/home/u/Downloads/a.p12".into());
                    f.certificate = Some(CertFacts {
                        kind: Some(crate::cert::identify::Kind::System),
                        environment: crate::cert::identify::Environment::Test,
                        generation: crate::cert::identify::Generation::Oces3,
                        ..CertFacts::default()
                    });
                    f.backup = Some("/media/usb/a.p12".into());
                });
                let code = encode(&w);
                assert_eq!(code.len(), 12, "{code}");
                let info = decode(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
                assert_eq!(info.flow, flow);
                assert_eq!(info.step, s.code, "{code}");
                let mut done = completed_codes(&w);
                done.sort();
                let mut got = info.completed.clone();
                got.sort();
                assert_eq!(got, done, "{code}");
                if flow != FlowId::Start {
                    assert!(info.found && info.opened && info.backed_up && !info.placed);
                    assert_eq!(info.kind, Some(crate::cert::identify::Kind::System));
                    assert_eq!(info.environment, Some(Environment::Test));
                    assert_eq!(info.generation, Some(Generation::Oces3));
                }
                // Readable as typed by a person: lower case, spaces instead of dashes.
                let typed = code.to_lowercase().replace('-', " ");
                assert_eq!(decode(&typed).ok(), Some(info));
            }
        }
    }

    #[test]
    fn any_single_mistyped_character_is_caught() {
        let mut w = state_at(FlowId::Dms, 4);
        w.update_facts(|f| f.file = Some("/x".into()));
        if let Some(p) = w.flows.get_mut(&FlowId::Dms) {
            p.answers
                .insert("dms_registered".into(), Answer::Bool(true));
        }
        let code: Vec<char> = encode(&w).chars().filter(|c| *c != '-').collect();
        for pos in 0..code.len() {
            for &a in ALPHABET {
                let a = a as char;
                if a == code[pos] {
                    continue;
                }
                let mut typo = code.clone();
                typo[pos] = a;
                let typo: String = typo.into_iter().collect();
                assert!(decode(&typo).is_err(), "{typo} was accepted");
            }
        }
    }

    #[test]
    fn saving_never_overwrites() {
        let dir = tempfile::tempdir().expect("tmp");
        let r = report(
            &state_at(FlowId::Cug, 1),
            None,
            Machine {
                app_version: "0.1.0".into(),
                os: "linux".into(),
                language: "da".into(),
            },
        );
        let day = time::Date::from_calendar_date(2026, time::Month::November, 22).expect("date");
        let a = save_report_in(dir.path(), &r, day, Lang::En).expect("first");
        let b = save_report_in(dir.path(), &r, day, Lang::En).expect("second");
        assert!(a.ends_with("oces-wizard-support-2026-11-22.json"));
        assert!(b.ends_with("oces-wizard-support-2026-11-22-2.json"));
        assert_eq!(load_report(&b).expect("reads back"), r);
        // A Danish user's file is named in Danish, the date as Danish writes it (no ISO date).
        let c = save_report_in(dir.path(), &r, day, Lang::Da).expect("Danish");
        let d = save_report_in(dir.path(), &r, day, Lang::Da).expect("Danish, second");
        assert!(c.ends_with("OCES-guiden supportrapport 22. november 2026.json"));
        assert!(d.ends_with("OCES-guiden supportrapport 22. november 2026 (2).json"));
        assert_eq!(load_report(&d).expect("reads back"), r);
    }

    /// Read aloud over the phone or off a screen, 2/Z, 0/O, 1/I, 5/S and 8/B are mixed up:
    /// the alphabet has neither character of each pair (nor L and U), so a code never holds
    /// one, and a helper who hears or types one is told the code is wrong, not shown another
    /// user's state.
    #[test]
    fn the_alphabet_has_no_characters_confused_aloud() {
        for pair in ["2Z", "0O", "1I", "5S", "8B", "L", "U"] {
            for c in pair.bytes() {
                assert!(!ALPHABET.contains(&c), "{} is in the alphabet", c as char);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for flow in FlowId::ALL {
            for i in 0..flow.def().steps.len() {
                let code = encode(&state_at(flow, i));
                assert!(
                    !code.contains(|c: char| "2Z0O1I5S8BLU".contains(c)),
                    "{code}"
                );
                seen.insert(code);
            }
        }
        assert!(seen.len() > 20, "different states, different codes");
        let code = encode(&state_at(FlowId::Cug, 3));
        for (i, c) in code.char_indices().filter(|(_, c)| *c != '-') {
            for confused in ["2", "Z", "5", "S", "8", "B", "0", "O", "1", "I"] {
                let mut typo = code.clone();
                typo.replace_range(i..i + c.len_utf8(), confused);
                assert_eq!(decode(&typo), Err(CodeError::Malformed), "{typo}");
            }
        }
    }

    /// The screen shows "Kode til supporten: CUG-4 · XXXX-XXXX-XX"; the whole line, or the part
    /// after the dot, reads as the code.
    #[test]
    fn the_whole_line_from_the_screen_reads_as_the_code() {
        let w = state_at(FlowId::Cug, 3);
        let code = encode(&w);
        let info = decode(&code).expect("code");
        assert_eq!(info.step, "CUG-4");
        assert_eq!(decode(&format!("CUG-4 \u{b7} {code}")), Ok(info.clone()));
        assert_eq!(
            decode(&format!("Kode til supporten: CUG-4 \u{b7} {code}")),
            Ok(info)
        );
    }

    /// A desk types the code as it hears or sees it: dots, middle dots, underscores, slashes,
    /// several spaces, lower case, with or without the step part and its label; one extra
    /// character, a step part that is no step, or a page of text is still refused.
    #[test]
    fn any_separators_and_the_step_part_are_read() {
        let w = state_at(FlowId::Cug, 3);
        let code = encode(&w);
        let info = decode(&code).expect("code");
        let plain: String = code.chars().filter(|c| *c != '-').collect();
        let (a, b, c) = (&plain[..4], &plain[4..8], &plain[8..]);
        for typed in [
            format!("{a}.{b}.{c}"),
            format!("{a}\u{b7}{b}\u{b7}{c}").to_lowercase(),
            format!(" {a}_{b}/{c} "),
            format!("{a}  {b} \u{2013} {c}").to_lowercase(),
            format!("cug-4 {a}-{b}-{c}").to_lowercase(),
            format!("CUG 4: {a} {b} {c}"),
            format!("cug4.{a}.{b}.{c}"),
            format!("Kode til supporten: CUG-4 {a}-{b}-{c}"),
            format!("Support code: CUG-4 \u{b7} {a}-{b}-{c}"),
        ] {
            assert_eq!(decode(&typed), Ok(info.clone()), "{typed:?}");
        }
        // CUG-10's step part is not read as CUG-1 and a stray character.
        let ten = state_at(FlowId::Cug, 9);
        assert_eq!(
            decode(&format!("CUG-10 \u{b7} {}", encode(&ten))).map(|i| i.step),
            Ok("CUG-10".to_string())
        );
        for typed in [
            format!("{a}{b}{c}3"),
            format!("3{a}{b}{c}"),
            format!("XYZ-9 {a}-{b}-{c}"),
            format!("CUG-4 3 {a}-{b}-{c}"),
            format!("{}{code}", " ".repeat(MAX_TYPED)),
        ] {
            assert_eq!(decode(&typed), Err(CodeError::Malformed), "{typed:?}");
        }
    }

    /// Each line's code and its status as the JSON names it (the report and the support
    /// view read these names).
    fn statuses(lines: &[StepLine]) -> Vec<(&str, &'static str)> {
        lines
            .iter()
            .map(|l| {
                let json = serde_json::to_value(l.status).expect("a status serialises");
                let name = ["done", "current", "open", "locked", "not_needed"]
                    .into_iter()
                    .find(|n| json == *n)
                    .expect("a known status name");
                (l.code.as_str(), name)
            })
            .collect()
    }

    /// The support view's step list for a code is decided in the core: the step on screen,
    /// the completed ones, the ones that wait for a step not yet completed, the rest open.
    #[test]
    fn a_codes_step_statuses_come_from_the_core() {
        let info = decode(&encode(&state_at(FlowId::Cug, 3))).expect("code");
        let got = code_steps(&info);
        assert_eq!(
            statuses(&got),
            vec![
                ("CUG-1", "done"),
                ("CUG-2", "done"),
                ("CUG-3", "done"),
                ("CUG-4", "current"),
                ("CUG-5", "locked"),
                ("CUG-6", "locked"),
                ("CUG-7", "locked"),
                ("CUG-8", "locked"),
                ("CUG-9", "locked"),
                ("CUG-10", "locked"),
            ]
        );
        // A user who went back: the later steps stay done, and the one after them opens.
        let mut back = state_at(FlowId::Dms, 5);
        if let Some(p) = back.flows.get_mut(&FlowId::Dms) {
            p.current = "DMS-2".into();
        }
        let info = decode(&encode(&back)).expect("code");
        assert_eq!(
            statuses(&code_steps(&info)),
            vec![
                ("DMS-1", "done"),
                ("DMS-2", "current"),
                ("DMS-3", "done"),
                ("DMS-4", "done"),
                ("DMS-5", "done"),
                ("DMS-6", "open"),
                ("DMS-7", "locked"),
                ("DMS-8", "locked"),
            ]
        );
        // Every flow and step: one line per step of the flow, exactly one of them current.
        for flow in FlowId::ALL {
            for i in 0..flow.def().steps.len() {
                let info = decode(&encode(&state_at(flow, i))).expect("code");
                let lines = code_steps(&info);
                assert_eq!(lines.len(), flow.def().steps.len());
                let current: Vec<_> = lines
                    .iter()
                    .filter(|l| l.status == crate::wizard::StepStatus::Current)
                    .collect();
                assert_eq!(current.len(), 1, "{flow:?} {i}");
                assert_eq!(current[0].code, flow.def().steps[i].code);
            }
        }
    }

    /// A code from the version before the new alphabet is refused, not misread.
    #[test]
    fn an_old_version_code_is_not_misread() {
        // All-zero payload but version 1, check character computed as encode does.
        let mut points = vec![1u64, 0, 0, 0, 0, 0, 0, 0, 0];
        points.push(check_char(&points));
        let s: String = points
            .iter()
            .map(|p| ALPHABET[*p as usize] as char)
            .collect();
        assert_eq!(decode(&s), Err(CodeError::Unknown));
    }

    /// The guard of the code's limits: every flow table fits a version 3 code (a
    /// seventeenth step fails here; a ninth flow does not compile).
    #[test]
    fn every_flow_table_fits_the_support_code() {
        for flow in FlowId::ALL {
            let n = flow.def().steps.len();
            assert!(
                n <= MAX_STEPS,
                "{flow:?} has {n} steps, the code room for {MAX_STEPS}"
            );
        }
        // The step field can name every step the completed field can tick.
        assert!(1usize << V3.step.1 >= MAX_STEPS);
        // No two fields overlap, and none reaches past the end.
        for l in [&V3, &V2] {
            let mut used = 0b111u64;
            let flags = (l.flags, 6);
            for (at, width) in [
                l.flow,
                l.step,
                l.completed,
                flags,
                l.kind,
                l.env,
                l.generation,
            ] {
                let mask = ((1u64 << width) - 1) << at;
                assert_eq!(used & mask, 0, "overlap at bit {at}");
                used |= mask;
            }
            assert_eq!(used >> l.end, 0);
        }
    }

    /// Codes written by the version 2 layout (these three came from the encoder before
    /// version 3) still read as they did.
    #[test]
    fn version_2_codes_still_read() {
        let cug = decode("RFC3-3333-3M").expect("v2 CUG");
        assert_eq!(cug.flow, FlowId::Cug);
        assert_eq!(cug.step, "CUG-4");
        assert_eq!(cug.completed, ["CUG-1", "CUG-2", "CUG-3"]);
        assert!(!cug.found && cug.generation.is_none());
        let dms = decode("6CEG-DY96-3K").expect("v2 DMS");
        assert_eq!(dms.flow, FlowId::Dms);
        assert_eq!(dms.step, "DMS-5");
        assert_eq!(dms.completed, ["DMS-1", "DMS-2", "DMS-3", "DMS-4"]);
        assert!(dms.found && dms.opened && !dms.placed && dms.backed_up && dms.registered);
        assert!(!dms.connection_ok);
        assert_eq!(dms.kind, Some(crate::cert::identify::Kind::System));
        assert_eq!(dms.environment, Some(Environment::Test));
        assert_eq!(dms.generation, Some(Generation::Oces3));
        let stil = decode("6FE6-3333-3Q").expect("v2 STIL");
        assert_eq!(stil.flow, FlowId::Stil);
        assert_eq!(stil.step, "STIL-7");
        assert_eq!(stil.completed.len(), 6);
        // Today's encoder writes version 3: the same state gives another code.
        assert_ne!(encode(&state_at(FlowId::Cug, 3)), "RFC3-3333-3M");
    }

    /// Version 2 had no value for OCES I (TDC's first generation) and wrote it as unknown;
    /// version 3 carries it.
    #[test]
    fn an_oces_i_certificate_keeps_its_generation() {
        let mut w = state_at(FlowId::Cug, 4);
        w.update_facts(|f| {
            f.certificate = Some(CertFacts {
                environment: crate::cert::identify::Environment::Production,
                generation: crate::cert::identify::Generation::Oces1,
                ..CertFacts::default()
            })
        });
        let info = decode(&encode(&w)).expect("code");
        assert_eq!(info.generation, Some(Generation::Oces1));
        assert_eq!(info.environment, Some(Environment::Production));
    }

    /// A version 3 code with a bit set beyond its fields, or a completed step its flow does
    /// not have, is refused, not misread.
    #[test]
    fn a_code_with_bits_this_app_never_writes_is_refused() {
        let pack = |bits: u64| {
            let mut points = Vec::new();
            let mut v = bits;
            for _ in 0..DATA_CHARS {
                points.push(v % N);
                v /= N;
            }
            points.push(check_char(&points));
            points
                .iter()
                .map(|p| ALPHABET[*p as usize] as char)
                .collect::<String>()
        };
        let cug = FlowId::ALL.iter().position(|f| *f == FlowId::Cug).unwrap() as u64;
        let base = VERSION | cug << V3.flow.0;
        assert_eq!(decode(&pack(base)).map(|i| i.flow), Ok(FlowId::Cug));
        assert_eq!(decode(&pack(base | 1 << V3.end)), Err(CodeError::Unknown));
        let steps = FlowId::Cug.def().steps.len() as u32;
        assert_eq!(
            decode(&pack(base | 1 << (V3.completed.0 + steps))),
            Err(CodeError::Unknown)
        );
        assert_eq!(decode(&pack(4)), Err(CodeError::Unknown), "version 4");
    }

    #[test]
    fn malformed_codes() {
        assert_eq!(decode(""), Err(CodeError::Malformed));
        assert_eq!(decode("ABCD"), Err(CodeError::Malformed));
        assert_eq!(
            decode("ABCD-EFGH-JO"),
            Err(CodeError::Malformed),
            "O is not in the alphabet"
        );
        assert_eq!(decode("ABCD-EFGH-J!"), Err(CodeError::Malformed));
    }

    /// A report with every part filled, as the text a helpdesk reads, in both languages.
    fn full_report() -> Report {
        use crate::cert::facts::FindingFact;
        use crate::cert_stores::{InstallFacts, StoreOutcome, StoreResult};
        use crate::files::unreadable::{PageObservation, UnreadableFile};
        use crate::flow_facts::ConnectionFacts;
        let w = state_at(FlowId::Dms, 3);
        let mut r = report(
            &w,
            None,
            Machine {
                app_version: "0.1.0".into(),
                os: "linux".into(),
                language: "da".into(),
            },
        );
        r.certificate = Some(CertFacts {
            common_name: Some("Søren Ærø".into()),
            issuer: Some("Den Danske Stat OCES udstedende-CA 1".into()),
            subject: "CN=Søren Ærø,O=Firma".into(),
            serial: "0a1b".into(),
            not_before: "2025-01-02T03:04:05Z".into(),
            not_after: "2027-01-02T03:04:05Z".into(),
            fingerprint: "AB:CD".into(),
            generation: crate::cert::identify::Generation::Oces3,
            environment: crate::cert::identify::Environment::Test,
            kind: Some(crate::cert::identify::Kind::System),
            cvr: Some("12345678".into()),
            id_type: Some("UI".into()),
            id: Some("abc".into()),
            gateway_user: Some("CVR_12345678_UR_abc".into()),
            findings: vec![FindingFact {
                level: "warning".into(),
                code: "cert.expires_soon".into(),
            }],
            ..CertFacts::default()
        });
        r.file = Some("~/Downloads/a.p12".into());
        r.placed = Some("~/.oces/a.p12".into());
        r.backup = Some("~/backup/a.p12".into());
        r.installed = Some(InstallFacts {
            fingerprint: "AB:CD".into(),
            results: vec![
                StoreResult {
                    store: "Firefox".into(),
                    kind: crate::cert_stores::StoreKind::Nss,
                    outcome: StoreOutcome::AlreadyThere,
                    code: None,
                    detail: None,
                    warning: None,
                    admin_command: None,
                },
                StoreResult {
                    store: "Chromium".into(),
                    kind: crate::cert_stores::StoreKind::Nss,
                    outcome: StoreOutcome::NeedsAdmin,
                    code: Some(crate::error::ErrorCode::StoreToolMissing),
                    detail: None,
                    warning: None,
                    admin_command: None,
                },
            ],
            at: "2026-01-02T10:11:12Z".into(),
        });
        r.credentials = Some("CVR_12345678_UR_abc".into());
        r.unreadable = Some(UnreadableFile {
            sha256: "ff00".into(),
            observation: PageObservation {
                size: 1234,
                utf8: true,
                lines: 7,
                base64_runs: 2,
                longest_base64_run: 880,
                markers: vec!["<html".into(), "pkcs12".into()],
            },
        });
        r.connection = Some(ConnectionFacts {
            target: "https://gw.example:6384".into(),
            proxy: Some("proxy:3128".into()),
            ok: false,
            stages: vec![crate::probe::StageResult {
                stage: crate::probe::Stage::Tls,
                ok: false,
                code: "probe.server_untrusted".into(),
                ms: 12,
                detail: None,
            }],
            at: "2026-01-02T10:20:00Z".into(),
        });
        r.errors = vec![crate::wizard::ErrorRecord {
            code: "cert.pkcs12.wrong_password".into(),
            flow: FlowId::Dms,
            step: "DMS-2".into(),
            at: "2026-01-02T09:00:00Z".into(),
        }];
        r.log = vec!["a line".into()];
        r
    }

    /// A support code's reading as older versions wrote it (environment and generation as
    /// plain strings) reads with the same names into the typed fields; a value this version
    /// does not know, or none, reads as none instead of failing; and it is written back with
    /// the same names.
    #[test]
    fn code_info_with_plain_string_values_still_reads() {
        use crate::cert::identify::{Environment, Generation};
        let info = |kind: &str, env: &str, generation: &str| {
            serde_json::from_str::<CodeInfo>(&format!(
                r#"{{"flow": "dms", "step": "DMS-3", "completed": ["DMS-1", "DMS-2"],
                "found": true, "opened": true, "placed": false, "backed_up": false,
                "registered": false, "connection_ok": false, "kind": {kind},
                "environment": {env}, "generation": {generation}}}"#
            ))
            .expect("reads")
        };
        let known = info(r#""system""#, r#""test""#, r#""oces3""#);
        assert_eq!(known.environment, Some(Environment::Test));
        assert_eq!(known.generation, Some(Generation::Oces3));
        let json = serde_json::to_value(&known).expect("json");
        assert_eq!(
            (&json["environment"], &json["generation"]),
            (&serde_json::json!("test"), &serde_json::json!("oces3"))
        );
        let other = info(r#""employee""#, r#""production""#, r#""oces1""#);
        assert_eq!(other.environment, Some(Environment::Production));
        assert_eq!(other.generation, Some(Generation::Oces1));
        for (kind, env, generation) in [
            (r#""robot""#, r#""staging""#, r#""oces9""#),
            ("null", "null", "null"),
            ("[]", "42", r#"{"x": 1}"#),
        ] {
            let unknown = info(kind, env, generation);
            assert_eq!(
                (unknown.kind, unknown.environment, unknown.generation),
                (None, None, None)
            );
            assert_eq!(unknown.step, "DMS-3", "the rest still reads");
        }
        // Absent fields read as none too.
        let absent: CodeInfo = serde_json::from_str(
            r#"{"flow": "cug", "step": "CUG-1", "completed": [], "found": false,
            "opened": false, "placed": false, "backed_up": false, "registered": false,
            "connection_ok": false}"#,
        )
        .expect("reads");
        assert_eq!(
            (absent.environment, absent.generation, absent.kind),
            (None, None, None)
        );
    }

    /// The zone of the report tests: Denmark's winter time, UTC+01:00.
    fn plus_one() -> crate::i18n::Zone {
        crate::i18n::Zone::fixed(time::UtcOffset::from_hms(1, 0, 0).expect("offset"))
    }

    /// The text report, every label and word read from the locale files, reads exactly as
    /// it did when they were written in the code; its times are the computer's local times
    /// with their offset (here UTC+01:00), no longer UTC.
    #[test]
    fn the_full_report_reads_the_same_in_both_languages() {
        let r = full_report();
        let da = report_text_zoned(&r, Lang::Da, &plus_one());
        let en = report_text_zoned(&r, Lang::En, &plus_one());
        // Written from the labels and words as they were in the code before they moved to
        // the locale files (the same text, byte for byte).
        let da_was = concat!(
            "Guidens version:   0.1.0\n",
            "Styresystem:       linux\n",
            "Sprog:             da\n",
            "Forløb:            dms\n",
            "Trin:              DMS-4\n",
            "Trinene:           DMS-1 åben, DMS-2 åben, DMS-3 åben, DMS-4 her nu, DMS-5 låst, DMS-6 låst, DMS-7 låst, DMS-8 låst\n",
            "Certifikat:        Søren Ærø\n",
            "  Udstedt til:     CN=Søren Ærø,O=Firma\n",
            "  Udsteder:        Den Danske Stat OCES udstedende-CA 1\n",
            "  Serienummer:     0a1b\n",
            "  Gyldigt fra:     2. januar 2025 kl. 04.04 (UTC+01:00)\n",
            "  Gyldigt til:     2. januar 2027 kl. 04.04 (UTC+01:00)\n",
            "  Fingeraftryk:    AB:CD\n",
            "  Type:            oces3 test system\n",
            "  CVR:             12345678\n",
            "  Id:              UI abc\n",
            "  Gateway-bruger:  CVR_12345678_UR_abc\n",
            "  Fund:            advarsel cert.expires_soon\n",
            "Fil:               ~/Downloads/a.p12\n",
            "Lagt i:            ~/.oces/a.p12\n",
            "Sikkerhedskopi:    ~/backup/a.p12\n",
            "Installeret:       2. januar 2026 kl. 11.11 (UTC+01:00)\n",
            "  Firefox:         var der allerede\n",
            "  Chromium:        kræver administrator store.tool_missing\n",
            "Nøglering:         gateway-adgangskoden er gemt for CVR_12345678_UR_abc\n",
            "Ulæselig fil:      1234 byte, SHA-256 ff00\n",
            "  Set:             gyldig UTF-8-tekst, 7 linjer, 2 base64-stykker (det længste 880 tegn)\n",
            "  Kendetegn:       <html pkcs12\n",
            "Forbindelsestest:  https://gw.example:6384 MISLYKKEDES 2. januar 2026 kl. 11.20 (UTC+01:00)\n",
            "  Proxy:           proxy:3128\n",
            "  tls:             probe.server_untrusted (12 ms)\n",
            "Besked vist:       2. januar 2026 kl. 10.00 (UTC+01:00): cert.pkcs12.wrong_password på DMS-2\n",
            "Log (seneste linjer):\n",
            "  a line\n",
        );
        let en_was = concat!(
            "App version:       0.1.0\n",
            "OS:                linux\n",
            "Language:          da\n",
            "Flow:              dms\n",
            "Step:              DMS-4\n",
            "Steps:             DMS-1 open, DMS-2 open, DMS-3 open, DMS-4 current, DMS-5 locked, DMS-6 locked, DMS-7 locked, DMS-8 locked\n",
            "Certificate:       Søren Ærø\n",
            "  Subject:         CN=Søren Ærø,O=Firma\n",
            "  Issuer:          Den Danske Stat OCES udstedende-CA 1\n",
            "  Serial:          0a1b\n",
            "  Valid from:      2 January 2025, 04:04 (UTC+01:00)\n",
            "  Valid until:     2 January 2027, 04:04 (UTC+01:00)\n",
            "  Fingerprint:     AB:CD\n",
            "  Type:            oces3 test system\n",
            "  CVR:             12345678\n",
            "  Id:              UI abc\n",
            "  Gateway user:    CVR_12345678_UR_abc\n",
            "  Finding:         warning cert.expires_soon\n",
            "File:              ~/Downloads/a.p12\n",
            "Placed:            ~/.oces/a.p12\n",
            "Backup:            ~/backup/a.p12\n",
            "Installed:         2 January 2026, 11:11 (UTC+01:00)\n",
            "  Firefox:         already there\n",
            "  Chromium:        needs admin store.tool_missing\n",
            "Keychain:          gateway password kept for CVR_12345678_UR_abc\n",
            "Unreadable file:   1234 bytes, SHA-256 ff00\n",
            "  Seen:            valid UTF-8 text, 7 lines, 2 base64 runs (longest 880 characters)\n",
            "  Markers:         <html pkcs12\n",
            "Connection test:   https://gw.example:6384 FAILED at 2 January 2026, 11:20 (UTC+01:00)\n",
            "  Proxy:           proxy:3128\n",
            "  tls:             probe.server_untrusted (12 ms)\n",
            "Message shown:     2 January 2026, 10:00 (UTC+01:00): cert.pkcs12.wrong_password at DMS-2\n",
            "Log (last lines):\n",
            "  a line\n",
        );
        // (The code to read out is now the first part's, in the screen's one written form.)
        let technical = |text: &str, heading: &str| {
            text.split_once(&format!("\n\n{heading}\n"))
                .map(|(_, t)| t.to_string())
                .unwrap_or_else(|| panic!("no “{heading}” in\n{text}"))
        };
        assert_eq!(
            technical(&da, "Til supporten: tekniske oplysninger"),
            da_was
        );
        assert_eq!(
            technical(&en, "For the support desk: technical details"),
            en_was
        );
    }

    /// The report a user sends reads in words first, in the user's language: the flow and the
    /// steps by their names, the message the user was shown as the screen said it; codes only
    /// in the line to read out and under the support desk's heading below.
    #[test]
    fn the_report_a_user_sends_reads_in_words_first() {
        let r = full_report();
        for (lang, heading) in [
            (Lang::Da, "Til supporten: tekniske oplysninger"),
            (Lang::En, "For the support desk: technical details"),
        ] {
            let text = report_text_zoned(&r, lang, &plus_one());
            let (words, _) = text
                .split_once(&format!("\n\n{heading}\n"))
                .unwrap_or_else(|| panic!("no technical heading in\n{text}"));
            let tr = |k: &str| crate::i18n::tr(lang, k, &[]);
            let want = match lang {
                Lang::Da => [
                    "Supportrapport fra OCES-guiden".to_string(),
                    "Kode til supporten: DMS-4 · HTJ3-3333-3C".to_string(),
                    "Forløb: Told: DMS Import".to_string(),
                    format!("Nu på: Trin 4 af 8: {}", tr("step.DMS-4.title")),
                    "Ingen trin er færdige endnu.".to_string(),
                    "Certifikat: Søren Ærø".to_string(),
                    "  Gyldigt til 2. januar 2027 kl. 04.04 (UTC+01:00)".to_string(),
                    tr("report.words.installed"),
                    tr("report.words.connection_failed"),
                    format!(
                        "Besked til brugeren 2. januar 2026 kl. 10.00 (UTC+01:00) – Trin 2 af 8: {}:",
                        tr("step.DMS-2.title")
                    ),
                    format!("  {}", tr("error.cert.pkcs12.wrong_password")),
                ],
                Lang::En => [
                    "Support report from the OCES wizard".to_string(),
                    "Code for support: DMS-4 · HTJ3-3333-3C".to_string(),
                    "Procedure: Customs: DMS Import".to_string(),
                    format!("Now at: Step 4 of 8: {}", tr("step.DMS-4.title")),
                    "No step is done yet.".to_string(),
                    "Certificate: Søren Ærø".to_string(),
                    "  Valid until 2 January 2027, 04:04 (UTC+01:00)".to_string(),
                    tr("report.words.installed"),
                    tr("report.words.connection_failed"),
                    format!(
                        "Message to the user 2 January 2026, 10:00 (UTC+01:00) – Step 2 of 8: {}:",
                        tr("step.DMS-2.title")
                    ),
                    format!("  {}", tr("error.cert.pkcs12.wrong_password")),
                ],
            };
            assert_eq!(words.lines().collect::<Vec<_>>(), want, "{lang:?}");
            // No code but the one to read out: no message key, no step code, no raw status.
            for line in words.lines().skip(2) {
                for code in [
                    "cert.",
                    "wizard.",
                    "store.",
                    "probe.",
                    "DMS-",
                    "pkcs12",
                    "not_needed",
                ] {
                    assert!(!line.contains(code), "{code} in “{line}”");
                }
            }
        }
        // A message with values of its own (not kept with the error) reads with "…" for them,
        // never with the placeholder; a code with no text stays a code.
        let da = message_words(Lang::Da, "wizard.step_incomplete");
        assert!(!da.contains('{') && da.contains('\u{2026}'), "{da}");
        assert_eq!(message_words(Lang::Da, "no.such.code"), "no.such.code");
        // Done steps by their names.
        let mut r = full_report();
        r.steps[0].status = crate::wizard::StepStatus::Done;
        let text = report_text_zoned(&r, Lang::Da, &plus_one());
        let done = format!(
            "Færdige trin (1 af 8): {}",
            crate::i18n::tr(Lang::Da, "step.DMS-1.title", &[])
        );
        assert!(text.lines().any(|l| l == done), "{text}");
    }

    /// When the computer's time zone cannot be read, the report's times are UTC, and the
    /// report says so once, under its title.
    #[test]
    fn a_report_without_a_known_zone_says_its_times_are_utc() {
        let r = full_report();
        for lang in Lang::ALL {
            let text = report_text_zoned(&r, lang, &crate::i18n::Zone::unknown());
            let lines: Vec<_> = text.lines().collect();
            assert_eq!(
                lines[1],
                crate::i18n::tr(lang, "report.times_utc", &[]),
                "{text}"
            );
            let utc = match lang {
                Lang::Da => "2. januar 2026 kl. 09.00 UTC",
                Lang::En => "2 January 2026, 09:00 UTC",
            };
            assert!(text.contains(utc), "{text}");
            assert!(!text.contains("(UTC+"), "{text}");
            let zoned = report_text_zoned(&r, lang, &plus_one());
            assert!(
                !zoned.contains(&crate::i18n::tr(lang, "report.times_utc", &[])),
                "{zoned}"
            );
        }
    }

    #[test]
    fn report_has_no_secret_and_shows_home_as_tilde() {
        let mut w = state_at(FlowId::Cug, 6);
        let home = std::path::PathBuf::from("/home/søren");
        w.update_facts(|f| {
            f.file = Some(home.join("Downloads/Søren Ærø.html"));
            f.placed = Some(home.join(".oces/Søren Ærø.html"));
            f.certificate = Some(CertFacts {
                common_name: Some("Søren Ærø".into()),
                id_type: Some("RID".into()),
                id: Some("1234567890123".into()),
                ..CertFacts::default()
            });
        });
        let folders = UserFolders::under(home);
        let r = report(
            &w,
            Some(&folders),
            Machine {
                app_version: "0.1.0".into(),
                os: "linux".into(),
                language: "da".into(),
            },
        );
        let text = report_text(&r);
        // Windows users know their home folder as %USERPROFILE% (as the DKMA guide writes it).
        let shown = if cfg!(windows) {
            "%USERPROFILE%\\.oces\\Søren Ærø.html"
        } else {
            "~/.oces/Søren Ærø.html"
        };
        assert!(text.contains(shown), "{text}");
        assert!(!text.contains("/home/søren"), "{text}");
        assert!(
            text.contains("Id:") && text.contains("RID 1234567890123"),
            "{text}"
        );
        assert!(text.contains(&r.support_code));
        // One written form of the code: the step and the code, as on the screen.
        assert!(
            text.lines()
                .any(|l| l == format!("Kode til supporten: {} \u{b7} {}", r.step, r.support_code)),
            "{text}"
        );
        assert!(
            text.starts_with("Supportrapport fra OCES-guiden\n"),
            "Danish for a Danish user: {text}"
        );
        // Statuses are words a helpdesk agent can read aloud, in the report's language.
        let steps = text
            .lines()
            .find(|l| l.starts_with("Trinene:"))
            .expect("a steps line");
        assert!(
            steps.contains("færdig") || steps.contains("her nu"),
            "{steps}"
        );
        for english in [" done", " current", " locked", " open", " not_needed"] {
            assert!(!steps.contains(english), "{english} in {steps}");
        }
        let en = report_text_in(&r, Lang::En);
        assert!(
            en.starts_with("Support report from the OCES wizard\n"),
            "English on request: {en}"
        );
        assert!(en.contains(" done") || en.contains(" current"), "{en}");
        // The saved form: it must serialise (a failure here is a failed test, not an empty
        // string that contains nothing), carry the facts, and still not the home folder.
        let json = serde_json::to_string(&r).expect("the report serialises");
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["placed"], shown, "{json}");
        assert_eq!(v["support_code"], r.support_code.as_str(), "{json}");
        assert_eq!(v["certificate"]["id"], "1234567890123", "{json}");
        assert!(!json.contains("/home/søren"), "{json}");
    }
}
