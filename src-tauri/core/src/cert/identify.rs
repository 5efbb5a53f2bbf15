//! What a certificate is, in the terms of the Danish OCES schemes (see shared/docs/domain.md).
//!
//! [`summarize`] reads one DER certificate: names (multi-valued RDNs in either order), serial,
//! validity, fingerprint, key, signature algorithm and policies, and then the Danish meaning:
//! OCES generation, test or production, kind of certificate, CVR (with its modulus-11 check),
//! identifier (RID, UID, FID, PID or the OCES3 UUID) and, for OCES3, the UFST gateway user ID.
//! [`findings`] lists what the user should know, each with a stable code and a level.
//!
//! Everything here is read from the file and not verified: a summary says who the certificate
//! claims to be, not that a trusted CA issued it. The generation here is the claim (issuer name,
//! policies); the environment is left `Unknown`. Both are settled by the chain check in
//! `trust.rs` when an inspection is made (`cert::inspect`).

use ::time::format_description::well_known::Rfc3339;
use ::time::OffsetDateTime;
use serde::Serialize;
use sha2::Digest;
use x509_parser::prelude::*;

/// OCES generation.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Generation {
    /// OCES I: TDC's first generation (a "TDC OCES" CA), before NemID.
    Oces1,
    /// NemID / TRUST2408.
    Oces2,
    /// MitID Erhverv / Den Danske Stat.
    Oces3,
    /// Not an OCES certificate.
    #[default]
    None,
}

/// Test or production.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Issued by a production CA.
    Production,
    /// Issued by a test CA.
    Test,
    /// Not an OCES certificate, or not known.
    #[default]
    Unknown,
}

/// What the certificate stands for.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An employee (MOCES, MitID Brugercertifikat).
    Employee,
    /// A company (VOCES, MitID Organisationscertifikat).
    Organisation,
    /// A function or system (FOCES, MitID Systemcertifikat).
    System,
    /// A private person (POCES).
    Personal,
}

impl Generation {
    /// The serde name (`oces3`), as saved and as the support code's tables have it.
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::Oces1 => "oces1",
            Generation::Oces2 => "oces2",
            Generation::Oces3 => "oces3",
            Generation::None => "none",
        }
    }
}

impl Environment {
    /// The serde name (`production`), as saved and as the support code's tables have it.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Test => "test",
            Environment::Unknown => "unknown",
        }
    }
}

impl Kind {
    /// The serde name (`employee`), as saved and as the support code's tables have it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Employee => "employee",
            Kind::Organisation => "organisation",
            Kind::System => "system",
            Kind::Personal => "personal",
        }
    }
}

/// The Danish meaning of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Oces {
    /// Generation.
    pub generation: Generation,
    /// Test or production.
    pub environment: Environment,
    /// Kind, when it can be told.
    pub kind: Option<Kind>,
    /// CVR number (8 digits).
    pub cvr: Option<String>,
    /// Whether the CVR passes the modulus-11 check.
    pub cvr_valid: Option<bool>,
    /// `RID`, `UID`, `FID`, `PID` or `UI`.
    pub id_type: Option<String>,
    /// The identifier (UUIDs in lower case).
    pub id: Option<String>,
    /// `CVR_<cvr>_UI_<uuid>` for OCES3 certificates with a CVR.
    pub gateway_user: Option<String>,
}

