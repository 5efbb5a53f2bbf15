//! Is the certificate genuine? Its chain checked, signature by signature, up to one of the
//! public OCES CA certificates the program carries (`src-tauri/core/trust/`, see its README).
//!
//! [`verify()`] builds the chain from the certificates in the file plus the bundled CA
//! certificates: for each certificate it looks for the CA certificates whose subject is its
//! issuer and checks the signature with that CA's public key, until it reaches a bundled
//! certificate. The verdict ([`Trust`]) is one of
//! - **verified**: every signature from the certificate up to a bundled CA holds. The
//!   environment (test or production) and the generation (OCES2 or OCES3) are those of the
//!   bundled CA the chain ends in ([`Trust::anchor`]), never read from the issuer's name;
//! - **broken**: a CA certificate with the issuer's name exists (bundled or in the file), but
//!   its key did not make the signature: an impostor copying a CA's name, or a damaged file;
//! - **not recognised**: the chain ends in no CA the program knows. Never "production".
//!
//! Genuineness is separate from time: the signatures are checked whatever the dates say. An
//! expired certificate with a good chain is "genuine, expired" (the usual `cert.expired`
//! finding), and a CA certificate in the chain that has expired is named in
//! [`Trust::expired_ca`].
//!
//! Library: the signatures are checked with x509-parser's `verify` feature (ring underneath).
//! x509-parser is already how the program reads certificates and ring is already in the build
//! (rustls). rustls-webpki was the alternative and was not chosen: it refuses SHA-1 signatures
//! (TDC OCES Systemtest CA II is signed with SHA-1), it fails a chain as a whole when a date is
//! wrong (we must say "genuine, but the CA has expired"), and it applies TLS rules (extended key
//! usage, name constraints) that say nothing about an OCES certificate in a file. What is left
//! to write here is the path search, which is small and bounded ([`MAX_DEPTH`],
//! [`MAX_SIGNATURE_CHECKS`]).

use super::identify::{self, Environment, Generation};
use serde::Serialize;
use std::sync::OnceLock;
use x509_parser::prelude::*;

/// The longest chain followed (OCES chains are three certificates long).
pub const MAX_DEPTH: usize = 8;
/// The most signatures checked for one file (a file may hold many certificates with the same
/// name; each check costs about a millisecond).
pub const MAX_SIGNATURE_CHECKS: usize = 64;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrustStatus {
    /// The chain ends in a bundled OCES CA and every signature holds.
    Verified,
    /// The chain ends in no CA the program knows.
    NotRecognised,
    /// A signature does not hold: not a genuine certificate of the CA it names.
    Broken,
}

/// Whether the certificate is genuine, and what its anchor says (`trust` in `inspect --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Trust {
    /// The verdict.
    pub status: TrustStatus,
    /// Common name of the CA the chain ends in (when verified).
    pub anchor: Option<String>,
    /// Test or production, from the anchor (when verified; `Unknown` is never given here).
    pub environment: Option<Environment>,
    /// OCES2 or OCES3, from the anchor (when verified).
    pub generation: Option<Generation>,
    /// The anchor's organisation ("Den Danske Stat", "TRUST2408", "TDC").
    pub organisation: Option<String>,
    /// Which bundled PKI: `prod`, `test` (OCES2 Systemtest), `test-cti` or `test-st`.
    pub pki: Option<String>,
    /// Common names of the CA certificates of the verified chain, from the issuer up.
    pub path: Vec<String>,
    /// Common names of the CA certificates of the verified chain that have expired.
    pub expired_ca: Vec<String>,
    /// The issuing CA's certificate (DER) of a verified chain, for the revocation check.
    #[serde(skip)]
    pub issuer: Option<Vec<u8>>,
}

impl Trust {
    fn unverified(status: TrustStatus) -> Trust {
        Trust {
            status,
            anchor: None,
            environment: None,
            generation: None,
            organisation: None,
            pki: None,
            path: Vec::new(),
            expired_ca: Vec::new(),
            issuer: None,
        }
    }

    /// Whether the chain was verified.
    pub fn is_verified(&self) -> bool {
        self.status == TrustStatus::Verified
    }
}

