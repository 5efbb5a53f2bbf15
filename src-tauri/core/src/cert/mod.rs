//! Opening certificate files by their content, whatever their name says.
//!
//! [`open_file`] / [`open_bytes`] sniff the bytes: a PKCS#12 PFX, PEM text (one or many
//! blocks, CRLF, a BOM, text around the blocks), a DER certificate, or an HTML page such as the
//! DKMA CUG certificate file, inside which embedded PKCS#12, PEM or base64 DER is looked for.
//! The result is an [`Opened`]: the certificates (leaf first), whether a private key is there,
//! and for PKCS#12 the algorithms. [`identify`] then explains a certificate in Danish terms.

pub mod ber;
pub mod export;
pub mod facts;
mod html;
pub mod identify;
pub mod pkcs12;
pub mod revocation;
pub mod trust;

use crate::error::{Coded, ErrorCode};
use crate::secret::{Password, SecretBytes};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::limits::MAX_FILE_SIZE;

/// What kind of file it turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum FileFormat {
    /// PKCS#12 (`.p12`, `.pfx`).
    Pkcs12,
    /// PEM text.
    Pem,
    /// A single DER certificate.
    Der,
    /// An HTML page with a certificate inside (DKMA CUG).
    CugHtml,
}

/// Why a file could not be opened. Each variant has its own code and message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("failed to read `{}`", file.display())]
    Read {
        /// The file.
        file: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
    /// Larger than [`MAX_FILE_SIZE`].
    #[error("the file is {size} bytes, too large to be a certificate file")]
    TooLarge {
        /// Its size.
        size: u64,
    },
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// A folder, FIFO, device or socket: refused without reading.
    #[error("`{}` is not a regular file", file.display())]
    NotAFile {
        /// The path.
        file: PathBuf,
    },
    /// The file asks for more key-derivation work than any real producer uses.
    #[error("the file asks for {iterations} key-derivation iterations, more than this app allows")]
    TooMuchWork {
        /// The iteration count (or total) that was refused.
        iterations: u64,
    },
    /// The password is right (the contents decrypt) but the file's integrity check fails.
    #[error("the password is right, but the file's integrity check fails: the file is damaged")]
    DamagedPasswordRight,
    /// Nothing in it is a certificate.
    #[error("the file does not contain a certificate")]
    NotACertificate,
    /// An HTML page without a certificate in it.
    #[error("the web page does not contain a certificate")]
    HtmlWithoutCertificate,
    /// PKCS#12 needs a password and none was given.
    #[error("this PKCS#12 file needs its password")]
    PasswordNeeded,
    /// The password does not open the file.
    #[error("the password does not open this file")]
    WrongPassword,
    /// An algorithm we cannot read, named.
    #[error("the file uses an algorithm this app cannot read: {name}")]
    Unsupported {
        /// The algorithm.
        name: String,
    },
    /// The structure is broken (truncated, wrong lengths).
    #[error("the file is damaged: {detail}")]
    Damaged {
        /// Where and how (positions only, never content).
        detail: String,
    },
    /// A PKCS#12 file with no certificate in it.
    #[error("the PKCS#12 file holds no certificate")]
    NoCertificate,
}

