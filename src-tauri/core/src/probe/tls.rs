//! The TLS side of the test: the client identity offered, the extra trusted roots (`--ca`),
//! the verifier that records the server's certificate before webpki decides, the resolver
//! that notes whether the server asked for a client certificate, and the mapping of rustls'
//! errors to the test's codes.

use crate::budget::Budget;
use crate::error::ErrorCode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, WebPkiServerVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{AlertDescription, DigitallySignedStruct, SignatureScheme};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The client certificate and its key for the handshake.
pub struct ClientIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    pub(super) subject: String,
}

impl Drop for ClientIdentity {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClientIdentity({})", self.subject)
    }
}

impl ClientIdentity {
    /// From an opened certificate file with its key (the end-entity certificate first).
    pub fn from_opened(o: &crate::cert::Opened) -> Result<ClientIdentity, ErrorCode> {
        let key = o.private_key.as_ref().ok_or(ErrorCode::ExportNoKey)?;
        ClientIdentity::new(&o.certificates, key)
    }

    /// From certificates (DER, the end-entity certificate first) and a PKCS#8 key.
    pub fn new(
        certificates: &[Vec<u8>],
        pkcs8_key: &crate::secret::SecretBytes,
    ) -> Result<ClientIdentity, ErrorCode> {
        let leaf = certificates.first().ok_or(ErrorCode::CertNoCertificate)?;
        let subject = crate::cert::identify::summarize(leaf)
            .map(|s| s.subject)
            .unwrap_or_default();
        let id = ClientIdentity {
            chain: certificates
                .iter()
                .map(|c| CertificateDer::from(c.clone()))
                .collect(),
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8_key.expose().to_vec())),
            subject,
        };
        id.certified_key()?;
        Ok(id)
    }

    pub(super) fn certified_key(&self) -> Result<Arc<CertifiedKey>, ErrorCode> {
        let signer = provider()
            .key_provider
            .load_private_key(self.key.clone_key())
            .map_err(|_| ErrorCode::ProbeKeyUnusable)?;
        Ok(Arc::new(CertifiedKey::new(self.chain.clone(), signer)))
    }
}

/// The most certificates the extra roots of one test (`--ca`, all files together) may hold, and
/// the most a trust store file named by the environment (`SSL_CERT_FILE`) may hold. A system
/// bundle holds about 150; a company adds one or two roots.
pub const MAX_CA_CERTIFICATES: u64 = 1_000;

/// Why extra roots (`--ca`) were not read.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    /// Not a regular file, too large, unreadable, or no certificate in it.
    #[error("the file of extra root certificates cannot be read")]
    Unreadable,
    /// More certificates than one test reads (counted before any is parsed).
    #[error(
        "the file of extra root certificates holds {certificates} certificates; the test reads at most {max}"
    )]
    TooLarge {
        /// How many the files hold so far (counted, not parsed).
        certificates: u64,
        /// [`MAX_CA_CERTIFICATES`].
        max: u64,
    },
    /// A file larger than certificate files are read ([`crate::limits::MAX_FILE_SIZE`]).
    #[error("the file of extra root certificates is {size} bytes; the test reads at most {max}")]
    FileTooLarge {
        /// The size the file claims (or what was read).
        size: u64,
        /// The cap.
        max: u64,
    },
    /// The run's budget ran out while the roots were read.
    #[error(
        "reading the extra root certificates stopped after {certificates} certificates: the time allowed ran out"
    )]
    Stopped {
        /// Certificates parsed by then.
        certificates: u64,
    },
}

impl crate::error::Coded for CaError {
    fn code(&self) -> ErrorCode {
        match self {
            CaError::Unreadable => ErrorCode::ProbeCaUnreadable,
            CaError::TooLarge { .. } | CaError::FileTooLarge { .. } => ErrorCode::ProbeCaTooLarge,
            CaError::Stopped { .. } => ErrorCode::ProbeCaStopped,
        }
    }

    fn params(&self) -> std::collections::BTreeMap<&'static str, String> {
        match self {
            CaError::Unreadable | CaError::FileTooLarge { .. } => Default::default(),
            CaError::TooLarge { certificates, max } => [
                ("certificates", certificates.to_string()),
                ("max", max.to_string()),
            ]
            .into(),
            CaError::Stopped { certificates } => {
                [("certificates", certificates.to_string())].into()
            }
        }
    }
}