/// One CA certificate the program trusts, with what it stands for.
#[derive(Debug, Clone)]
pub struct Anchor {
    der: Vec<u8>,
    /// Subject and issuer as the chain search compares them ([`identify::name_string`]), read
    /// once: the search parses an anchor only when its name makes it a candidate.
    subject: String,
    issuer: String,
    environment: Environment,
    generation: Generation,
    pki: String,
}

impl Anchor {
    /// A CA certificate (DER) standing for `environment` and `generation`; `pki` names the PKI
    /// (`prod`, `test`, `test-cti`, `test-st`, or a test's own label).
    pub fn new(
        der: Vec<u8>,
        environment: Environment,
        generation: Generation,
        pki: &str,
    ) -> Result<Anchor, identify::BadCertificate> {
        crate::budget::parse_certificate(&der).map_err(|_| identify::BadCertificate)?;
        Anchor::named(der, environment, generation, pki)
    }

    /// [`Anchor::new`] after the parse: the names read.
    fn named(
        der: Vec<u8>,
        environment: Environment,
        generation: Generation,
        pki: &str,
    ) -> Result<Anchor, identify::BadCertificate> {
        let (subject, issuer) = names(&der).ok_or(identify::BadCertificate)?;
        Ok(Anchor {
            der,
            subject,
            issuer,
            environment,
            generation,
            pki: pki.to_string(),
        })
    }
}

/// A certificate's subject and issuer as the chain search compares them, read from their own
/// parts of the DER only (not a whole parse). The bundled anchors carry theirs in [`BUNDLED`],
/// written from this function's answer (a test checks that they agree).
fn names(der: &[u8]) -> Option<(String, String)> {
    use x509_parser::prelude::FromDer;
    let mut cert = crate::cert::ber::Reader::new(der).sequence().ok()?;
    let mut tbs = cert.sequence().ok()?;
    if tbs.peek().ok()?.is_context(0) {
        tbs.next_tlv().ok()?; // version
    }
    tbs.next_tlv().ok()?; // serial number
    tbs.next_tlv().ok()?; // signature algorithm
    let issuer = tbs.next_tlv().ok()?;
    tbs.next_tlv().ok()?; // validity
    let subject = tbs.next_tlv().ok()?;
    let name = |raw: &[u8]| {
        X509Name::from_der(raw)
            .ok()
            .map(|(_, n)| identify::name_string(&n))
    };
    Some((name(subject.raw)?, name(issuer.raw)?))
}

/// The CA certificates a chain may end in.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Anchor>,
}

/// The length of the DER inside a PEM file's first block (base64, line breaks ignored), at
/// compile time.
const fn pem_der_len(pem: &[u8]) -> usize {
    let (from, to) = pem_body(pem);
    let mut n = 0;
    let mut i = from;
    while i < to {
        if base64_value(pem[i]).is_some() {
            n += 1;
        }
        i += 1;
    }
    n / 4 * 3
        + match n % 4 {
            0 => 0,
            2 => 1,
            3 => 2,
            _ => panic!("a bundled PEM file has a base64 body of a wrong length"),
        }
}

/// The DER inside a PEM file's first block, decoded at compile time (`N` from
/// [`pem_der_len`]), so the bundled anchors cost no decoding when the program runs.
const fn pem_der<const N: usize>(pem: &[u8]) -> [u8; N] {
    let (from, to) = pem_body(pem);
    let mut out = [0u8; N];
    let (mut acc, mut bits, mut o, mut i) = (0u32, 0u32, 0usize, from);
    while i < to {
        if let Some(v) = base64_value(pem[i]) {
            acc = (acc << 6) | v as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out[o] = (acc >> bits) as u8;
                o += 1;
                acc &= (1 << bits) - 1;
            }
        }
        i += 1;
    }
    assert!(o == N, "a bundled PEM file did not decode whole");
    out
}

/// Where the base64 of the first block is: after the `-----BEGIN …-----` line, up to
/// `-----END`.
const fn pem_body(pem: &[u8]) -> (usize, usize) {
    const fn at(pem: &[u8], i: usize, what: &[u8]) -> bool {
        let mut k = 0;
        while k < what.len() {
            if i + k >= pem.len() || pem[i + k] != what[k] {
                return false;
            }
            k += 1;
        }
        true
    }
    let mut i = 0;
    while !at(pem, i, b"-----BEGIN ") {
        i += 1;
        assert!(i < pem.len(), "a bundled file has no PEM block");
    }
    while pem[i] != b'\n' {
        i += 1;
    }
    let from = i + 1;
    while !at(pem, i, b"-----END ") {
        i += 1;
        assert!(i < pem.len(), "a bundled PEM block does not end");
    }
    (from, i)
}

