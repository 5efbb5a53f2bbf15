//! The log a helpdesk can use: `oces-wizard.log` in the app-data folder.
//!
//! **What goes in.** Every error that leaves the core as a [`crate::error::UiError`], with its
//! code, its cause chain, the step the user was on and where in the code it was made (see
//! [`record_error`]); the keychain's platform message; each change of step; panics; the
//! start of the window with the app version and the OS. The window and the command line write
//! through [`tracing`] events; [`init`] sets the subscriber that formats them one line each.
//! Every line carries the step of the session's use case it was written in (a span the
//! session enters, [`step_span`]; `step=-` outside one): the process has no step of its own.
//!
//! **Where.** `oces-wizard.log` in [`crate::paths::AppPaths::data_dir`], beside the progress.
//! The window creates the folder if needed. The command line appends its warnings and errors
//! (not the steps of a `report`) to the same file, each line marked `cli[pid]` instead of
//! `window[pid]`, so a helpdesk sees one story; but only
//! when the folder exists already (the app has been used on this machine): a support desk
//! running `oces-wizard support-code` on its own PC gets no folder and no file from it.
//!
//! **Bounded.** A line is at most [`MAX_LINE_BYTES`] (longer ones are cut and say so); an
//! event of more than [`MAX_EVENT_BYTES`] is not written at all, only a note of its size. The
//! file is at most [`MAX_FILE_BYTES`] (1 MiB): a line that would pass that starts a new file,
//! the old ones are kept as `.1` and `.2`, so the log takes at most [`KEPT_FILES`] × 1 MiB
//! (3 MiB) plus one line. Reading the end for a report ([`tail`]) reads at most
//! [`TAIL_MAX_BYTES`] and keeps the last [`TAIL_LINES`] lines.
//!
//! **Nothing secret.** Secrets are typed ([`crate::secret`]) and never formatted into an event.
//! As a last line of defence every line is scrubbed before it is written, and it must not act
//! as an oracle: the structured parts of a line (its code, step and place in the code) are
//! written first and never touched; in the free text (message, cause) each secret alive in
//! the process ([`live_secrets`]) and every private-key PEM block is replaced by
//! `[REDACTED]` ([`scrub_free`]). A secret shorter than [`MIN_SCRUB_CHARS`] cannot be scrubbed
//! safely (`a` or `password` occur in ordinary words, and the damage would show where), so
//! while one is live the free text of every line is left out ([`LEFT_OUT`]) and the line keeps
//! its code, step and place. Lines read back for a report are scrubbed again the same way
//! ([`scrub_lines`]), and a private-key block that runs over several lines goes whole.
//!
//! **Why not a crate for the rotation.** `tracing-appender` rotates by time only. The
//! size-rotating crates we looked at (file-rotate 0.8) panic when the folder cannot be created,
//! count the bytes in the process (the window and the command line write the same file, so
//! each would miss the other's lines and the cap would not hold), and bring chrono and flate2
//! for features we do not use. [`RotatingFile`] is about forty lines: it reads the file's size
//! from the file system before each line, which holds the cap across processes, and it never
//! panics: a log that cannot be written is silently skipped, never an error for the user.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log file's name in the app-data folder.
pub const LOG_FILE: &str = "oces-wizard.log";
/// Largest size of one log file, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// How many files are kept: the current one and the older `.1` and `.2`.
pub const KEPT_FILES: usize = 3;
/// Longest line written, in bytes (line ending included); longer lines are cut.
pub const MAX_LINE_BYTES: usize = 2048;
/// An event formatted to more than this is not written, only a note of its size.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;
/// How many of the last lines a report may carry.
pub const TAIL_LINES: usize = 100;
/// How many bytes at most are read from the end of the log for a report.
pub const TAIL_MAX_BYTES: u64 = 32 * 1024;
/// How many causes of an error are recorded.
pub const MAX_CAUSES: usize = 8;
/// What a scrubbed secret reads as.
pub const REDACTED: &str = "[REDACTED]";

/// Which program writes the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// The window (`oces-wizard-window`).
    Window,
    /// The command line (`oces-wizard SUBCOMMAND`).
    Cli,
}