impl Coded for LoadError {
    fn code(&self) -> ErrorCode {
        match self {
            LoadError::Read { .. } => ErrorCode::CertRead,
            LoadError::TooLarge { .. } => ErrorCode::CertTooLarge,
            LoadError::Empty => ErrorCode::CertEmpty,
            LoadError::NotAFile { .. } => ErrorCode::CertNotAFile,
            LoadError::TooMuchWork { .. } => ErrorCode::CertTooMuchWork,
            LoadError::DamagedPasswordRight => ErrorCode::CertDamagedPasswordRight,
            LoadError::NotACertificate => ErrorCode::CertNotACertificate,
            LoadError::HtmlWithoutCertificate => ErrorCode::CertHtmlEmpty,
            LoadError::PasswordNeeded => ErrorCode::CertPasswordNeeded,
            LoadError::WrongPassword => ErrorCode::CertWrongPassword,
            LoadError::Unsupported { .. } => ErrorCode::CertUnsupported,
            LoadError::Damaged { .. } => ErrorCode::CertDamaged,
            LoadError::NoCertificate => ErrorCode::CertNoCertificate,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        match self {
            LoadError::Read { file, .. } | LoadError::NotAFile { file } => BTreeMap::from([(
                "file",
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )]),
            LoadError::TooLarge { size } => {
                BTreeMap::from([("size_mb", format!("{:.0}", *size as f64 / 1048576.0))])
            }
            LoadError::Unsupported { name } => BTreeMap::from([("algorithm", name.clone())]),
            _ => BTreeMap::new(),
        }
    }
}

impl From<pkcs12::P12Error> for LoadError {
    fn from(e: pkcs12::P12Error) -> Self {
        match e {
            pkcs12::P12Error::WrongPassword => LoadError::WrongPassword,
            pkcs12::P12Error::TooMuchWork(iterations) => LoadError::TooMuchWork { iterations },
            pkcs12::P12Error::DamagedPasswordRight => LoadError::DamagedPasswordRight,
            pkcs12::P12Error::Unsupported(name) => LoadError::Unsupported { name },
            pkcs12::P12Error::Damaged(a) => LoadError::Damaged {
                detail: a.to_string(),
            },
        }
    }
}

/// A file that was opened.
#[derive(Debug, Clone)]
pub struct Opened {
    /// What it was.
    pub format: FileFormat,
    /// Certificates (DER), the end-entity certificate first.
    pub certificates: Vec<Vec<u8>>,
    /// The private key (PKCS#8 DER), when the file has one and it was decrypted.
    pub private_key: Option<SecretBytes>,
    /// For PEM: a private key block is present (possibly encrypted).
    pub has_private_key: bool,
    /// For PKCS#12 (and CUG files holding one): the algorithms.
    pub pkcs12: Option<pkcs12::Algorithms>,
    /// The friendly name stored with the certificate, if any.
    pub friendly_name: Option<String>,
}

/// Open a file: a regular file of at most [`MAX_FILE_SIZE`] bytes (see [`crate::limits`]),
/// then sniffed by content.
pub fn open_file(path: &Path, password: Option<&Password>) -> Result<Opened, LoadError> {
    open_bytes(&read_file(path)?, password)
}

/// [`open_file`] for explaining the file only (`inspect`, the window's check of a file): a
/// PKCS#12 file whose MAC proves the password has its private key noted
/// ([`Opened::has_private_key`]) but not decrypted ([`Opened::private_key`] is `None`); see
/// [`pkcs12::parse_without_keys`]. Everything else is as [`open_file`].
pub fn open_file_to_inspect(path: &Path, password: Option<&Password>) -> Result<Opened, LoadError> {
    let bytes = read_file(path)?;
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    match sniff(&bytes) {
        Sniffed::Pkcs12 => open_pkcs12_with(&bytes, password, FileFormat::Pkcs12, false),
        other => open_sniffed(&bytes, other, password),
    }
}

/// The bytes of a certificate file, within [`crate::limits`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use crate::limits::ReadError;
    crate::limits::read_file(path, MAX_FILE_SIZE).map_err(|e| match e {
        ReadError::Io(source) => LoadError::Read {
            file: path.to_path_buf(),
            source,
        },
        ReadError::NotAFile => LoadError::NotAFile {
            file: path.to_path_buf(),
        },
        ReadError::TooLarge { size } => LoadError::TooLarge { size },
    })
}

/// What the first bytes say the content is (cheap; used to list candidate files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// PKCS#12.
    Pkcs12,
    /// A DER certificate.
    Der,
    /// PEM text.
    Pem,
    /// HTML.
    Html,
    /// Something else.
    Other,
}

/// Classify bytes by content.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if pkcs12::looks_like_pkcs12(bytes) {
        return Sniffed::Pkcs12;
    }
    if bytes.first() == Some(&0x30) && crate::budget::parse_certificate(bytes).is_ok() {
        return Sniffed::Der;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    // An HTML page may carry a PEM block inside; it is still the page that the user has.
    let lower = text.to_ascii_lowercase();
    if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<body") {
        return Sniffed::Html;
    }
    if text.contains("-----BEGIN ") {
        return Sniffed::Pem;
    }
    Sniffed::Other
}

/// Open bytes by content.
pub fn open_bytes(bytes: &[u8], password: Option<&Password>) -> Result<Opened, LoadError> {
    open_sniffed(bytes, sniff(bytes), password)
}

/// [`open_bytes`] for bytes whose content [`sniff`] has already told (`sniffed`), so a caller
/// that sniffed first does not sniff again: for a DER file that is a whole parse of the
/// certificate, for a text file a lower-case copy of up to 64 KiB.
fn open_sniffed(
    bytes: &[u8],
    sniffed: Sniffed,
    password: Option<&Password>,
) -> Result<Opened, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    match sniffed {
        Sniffed::Pkcs12 => open_pkcs12(bytes, password, FileFormat::Pkcs12),
        Sniffed::Der => Ok(Opened {
            format: FileFormat::Der,
            certificates: vec![bytes.to_vec()],
            private_key: None,
            has_private_key: false,
            pkcs12: None,
            friendly_name: None,
        }),
        Sniffed::Pem => {
            let (certs, has_key) = read_pem(bytes)?;
            if certs.is_empty() {
                return Err(LoadError::NotACertificate);
            }
            Ok(Opened {
                format: FileFormat::Pem,
                certificates: order_chain(certs),
                private_key: None,
                has_private_key: has_key,
                pkcs12: None,
                friendly_name: None,
            })
        }
        Sniffed::Html => html::open_html(bytes, password),
        Sniffed::Other => {
            // A PFX that is damaged still starts like one: say "damaged", not "not a cert".
            if pkcs12::starts_like_pfx(bytes) {
                return Err(LoadError::Damaged {
                    detail: "the PKCS#12 structure is incomplete".into(),
                });
            }
            Err(LoadError::NotACertificate)
        }
    }
}