/// A base64 digit's value; `None` for line breaks, padding and anything else.
const fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// One bundled CA certificate as the program carries it.
struct Bundled {
    /// The file in `trust/` (its name starts with the PKI, `prod--…`).
    file: &'static str,
    /// Its certificate, decoded from PEM at compile time.
    der: &'static [u8],
    /// Its subject and issuer as [`names`] reads them, written here so that no run has to
    /// read them (`bundled_anchors_all_parse` checks them against the certificate).
    subject: &'static str,
    issuer: &'static str,
    environment: Environment,
    generation: Generation,
}

macro_rules! bundled {
    ($($file:literal => $env:ident, $gen:ident, $subject:literal, $issuer:literal;)*) => {
        &[$(Bundled {
            file: $file,
            der: {
                const PEM: &[u8] = include_bytes!(concat!("../../trust/", $file));
                const DER: [u8; pem_der_len(PEM)] = pem_der::<{ pem_der_len(PEM) }>(PEM);
                &DER
            },
            subject: $subject,
            issuer: $issuer,
            environment: Environment::$env,
            generation: Generation::$gen,
        }),*]
    };
}

/// The bundled certificates: file, environment, generation, subject, issuer (see
/// trust/README.md).
const BUNDLED: &[Bundled] = bundled! {
    "prod--den-danske-stat-oces-rod-ca.pem" => Production, Oces3,
        "CN=Den Danske Stat OCES rod-CA, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, O=Den Danske Stat, C=DK";
    "prod--den-danske-stat-oces-udstedende-ca-1.pem" => Production, Oces3,
        "CN=Den Danske Stat OCES udstedende-CA 1, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, O=Den Danske Stat, C=DK";
    "prod--trust2408-oces-ca-i.pem" => Production, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES CA I",
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA";
    "prod--trust2408-oces-ca-ii.pem" => Production, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES CA II",
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA";
    "prod--trust2408-oces-ca-iii.pem" => Production, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES CA III",
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA";
    "prod--trust2408-oces-ca-iv.pem" => Production, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES CA IV",
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA";
    "prod--trust2408-oces-primary-ca.pem" => Production, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 OCES Primary CA";
    "test--tdc-oces-systemtest-ca-ii.pem" => Test, Oces1,
        "C=DK, O=TDC, CN=TDC OCES Systemtest CA II",
        "C=DK, O=TDC, CN=TDC OCES Systemtest CA II";
    "test--trust2408-systemtest-vii-primary-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA";
    "test--trust2408-systemtest-viii-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VIII CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA";
    "test--trust2408-systemtest-x-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest X CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest IX Primary CA";
    "test--trust2408-systemtest-xix-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest XIX CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA";
    "test--trust2408-systemtest-xxii-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest XXII CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA";
    "test--trust2408-systemtest-xxxiv-ca.pem" => Test, Oces2,
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest XXXIV CA",
        "C=DK, O=TRUST2408, CN=TRUST2408 Systemtest VII Primary CA";
    "test-cti--den-danske-stat-oces-rod-ca.pem" => Test, Oces3,
        "CN=Den Danske Stat OCES rod-CA, OU=Test - cti, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, OU=Test - cti, O=Den Danske Stat, C=DK";
    "test-cti--den-danske-stat-oces-udstedende-ca-1.pem" => Test, Oces3,
        "CN=Den Danske Stat OCES udstedende-CA 1, OU=Test - cti, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, OU=Test - cti, O=Den Danske Stat, C=DK";
    "test-st--den-danske-stat-oces-rod-ca.pem" => Test, Oces3,
        "CN=Den Danske Stat OCES rod-CA, OU=Test - st, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, OU=Test - st, O=Den Danske Stat, C=DK";
    "test-st--den-danske-stat-oces-udstedende-ca-1.pem" => Test, Oces3,
        "CN=Den Danske Stat OCES udstedende-CA 1, OU=Test - st, O=Den Danske Stat, C=DK",
        "CN=Den Danske Stat OCES rod-CA, OU=Test - st, O=Den Danske Stat, C=DK";
};