/// Everything read from one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Summary {
    /// Subject, `CN=…, serialNumber=…, O=…, C=DK` (multi-valued parts joined with ` + `).
    pub subject: String,
    /// Issuer, same form.
    pub issuer: String,
    /// Subject common name.
    pub common_name: Option<String>,
    /// Subject organisation (without the ` // CVR:…` suffix OCES2 adds).
    pub organisation: Option<String>,
    /// Issuer common name.
    pub issuer_common_name: Option<String>,
    /// Serial number, hex with colons.
    pub serial: String,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// SHA-256 of the DER, hex with colons.
    pub sha256_fingerprint: String,
    /// `RSA 3072`, `EC P-256`, …
    pub key: String,
    /// `sha256WithRSAEncryption`, `RSASSA-PSS`, …
    pub signature_algorithm: String,
    /// Certificate policy OIDs.
    pub policies: Vec<String>,
    /// Whether subject and issuer are the same (a root).
    pub self_signed: bool,
    /// The Danish meaning (reported beside the certificate, not inside it).
    #[serde(skip)]
    pub oces: Oces,
    #[serde(skip)]
    not_before_ts: i64,
    #[serde(skip)]
    not_after_ts: i64,
    #[serde(skip)]
    issuer_raw: Vec<u8>,
    #[serde(skip)]
    subject_raw: Vec<u8>,
}

impl Summary {
    /// Start of validity, seconds since 1970.
    pub fn not_before_unix(&self) -> i64 {
        self.not_before_ts
    }

    /// End of validity, seconds since 1970.
    pub fn not_after_unix(&self) -> i64 {
        self.not_after_ts
    }
}

/// Why a certificate could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the certificate is damaged")]
pub struct BadCertificate;

fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.12" => "title",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => return None,
    })
}

fn attr_text(atv: &AttributeTypeAndValue<'_>) -> String {
    if let Ok(s) = atv.as_str() {
        return s.to_string();
    }
    // BMPString (UTF-16BE) or something else: decode what we can, never fail.
    let data = atv.attr_value().data;
    if atv.attr_value().tag() == x509_parser::der_parser::asn1_rs::Tag::BmpString {
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(data).into_owned()
}

pub(crate) fn name_string(name: &X509Name<'_>) -> String {
    name.iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type().to_id_string();
                    let key = short_name(&oid).map(str::to_string).unwrap_or(oid);
                    format!("{key}={}", attr_text(atv))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// All values of one attribute in a name, across every RDN (multi-valued or not). The OID is
/// compared in its encoded form: no text is made of each attribute's OID to compare it.
fn values(name: &X509Name<'_>, oid: &str) -> Vec<String> {
    let Ok(wanted) = oid.parse::<x509_parser::der_parser::oid::Oid<'_>>() else {
        return Vec::new();
    };
    name.iter_rdn()
        .flat_map(|rdn| rdn.iter())
        .filter(|atv| {
            let t = atv.attr_type().as_bytes();
            // A component written with needless leading zero groups (0x80) is the same OID
            // in its text: compared that way, as before.
            t == wanted.as_bytes() || (t.contains(&0x80) && atv.attr_type().to_id_string() == oid)
        })
        .map(attr_text)
        .collect()
}

/// Bytes as upper-case hex pairs separated by colons (`0A:FF`), written into one string.
pub(crate) fn hex_colon(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        other => return other.to_string(),
    }
    .to_string()
}

fn key_description(cert: &X509Certificate<'_>) -> String {
    use x509_parser::public_key::PublicKey;
    match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => format!("RSA {}", rsa.key_size()),
        Ok(PublicKey::EC(_)) => {
            let curve = cert
                .public_key()
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| match o.to_id_string().as_str() {
                    "1.2.840.10045.3.1.7" => "P-256".to_string(),
                    "1.3.132.0.34" => "P-384".to_string(),
                    "1.3.132.0.35" => "P-521".to_string(),
                    other => other.to_string(),
                })
                .unwrap_or_default();
            format!("EC {curve}").trim().to_string()
        }
        Ok(_) => cert.public_key().algorithm.algorithm.to_id_string(),
        Err(_) => "unknown".to_string(),
    }
}

pub use crate::ids::cvr_valid;