fn open_pkcs12(
    bytes: &[u8],
    password: Option<&Password>,
    format: FileFormat,
) -> Result<Opened, LoadError> {
    open_pkcs12_with(bytes, password, format, true)
}

fn open_pkcs12_with(
    bytes: &[u8],
    password: Option<&Password>,
    format: FileFormat,
    keys: bool,
) -> Result<Opened, LoadError> {
    let parse = |p: &Password| match keys {
        true => pkcs12::parse(bytes, p),
        false => pkcs12::parse_without_keys(bytes, p),
    };
    let empty = Password::new("");
    let parsed = match password {
        Some(p) => parse(p)?,
        // No password given: an unprotected file opens with the empty password.
        None => parse(&empty).map_err(|e| match e {
            pkcs12::P12Error::WrongPassword => LoadError::PasswordNeeded,
            other => other.into(),
        })?,
    };
    if parsed.certificates.is_empty() {
        return Err(LoadError::NoCertificate);
    }
    // The end-entity certificate is the one whose localKeyId matches the key, else the one
    // that issued no other certificate in the file.
    let key_id = parsed
        .keys
        .first()
        .map(|(_, a)| a)
        .or(parsed.keys_not_decrypted.first())
        .and_then(|a| a.local_key_id.clone());
    let mut certs = parsed.certificates;
    let mut friendly_name = None;
    if let Some(id) = key_id {
        if let Some(i) = certs
            .iter()
            .position(|(_, a)| a.local_key_id.as_deref() == Some(&id))
        {
            let leaf = certs.remove(i);
            friendly_name = leaf.1.friendly_name.clone();
            certs.insert(0, leaf);
        }
    }
    let mut ders: Vec<Vec<u8>> = certs.into_iter().map(|(d, _)| d).collect();
    ders = order_chain(ders);
    Ok(Opened {
        format,
        certificates: ders,
        has_private_key: !parsed.keys.is_empty() || !parsed.keys_not_decrypted.is_empty(),
        private_key: parsed.keys.into_iter().next().map(|(k, _)| k),
        pkcs12: Some(parsed.algorithms),
        friendly_name,
    })
}

/// Whether a "wrong password" from this file (a PKCS#12 file, or a DKMA CUG page carrying one)
/// is firm: two checks that agree, see [`pkcs12::password_check_is_firm`]. False for anything
/// else.
pub fn password_check_is_firm(bytes: &[u8]) -> bool {
    match sniff(bytes) {
        Sniffed::Pkcs12 => pkcs12::password_check_is_firm(bytes),
        Sniffed::Html => {
            html::embedded_pkcs12(bytes).is_some_and(|p12| pkcs12::password_check_is_firm(&p12))
        }
        _ => false,
    }
}

/// Open bytes without a password, reading what can be read: for a PKCS#12 file that keeps its
/// certificates in the clear (MitID Erhverv's files), those certificates, with
/// [`Opened::private_key`] empty and nothing checked (see [`pkcs12::clear`]); other files as
/// [`open_bytes`] does. A PKCS#12 file whose certificates are encrypted too still needs its
/// password ([`LoadError::PasswordNeeded`]).
pub fn open_before_password(bytes: &[u8]) -> Result<Opened, LoadError> {
    open_clear(bytes).map(|(o, _)| o)
}

/// [`open_before_password`], and whether what was read is a PKCS#12 file's clear part (then
/// not yet checked) rather than a file that needs no password at all.
fn open_clear(bytes: &[u8]) -> Result<(Opened, bool), LoadError> {
    // A DKMA CUG page with a PKCS#12 file inside: what that file keeps in the clear.
    let (bytes, format) = match sniff(bytes) {
        Sniffed::Pkcs12 => (std::borrow::Cow::Borrowed(bytes), FileFormat::Pkcs12),
        Sniffed::Html => match open_sniffed(bytes, Sniffed::Html, None) {
            Err(LoadError::PasswordNeeded) => match html::embedded_pkcs12(bytes) {
                Some(p12) => (std::borrow::Cow::Owned(p12), FileFormat::CugHtml),
                None => return Err(LoadError::PasswordNeeded),
            },
            other => return other.map(|o| (o, false)),
        },
        other => return open_sniffed(bytes, other, None).map(|o| (o, false)),
    };
    let clear = pkcs12::clear::read_clear(&bytes)?;
    if clear.certificates.is_empty() {
        return Err(LoadError::PasswordNeeded);
    }
    let mut certs = clear.certificates;
    let mut friendly_name = None;
    if let Some(Some(id)) = clear.key_ids.first() {
        if let Some(i) = certs
            .iter()
            .position(|(_, a)| a.local_key_id.as_deref() == Some(id.as_slice()))
        {
            let leaf = certs.remove(i);
            friendly_name = leaf.1.friendly_name.clone();
            certs.insert(0, leaf);
        }
    }
    let opened = Opened {
        format,
        certificates: order_chain(certs.into_iter().map(|(d, _)| d).collect()),
        private_key: None,
        has_private_key: !clear.key_ids.is_empty(),
        pkcs12: None,
        friendly_name,
    };
    Ok((opened, true))
}