impl TrustStore {
    /// A store holding exactly these anchors (tests; the program uses [`TrustStore::bundled`]).
    pub fn new(anchors: Vec<Anchor>) -> TrustStore {
        TrustStore { anchors }
    }

    /// The public OCES CA certificates shipped with the program.
    pub fn bundled() -> &'static TrustStore {
        static STORE: OnceLock<TrustStore> = OnceLock::new();
        STORE.get_or_init(|| TrustStore {
            // Nothing is decoded or parsed here: the DER and the names are in the program; a
            // certificate is parsed when a chain reaches it.
            anchors: BUNDLED
                .iter()
                .map(|b| Anchor {
                    der: b.der.to_vec(),
                    subject: b.subject.to_string(),
                    issuer: b.issuer.to_string(),
                    environment: b.environment,
                    generation: b.generation,
                    pki: b.file.split("--").next().unwrap_or_default().to_string(),
                })
                .collect(),
        })
    }

    /// How many CA certificates the store holds.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// A certificate taking part in the search.
struct Node<'a> {
    der: &'a [u8],
    cert: X509Certificate<'a>,
    subject: String,
    issuer: String,
    /// Index into the store when this certificate is (byte for byte) a bundled one.
    anchor: Option<usize>,
}

struct Search<'s, 'a> {
    nodes: &'s [Node<'a>],
    checks: usize,
    /// A CA certificate with the right name was found, but its key did not make the signature.
    bad_signature: bool,
}

impl Search<'_, '_> {
    /// A path from `at` to a trusted certificate, as node indices after `at`; `None` if none.
    fn up(&mut self, at: usize, seen: &mut Vec<usize>) -> Option<Vec<usize>> {
        let node = &self.nodes[at];
        if node.anchor.is_some() {
            return Some(Vec::new());
        }
        if seen.len() >= MAX_DEPTH {
            return None;
        }
        // A root the program does not know ends here, unless it copies the name of a CA the
        // program does know: then that CA's key is tried (and fails: "broken").
        // Bundled certificates first, so a genuine CA wins over a look-alike in the file.
        let mut candidates: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| !seen.contains(&i) && i != at && self.nodes[i].subject == node.issuer)
            .collect();
        candidates.sort_by_key(|&i| self.nodes[i].anchor.is_none());
        for c in candidates {
            if self.checks >= MAX_SIGNATURE_CHECKS {
                return None;
            }
            self.checks += 1;
            crate::budget::count_signature_check();
            match node
                .cert
                .verify_signature(Some(self.nodes[c].cert.public_key()))
            {
                Ok(()) => {
                    seen.push(c);
                    if let Some(mut rest) = self.up(c, seen) {
                        rest.insert(0, c);
                        return Some(rest);
                    }
                    seen.pop();
                }
                // An algorithm ring cannot check proves nothing either way, unless it does not
                // even fit the CA's key (an EC signature under an RSA CA): that is a mismatch.
                Err(X509Error::SignatureUnsupportedAlgorithm)
                    if family(&node.cert.signature_algorithm.algorithm.to_id_string())
                        == family(
                            &self.nodes[c]
                                .cert
                                .public_key()
                                .algorithm
                                .algorithm
                                .to_id_string(),
                        ) => {}
                Err(_) => self.bad_signature = true,
            }
        }
        None
    }
}

/// What the user should know about the verdict (`trust.*` finding codes).
pub fn findings(t: &Trust) -> Vec<identify::Finding> {
    use identify::{Finding, Level};
    let mut out = Vec::new();
    match t.status {
        TrustStatus::Broken => out.push(Finding {
            level: Level::Error,
            code: "trust.broken",
            message: "the certificate chain is broken: this is not a genuine OCES certificate"
                .into(),
        }),
        TrustStatus::NotRecognised => out.push(Finding {
            level: Level::Warning,
            code: "trust.not_recognised",
            message: "the issuer is not one of the OCES CAs this app knows".into(),
        }),
        TrustStatus::Verified => {}
    }
    if !t.expired_ca.is_empty() {
        out.push(Finding {
            level: Level::Error,
            code: "trust.ca_expired",
            message: format!(
                "a CA certificate in the chain has expired: {}",
                t.expired_ca.join(", ")
            ),
        });
    }
    out
}