impl Program {
    fn as_str(self) -> &'static str {
        match self {
            Program::Window => "window",
            Program::Cli => "cli",
        }
    }
}

/// The `n`th file of the log in `dir`: 0 is the current one, 1 the one before, …
pub fn log_file(dir: &Path, n: usize) -> PathBuf {
    if n == 0 {
        dir.join(LOG_FILE)
    } else {
        dir.join(format!("{LOG_FILE}.{n}"))
    }
}

/// A log file that starts anew when the next line would make it larger than its cap, keeping
/// a fixed number of older files.
pub struct RotatingFile {
    dir: PathBuf,
    max_bytes: u64,
    kept: usize,
    lock: Mutex<()>,
}

impl RotatingFile {
    /// `kept` files of at most `max_bytes` each in `dir`.
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64, kept: usize) -> RotatingFile {
        RotatingFile {
            dir: dir.into(),
            max_bytes,
            kept: kept.max(1),
            lock: Mutex::new(()),
        }
    }

    /// Append one line (already prepared, ending in `\n`).
    pub fn append(&self, line: &[u8]) -> std::io::Result<()> {
        let _one_at_a_time = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let path = log_file(&self.dir, 0);
        // The size on disk, not a count of our own: the other program writes here too.
        match std::fs::symlink_metadata(&path) {
            Ok(m) if !m.is_file() => {
                return Err(std::io::Error::other("the log path is not a file"))
            }
            Ok(m) if m.len() > 0 && m.len() + line.len() as u64 > self.max_bytes => {
                self.rotate()?
            }
            _ => {}
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(&path)?.write_all(line)
    }

    /// Drop the oldest file and move each other one up a place.
    fn rotate(&self) -> std::io::Result<()> {
        let last = self.kept - 1;
        match std::fs::remove_file(log_file(&self.dir, last)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        for n in (0..last).rev() {
            match std::fs::rename(log_file(&self.dir, n), log_file(&self.dir, n + 1)) {
                // The other program may have rotated just now.
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Secrets shorter than this (in characters) cannot be scrubbed safely: `a`, `wrong` or
/// `password` occur in ordinary text, so replacing them would both destroy that text and show
/// where the secret was (an oracle). While such a secret is live, the free text of every line
/// is left out and only its structured parts are written.
pub const MIN_SCRUB_CHARS: usize = 10;

/// What a line's free text reads as when it was left out for a secret.
pub const LEFT_OUT: &str = "[text left out: a secret may be in it]";

/// The fields of an event that are the program's own words (a code, a step, a place in the
/// code), written first and never scrubbed; everything else is free text.
const STRUCTURED: [&str; 3] = ["code", "step", "at"];

/// Replace every live secret and every private-key PEM block in `text` by [`REDACTED`];
/// `None` when the text cannot be made safe (a live secret is too short to scrub, see
/// [`MIN_SCRUB_CHARS`]): the caller leaves the text out. Only for free text: codes, steps and
/// places are never scrubbed (they would be destroyed, and their damage would give the secret
/// away).
pub fn scrub_free(text: &str) -> Option<String> {
    let (mut out, _) = scrub_private_keys(text);
    live_secrets(|secrets| {
        if secrets.iter().any(|s| s.chars().count() < MIN_SCRUB_CHARS) {
            return None;
        }
        for s in secrets {
            if out.contains(s) {
                out = out.replace(s, REDACTED);
            }
            // As `{:?}` would have written it (quotes and backslashes escaped).
            let debug = format!("{s:?}");
            let escaped = &debug[1..debug.len() - 1];
            if escaped != *s && out.contains(escaped) {
                out = out.replace(escaped, REDACTED);
            }
        }
        Some(out)
    })
}

/// Scrub a whole text of unknown shape: [`scrub_free`], or [`LEFT_OUT`] when that gives up.
pub fn scrub(text: &str) -> String {
    scrub_free(text).unwrap_or_else(|| LEFT_OUT.to_string())
}

/// Scrub a line as the log writes it (`TIME program[pid] LEVEL target: code=… step=… at=…
/// free text`): the parts before the free text stay as they are, the free text goes through
/// [`scrub_free`] and is left out when that gives up. A line of another shape is all free text.
pub fn scrub_line(line: &str) -> String {
    let Some(colon) = line.find(": ").filter(|c| is_head(&line[..*c])) else {
        return scrub(line);
    };
    let mut keep = colon + 2;
    let mut rest = &line[keep..];
    loop {
        let token = rest.split(' ').next().unwrap_or_default();
        let structured = token
            .split_once('=')
            .is_some_and(|(k, v)| STRUCTURED.contains(&k) && !v.is_empty());
        if !structured {
            break;
        }
        let step = (token.len() + 1).min(rest.len());
        keep += step;
        rest = &rest[step..];
    }
    let head = line[..keep].trim_end();
    match scrub_free(rest) {
        Some(free) if free.is_empty() => head.to_string(),
        Some(free) => format!("{head} {free}"),
        None => format!("{head} {LEFT_OUT}"),
    }
}

/// Whether `head` is the start of a line this log writes: time and program, level, target.
fn is_head(head: &str) -> bool {
    let parts: Vec<&str> = head.split_whitespace().collect();
    matches!(parts.as_slice(), [_, program, level, target]
        if (program.starts_with("window[") || program.starts_with("cli["))
            && ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"].contains(level)
            && target.starts_with("oces"))
}

/// Scrub lines read back (the log's tail, a saved report): each with [`scrub_line`], and a
/// private-key block that runs over several lines is removed whole: from its BEGIN line to
/// its END line, every line between included.
pub fn scrub_lines<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_key = false;
    for l in lines {
        let l = l.as_ref();
        if in_key {
            // Inside a block: nothing of it is kept, up to and including its END line.
            if let Some(i) = l.find("-----END ") {
                in_key = false;
                let after = &l[i + "-----END ".len()..];
                let rest = after.find("-----").map(|k| &after[k + 5..]).unwrap_or("");
                if !rest.trim().is_empty() {
                    out.push(scrub_line(rest.trim()));
                }
            }
            continue;
        }
        let (_, open) = scrub_private_keys(l);
        in_key = open;
        out.push(scrub_line(l));
    }
    out
}

/// Cut out a PEM block whose label ends in "PRIVATE KEY", up to and including its END line (or to the end
/// of the text when the END line is missing, as in a cut line), and whether the text ended
/// inside such a block.
fn scrub_private_keys(text: &str) -> (String, bool) {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut open = false;
    while let Some(i) = rest.find(BEGIN) {
        let after = &rest[i + BEGIN.len()..];
        let label_end = after.find(DASHES).filter(|e| *e <= 64);
        let is_key = label_end.is_some_and(|e| after[..e].contains("PRIVATE KEY"));
        if !is_key {
            out.push_str(&rest[..i + BEGIN.len()]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..i]);
        out.push_str(REDACTED);
        let body = &after[label_end.unwrap_or(0) + DASHES.len()..];
        match body
            .find("-----END ")
            .map(|j| &body[j + "-----END ".len()..])
            .and_then(|end| end.find(DASHES).map(|k| &end[k + DASHES.len()..]))
        {
            Some(r) => rest = r,
            None => {
                rest = "";
                open = true;
            }
        }
    }
    out.push_str(rest);
    (out, open)
}

/// A line read back (from the log, from a saved report) as it may be shown: scrubbed again
/// ([`scrub_line`]), control characters escaped, at most [`MAX_LINE_BYTES`] with its `\n`.
pub fn prepare_line(raw: &str) -> String {
    finish_line(&scrub_line(raw.trim_end_matches(['\r', '\n'])))
}

/// An event already scrubbed field by field ([`Fields`]) as one line: control characters
/// escaped (`\n` and the like; the text may come from a certificate or a file name), at most
/// [`MAX_LINE_BYTES`] with its `\n`.
fn finish_line(text: &str) -> String {
    let one = crate::text::plain(text.trim_end_matches(['\r', '\n']));
    let mut line = cap(&one, MAX_LINE_BYTES - 1);
    line.push('\n');
    line
}

/// `s` cut to at most `max` bytes on a character boundary, saying how much was cut.
fn cap(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let note = format!(" [... {} bytes cut]", s.len());
    let mut end = max.saturating_sub(note.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{note}", &s[..end])
}

/// The last lines of the log in `dir` (oldest first), at most [`TAIL_LINES`] from at most
/// [`TAIL_MAX_BYTES`] read, reaching into the older file when the current one is short.
/// Scrubbed again and capped, like a line being written. Nothing (an empty list) when there is
/// no log.
pub fn tail(dir: &Path) -> Vec<String> {
    tail_bounded(dir, TAIL_LINES, TAIL_MAX_BYTES)
}

fn tail_bounded(dir: &Path, max_lines: usize, max_bytes: u64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut budget = max_bytes;
    for n in 0..KEPT_FILES {
        if lines.len() >= max_lines || budget == 0 {
            break;
        }
        let Some((text, whole)) = read_end(&log_file(dir, n), budget) else {
            continue;
        };
        budget = budget.saturating_sub(text.len() as u64);
        let mut these: Vec<&str> = text.lines().collect();
        if !whole && !these.is_empty() {
            these.remove(0); // the first line read is only the end of a line
        }
        let mut older: Vec<String> = these
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.to_string())
            .collect();
        older.append(&mut lines);
        lines = older;
    }
    // Scrubbed together: a key block may run over several lines.
    let lines: Vec<String> = scrub_lines(&lines)
        .iter()
        .map(|l| finish_line(l).trim_end_matches('\n').to_string())
        .collect();
    let skip = lines.len().saturating_sub(max_lines);
    lines[skip..].to_vec()
}

/// At most `max` bytes from the end of `path`, and whether that is the whole file.
fn read_end(path: &Path, max: u64) -> Option<(String, bool)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let start = len.saturating_sub(max);
    f.seek(SeekFrom::Start(start)).ok()?;
    let mut bytes = Vec::new();
    f.take(max).read_to_end(&mut bytes).ok()?;
    Some((String::from_utf8_lossy(&bytes).into_owned(), start == 0))
}

// ---------- the current step ----------

/// The step a use case runs on, as a span: every line logged inside it (on this thread, or in
/// a future instrumented with it) carries `step=…` among its structured parts. The session
/// enters one for each use case, with the step it holds ([`crate::session::Session`]); there
/// is no step of the process. A line outside any says `step=-`.
pub fn step_span(step: &str) -> tracing::Span {
    tracing::info_span!(target: "oces_core::step", "step", step = step)
}

/// The step a span was made with ([`step_span`]), kept in the span's extensions.
struct StepOf(String);

/// Keeps each span's `step` field where the line formatter finds it ([`Line`]).
struct StepLayer;

impl<S> tracing_subscriber::Layer<S> for StepLayer
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut v = FieldVisitor::default();
        attrs.record(&mut v);
        let step = v.structured.into_iter().find(|(k, _)| *k == "step");
        if let (Some((_, step)), Some(span)) = (step, ctx.span(id)) {
            span.extensions_mut().insert(StepOf(step));
        }
    }
}

// ---------- errors ----------

/// An error's text and its causes, `text: cause: cause`, each capped, at most
/// [`MAX_CAUSES`] deep.
pub fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![cap(&e.to_string(), 512)];
    let mut next = e.source();
    while let Some(cause) = next {
        if parts.len() > MAX_CAUSES {
            parts.push("...".into());
            break;
        }
        parts.push(cap(&cause.to_string(), 512));
        next = cause.source();
    }
    parts.join(": ")
}