fn digits_after<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let start = s.find(prefix)? + prefix.len();
    let rest = &s[start..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A name from a certificate as it may be shown (see [`crate::text::plain`]).
fn shown(s: String) -> String {
    crate::text::plain(&s).into_owned()
}

/// The OCES3 `serialNumber` forms `UI:DK-O:<variant>:<uuid>` (organisation and system),
/// `UI:DK-E:<variant>:<uuid>` (employee) and `UI:DK-P:<variant>:<uuid>` (private person, as
/// NemLog-in writes person identities): the holder letter (`O`, `E`, `P`) and the UUID. The
/// variant (`G`, and `C` in real employee certificates) is a short code, not part of the id.
fn oces3_serial(sn: &str) -> Option<(char, &str)> {
    let mut parts = sn.splitn(4, ':');
    let (ui, holder, variant, uuid) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let holder = match holder.to_ascii_uppercase().as_str() {
        "DK-O" => 'O',
        "DK-E" => 'E',
        "DK-P" => 'P',
        _ => return None,
    };
    let variant_ok =
        (1..=3).contains(&variant.len()) && variant.bytes().all(|b| b.is_ascii_alphanumeric());
    (ui.eq_ignore_ascii_case("UI") && variant_ok && !uuid.is_empty()).then_some((holder, uuid))
}

/// The UFST gateway user ID `CVR_<cvr>_UI_<uuid>` of an OCES3 certificate's CVR and UUID.
pub(crate) fn gateway_user(
    cvr: Option<&str>,
    id_type: Option<&str>,
    id: Option<&str>,
) -> Option<String> {
    match (cvr, id_type, id) {
        (Some(c), Some("UI"), Some(u)) if c.len() == 8 && is_uuid(u) => {
            Some(format!("CVR_{c}_UI_{u}"))
        }
        _ => None,
    }
}

/// Read one DER certificate.
pub fn summarize(der: &[u8]) -> Result<Summary, BadCertificate> {
    let (_, cert) = crate::budget::parse_certificate(der).map_err(|_| BadCertificate)?;
    Ok(summarize_parsed(der, &cert))
}

/// [`summarize`] of `der` already parsed as `cert` (so a caller that needs the parsed form
/// again, like the chain check, parses it once).
pub(crate) fn summarize_parsed(der: &[u8], cert: &X509Certificate<'_>) -> Summary {
    let subject = cert.subject();
    let issuer = cert.issuer();
    let cn = values(subject, "2.5.4.3").into_iter().next();
    let serial_number = values(subject, "2.5.4.5").into_iter().next();
    let org_raw = values(subject, "2.5.4.10").into_iter().next();
    let org_id = values(subject, "2.5.4.97").into_iter().next();
    let issuer_cn = values(issuer, "2.5.4.3").into_iter().next();
    let policies: Vec<String> = cert
        .extensions()
        .iter()
        .filter_map(|e| match e.parsed_extension() {
            ParsedExtension::CertificatePolicies(p) => Some(p),
            _ => None,
        })
        .flat_map(|p| p.iter().map(|i| i.policy_id.to_id_string()))
        .collect();

    let icn = issuer_cn.clone().unwrap_or_default();
    let has_policy = |prefix: &str| policies.iter().any(|p| p.starts_with(prefix));
    let generation = if icn.starts_with("Den Danske Stat OCES")
        || has_policy("1.2.208.169.1.1.1.3.7")
        || has_policy("1.2.208.169.1.1.1.2.7")
        || has_policy("0.4.0.2042.1.1") && icn.contains("Den Danske Stat")
    {
        Generation::Oces3
    } else if icn.starts_with("TDC OCES") {
        Generation::Oces1
    } else if icn.starts_with("TRUST2408")
        || has_policy("1.2.208.169.1.1.1")
        || has_policy("1.3.6.1.4.1.31313.2.4.6")
    {
        Generation::Oces2
    } else {
        Generation::None
    };
    // Test or production is never read from the issuer's name: a look-alike CA can copy any
    // name. It comes from the bundled CA the chain ends in (trust.rs), set by `cert::inspect`.
    let environment = Environment::Unknown;

    let sn = serial_number.clone().unwrap_or_default();
    let (mut kind, mut id_type, mut id, mut cvr) = (None, None, None, None);
    // RID/UID/FID/PID are read wherever they appear: DKMA's CUG certificates carry a RID under
    // DKMA's own CA (no CVR, no OCES issuer).
    if matches!(generation, Generation::Oces1 | Generation::Oces2)
        || sn.contains("CVR:")
        || sn.contains("ID:")
    {
        cvr = digits_after(&sn, "CVR:").map(str::to_string);
        for (tag, k) in [
            ("RID:", Kind::Employee),
            ("UID:", Kind::Organisation),
            ("FID:", Kind::System),
            ("PID:", Kind::Personal),
        ] {
            if let Some(start) = sn.find(tag) {
                let value = sn[start + tag.len()..].trim().to_string();
                kind = Some(k);
                id_type = Some(tag.trim_end_matches(':').to_string());
                id = Some(value);
                break;
            }
        }
        if cvr.is_none() {
            cvr = org_raw
                .as_deref()
                .and_then(|o| digits_after(o, "CVR:"))
                .map(str::to_string);
        }
    }
    if let Some((holder, uuid)) = oces3_serial(&sn) {
        kind = Some(if holder == 'E' {
            Kind::Employee
        } else if holder == 'P' {
            Kind::Personal
        } else if cn
            .as_deref()
            .is_some_and(|c| c.to_lowercase().contains("systemcertifikat"))
        {
            Kind::System
        } else {
            Kind::Organisation
        });
        id_type = Some("UI".into());
        id = Some(uuid.to_ascii_lowercase());
    }
    if cvr.is_none() {
        cvr = org_id
            .as_deref()
            .and_then(|o| o.strip_prefix("NTRDK-"))
            .map(str::to_string);
    }
    let cvr_ok = cvr.as_deref().map(cvr_valid);
    let gateway_user = match generation {
        Generation::Oces3 => gateway_user(cvr.as_deref(), id_type.as_deref(), id.as_deref()),
        _ => None,
    };
    let organisation = org_raw.map(|o| match o.find(" // CVR:") {
        Some(i) => o[..i].to_string(),
        None => o,
    });

    let nb = cert.validity().not_before.to_datetime();
    let na = cert.validity().not_after.to_datetime();
    Summary {
        // Names are the certificate maker's words: control and bidi characters made visible
        // (crate::text), for every output at once: window, terminal, JSON, report.
        subject: shown(name_string(subject)),
        issuer: shown(name_string(issuer)),
        common_name: cn.map(shown),
        organisation: organisation.map(shown),
        issuer_common_name: issuer_cn.map(shown),
        serial: hex_colon(cert.raw_serial()),
        not_before: nb.format(&Rfc3339).unwrap_or_default(),
        not_after: na.format(&Rfc3339).unwrap_or_default(),
        sha256_fingerprint: hex_colon(&sha2::Sha256::digest(der)),
        key: key_description(cert),
        signature_algorithm: signature_name(&cert.signature_algorithm.algorithm.to_id_string()),
        policies,
        self_signed: subject.as_raw() == issuer.as_raw(),
        oces: Oces {
            generation,
            environment,
            kind,
            cvr,
            cvr_valid: cvr_ok,
            id_type,
            id: id.map(shown),
            gateway_user: gateway_user.map(shown),
        },
        not_before_ts: nb.unix_timestamp(),
        not_after_ts: na.unix_timestamp(),
        issuer_raw: issuer.as_raw().to_vec(),
        subject_raw: subject.as_raw().to_vec(),
    }
}

/// How serious a finding is.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The certificate cannot be used for its purpose.
    Error,
    /// Something to act on.
    Warning,
    /// Good to know.
    Info,
}