/// Read extra trusted roots (`--ca`, PEM or DER) within `budget` ([`super::ca_budget`]): the file is
/// read once through the capped, non-blocking read path, its certificates are counted before
/// any is parsed (more than the budget allows: [`CaError::TooLarge`] at once; a file over the
/// size cap: [`CaError::FileTooLarge`]), then each is
/// parsed once, and the budget is asked before each parse ([`CaError::Stopped`] when the time
/// is up). A file that is not a regular file, too large, or holds no certificate is
/// [`CaError::Unreadable`].
pub fn read_roots_within(
    path: &Path,
    budget: &Budget,
) -> Result<Vec<CertificateDer<'static>>, CaError> {
    use crate::limits::{ReadError, MAX_FILE_SIZE};
    let bytes = crate::limits::read_file(path, MAX_FILE_SIZE).map_err(|e| match e {
        ReadError::TooLarge { size } => CaError::FileTooLarge {
            size,
            max: MAX_FILE_SIZE,
        },
        ReadError::Io(_) | ReadError::NotAFile => CaError::Unreadable,
    })?;
    let counted = crate::cert::count_certificates(&bytes) as u64;
    if counted > budget.certificates_left() {
        return Err(CaError::TooLarge {
            certificates: budget.spent().certificates_parsed + counted,
            max: MAX_CA_CERTIFICATES,
        });
    }
    let stopped = |budget: &Budget| CaError::Stopped {
        certificates: budget.spent().certificates_parsed,
    };
    if budget.exhausted().is_some() {
        return Err(stopped(budget));
    }
    // DER: one certificate at the start of the file; otherwise PEM text.
    let der_len = (bytes.first() == Some(&0x30))
        .then(|| crate::budget::parse_certificate(&bytes).ok())
        .flatten()
        .map(|(rest, _)| bytes.len() - rest.len());
    let certificates = if let Some(len) = der_len {
        vec![bytes[..len].to_vec()]
    } else {
        let mut stop = || budget.exhausted().is_some();
        match crate::cert::pem_certificates_until(&bytes, &mut stop) {
            Ok(Some(certs)) => certs,
            Ok(None) => return Err(stopped(budget)),
            Err(_) => return Err(CaError::Unreadable),
        }
    };
    if certificates.is_empty() {
        return Err(CaError::Unreadable);
    }
    Ok(certificates.into_iter().map(CertificateDer::from).collect())
}