/// Explain a file before its password, as of `now`: what [`open_before_password`] reads, with
/// [`Inspection::before_password`] set and the finding `cert.not_yet_checked` when the file is
/// a PKCS#12 file whose integrity (MAC) the password has yet to confirm.
pub fn inspect_before_password(
    path: &Path,
    now: time::OffsetDateTime,
) -> Result<Inspection, LoadError> {
    inspect_bytes_before_password(&read_file(path)?, now)
}

/// [`inspect_before_password`] on bytes.
pub fn inspect_bytes_before_password(
    bytes: &[u8],
    now: time::OffsetDateTime,
) -> Result<Inspection, LoadError> {
    let (opened, clear) = open_clear(bytes)?;
    explain_before_password(&opened, clear, now)
}

/// A file's bytes as `find` looks at them, read and parsed once: the format of what
/// [`open_before_password`] reads (or why nothing can be read), and the explanation
/// [`inspect_bytes_before_password`] gives of it (or why there is none).
pub fn look_before_password(
    bytes: &[u8],
    now: time::OffsetDateTime,
) -> Result<(FileFormat, Result<Inspection, LoadError>), LoadError> {
    let (opened, clear) = open_clear(bytes)?;
    Ok((opened.format, explain_before_password(&opened, clear, now)))
}

/// How many certificates a file's bytes hold at most, counted without parsing any: PEM start
/// lines and PKCS#12 certificate bags (at least one). What `find` weighs before it parses.
pub fn count_certificates(bytes: &[u8]) -> usize {
    const CERT_BAG: &[u8] = &[
        0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03,
    ];
    let count = |needle: &[u8]| {
        let first = needle[0];
        bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == first && bytes[i..].starts_with(needle))
            .count()
    };
    (count(b"-----BEGIN ") + count(CERT_BAG)).max(1)
}

/// The first certificate of PEM text (or of a page holding PEM), read alone: how `find`
/// confirms a file holding too many certificates to read them all.
pub fn first_pem_certificate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .windows(9)
        .position(|w| w == b"-----END ")
        .map(|i| i + from)
    {
        let line_end = bytes[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |e| i + e);
        if bytes[i..line_end].windows(11).any(|w| w == b"CERTIFICATE") {
            return read_pem(&bytes[..line_end])
                .ok()
                .and_then(|(certs, _)| certs.into_iter().next());
        }
        from = line_end;
    }
    None
}

fn explain_before_password(
    opened: &Opened,
    clear: bool,
    now: time::OffsetDateTime,
) -> Result<Inspection, LoadError> {
    let mut r = inspect(opened, now)?;
    if clear {
        r.before_password = true;
        r.findings.insert(
            0,
            identify::Finding {
                level: identify::Level::Info,
                code: "cert.not_yet_checked",
                message: "read before the password: the file's integrity is not yet checked".into(),
            },
        );
    }
    Ok(r)
}

/// Put the end-entity certificate first: the one that is not the issuer of any other.
/// Compared by the encoded names alone ([`raw_names`]): the certificates are parsed once,
/// later, by whoever reads them ([`inspect_with`]), not here as well.
fn order_chain(certs: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    if certs.len() < 2 {
        return certs;
    }
    let names: Vec<_> = certs.iter().map(|d| raw_names(d)).collect();
    let is_issuer_of_other = |i: usize| {
        names[i].is_some_and(|(_, subject)| {
            names
                .iter()
                .enumerate()
                .any(|(j, nj)| j != i && nj.is_some_and(|(issuer, _)| issuer == subject))
        })
    };
    let leaf = (0..certs.len())
        .find(|i| !is_issuer_of_other(*i))
        .unwrap_or(0);
    let mut out = certs;
    let l = out.remove(leaf);
    out.insert(0, l);
    out
}