/// Record an error that is about to reach the user: its code, cause chain (if any), the step
/// (of the use case it is made in, [`step_span`]) and where in the code it was made. `internal` is logged as an error, the others (which
/// have a message for the user) as warnings. The place is "-" when the error was made
/// through a function pointer (`map_err(UiError::from)`), where Rust does not know the
/// caller; `map_err(|e| UiError::from(e))` or `?` keep it.
pub fn record_error(
    code: &dyn std::fmt::Display,
    internal: bool,
    cause: Option<&(dyn std::error::Error + 'static)>,
    at: &'static std::panic::Location<'static>,
) {
    let chain = cause.map(cause_chain).unwrap_or_default();
    // Called through a function pointer (`map_err(UiError::from)`), the caller is a shim of
    // the standard library: no use to anyone, so "-".
    let at: &dyn std::fmt::Display =
        if at.file().starts_with("/rustc/") || at.file().contains("/library/core/") {
            &"-"
        } else {
            at
        };
    if internal {
        tracing::error!(target: "oces_core::error", code = %code, at = %at, cause = %chain, "error");
    } else {
        tracing::warn!(target: "oces_core::error", code = %code, at = %at, cause = %chain, "error");
    }
}

// ---------- the register of live secrets ----------

/// One entry of the register of live secrets; dropping it forgets (and zeroizes) the value.
/// Clones of a [`crate::secret::Password`] share one entry, so it lives exactly as long as the last clone.
pub struct Live(u64);

/// The register: (entry id, value). A few entries at most (the held password, one typed on
/// the current screen, the gateway password while it is saved).
static LIVE: std::sync::Mutex<Vec<(u64, zeroize::Zeroizing<String>)>> =
    std::sync::Mutex::new(Vec::new());
static NEXT_LIVE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Live {
    /// List `value` as live; an empty value is not a secret worth scrubbing (it would match
    /// everywhere).
    pub fn register(value: &str) -> Option<std::sync::Arc<Live>> {
        if value.is_empty() {
            return None;
        }
        let id = NEXT_LIVE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        live.push((id, zeroize::Zeroizing::new(value.to_string())));
        Some(std::sync::Arc::new(Live(id)))
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|(id, _)| *id != self.0);
    }
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Live([REDACTED])")
    }
}