/// The key family of a signature or public-key algorithm OID.
fn family(oid: &str) -> &'static str {
    if oid.starts_with("1.2.840.113549.1.1.") {
        "rsa"
    } else if oid.starts_with("1.2.840.10045.") {
        "ec"
    } else if oid == "1.3.101.112" {
        "ed25519"
    } else {
        "other"
    }
}

fn common_name(cert: &X509Certificate<'_>) -> String {
    cert.subject()
        .iter_common_name()
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| identify::name_string(cert.subject()))
}

/// Check the chain of `certificates` (DER, the end-entity certificate first, the rest in any
/// order) against `store`; `now` is used only to name expired CA certificates.
pub fn verify(certificates: &[Vec<u8>], store: &TrustStore, now: ::time::OffsetDateTime) -> Trust {
    let mut parsed = Vec::with_capacity(certificates.len());
    for (i, der) in certificates.iter().enumerate() {
        match crate::budget::parse_certificate(der) {
            Ok((_, cert)) => parsed.push((der.as_slice(), cert)),
            Err(_) if i == 0 => return Trust::unverified(TrustStatus::Broken),
            Err(_) => {}
        }
    }
    verify_parsed(parsed, store, now)
}

/// [`verify`] of certificates already parsed (each with its DER; the end-entity certificate
/// first), so a caller that has parsed them does not parse them again.
pub(crate) fn verify_parsed<'a>(
    certificates: Vec<(&'a [u8], X509Certificate<'a>)>,
    store: &'a TrustStore,
    now: ::time::OffsetDateTime,
) -> Trust {
    let mut nodes = Vec::with_capacity(certificates.len() + 2);
    for (der, cert) in certificates {
        nodes.push(Node {
            der,
            subject: identify::name_string(cert.subject()),
            issuer: identify::name_string(cert.issuer()),
            anchor: store.anchors.iter().position(|a| a.der == *der),
            cert,
        });
    }
    if nodes.is_empty() {
        return Trust::unverified(TrustStatus::NotRecognised);
    }
    let from_file = nodes.len();
    // Only the anchors the search can reach are parsed: those named as the issuer of a
    // certificate in the file, or of an anchor reached that way (in the store's order, as
    // before; an anchor no issuer names can never be a candidate).
    let mut wanted = vec![false; store.anchors.len()];
    let mut issuers: Vec<&str> = nodes.iter().map(|n| n.issuer.as_str()).collect();
    while let Some(name) = issuers.pop() {
        for (i, a) in store.anchors.iter().enumerate() {
            if !wanted[i] && a.subject == name {
                wanted[i] = true;
                issuers.push(&a.issuer);
            }
        }
    }
    for (i, a) in store.anchors.iter().enumerate() {
        if !wanted[i] {
            continue;
        }
        if let Ok((_, cert)) = crate::budget::parse_certificate(&a.der) {
            nodes.push(Node {
                der: &a.der,
                subject: a.subject.clone(),
                issuer: a.issuer.clone(),
                anchor: Some(i),
                cert,
            });
        }
    }
    let mut search = Search {
        nodes: &nodes,
        checks: 0,
        bad_signature: false,
    };
    let Some(mut path) = search.up(0, &mut vec![0]) else {
        return Trust::unverified(if search.bad_signature {
            TrustStatus::Broken
        } else {
            TrustStatus::NotRecognised
        });
    };
    // From the first bundled certificate reached, follow the bundled CAs up to the top: the
    // anchor is the highest one whose signature holds (a root, or a CA whose issuer is not
    // bundled, such as TRUST2408 Systemtest X CA).
    let mut top = path.last().copied().unwrap_or(0);
    while path.len() < MAX_DEPTH && nodes[top].subject != nodes[top].issuer {
        let next = (from_file..nodes.len()).find(|&i| {
            !path.contains(&i)
                && nodes[i].subject == nodes[top].issuer
                && {
                    crate::budget::count_signature_check();
                    true
                }
                && nodes[top]
                    .cert
                    .verify_signature(Some(nodes[i].cert.public_key()))
                    .is_ok()
        });
        match next {
            Some(i) => {
                path.push(i);
                top = i;
            }
            None => break,
        }
    }
    let anchor = &store.anchors[nodes[top].anchor.unwrap_or(0)];
    let t = now.unix_timestamp();
    let top_cert = &nodes[top].cert;
    let organisation = top_cert
        .subject()
        .iter_organization()
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string);
    Trust {
        status: TrustStatus::Verified,
        anchor: Some(common_name(top_cert)),
        environment: Some(anchor.environment),
        generation: Some(anchor.generation),
        organisation,
        pki: Some(anchor.pki.clone()),
        path: path.iter().map(|&i| common_name(&nodes[i].cert)).collect(),
        issuer: path.first().map(|&i| nodes[i].der.to_vec()),
        expired_ca: path
            .iter()
            .filter(|&&i| nodes[i].cert.validity().not_after.timestamp() < t)
            .map(|&i| common_name(&nodes[i].cert))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_anchors_all_parse() {
        let store = TrustStore::bundled();
        assert_eq!(store.len(), BUNDLED.len(), "one certificate per file");
        assert_eq!(store.len(), 18);
        for (a, b) in store.anchors.iter().zip(BUNDLED) {
            // The DER decoded at compile time is the file's certificate.
            let pem =
                std::fs::read(format!("{}/trust/{}", env!("CARGO_MANIFEST_DIR"), b.file)).unwrap();
            use rustls_pki_types::pem::PemObject;
            let from_file: Vec<_> = rustls_pki_types::CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(from_file.len(), 1, "one certificate per file: {}", b.file);
            assert_eq!(a.der, from_file[0].as_ref(), "{}", b.file);
            // The names written in the table are the names read alone from the DER.
            assert_eq!(names(&a.der), Some((a.subject.clone(), a.issuer.clone())));
            let (_, c) = parse_x509_certificate(&a.der).unwrap();
            let subject = identify::name_string(c.subject());
            // The names read alone are the names a whole parse gives.
            assert_eq!(a.subject, subject);
            assert_eq!(a.issuer, identify::name_string(c.issuer()));
            let ou_test = subject.contains("OU=Test - ");
            let systemtest = subject.contains("Systemtest");
            assert_eq!(
                a.environment == Environment::Test,
                ou_test || systemtest,
                "{subject} is {:?}",
                a.environment
            );
            assert_eq!(
                a.generation == Generation::Oces3,
                subject.contains("Den Danske Stat"),
                "{subject}"
            );
            // "TDC OCES" is TDC's first generation, OCES I (before NemID), not OCES2.
            assert_eq!(
                a.generation == Generation::Oces1,
                subject.contains("TDC OCES"),
                "{subject}"
            );
        }
    }

    /// The production OCES2 issuing CA "TRUST2408 OCES CA IV" is bundled, as production OCES2
    /// under TRUST2408, and its own certificate verifies up to "TRUST2408 OCES Primary CA": so a
    /// bare certificate it issued finds its issuer among the anchors.
    #[test]
    fn trust2408_oces_ca_iv_is_bundled_as_production_oces2() {
        let store = TrustStore::bundled();
        let iv = store
            .anchors
            .iter()
            .find(|a| {
                let (_, c) = parse_x509_certificate(&a.der).unwrap();
                common_name(&c) == "TRUST2408 OCES CA IV"
            })
            .expect("TRUST2408 OCES CA IV is among the bundled anchors");
        assert_eq!(iv.environment, Environment::Production);
        assert_eq!(iv.generation, Generation::Oces2);
        assert_eq!(iv.pki, "prod");
        let now = ::time::OffsetDateTime::now_utc();
        let t = verify(std::slice::from_ref(&iv.der), store, now);
        assert_eq!(t.status, TrustStatus::Verified);
        // The path above the certificate: its issuer, the bundled primary CA.
        assert_eq!(t.path, vec!["TRUST2408 OCES Primary CA".to_string()]);
        assert_eq!(t.environment, Some(Environment::Production));
        assert_eq!(t.generation, Some(Generation::Oces2));
    }

    #[test]
    fn every_bundled_intermediate_verifies_up_to_its_root() {
        let store = TrustStore::bundled();
        let now = ::time::OffsetDateTime::now_utc();
        for a in &store.anchors {
            let t = verify(std::slice::from_ref(&a.der), store, now);
            assert_eq!(t.status, TrustStatus::Verified);
            assert_eq!(t.environment, Some(a.environment));
        }
    }
}