/// A certificate's issuer and subject names as encoded (issuer, subject), read from the
/// structure's first fields without parsing the rest; `None` when they cannot be read.
fn raw_names(der: &[u8]) -> Option<(&[u8], &[u8])> {
    use ber::tag;
    let mut cert = ber::Reader::new(der).sequence().ok()?;
    let mut tbs = cert.sequence().ok()?;
    // [0] EXPLICIT version, absent in a version 1 certificate.
    if tbs.peek().ok()?.is_context(0) {
        tbs.next_tlv().ok()?;
    }
    tbs.expect(tag::INTEGER, "serialNumber").ok()?;
    tbs.expect(tag::SEQUENCE, "signature").ok()?;
    let issuer = tbs.expect(tag::SEQUENCE, "issuer").ok()?.raw;
    tbs.expect(tag::SEQUENCE, "validity").ok()?;
    let subject = tbs.expect(tag::SEQUENCE, "subject").ok()?.raw;
    Some((issuer, subject))
}

/// Certificates and "is there a private key" from PEM text, read with rustls-pki-types' PEM
/// parser. Before the parser sees the text, a line pass evens out what files found in the wild
/// do differently: a byte-order mark is dropped, lines are trimmed (PEM pasted from a mail is
/// often indented), the legacy labels `X509 CERTIFICATE` and `TRUSTED CERTIFICATE` read as
/// `CERTIFICATE`, and private-key blocks (plain or `ENCRYPTED`) are left out unread: they only
/// set "has a key", their bodies are never decoded or copied.
///
/// A broken block is an error, never skipped: a block without its end line, a start line the
/// parser does not accept, bad base64, or a certificate block that is not a certificate. The
/// same certificate twice counts once; bytes after a certificate (the trust settings of a
/// `TRUSTED CERTIFICATE`) are cut off.
fn read_pem(bytes: &[u8]) -> Result<PemContent, LoadError> {
    Ok(read_pem_until(bytes, &mut || false)?.unwrap_or_default())
}

/// The certificates of PEM text as `read_pem` reads them, each parsed once (counted by
/// [`crate::budget`]), asking `stop` before each one: `None` when it said stop. How the
/// connection test reads extra roots within its run's budget.
pub fn pem_certificates_until(
    bytes: &[u8],
    stop: &mut dyn FnMut() -> bool,
) -> Result<Option<Vec<Vec<u8>>>, LoadError> {
    Ok(read_pem_until(bytes, stop)?.map(|(certs, _)| certs))
}

/// Certificates (DER) and "is there a private key", as [`read_pem`] gives them.
type PemContent = (Vec<Vec<u8>>, bool);

fn read_pem_until(
    bytes: &[u8],
    stop: &mut dyn FnMut() -> bool,
) -> Result<Option<PemContent>, LoadError> {
    use rustls_pki_types::pem::{Error as PemError, PemObject};
    use rustls_pki_types::CertificateDer;
    let damaged = |detail: String| LoadError::Damaged { detail };
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut clean = zeroize::Zeroizing::new(String::with_capacity(text.len()));
    let (mut in_key, mut has_key, mut expected) = (false, false, 0usize);
    for line in text.lines().map(str::trim) {
        let marker = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|l| l.strip_suffix("-----"))
                .map(|label| match label {
                    "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => "CERTIFICATE",
                    l => l,
                })
        };
        if let Some(label) = marker("-----BEGIN ") {
            in_key = label.ends_with("PRIVATE KEY");
            has_key |= in_key;
            expected += usize::from(label == "CERTIFICATE");
            if !in_key {
                clean.push_str(&format!("-----BEGIN {label}-----\n"));
            }
        } else if in_key {
            in_key = !line.starts_with("-----END ");
        } else if let Some(label) = marker("-----END ") {
            clean.push_str(&format!("-----END {label}-----\n"));
        } else {
            clean.push_str(line);
            clean.push('\n');
        }
    }
    let mut certs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut read = 0usize;
    for item in CertificateDer::pem_slice_iter(clean.as_bytes()) {
        if stop() {
            return Ok(None);
        }
        let der = item.map_err(|e| {
            damaged(match e {
                PemError::MissingSectionEnd { .. } => "a PEM block has no end line".into(),
                PemError::IllegalSectionStart { .. } => "a PEM start line is malformed".into(),
                PemError::Base64Decode(_) => "a PEM block is not valid base64".into(),
                PemError::SectionTooLarge => "a PEM block is too large".into(),
                _ => "a PEM block cannot be read".into(),
            })
        })?;
        read += 1;
        let (rest, _) = crate::budget::parse_certificate(&der)
            .map_err(|_| damaged(format!("PEM certificate block {read} is not a certificate")))?;
        let der = der[..der.len() - rest.len()].to_vec();
        // The same certificate twice in one file is one certificate.
        if seen.insert(der.clone()) {
            certs.push(der);
        }
    }
    if read != expected {
        // A block cut short and followed by the next one: the parser reads them as one.
        return Err(damaged(format!(
            "{expected} PEM certificate blocks, {read} readable"
        )));
    }
    Ok(Some((certs, has_key)))
}

/// One certificate of the chain found in the file, briefly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainEntry {
    /// Subject.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// End of validity.
    pub not_after: String,
}