/// Call `f` with every secret alive now, longest first (so a secret that contains another is
/// scrubbed whole). For the log's redaction only; the values never leave the closure.
pub fn live_secrets<T>(f: impl FnOnce(&[&str]) -> T) -> T {
    let live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
    let mut values: Vec<&str> = live.iter().map(|(_, v)| v.as_str()).collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    f(&values)
}

// ---------- the subscriber ----------

/// The writer handed to the fmt layer: one per event, written (prepared, scrubbed) when the
/// event is done.
struct Sink(std::sync::Arc<RotatingFile>);

/// The formatted event, collected until it is dropped.
struct EventWriter<'a> {
    file: &'a RotatingFile,
    buf: Vec<u8>,
    too_long: usize,
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Sink {
    type Writer = EventWriter<'a>;
    fn make_writer(&'a self) -> EventWriter<'a> {
        EventWriter {
            file: &self.0,
            buf: Vec::new(),
            too_long: 0,
        }
    }
}

impl Write for EventWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.too_long > 0 || self.buf.len() + data.len() > MAX_EVENT_BYTES {
            // Not cut but dropped: a cut could leave half a secret that the scrub no longer
            // recognises.
            self.too_long = self.buf.len() + self.too_long + data.len();
            self.buf.clear();
        } else {
            self.buf.extend_from_slice(data);
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for EventWriter<'_> {
    fn drop(&mut self) {
        let line = if self.too_long > 0 {
            format!("[a log line of {} bytes was left out]\n", self.too_long)
        } else if self.buf.is_empty() {
            return;
        } else {
            // Scrubbed field by field already ([`Fields`]).
            finish_line(&String::from_utf8_lossy(&self.buf))
        };
        // A log that cannot be written is skipped; it is never the user's problem.
        let _ = self.file.append(line.as_bytes());
    }
}

/// How an event's fields are written: the structured ones ([`STRUCTURED`]: code, step,
/// place) first, as they are; then the message and the other fields, the free text, each
/// scrubbed ([`scrub_free`]). When one free part cannot be made safe, the whole free text is
/// left out ([`LEFT_OUT`]) and the line keeps only its structured parts.
struct Fields;

#[derive(Default)]
struct FieldVisitor {
    structured: Vec<(&'static str, String)>,
    free: Vec<(&'static str, String)>,
}

impl tracing::field::Visit for FieldVisitor {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.push(field.name(), value.to_string());
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.push(field.name(), format!("{value:?}"));
    }
}

impl FieldVisitor {
    fn push(&mut self, name: &'static str, value: String) {
        if STRUCTURED.contains(&name) {
            // The program's own words: one token each, so a reader can tell them apart.
            let token: String = value
                .chars()
                .map(|c| {
                    if c.is_whitespace() || c.is_control() {
                        '_'
                    } else {
                        c
                    }
                })
                .collect();
            self.structured.push((name, token));
        } else {
            self.free.push((name, value));
        }
    }
}

impl<'w> tracing_subscriber::fmt::FormatFields<'w> for Fields {
    fn format_fields<R: tracing_subscriber::field::RecordFields>(
        &self,
        mut writer: tracing_subscriber::fmt::format::Writer<'w>,
        fields: R,
    ) -> std::fmt::Result {
        let mut v = FieldVisitor::default();
        fields.record(&mut v);
        write!(writer, "{}", v.text())
    }
}

impl FieldVisitor {
    /// The fields as a line's text: the structured ones first, as they are, then the free
    /// text, scrubbed.
    fn text(&self) -> String {
        let mut parts: Vec<String> = self
            .structured
            .iter()
            .map(|(k, val)| format!("{k}={val}"))
            .collect();
        let mut free = Vec::new();
        for (k, val) in &self.free {
            match scrub_free(val) {
                Some(s) if *k == "message" => free.push(s),
                Some(s) => free.push(format!("{k}={s}")),
                None => {
                    free = vec![LEFT_OUT.to_string()];
                    break;
                }
            }
        }
        parts.append(&mut free);
        parts.join(" ")
    }
}

/// One line per event: `TIME program[pid] LEVEL target: code=… step=… at=… free text`. The
/// step is the event's own, else the one of the innermost [`step_span`] it happened in, else
/// `-`; it goes after the code, as a line has always had it.
struct Line(Program);

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for Line
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut w: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        use tracing_subscriber::fmt::time::FormatTime;
        let mut v = FieldVisitor::default();
        event.record(&mut v);
        if !v.structured.iter().any(|(k, _)| *k == "step") {
            let step = ctx
                .event_scope()
                .and_then(|scope| {
                    scope
                        .from_root()
                        .filter_map(|span| span.extensions().get::<StepOf>().map(|s| s.0.clone()))
                        .last()
                })
                .unwrap_or_else(|| "-".into());
            let at = v
                .structured
                .iter()
                .take_while(|(k, _)| *k == "code")
                .count();
            v.structured.insert(at, ("step", step));
        }
        Stamp(self.0).format_time(&mut w)?;
        let meta = event.metadata();
        writeln!(
            w,
            " {:>5} {}: {}",
            meta.level().as_str(),
            meta.target(),
            v.text()
        )
    }
}