/// The crypto provider of every handshake here (ring).
pub(super) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}
/// Records the server's certificate, then lets webpki decide.
#[derive(Debug)]
pub(super) struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    pub(super) seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut s) = self.seen.lock() {
            *s = Some(end_entity.to_vec());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Offers the client certificate, and remembers whether the server asked and it was sent.
#[derive(Debug)]
pub(super) struct ClientAuth {
    pub(super) key: Option<Arc<CertifiedKey>>,
    pub(super) requested: AtomicBool,
    pub(super) sent: AtomicBool,
}

impl ResolvesClientCert for ClientAuth {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        self.requested.store(true, Ordering::SeqCst);
        let key = self.key.as_ref()?;
        key.key.choose_scheme(sigschemes)?;
        self.sent.store(true, Ordering::SeqCst);
        Some(key.clone())
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// Alerts a server sends when it refuses a client certificate.
pub(super) fn is_client_cert_alert(a: AlertDescription) -> bool {
    matches!(
        a,
        AlertDescription::BadCertificate
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied
            | AlertDescription::CertificateRequired
            | AlertDescription::DecryptError
    )
}

/// The rustls error inside an I/O error, if that is what it is.
pub(super) fn rustls_error(e: &std::io::Error) -> Option<&rustls::Error> {
    e.get_ref().and_then(|r| r.downcast_ref::<rustls::Error>())
}

/// A handshake error as the test's code (expired, wrong name, untrusted, not TLS, …).
pub(super) fn tls_code(e: &rustls::Error) -> ErrorCode {
    use rustls::CertificateError as C;
    use rustls::Error as E;
    match e {
        E::InvalidCertificate(c) => match c {
            C::Expired | C::NotValidYet => ErrorCode::ProbeServerExpired,
            C::NotValidForName => ErrorCode::ProbeServerWrongName,
            C::Other(_) | C::UnknownIssuer | C::BadSignature | C::Revoked => {
                ErrorCode::ProbeServerUntrusted
            }
            other => {
                // Newer rustls versions add variants that carry context; read their names.
                let name = format!("{other:?}");
                if name.starts_with("Expired") || name.starts_with("NotValidYet") {
                    ErrorCode::ProbeServerExpired
                } else if name.starts_with("NotValidForName") {
                    ErrorCode::ProbeServerWrongName
                } else {
                    ErrorCode::ProbeServerUntrusted
                }
            }
        },
        // An answer that is not a TLS record at all: typically plain HTTP on this port.
        E::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => ErrorCode::ProbeNotTls,
        E::PeerIncompatible(_)
        | E::AlertReceived(AlertDescription::ProtocolVersion)
        | E::AlertReceived(AlertDescription::HandshakeFailure)
        | E::AlertReceived(AlertDescription::InsufficientSecurity)
        | E::InvalidMessage(_) => ErrorCode::ProbeProtocol,
        _ => ErrorCode::ProbeTlsFailed,
    }
}
/// Most files read from the folders of `SSL_CERT_DIR` together.
const MAX_CERT_DIR_FILES: usize = 2_000;

/// The trust store the environment names (`SSL_CERT_FILE`, `SSL_CERT_DIR`, as OpenSSL and
/// `rustls-native-certs` read them), read through the one capped, non-blocking read path:
/// `None` when neither is set (the OS's own store is used). A `SSL_CERT_FILE` that is not a
/// regular file (a FIFO, `/dev/zero`), too large or holds no certificate is a coded error
/// naming the variable; in `SSL_CERT_DIR`, what is not a regular file is skipped.
fn env_roots() -> Option<Result<Vec<CertificateDer<'static>>, (ErrorCode, String)>> {
    use rustls_pki_types::pem::PemObject;
    let file = std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty());
    let dirs = std::env::var_os("SSL_CERT_DIR").filter(|v| !v.is_empty());
    if file.is_none() && dirs.is_none() {
        return None;
    }
    let mut roots = Vec::new();
    if let Some(f) = file {
        let bad = || (ErrorCode::ProbeCaUnreadable, "SSL_CERT_FILE".to_string());
        let Ok(bytes) = crate::limits::read_file(Path::new(&f), crate::limits::MAX_FILE_SIZE)
        else {
            return Some(Err(bad()));
        };
        // Counted before anything is decoded: a bundle of thousands is refused at once.
        if crate::cert::count_certificates(&bytes) as u64 > MAX_CA_CERTIFICATES {
            return Some(Err((
                ErrorCode::ProbeCaTooLarge,
                "SSL_CERT_FILE".to_string(),
            )));
        }
        let before = roots.len();
        roots.extend(CertificateDer::pem_slice_iter(&bytes).filter_map(Result::ok));
        if roots.len() == before {
            return Some(Err(bad()));
        }
    }
    if let Some(dirs) = dirs {
        let mut seen = 0;
        for dir in std::env::split_paths(&dirs) {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                seen += 1;
                if seen > MAX_CERT_DIR_FILES {
                    break;
                }
                if let Ok(bytes) =
                    crate::limits::read_file(&e.path(), crate::limits::MAX_STATE_FILE)
                {
                    roots.extend(CertificateDer::pem_slice_iter(&bytes).filter_map(Result::ok));
                }
            }
        }
    }
    Some(Ok(roots))
}

/// The server verifier: the OS's roots (unless turned off; those the environment names
/// instead, see [`env_roots`]) and the extra ones, recorded.
pub(super) fn verifier(
    os_roots: bool,
    extra_roots: &[CertificateDer<'static>],
) -> Result<Arc<Recording>, (ErrorCode, Option<String>)> {
    let mut roots = rustls::RootCertStore::empty();
    if os_roots {
        match env_roots() {
            None => {
                let native = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(native.certs);
            }
            Some(Ok(certs)) => {
                roots.add_parsable_certificates(certs);
            }
            Some(Err((code, var))) => return Err((code, Some(var))),
        }
    }
    let (added, _) = roots.add_parsable_certificates(extra_roots.iter().cloned());
    if added < extra_roots.len() {
        return Err((ErrorCode::ProbeCaUnreadable, None));
    }
    if roots.is_empty() {
        return Err((ErrorCode::ProbeServerUntrusted, None));
    }
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .map_err(|_| (ErrorCode::ProbeTlsFailed, None))?;
    Ok(Arc::new(Recording {
        inner,
        seen: Mutex::new(None),
    }))
}