/// The file's basic facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileFacts {
    /// What it turned out to be.
    pub format: FileFormat,
    /// The friendly name stored in a PKCS#12 file.
    pub friendly_name: Option<String>,
}

/// What the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contains {
    /// A private key is in the file.
    pub private_key: bool,
    /// Number of certificates.
    pub certificates: usize,
}

/// The result of inspecting a file: what `oces-wizard inspect --json` prints and the
/// "Check a certificate file" screen shows. Read from the file, with its chain checked against
/// the bundled OCES CAs (`trust`): `oces.environment` is "unknown" unless the chain is verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Inspection {
    /// The file.
    pub file: FileFacts,
    /// What it holds.
    pub contains: Contains,
    /// The end-entity certificate.
    pub certificate: identify::Summary,
    /// The other certificates in the file.
    pub chain: Vec<ChainEntry>,
    /// The Danish meaning of the end-entity certificate.
    pub oces: identify::Oces,
    /// PKCS#12 algorithms, or null.
    pub pkcs12: Option<pkcs12::Algorithms>,
    /// What the user should know.
    pub findings: Vec<identify::Finding>,
    /// Whether the chain was verified up to a bundled OCES CA (`trust.status == "verified"`).
    pub verified: bool,
    /// The chain check: verdict, anchor, environment.
    pub trust: trust::Trust,
    /// Read before the password (a PKCS#12 file's clear part): not yet checked, the file's
    /// integrity (MAC) unconfirmed and the key not unlocked.
    pub before_password: bool,
    /// Days left and who must get the renewed certificate.
    pub expiry: identify::Expiry,
    /// The certificate and its issuing CA when the chain was verified, for a revocation check
    /// the session may be asked for ([`revocation::Memory::remember_inspected`]). Public data;
    /// not part of the report.
    #[serde(skip)]
    pub(crate) verified_pair: Option<(Vec<u8>, Vec<u8>)>,
}

