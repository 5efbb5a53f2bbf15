//! Is the certificate revoked ("spærret")? Asked online: OCSP first (the responder named in
//! the certificate's Authority Information Access), then the CRL (its CRL Distribution Points).
//!
//! The answer is one of "revoked on …", "not revoked (checked at …)" or "could not be checked"
//! with the reason; never silence. Every answer must be signed by the issuing CA (or, for OCSP,
//! by a responder certificate the CA issued for OCSP signing): an unsigned or wrongly signed
//! answer counts as "could not be checked", never as "not revoked".
//!
//! Bounded: each request has a time limit ([`Limits`]), answers are read up to a size limit,
//! and at most two URLs of each kind are tried. Cancelling is dropping the future. The window
//! keeps one answer per certificate for the session ([`Memory`], held by the session).
//!
//! HTTP is reqwest (plain HTTP only, as OCSP and CRL URLs are; the program already builds it
//! for Tauri). The OCSP request (RFC 6960) is a few DER bytes written here and the response is
//! read with the program's own BER reader; the signatures are checked with x509-parser/ring as
//! in `trust.rs`. The OCSP crates were not used: they bring a second ASN.1 stack for what is a
//! few dozen lines on top of the readers the program already has.

use super::ber::{tag, Reader};
use serde::Serialize;
use sha1::Digest;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use x509_parser::prelude::*;

const OID_OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";
const OID_AD_OCSP: &str = "1.3.6.1.5.5.7.48.1";
const OID_KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";

/// Time and size limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// For each request, connecting and reading included.
    pub per_request: Duration,
    /// Largest answer read (CRLs of large CAs are several megabytes).
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_request: Duration::from_secs(8),
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Revocation {
    /// Revoked ("spærret") at this time (RFC 3339).
    Revoked {
        /// When.
        at: String,
        /// Which answer said so.
        source: Source,
        /// When it was checked (RFC 3339).
        checked_at: String,
    },
    /// Not revoked, as of the check.
    Good {
        /// Which answer said so.
        source: Source,
        /// When it was checked (RFC 3339).
        checked_at: String,
    },
    /// Could not be checked.
    Unknown {
        /// Why not.
        reason: Reason,
    },
}

/// Where a revocation answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// The container name is only its name in the window's TypeScript (the values are words).
#[serde(rename = "RevocationSource", rename_all = "snake_case")]
pub enum Source {
    /// The CA's OCSP responder.
    Ocsp,
    /// The CA's certificate revocation list.
    Crl,
}

/// Why a certificate's revocation could not be checked (the UI's text is
/// `revocation.unknown.<reason>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// The container name is only its name in the window's TypeScript (the values are words).
#[serde(rename = "RevocationUnknown", rename_all = "snake_case")]
pub enum Reason {
    /// No responder or list could be reached.
    NoConnection,
    /// The certificate names no OCSP responder or CRL (over http).
    NoUrl,
    /// The chain is not genuine: nothing to ask.
    NotVerified,
    /// Unsigned, wrongly signed, stale or unreadable.
    BadAnswer,
    /// The CA does not know the certificate.
    UnknownToCa,
    /// The screen that asked was closed.
    Cancelled,
}