/// The time (UTC, milliseconds), the program and its process id at the start of each line.
struct Stamp(Program);

impl tracing_subscriber::fmt::time::FormatTime for Stamp {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        let t = time::OffsetDateTime::now_utc();
        write!(
            w,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z {}[{}]",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond(),
            self.0.as_str(),
            std::process::id()
        )
    }
}

/// The subscriber that writes the events of this program's crates (targets `oces…`; info and
/// up for the window, warnings and errors for the command line) to the log in `dir`. [`init`] makes it the global one; tests use it with
/// `tracing::subscriber::with_default`.
pub fn subscriber(dir: &Path, program: Program) -> impl tracing::Subscriber + Send + Sync {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::Layer;
    let file = std::sync::Arc::new(RotatingFile::new(dir, MAX_FILE_BYTES, KEPT_FILES));
    // The window logs its steps too; the command line only its warnings and errors (a
    // script running `find` every minute must not fill the log, and `report` stays read-only).
    let least = match program {
        Program::Window => tracing::Level::INFO,
        Program::Cli => tracing::Level::WARN,
    };
    // The step spans of this crate are always seen (their step goes into the lines).
    let ours = tracing_subscriber::filter::filter_fn(move |m| {
        m.target().starts_with("oces") && (m.is_span() || *m.level() <= least)
    });
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(Sink(file))
        .with_ansi(false)
        .fmt_fields(Fields)
        .event_format(Line(program))
        .with_filter(ours);
    tracing_subscriber::registry().with(StepLayer).with(layer)
}