/// Whether a file holds a certificate, without its password: Ok for a readable certificate
/// file and for a protected one (PKCS#12, a CUG page); the coded reason otherwise.
pub fn check_holds_certificate(path: &Path) -> Result<(), LoadError> {
    match open_file(path, None) {
        Ok(_) | Err(LoadError::PasswordNeeded) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Open a file and explain it as of `now`.
pub fn inspect_path(
    path: &Path,
    password: Option<&Password>,
    now: time::OffsetDateTime,
) -> Result<Inspection, LoadError> {
    inspect(&open_file_to_inspect(path, password)?, now)
}

/// Explain an opened file as of `now`, its chain checked against the bundled OCES CAs.
pub fn inspect(opened: &Opened, now: time::OffsetDateTime) -> Result<Inspection, LoadError> {
    inspect_with(opened, now, trust::TrustStore::bundled())
}

/// [`inspect`] against the CA certificates in `store`.
pub fn inspect_with(
    opened: &Opened,
    now: time::OffsetDateTime,
    store: &trust::TrustStore,
) -> Result<Inspection, LoadError> {
    // Each certificate is parsed once, here: its summary and the chain check both read the
    // parsed form.
    let mut summaries = Vec::with_capacity(opened.certificates.len());
    let mut parsed = Vec::with_capacity(opened.certificates.len());
    for der in &opened.certificates {
        let (_, cert) = crate::budget::parse_certificate(der).map_err(|_| LoadError::Damaged {
            detail: "a certificate in the file cannot be read".into(),
        })?;
        summaries.push(identify::summarize_parsed(der, &cert));
        parsed.push((der.as_slice(), cert));
    }
    let checked = trust::verify_parsed(parsed, store, now);
    let Some((leaf, rest)) = summaries.split_first_mut() else {
        return Err(LoadError::NoCertificate);
    };
    // Environment and generation come from the anchor, never from the issuer's name.
    match (checked.environment, checked.generation) {
        (Some(env), Some(gen)) if checked.is_verified() => {
            leaf.oces.environment = env;
            leaf.oces.generation = gen;
            let o = &leaf.oces;
            leaf.oces.gateway_user = match gen {
                identify::Generation::Oces3 => {
                    identify::gateway_user(o.cvr.as_deref(), o.id_type.as_deref(), o.id.as_deref())
                }
                _ => None,
            };
        }
        // A broken chain (a signature that does not hold) is not a certificate of the CA it
        // names: no generation ("OCES3 (MitID Erhverv)") is put next to "broken".
        _ if checked.status == trust::TrustStatus::Broken => {
            leaf.oces.environment = identify::Environment::Unknown;
            leaf.oces.generation = identify::Generation::None;
        }
        _ => leaf.oces.environment = identify::Environment::Unknown,
    }
    let (leaf, rest) = (&*leaf, &*rest);
    // So the session can ask whether it is revoked (public data; see `revocation::Memory`).
    let verified_pair = match (checked.is_verified(), checked.issuer.as_deref()) {
        (true, Some(issuer)) => Some((opened.certificates[0].clone(), issuer.to_vec())),
        _ => None,
    };
    let has_key = opened.has_private_key;
    let mut findings = trust::findings(&checked);
    findings.extend(identify::findings(
        leaf,
        rest,
        opened.pkcs12.as_ref(),
        has_key,
        now,
    ));
    Ok(Inspection {
        file: FileFacts {
            format: opened.format,
            friendly_name: opened.friendly_name.clone(),
        },
        contains: Contains {
            private_key: has_key,
            certificates: opened.certificates.len(),
        },
        oces: leaf.oces.clone(),
        chain: rest
            .iter()
            .map(|s| ChainEntry {
                subject: s.subject.clone(),
                issuer: s.issuer.clone(),
                not_after: s.not_after.clone(),
            })
            .collect(),
        certificate: leaf.clone(),
        pkcs12: opened.pkcs12.clone(),
        findings,
        verified: checked.is_verified(),
        trust: checked,
        before_password: false,
        expiry: identify::expiry(leaf, now),
        verified_pair,
    })
}

#[cfg(test)]
mod pem_tests {
    use super::*;

    fn cert(name: &str) -> rcgen::CertifiedKey<rcgen::KeyPair> {
        rcgen::generate_simple_self_signed(vec![name.to_string()]).expect("certificate")
    }

    fn is_damaged(r: Result<(Vec<Vec<u8>>, bool), LoadError>) -> bool {
        matches!(r, Err(LoadError::Damaged { .. }))
    }

    /// What files found in the wild do: BOM, CRLF, indentation, text around blocks, the same
    /// certificate twice, a key block, a legacy label.
    #[test]
    fn pem_as_found_in_the_wild_is_read() {
        let (a, b) = (cert("a.example"), cert("b.example"));
        let indented: String = b
            .cert
            .pem()
            .lines()
            .map(|l| format!("    {l}\r\n"))
            .collect();
        let legacy = a
            .cert
            .pem()
            .replace("BEGIN CERTIFICATE", "BEGIN TRUSTED CERTIFICATE")
            .replace("END CERTIFICATE", "END TRUSTED CERTIFICATE");
        let text = format!(
            "\u{feff}Subject: a\n{}\nsome words\n{indented}{}{legacy}",
            a.cert.pem(),
            a.signing_key.serialize_pem()
        );
        let (certs, has_key) = read_pem(text.as_bytes()).expect("read");
        assert_eq!(certs, vec![a.cert.der().to_vec(), b.cert.der().to_vec()]);
        assert!(has_key);
        let (certs, has_key) = read_pem(a.cert.pem().as_bytes()).expect("read");
        assert_eq!((certs.len(), has_key), (1, false));
    }

    /// A key block is only noted: its body is not decoded, so an encrypted key (a label the
    /// parser does not know) or an odd body does not make the file unreadable.
    #[test]
    fn a_key_block_is_noted_not_decoded() {
        let a = cert("a.example");
        // A made-up block; the label is put together so that no source line is a key header.
        let pk = concat!("ENCRYPTED PRIVATE", " KEY");
        let text = format!(
            "-----BEGIN {pk}-----\nnot base64 at all!\n-----END {pk}-----\n{}",
            a.cert.pem()
        );
        let (certs, has_key) = read_pem(text.as_bytes()).expect("read");
        assert_eq!((certs.len(), has_key), (1, true));
    }

    /// A block cut short is reported, at the end of the file or followed by another block.
    #[test]
    fn a_truncated_block_is_reported_not_skipped() {
        let (a, b) = (cert("a.example"), cert("b.example"));
        let pem = a.cert.pem();
        let cut = &pem[..pem.len() / 2];
        assert!(is_damaged(read_pem(cut.as_bytes())), "at the end");
        let before_good = format!("{cut}\n{}", b.cert.pem());
        assert!(
            is_damaged(read_pem(before_good.as_bytes())),
            "before a good one"
        );
        let after_good = format!("{}{cut}", b.cert.pem());
        assert!(
            is_damaged(read_pem(after_good.as_bytes())),
            "after a good one"
        );
        assert!(matches!(
            open_bytes(after_good.as_bytes(), None),
            Err(LoadError::Damaged { .. })
        ));
        // Without its end line, all lines there: still cut short.
        let no_end = pem.replace("-----END CERTIFICATE-----", "");
        assert!(is_damaged(read_pem(no_end.as_bytes())));
    }

    /// Bad base64 in a block, and a block whose base64 is fine but holds no certificate, are
    /// reported even when another block is good.
    #[test]
    fn a_block_with_bad_base64_is_reported_not_skipped() {
        let (a, b) = (cert("a.example"), cert("b.example"));
        let pem = a.cert.pem();
        let mut lines: Vec<String> = pem.lines().map(str::to_string).collect();
        lines[1].replace_range(4..6, "!?");
        let bad = lines.join("\n");
        assert!(is_damaged(read_pem(bad.as_bytes())));
        let with_good = format!("{}{bad}\n", b.cert.pem());
        assert!(is_damaged(read_pem(with_good.as_bytes())));
        assert!(matches!(
            open_bytes(with_good.as_bytes(), None),
            Err(LoadError::Damaged { .. })
        ));
        let not_a_cert = format!(
            "{}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            b.cert.pem()
        );
        assert!(is_damaged(read_pem(not_a_cert.as_bytes())));
        let bad_start = format!("{}-----BEGIN CERTIFICATE----\n", b.cert.pem());
        assert!(is_damaged(read_pem(bad_start.as_bytes())));
    }
}

#[cfg(test)]
mod parse_once_tests {
    use super::*;
    use crate::budget::counts;

    /// X.509 parses (counted by `crate::budget`) that `f` does on this thread.
    fn parses<T>(f: impl FnOnce() -> T) -> (u64, T) {
        let before = counts().certificates_parsed;
        let out = f();
        (counts().certificates_parsed - before, out)
    }

    fn self_signed() -> rcgen::CertifiedKey<rcgen::KeyPair> {
        rcgen::generate_simple_self_signed(vec!["parse-once.example".to_string()])
            .expect("certificate")
    }

    #[test]
    fn explaining_a_certificate_parses_it_once() {
        // The summary and the chain check share one parse (they were two). A self-signed
        // certificate no bundled CA issued reaches no anchor, so nothing else is parsed.
        let c = self_signed();
        let opened = open_bytes(c.cert.der(), None).expect("opens");
        let (n, r) = parses(|| inspect(&opened, time::OffsetDateTime::now_utc()));
        let r = r.expect("explained");
        assert_eq!(r.trust.status, trust::TrustStatus::NotRecognised);
        assert_eq!(n, 1, "parses of one certificate to explain it");
    }

    #[test]
    fn a_preview_parses_a_pem_certificate_twice_at_most() {
        // `find`'s look at a PEM file: once to read the block (is it a certificate, where does
        // it end), once to explain it (were three: the summary and the chain check apart).
        let c = self_signed();
        let pem = c.cert.pem();
        let (n, r) =
            parses(|| look_before_password(pem.as_bytes(), time::OffsetDateTime::now_utc()));
        let (format, explained) = r.expect("a certificate");
        assert_eq!(format, FileFormat::Pem);
        assert!(explained.is_ok());
        assert_eq!(n, 2, "parses of one PEM certificate for a preview");
    }

    /// A CA and the certificate it issued, as PEM, the CA's block first (as some files have
    /// them).
    fn chain_pem() -> String {
        let ca_key = rcgen::KeyPair::generate().expect("key");
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "Parse Once CA");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca_cert = ca.self_signed(&ca_key).expect("ca");
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let key = rcgen::KeyPair::generate().expect("key");
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "Parse Once Leaf");
        let leaf = p.signed_by(&key, &issuer).expect("leaf");
        format!("{}{}", ca_cert.pem(), leaf.pem())
    }

    #[test]
    fn a_chain_is_put_in_order_without_parsing_it() {
        // The end-entity certificate first, found by the encoded names alone; then each
        // certificate is parsed once to read the block and once to explain it (were three
        // times: putting them in order parsed them all as well).
        let pem = chain_pem();
        let (n, r) =
            parses(|| look_before_password(pem.as_bytes(), time::OffsetDateTime::now_utc()));
        let (_, explained) = r.expect("a certificate");
        let r = explained.expect("explained");
        assert_eq!(
            r.certificate.common_name.as_deref(),
            Some("Parse Once Leaf")
        );
        assert_eq!(r.chain.len(), 1);
        assert_eq!(r.contains.certificates, 2);
        assert_eq!(n, 4, "parses of a two-certificate PEM file for a preview");
        let opened = open_bytes(pem.as_bytes(), None).expect("opens");
        let (n, _) = parses(|| order_chain(opened.certificates.clone()));
        assert_eq!(n, 0, "putting a chain in order parses nothing");
    }

    #[test]
    fn the_names_are_read_as_the_parser_reads_them() {
        let pem = chain_pem();
        let opened = open_bytes(pem.as_bytes(), None).expect("opens");
        for der in &opened.certificates {
            let (issuer, subject) = raw_names(der).expect("names");
            let (_, cert) = x509_parser::parse_x509_certificate(der).expect("parses");
            assert_eq!(issuer, cert.issuer().as_raw());
            assert_eq!(subject, cert.subject().as_raw());
        }
        assert_eq!(raw_names(b"not a certificate"), None);
        assert_eq!(
            raw_names(&[0x30, 0x03, 0x30, 0x01, 0x02]),
            None,
            "cut short"
        );
    }
}