/// One thing the user should know about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// How serious.
    pub level: Level,
    /// Stable code (`cert.expired`), translated by the UI (`finding.<code>`).
    pub code: &'static str,
    /// English text for logs and the command line.
    pub message: String,
}

/// Every finding code, for the locale check and the error catalogue.
pub const FINDING_CODES: &[&str] = &[
    "cert.expired",
    "cert.not_yet_valid",
    "cert.expires_soon",
    "cert.oces2_retired",
    "cert.test_certificate",
    "cert.cvr_check_failed",
    "cert.not_oces",
    "cert.chain_incomplete",
    "pkcs12.legacy_encryption",
    "pkcs12.modern_encryption",
    "pkcs12.no_mac",
    "pkcs12.no_private_key",
    "pkcs12.password_bytes_as_characters",
    "trust.broken",
    "trust.not_recognised",
    "trust.ca_expired",
    "cert.not_yet_checked",
];

/// Expiry coaching: how many days are left, and who must get the new certificate at renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Expiry {
    /// Whole days until the end of validity (negative once expired).
    pub days_left: i64,
    /// Who knows this certificate and must be given the renewed one (a new certificate has a
    /// new UUID and fingerprint).
    pub receivers: Vec<Receiver>,
}

/// Who must be given a renewed certificate; serialised as `ufst_portal`, `stil`, `dkma` (the
/// UI's text is `receiver.<that>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Receiver {
    /// UFST's portal: the DMS gateway user (OCES3 with a UUID).
    UfstPortal,
    /// STIL's Integrationsplatformen, which takes function and system certificates.
    Stil,
    /// DKMA: DKMAnet CUG certificates carry a RID outside OCES.
    Dkma,
}