/// The URLs a certificate names: OCSP responders and CRL distribution points (http only).
pub fn urls(leaf_der: &[u8]) -> (Vec<String>, Vec<String>) {
    let Ok((_, cert)) = parse_x509_certificate(leaf_der) else {
        return (Vec::new(), Vec::new());
    };
    let mut ocsp = Vec::new();
    let mut crl = Vec::new();
    let http = |s: &str| {
        s.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
    };
    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => {
                for ad in &aia.accessdescs {
                    if ad.access_method.to_id_string() == OID_AD_OCSP {
                        if let GeneralName::URI(u) = ad.access_location {
                            if http(u) {
                                ocsp.push(u.to_string());
                            }
                        }
                    }
                }
            }
            ParsedExtension::CRLDistributionPoints(points) => {
                for p in points.iter() {
                    if let Some(DistributionPointName::FullName(names)) = &p.distribution_point {
                        for n in names {
                            if let GeneralName::URI(u) = n {
                                if http(u) {
                                    crl.push(u.to_string());
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    ocsp.truncate(2);
    crl.truncate(2);
    (ocsp, crl)
}

/// Ask whether `leaf` (issued by `issuer`, both DER) is revoked, as of `now`.
pub async fn check(
    leaf: &[u8],
    issuer: &[u8],
    limits: Limits,
    now: ::time::OffsetDateTime,
) -> Revocation {
    let (ocsp_urls, crl_urls) = urls(leaf);
    if ocsp_urls.is_empty() && crl_urls.is_empty() {
        return Revocation::Unknown {
            reason: Reason::NoUrl,
        };
    }
    let Ok(client) = reqwest::Client::builder()
        .timeout(limits.per_request)
        .connect_timeout(limits.per_request)
        .build()
    else {
        return Revocation::Unknown {
            reason: Reason::NoConnection,
        };
    };
    let checked_at = now
        .format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut reason = Reason::NoConnection;
    if let Some(request) = ocsp_request(leaf, issuer) {
        for url in &ocsp_urls {
            let sent = client
                .post(url)
                .header("Content-Type", "application/ocsp-request")
                .body(request.clone())
                .send()
                .await;
            let Some(body) = read_body(sent, limits.max_bytes).await else {
                continue;
            };
            match read_ocsp(&body, leaf, issuer, now) {
                Ok(Some(at)) => {
                    return Revocation::Revoked {
                        at,
                        source: Source::Ocsp,
                        checked_at,
                    }
                }
                Ok(None) => {
                    return Revocation::Good {
                        source: Source::Ocsp,
                        checked_at,
                    }
                }
                Err(r) => reason = r,
            }
        }
    }
    for url in &crl_urls {
        let Some(body) = read_body(client.get(url).send().await, limits.max_bytes).await else {
            continue;
        };
        match read_crl(&body, leaf, issuer, now) {
            Ok(Some(at)) => {
                return Revocation::Revoked {
                    at,
                    source: Source::Crl,
                    checked_at,
                }
            }
            Ok(None) => {
                return Revocation::Good {
                    source: Source::Crl,
                    checked_at,
                }
            }
            Err(r) => reason = r,
        }
    }
    Revocation::Unknown { reason }
}

/// What a session remembers for revocation checks: one answer per certificate (a lookup is
/// slow and its answer holds for the session), the certificates the session has shown whose
/// chain was verified (so the window can ask by fingerprint), and the signal that stops the
/// checks running. Held by the [`crate::session::Session`]; nothing of it is global, and it is
/// filled only by the session, never as a side effect of inspecting a file. Public data only.
#[derive(Default)]
pub struct Memory {
    answers: Mutex<HashMap<Vec<u8>, Revocation>>,
    known: Mutex<Vec<Known>>,
    cancel: tokio::sync::Notify,
}

/// Fingerprint, certificate, issuing CA.
type Known = (String, Vec<u8>, Vec<u8>);
/// How many certificates [`Memory::remember`] keeps (the oldest go first).
pub const KNOWN_MAX: usize = 64;

impl Memory {
    /// [`check`], answered once per certificate for the life of this memory (the session).
    pub async fn check_cached(
        &self,
        leaf: &[u8],
        issuer: &[u8],
        limits: Limits,
        now: ::time::OffsetDateTime,
    ) -> Revocation {
        let key = sha2::Sha256::digest(leaf).to_vec();
        if let Some(hit) = self.answers.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
        }
        let answer = check(leaf, issuer, limits, now).await;
        // "No connection" is not kept: the next look may be online.
        if !matches!(
            answer,
            Revocation::Unknown {
                reason: Reason::NoConnection
            }
        ) {
            if let Ok(mut c) = self.answers.lock() {
                c.insert(key, answer.clone());
            }
        }
        answer
    }

    /// Keep a verified certificate and its issuer for [`Memory::check_known`].
    pub fn remember(&self, fingerprint: &str, leaf: &[u8], issuer: &[u8]) {
        if let Ok(mut k) = self.known.lock() {
            k.retain(|(f, _, _)| f != fingerprint);
            if k.len() >= KNOWN_MAX {
                k.remove(0);
            }
            k.push((fingerprint.to_string(), leaf.to_vec(), issuer.to_vec()));
        }
    }

    /// Keep the certificate of an inspection shown to the user, when its chain was verified
    /// (see [`super::Inspection`]); an unverified one is not kept.
    pub fn remember_inspected(&self, r: &super::Inspection) {
        if let Some((leaf, issuer)) = &r.verified_pair {
            self.remember(&r.certificate.sha256_fingerprint, leaf, issuer);
        }
    }

    /// [`Memory::check_cached`] for a certificate shown in this session, by fingerprint;
    /// stopped by [`Memory::cancel_all`]. A certificate whose chain was not verified is not
    /// asked about (`not_verified`): its revocation would say nothing about an issuer the
    /// wizard does not know.
    pub async fn check_known(
        &self,
        fingerprint: &str,
        limits: Limits,
        now: ::time::OffsetDateTime,
    ) -> Revocation {
        let known = self.known.lock().ok().and_then(|k| {
            k.iter()
                .find(|(f, _, _)| f == fingerprint)
                .map(|(_, l, i)| (l.clone(), i.clone()))
        });
        let Some((leaf, issuer)) = known else {
            return Revocation::Unknown {
                reason: Reason::NotVerified,
            };
        };
        tokio::select! {
            r = self.check_cached(&leaf, &issuer, limits, now) => r,
            _ = self.cancel.notified() => Revocation::Unknown { reason: Reason::Cancelled },
        }
    }

    /// Stop every [`Memory::check_known`] running now.
    pub fn cancel_all(&self) {
        self.cancel.notify_waiters();
    }
}

async fn read_body(sent: Result<reqwest::Response, reqwest::Error>, max: usize) -> Option<Vec<u8>> {
    let mut resp = sent.ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.ok()? {
        if body.len() + chunk.len() > max {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

fn tlv(number: u32, constructed: bool, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 4);
    super::ber::write_header(
        super::ber::Class::Universal,
        constructed,
        number,
        content.len(),
        &mut out,
    );
    out.extend_from_slice(content);
    out
}

/// The CertID of RFC 6960 (SHA-1, as every responder understands it).
fn cert_id(leaf: &X509Certificate<'_>, issuer: &X509Certificate<'_>) -> Vec<u8> {
    let sha1_alg = tlv(
        tag::SEQUENCE,
        true,
        &[
            &tlv(tag::OID, false, &[0x2b, 0x0e, 0x03, 0x02, 0x1a])[..],
            &tlv(tag::NULL, false, &[]),
        ]
        .concat(),
    );
    let name_hash = sha1::Sha1::digest(issuer.subject().as_raw());
    let key_hash = sha1::Sha1::digest(&issuer.public_key().subject_public_key.data);
    let serial = leaf.raw_serial();
    tlv(
        tag::SEQUENCE,
        true,
        &[
            sha1_alg,
            tlv(tag::OCTET_STRING, false, &name_hash),
            tlv(tag::OCTET_STRING, false, &key_hash),
            tlv(tag::INTEGER, false, serial),
        ]
        .concat(),
    )
}

/// An OCSPRequest for one certificate.
pub fn ocsp_request(leaf_der: &[u8], issuer_der: &[u8]) -> Option<Vec<u8>> {
    let (_, leaf) = parse_x509_certificate(leaf_der).ok()?;
    let (_, issuer) = parse_x509_certificate(issuer_der).ok()?;
    let request = tlv(tag::SEQUENCE, true, &cert_id(&leaf, &issuer));
    let list = tlv(tag::SEQUENCE, true, &request);
    let tbs = tlv(tag::SEQUENCE, true, &list);
    Some(tlv(tag::SEQUENCE, true, &tbs))
}

fn time_text(t: ASN1Time) -> String {
    t.to_datetime()
        .format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// GeneralizedTime content octets (`YYYYMMDDHHMMSSZ`, fractions allowed) to a time.
fn generalized(bytes: &[u8]) -> Option<ASN1Time> {
    let s = std::str::from_utf8(bytes).ok()?;
    let n = |a: usize, b: usize| s.get(a..b)?.parse::<u32>().ok();
    let date = ::time::Date::from_calendar_date(
        n(0, 4)? as i32,
        ::time::Month::try_from(n(4, 6)? as u8).ok()?,
        n(6, 8)? as u8,
    )
    .ok()?;
    let t = ::time::Time::from_hms(n(8, 10)? as u8, n(10, 12)? as u8, n(12, 14)? as u8).ok()?;
    s.ends_with('Z')
        .then(|| ASN1Time::new(::time::PrimitiveDateTime::new(date, t).assume_utc()))
}

fn signed_by(
    tbs_raw: &[u8],
    alg_raw: &[u8],
    signature: &[u8],
    key: &SubjectPublicKeyInfo<'_>,
) -> bool {
    let Ok((_, alg)) = AlgorithmIdentifier::from_der(alg_raw) else {
        return false;
    };
    let sig = x509_parser::asn1_rs::BitString {
        unused_bits: 0,
        data: std::borrow::Cow::Borrowed(signature),
    };
    x509_parser::verify::verify_signature(key, &alg, &sig, tbs_raw).is_ok()
}

/// Read an OCSP response: `Some(time)` revoked, `None` good, or why it cannot be trusted.
fn read_ocsp(
    body: &[u8],
    leaf_der: &[u8],
    issuer_der: &[u8],
    now: ::time::OffsetDateTime,
) -> Result<Option<String>, Reason> {
    let bad = |_| Reason::BadAnswer;
    let (_, leaf) = parse_x509_certificate(leaf_der).map_err(|_| Reason::BadAnswer)?;
    let (_, issuer) = parse_x509_certificate(issuer_der).map_err(|_| Reason::BadAnswer)?;
    let mut r = Reader::new(body);
    let mut resp = r.sequence().map_err(bad)?;
    let status = resp.next_tlv().map_err(bad)?;
    if status.string_octets(0).map_err(bad)?.as_ref() != [0] {
        return Err(Reason::BadAnswer); // tryLater, unauthorized, …
    }
    let bytes = resp.next_tlv().map_err(bad)?;
    let mut rb = bytes.children(0).map_err(bad)?.sequence().map_err(bad)?;
    if rb.oid().map_err(bad)? != OID_OCSP_BASIC {
        return Err(Reason::BadAnswer);
    }
    let basic_octets = rb.octets().map_err(bad)?;
    let mut br = Reader::new(&basic_octets);
    let mut basic = br.sequence().map_err(bad)?;
    let tbs = basic.expect(tag::SEQUENCE, "ResponseData").map_err(bad)?;
    let alg = basic
        .expect(tag::SEQUENCE, "AlgorithmIdentifier")
        .map_err(bad)?;
    let sig = basic.next_tlv().map_err(bad)?;
    let sig_octets = sig.string_octets(0).map_err(bad)?;
    let signature = sig_octets.get(1..).ok_or(Reason::BadAnswer)?; // after the unused-bits octet
    let mut responders: Vec<Vec<u8>> = Vec::new();
    if !basic.is_empty() {
        let certs = basic.next_tlv().map_err(bad)?;
        let mut list = certs.children(0).map_err(bad)?.sequence().map_err(bad)?;
        while !list.is_empty() && responders.len() < 4 {
            responders.push(list.next_tlv().map_err(bad)?.raw.to_vec());
        }
    }
    // Signed by the CA itself, or by a responder certificate the CA issued for OCSP signing.
    let mut signed = signed_by(tbs.raw, alg.raw, signature, issuer.public_key());
    for der in &responders {
        if signed {
            break;
        }
        if let Ok((_, rc)) = parse_x509_certificate(der) {
            let for_ocsp = rc.extended_key_usage().ok().flatten().is_some_and(|e| {
                e.value
                    .other
                    .iter()
                    .any(|o| o.to_id_string() == OID_KP_OCSP_SIGNING)
                    || e.value.ocsp_signing
            });
            signed = for_ocsp
                && rc.verify_signature(Some(issuer.public_key())).is_ok()
                && signed_by(tbs.raw, alg.raw, signature, rc.public_key());
        }
    }
    if !signed {
        return Err(Reason::BadAnswer);
    }
    let mut data = tbs.children(0).map_err(bad)?;
    if data.peek().map_err(bad)?.is_context(0) {
        data.next_tlv().map_err(bad)?; // version
    }
    data.next_tlv().map_err(bad)?; // responderID
    data.next_tlv().map_err(bad)?; // producedAt
    let mut responses = data.sequence().map_err(bad)?;
    let serial = leaf.raw_serial();
    while !responses.is_empty() {
        let mut single = responses.sequence().map_err(bad)?;
        let mut id = single.sequence().map_err(bad)?;
        id.next_tlv().map_err(bad)?; // hash algorithm
        let name_hash = id.octets().map_err(bad)?;
        let key_hash = id.octets().map_err(bad)?;
        let this_serial = id.next_tlv().map_err(bad)?;
        let ours = this_serial.string_octets(0).map_err(bad)?.as_ref() == serial
            && name_hash.as_ref() == sha1::Sha1::digest(issuer.subject().as_raw()).as_slice()
            && key_hash.as_ref()
                == sha1::Sha1::digest(&issuer.public_key().subject_public_key.data).as_slice();
        if !ours {
            continue;
        }
        let status = single.next_tlv().map_err(bad)?;
        let _this_update = single.next_tlv().map_err(bad)?;
        if !single.is_empty() {
            let next = single.peek().map_err(bad)?;
            if next.is_context(0) {
                let next = single.next_tlv().map_err(bad)?;
                let when = next
                    .children(0)
                    .map_err(bad)?
                    .next_tlv()
                    .map_err(bad)?
                    .string_octets(0)
                    .map_err(bad)?;
                let stale =
                    generalized(&when).is_none_or(|t| t.timestamp() < now.unix_timestamp() - 3600);
                if stale {
                    return Err(Reason::BadAnswer);
                }
            }
        }
        return match status.number {
            0 => Ok(None),
            1 => {
                let mut revoked = status.children(0).map_err(bad)?;
                let at = revoked
                    .next_tlv()
                    .map_err(bad)?
                    .string_octets(0)
                    .map_err(bad)?;
                Ok(Some(generalized(&at).map(time_text).unwrap_or_default()))
            }
            _ => Err(Reason::UnknownToCa),
        };
    }
    Err(Reason::BadAnswer)
}

/// Read a CRL (DER or PEM): `Some(time)` revoked, `None` not on it, or why it cannot be trusted.
fn read_crl(
    body: &[u8],
    leaf_der: &[u8],
    issuer_der: &[u8],
    now: ::time::OffsetDateTime,
) -> Result<Option<String>, Reason> {
    let der = if body.starts_with(b"-----BEGIN") {
        use rustls_pki_types::pem::PemObject;
        rustls_pki_types::CertificateRevocationListDer::from_pem_slice(body)
            .map_err(|_| Reason::BadAnswer)?
            .to_vec()
    } else {
        body.to_vec()
    };
    let (_, leaf) = parse_x509_certificate(leaf_der).map_err(|_| Reason::BadAnswer)?;
    let (_, issuer) = parse_x509_certificate(issuer_der).map_err(|_| Reason::BadAnswer)?;
    let (_, crl) = parse_x509_crl(&der).map_err(|_| Reason::BadAnswer)?;
    if crl.issuer().as_raw() != issuer.subject().as_raw()
        || crl.verify_signature(issuer.public_key()).is_err()
    {
        return Err(Reason::BadAnswer);
    }
    if crl
        .next_update()
        .is_some_and(|n| n.timestamp() < now.unix_timestamp() - 3600)
    {
        return Err(Reason::BadAnswer); // stale
    }
    let serial = leaf.raw_serial();
    let revoked = crl
        .iter_revoked_certificates()
        .find(|r| r.raw_serial() == serial)
        .map(|r| time_text(r.revocation_date));
    Ok(revoked)
}