/// Start the log for this process: the window creates the app-data folder if needed, the
/// command line writes only into one that exists. Also records panics. Returns the log
/// file's path when logging started.
pub fn init(data_dir: Option<&Path>, program: Program) -> Option<PathBuf> {
    let dir = data_dir?;
    match program {
        Program::Window => std::fs::create_dir_all(dir).ok()?,
        Program::Cli if !dir.is_dir() => return None,
        Program::Cli => {}
    }
    tracing::subscriber::set_global_default(subscriber(dir, program)).ok()?;
    if program == Program::Window {
        tracing::info!(
            target: "oces_core::start",
            version = env!("CARGO_PKG_VERSION"),
            os = %crate::platform::os_description(),
            "window started"
        );
    }
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(target: "oces_core::panic", "panic: {info}");
        before(info);
    }));
    Some(log_file(dir, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap_or_default()
    }

    #[test]
    fn a_full_file_moves_up_and_the_oldest_goes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = RotatingFile::new(dir.path(), 100, 3);
        let line = |c: char| format!("{}\n", c.to_string().repeat(39)); // 40 bytes
        for c in ['a', 'b', 'c', 'd', 'e', 'f', 'g'] {
            f.append(line(c).as_bytes()).expect("append");
        }
        // Two lines fit in 100 bytes, a third would not: files of two lines each.
        assert_eq!(read(&log_file(dir.path(), 0)), line('g'));
        assert_eq!(
            read(&log_file(dir.path(), 1)),
            format!("{}{}", line('e'), line('f'))
        );
        assert_eq!(
            read(&log_file(dir.path(), 2)),
            format!("{}{}", line('c'), line('d'))
        );
        assert!(
            !log_file(dir.path(), 3).exists(),
            "no more than three files"
        );
        // Lines a and b are gone with the oldest file.
        let all: String = (0..3).map(|n| read(&log_file(dir.path(), n))).collect();
        assert!(!all.contains('a') && !all.contains('b'));
    }

    /// Two writers (the window and the command line) share the cap: each reads the size on
    /// disk, so neither overshoots by the other's lines.
    #[test]
    fn the_cap_holds_across_two_writers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = RotatingFile::new(dir.path(), 1000, 3);
        let two = RotatingFile::new(dir.path(), 1000, 3);
        let line = "x".repeat(99) + "\n";
        for i in 0..100 {
            let w = if i % 2 == 0 { &one } else { &two };
            w.append(line.as_bytes()).expect("append");
        }
        for n in 0..3 {
            let len = std::fs::metadata(log_file(dir.path(), n))
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(len <= 1000, "file {n} is {len} bytes");
        }
        assert!(!log_file(dir.path(), 3).exists());
    }

    #[test]
    fn lines_are_capped_and_one_line_each() {
        let long = "é".repeat(5000);
        let line = prepare_line(&long);
        assert!(line.len() <= MAX_LINE_BYTES, "{}", line.len());
        assert!(line.ends_with(" bytes cut]\n"), "says it was cut");
        assert_eq!(line.matches('\n').count(), 1);
        let two = prepare_line("first\nsecond\r\n\u{1b}[31mred\n");
        assert_eq!(two, "first\\nsecond\\r\\n\\u{1b}[31mred\n");
    }

    #[test]
    fn live_secrets_and_private_keys_are_scrubbed() {
        let pw = crate::secret::Password::new("Scrub-SENTINEL-ø1");
        // Made-up blocks; the label is put together so that no source line is a key header.
        const PK: &str = concat!("PRIVATE", " KEY");
        let pem = format!("-----BEGIN {PK}-----\nMIIEvKEY-SENTINEL\n-----END {PK}-----");
        let text = format!("a {} b {pem} c -----BEGIN CERTIFICATE----- d", pw.expose());
        let out = scrub(&text);
        assert_eq!(
            out,
            "a [REDACTED] b [REDACTED] c -----BEGIN CERTIFICATE----- d"
        );
        // Without the END line (a cut line): everything after BEGIN goes.
        assert_eq!(
            scrub(&format!("x -----BEGIN RSA {PK}-----\\nMIIKEY-SENTINEL")),
            "x [REDACTED]"
        );
        assert_eq!(
            scrub(&format!(
                "-----BEGIN ENCRYPTED {PK}-----A-----END ENCRYPTED {PK}-----z"
            )),
            "[REDACTED]z"
        );
        // Also as `{:?}` writes it.
        let odd = crate::secret::Password::new(r#"Odd"SENTINEL\7"#);
        let shown = format!("field={:?}", odd.expose());
        assert_eq!(scrub(&shown), "field=\"[REDACTED]\"");
        // The secret is still scrubbed while any clone lives, and not after.
        drop(pw);
        assert_eq!(scrub("Scrub-SENTINEL-ø1"), "Scrub-SENTINEL-ø1");
    }

    #[test]
    fn an_event_too_long_is_left_out_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sink = Sink(std::sync::Arc::new(RotatingFile::new(
            dir.path(),
            1 << 20,
            3,
        )));
        {
            use tracing_subscriber::fmt::MakeWriter;
            let mut w = sink.make_writer();
            w.write_all(&vec![b'k'; MAX_EVENT_BYTES + 10])
                .expect("write");
        }
        let text = read(&log_file(dir.path(), 0));
        assert_eq!(
            text,
            format!(
                "[a log line of {} bytes was left out]\n",
                MAX_EVENT_BYTES + 10
            )
        );
    }

    #[test]
    fn the_tail_is_the_last_lines_across_files_and_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(tail(dir.path()).is_empty(), "no log, no lines");
        let f = RotatingFile::new(dir.path(), 200, 3);
        for i in 0..30 {
            f.append(format!("line {i:02} {}\n", "-".repeat(30)).as_bytes())
                .expect("append");
        }
        // 39-byte lines, five to a file: the last eight come from the current and older file.
        let lines = tail_bounded(dir.path(), 8, 10_000);
        let numbers: Vec<&str> = lines.iter().map(|l| &l[5..7]).collect();
        assert_eq!(numbers, ["22", "23", "24", "25", "26", "27", "28", "29"]);
        // A byte budget smaller than the lines: only whole lines, the newest ones.
        let lines = tail_bounded(dir.path(), 100, 100);
        assert!(lines.iter().all(|l| l.len() == 38), "{lines:?}");
        assert_eq!(lines.last().map(|l| &l[5..7]), Some("29"));
        assert!(lines.len() <= 3);
        // The lines read back are scrubbed again.
        let pw = crate::secret::Password::new("Tail-SENTINEL-77");
        f.append(format!("old line {}\n", pw.expose()).as_bytes())
            .expect("append");
        let lines = tail(dir.path());
        assert_eq!(
            lines.last().map(String::as_str),
            Some("old line [REDACTED]")
        );
    }

    /// Every line carries its step: after the code, `-` outside a use case.
    #[test]
    fn events_become_lines_with_time_program_and_fields() {
        let dir = tempfile::tempdir().expect("tempdir");
        tracing::subscriber::with_default(subscriber(dir.path(), Program::Cli), || {
            tracing::warn!(target: "oces_core::test", code = "x.y", "something\nhappened");
            tracing::info!(target: "oces_core::test", "the command line leaves out info");
            tracing::warn!(target: "other_crate", "not ours");
            tracing::debug!(target: "oces_core::test", "too fine");
        });
        let text = read(&log_file(dir.path(), 0));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        let pid = format!("Z cli[{}]", std::process::id());
        assert!(lines[0].contains(&pid), "{text}");
        assert!(
            lines[0].ends_with("WARN oces_core::test: code=x.y step=- something\\nhappened"),
            "{text}"
        );
    }
}