/// Days left and the receivers to tell at renewal, as of `now`.
pub fn expiry(s: &Summary, now: OffsetDateTime) -> Expiry {
    let mut receivers = Vec::new();
    if s.oces.gateway_user.is_some() {
        receivers.push(Receiver::UfstPortal);
    }
    if s.oces.kind == Some(Kind::System) && s.oces.generation != Generation::None {
        receivers.push(Receiver::Stil);
    }
    if s.oces.generation == Generation::None && s.oces.id_type.as_deref() == Some("RID") {
        receivers.push(Receiver::Dkma);
    }
    Expiry {
        days_left: (s.not_after_ts - now.unix_timestamp()).div_euclid(86_400),
        receivers,
    }
}

/// 31 October 2023: public services stopped accepting OCES2.
const OCES2_END: i64 = 1_698_710_400;

/// Findings for a summary, the rest of the chain in the file, and the PKCS#12 algorithms.
pub fn findings(
    leaf: &Summary,
    chain: &[Summary],
    pkcs12: Option<&super::pkcs12::Algorithms>,
    has_private_key: bool,
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |level, code, message: String| {
        out.push(Finding {
            level,
            code,
            message,
        })
    };
    let t = now.unix_timestamp();
    if t > leaf.not_after_ts {
        add(
            Level::Error,
            "cert.expired",
            format!("the certificate expired on {}", leaf.not_after),
        );
    } else if t < leaf.not_before_ts {
        add(
            Level::Error,
            "cert.not_yet_valid",
            format!("the certificate is valid only from {}", leaf.not_before),
        );
    } else if leaf.not_after_ts - t < 60 * 86_400 {
        add(
            Level::Warning,
            "cert.expires_soon",
            format!(
                "the certificate expires within 60 days, on {}",
                leaf.not_after
            ),
        );
    }
    if leaf.oces.generation == Generation::Oces2 && t >= OCES2_END {
        add(
            Level::Warning,
            "cert.oces2_retired",
            "OCES2 certificates are not accepted by public services after 31 October 2023".into(),
        );
    }
    if leaf.oces.generation == Generation::None {
        add(
            Level::Warning,
            "cert.not_oces",
            "this is not a Danish OCES certificate".into(),
        );
    }
    if leaf.oces.environment == Environment::Test {
        add(
            Level::Info,
            "cert.test_certificate",
            "this is a test certificate: production services refuse it".into(),
        );
    }
    if leaf.oces.cvr_valid == Some(false) {
        add(
            Level::Warning,
            "cert.cvr_check_failed",
            "the CVR number fails the modulus-11 check".into(),
        );
    }
    if !leaf.self_signed && !chain.iter().any(|c| c.subject_raw == leaf.issuer_raw) {
        add(
            Level::Info,
            "cert.chain_incomplete",
            "the file does not contain the issuing CA's certificate".into(),
        );
    }
    if let Some(a) = pkcs12 {
        if a.password_bytes_as_characters {
            add(
                Level::Info,
                "pkcs12.password_bytes_as_characters",
                "the file was made by an old OpenSSL (1.0.x) that stored each UTF-8 byte of the \
                 password as one character; it opened with the password as typed"
                    .into(),
            );
        }
        if a.mac.is_none() {
            add(
                Level::Warning,
                "pkcs12.no_mac",
                "the PKCS#12 file has no integrity check (MAC)".into(),
            );
        }
        if a.legacy {
            add(
                Level::Info,
                "pkcs12.legacy_encryption",
                "the file uses legacy encryption (3DES/RC2, SHA-1); OpenSSL 3 needs -legacy".into(),
            );
        } else {
            add(
                Level::Info,
                "pkcs12.modern_encryption",
                "the file uses modern encryption (AES); Windows Server 2016 and older cannot import it"
                    .into(),
            );
        }
        if !has_private_key {
            add(
                Level::Warning,
                "pkcs12.no_private_key",
                "the PKCS#12 file holds no private key".into(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes as colon-separated upper-case hex pairs (serials and fingerprints).
    #[test]
    fn hex_colon_pairs() {
        assert_eq!(hex_colon(&[]), "");
        assert_eq!(hex_colon(&[0x0a]), "0A");
        assert_eq!(hex_colon(&[0x0a, 0xff, 0x00, 0x9c]), "0A:FF:00:9C");
    }

    #[test]
    fn cvr_modulus_11() {
        for good in ["25313763", "12345674", "30000005"] {
            assert!(cvr_valid(good), "{good}");
        }
        // The customs guide's example CVR 98753572 fails the check: warn, never block.
        for bad in ["98753572", "25313764", "1234567", "abcdefgh"] {
            assert!(!cvr_valid(bad), "{bad}");
        }
    }

    #[test]
    fn every_oces3_serial_number_form() {
        let u = "175A859D-ED76-45AF-828F-3A69691A7157";
        assert_eq!(oces3_serial(&format!("UI:DK-O:G:{u}")), Some(('O', u)));
        assert_eq!(oces3_serial(&format!("UI:DK-E:G:{u}")), Some(('E', u)));
        assert_eq!(oces3_serial(&format!("UI:DK-E:C:{u}")), Some(('E', u)));
        assert_eq!(oces3_serial(&format!("ui:dk-e:c:{u}")), Some(('E', u)));
        assert_eq!(oces3_serial(&format!("UI:DK-P:G:{u}")), Some(('P', u)));
        for bad in [
            format!("UI:DK-X:G:{u}"),
            format!("UI:DK-E::{u}"),
            format!("UI:DK-E:LONG:{u}"),
            "UI:DK-E:C:".to_string(),
            format!("XX:DK-O:G:{u}"),
            "CVR:25313763-RID:12345678".to_string(),
        ] {
            assert_eq!(oces3_serial(&bad), None, "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("175a859d-ed76-45af-828f-3a69691a7157"));
        assert!(!is_uuid("175a859d-ed76-45af-828f-3a69691a715"));
        assert!(!is_uuid("175a859d_ed76-45af-828f-3a69691a7157"));
    }
}
