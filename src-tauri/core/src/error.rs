//! Stable error codes and the error shape that crosses IPC.
//!
//! Every error the core can return maps to one [`ErrorCode`], a dotted key such as
//! `wizard.step_locked`. The UI translates the code from `ui/src/i18n/{da,en}.json` (key
//! `error.<code>`) and may interpolate `params`; `message` is the English fallback for logs and
//! the details panel. Params hold only safe values (a step code, a file name), never secrets or
//! file contents. A test checks that both locale files have a text for every code.
//!
//! Every `UiError` is made by [`UiError::new`] (directly, or through [`UiError::internal`],
//! [`UiError::of`] or `From`; a struct literal does not compile outside this module) and so
//! is recorded in the log at once ([`crate::logging::record_error`]): the code, the cause
//! chain of the error it came from, the step the user was on, and the place in the code.

use serde::Serialize;
use std::collections::BTreeMap;

/// Reads an optional code kept in a saved file or a report, where a code this version does not
/// know (from a newer or older app) counts as none rather than making the whole file
/// unreadable.
pub fn lenient_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ErrorCode>, D::Error> {
    lenient(d)
}

/// Reads an optional value of a closed set (an enum) kept in a saved file or a report, where
/// a value this version does not know counts as none rather than making the whole file
/// unreadable (as [`lenient_code`]).
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::Deserialize;
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(|v| serde_json::from_value(v).ok()))
}

/// [`lenient`] for a value that is never absent: one this version does not know reads as the
/// type's default (its "unknown" value).
pub fn lenient_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    Ok(lenient(d)?.unwrap_or_default())
}

macro_rules! codes {
    ($($(#[$m:meta])* $variant:ident => $s:literal,)*) => {
        /// A stable, translatable error code. Serialised as its dotted key, so the window's
        /// generated TypeScript (`ui/src/ipc/bindings.ts`) has it as a union of those keys.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$m])* #[serde(rename = $s)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, for the locale check and the error catalogue.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The dotted key.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $s,)*
                }
            }
        }
    };
}

codes! {
    /// Something unexpected; the details are logged on the Rust side only.
    Internal => "internal",
    /// A flow name that does not exist.
    UnknownFlow => "wizard.unknown_flow",
    /// A step code that does not exist in the active flow.
    UnknownStep => "wizard.unknown_step",
    /// The step cannot be opened yet: earlier steps are not done.
    StepLocked => "wizard.step_locked",
    /// Next was pressed before the step's required answers were given.
    StepIncomplete => "wizard.step_incomplete",
    /// Next was pressed before the required answers on the page on screen of a step in pages
    /// were given.
    PageIncomplete => "wizard.page_incomplete",
    /// Next was pressed before an app step had done its work (no file chosen, …).
    StepNotDone => "wizard.step_not_done",
    /// A step that works on the certificate file was asked to run before a file was chosen.
    NoFileChosen => "wizard.no_file_chosen",
    /// An answer id that the current step does not ask for.
    UnknownAnswer => "wizard.unknown_answer",
    /// An answer of the wrong type or an option that does not exist.
    BadAnswer => "wizard.bad_answer",
    /// A pasted link that is not a valid https address.
    LinkNotHttps => "link.not_https",
    /// A link the app does not know was asked to be opened.
    LinkUnknown => "link.unknown",
    /// The OS could not open the default browser.
    BrowserFailed => "link.browser_failed",
    /// The OS could not open the mail program.
    MailFailed => "link.mail_failed",
    /// The progress file could not be written.
    ProgressWrite => "progress.write_failed",
    /// The saved progress is from a newer version of the app: it is not saved over, so this
    /// version's progress is not saved ("Gem og luk guiden" keeps the window open).
    ProgressNewer => "progress.newer_not_saved",
    /// "Gem og luk guiden" without a folder to save in (the app-data folder could not be found
    /// or made at start): nothing is saved, and the window stays open to say so.
    ProgressNoFolder => "progress.no_folder",
    /// The settings file could not be written.
    SettingsWrite => "settings.write_failed",
    /// The app-data folder could not be found or created.
    DataDir => "paths.data_dir",
    /// A certificate file could not be read from disk.
    CertRead => "cert.read_failed",
    /// The file is too large to be a certificate file.
    CertTooLarge => "cert.too_large",
    /// The file is empty.
    CertEmpty => "cert.empty",
    /// Nothing in the file is a certificate.
    CertNotACertificate => "cert.not_a_certificate",
    /// An HTML page without a certificate inside.
    CertHtmlEmpty => "cert.html_without_certificate",
    /// The PKCS#12 file needs a password.
    CertPasswordNeeded => "cert.pkcs12.password_needed",
    /// The password does not open the file.
    CertWrongPassword => "cert.pkcs12.wrong_password",
    /// The password does not open a DKMA CUG page's file, and for this file the reader cannot
    /// tell a wrong password from a file it cannot read (no MAC, or contents it cannot
    /// decrypt): the user is told, and may go on without reading the file.
    CertWrongPasswordUnsure => "cert.pkcs12.wrong_password_unsure",
    /// An algorithm the app cannot read.
    CertUnsupported => "cert.pkcs12.unsupported_algorithm",
    /// The file's structure is damaged.
    CertDamaged => "cert.damaged",
    /// A PKCS#12 file without a certificate.
    CertNoCertificate => "cert.pkcs12.no_certificate",
    /// A folder, FIFO, device or socket where a certificate file was expected.
    CertNotAFile => "cert.not_a_file",
    /// A PKCS#12 file asks for more key-derivation iterations than any real producer uses.
    CertTooMuchWork => "cert.pkcs12.too_much_work",
    /// The password decrypts the contents, but the file's integrity check (MAC) fails.
    CertDamagedPasswordRight => "cert.pkcs12.damaged_password_right",
    /// The folder given to `find --dir` does not exist.
    FindFolderMissing => "find.folder_missing",
    /// What was given to `find --dir` is not a folder.
    FindNotAFolder => "find.not_a_folder",
    /// The server answered, but not with TLS (often plain HTTP on that port).
    ProbeNotTls => "probe.not_tls",
    /// After a complete handshake the server did not answer the request in time.
    ProbeNoAnswer => "probe.no_answer",
    /// A proxy of a kind the connection test cannot use (SOCKS) is set.
    ProbeProxyUnsupported => "probe.proxy_unsupported",
    /// A copy was asked for, but the file has no private key.
    ExportNoKey => "export.no_key",
    /// The copy's target exists already; nothing was written.
    ExportTargetExists => "export.target_exists",
    /// The copy could not be written.
    ExportWrite => "export.write_failed",
    /// The copy did not reopen to the same content, and was not kept.
    ExportVerify => "export.verify_failed",
    /// The source file is gone.
    FileSourceMissing => "files.source_missing",
    /// The source changed while it was copied.
    FileSourceChanged => "files.source_changed",
    /// No permission to write in the target folder.
    FilePermissionDenied => "files.permission_denied",
    /// The disk is full.
    FileDiskFull => "files.disk_full",
    /// The new name cannot be used.
    FileNameInvalid => "files.name_invalid",
    /// The name the user typed cannot be used; a name that can is offered.
    FileNameInvalidSuggestion => "files.name_invalid_suggestion",
    /// Another file has that name.
    FileNameTaken => "files.name_taken",
    /// The copy did not read back the same.
    FileVerifyFailed => "files.verify_failed",
    /// Another read or write error.
    FileIo => "files.io",
    /// The backup's folder is one of the computer's temporary folders, which it empties: refused.
    BackupTemporary => "files.backup_temporary",
    /// The backup's folder is on the same disk as the certificate: used only when the user says
    /// so ("Brug den alligevel").
    BackupSameDisk => "files.backup_same_disk",
    /// Another program holds the file open.
    FileInUse => "files.in_use",
    /// The password line on standard input is longer than any password.
    PasswordTooLong => "input.password_too_long",
    /// The password could not be read from standard input (closed, not UTF-8).
    PasswordUnreadable => "input.password_unreadable",
    /// The path is longer than the OS allows.
    FilePathTooLong => "files.path_too_long",
    /// A typed support code has the wrong length or characters.
    SupportCodeMalformed => "support.code_malformed",
    /// A typed support code has a mistyped character.
    SupportCodeCheck => "support.code_check",
    /// A support code from another version of the app.
    SupportCodeUnknown => "support.code_unknown",
    /// A file that is not a support report.
    SupportReportUnreadable => "support.report_unreadable",
    /// A handover log entry lacks a field.
    HandoverInvalid => "handover.invalid",
    /// A save target of a type the save does not write.
    FileTypeNotAllowed => "files.type_not_allowed",
    /// The file manager could not be opened to show a file.
    FileRevealFailed => "files.reveal_failed",
    /// The address to test is not an https address.
    ProbeBadTarget => "probe.bad_target",
    /// The name lookup found no such host.
    ProbeNoSuchHost => "probe.no_such_host",
    /// Nothing listens on that port (connection refused).
    ProbeRefused => "probe.refused",
    /// The stage took longer than its time limit.
    ProbeTimedOut => "probe.timed_out",
    /// The network could not reach the address.
    ProbeUnreachable => "probe.unreachable",
    /// The proxy refused to open the connection.
    ProbeProxyRefused => "probe.proxy_refused",
    /// The server's certificate is not from an authority this computer trusts.
    ProbeServerUntrusted => "probe.server_untrusted",
    /// The server's certificate is expired (or not valid yet).
    ProbeServerExpired => "probe.server_expired",
    /// The server's certificate is for another name.
    ProbeServerWrongName => "probe.server_wrong_name",
    /// Client and server share no TLS version or cipher.
    ProbeProtocol => "probe.protocol_mismatch",
    /// The TLS handshake failed for another reason.
    ProbeTlsFailed => "probe.tls_failed",
    /// The server did not ask for a client certificate.
    ProbeCertNotRequested => "probe.client_cert_not_requested",
    /// The server asked for a client certificate, and none could be sent.
    ProbeNoClientCert => "probe.no_client_cert",
    /// The server refused the client certificate.
    ProbeCertRejected => "probe.client_cert_rejected",
    /// No HTTP answer came back.
    ProbeHttpFailed => "probe.http_failed",
    /// The test was cancelled.
    ProbeCancelled => "probe.cancelled",
    /// A file of extra trusted roots (`--ca`) could not be read.
    ProbeCaUnreadable => "probe.ca_unreadable",
    /// The extra trusted roots (`--ca`) or the environment's trust store hold more
    /// certificates than one test reads.
    ProbeCaTooLarge => "probe.ca_too_large",
    /// Reading the extra trusted roots (`--ca`) used up the time of one stage.
    ProbeCaStopped => "probe.ca_stopped",
    /// The certificate's key cannot be used for a TLS login.
    ProbeKeyUnusable => "probe.key_unusable",
    /// The store does not show the certificate after the change (install or remove).
    StoreVerify => "store.verify_failed",
    /// The store cannot be written (no permission).
    StoreReadOnly => "store.read_only",
    /// The tool for the store is not installed.
    StoreToolMissing => "store.tool_missing",
    /// The store is locked with a primary password.
    StorePrimaryPassword => "store.primary_password",
    /// The store's database is damaged or not a certificate database.
    StoreDamaged => "store.damaged",
    /// Several certificates share the name: removing one would remove the others.
    StoreShared => "store.shared_name",
    /// No certificate store of a browser was found.
    StoreNone => "store.none_found",
    /// Another store failure.
    StoreFailed => "store.failed",
    /// Windows: installed, but the key is not in the CNG Software Key Storage Provider (the
    /// legacy CryptoAPI provider cannot make the RSA-PSS signatures of a TLS 1.3 login).
    StoreKeyProvider => "store.key_provider",
    /// Windows: installed, but the key's export setting is not the one chosen.
    StoreKeyExportPolicy => "store.key_export_policy",
    /// Windows: installed, but the key did not sign a test digest with RSA-PSS/SHA-256 that the
    /// certificate's public key verifies.
    StoreKeySignature => "store.key_signature",
    /// No keychain (Secret Service, Credential Manager, Keychain) can be reached.
    KeychainUnavailable => "keychain.unavailable",
    /// Nothing is kept in the keychain for this gateway user.
    KeychainNotFound => "keychain.not_found",
    /// The keychain refused or failed.
    KeychainFailed => "keychain.failed",
    /// The gateway user or password is empty or not in the expected form.
    KeychainBadInput => "keychain.bad_input",
    /// The gateway user is not `CVR_…_UR_…` as the portal shows it.
    KeychainNotGatewayUser => "keychain.not_gateway_user",
    /// A `CVR_…_UI_…` typed as the gateway user: the user ID for the portal's login.
    KeychainPortalUserId => "keychain.portal_user_id",
    /// A guide link longer than the app reads.
    GuideTooLong => "guide.too_long",
    /// Not a guide link the app can read (scheme, shape, encoding, a key twice).
    GuideMalformed => "guide.malformed",
    /// A guide link from a newer version of the app.
    GuideVersion => "guide.version",
    /// A guide link with a key that is not on the allow-list.
    GuideUnknownKey => "guide.unknown_key",
    /// A guide link's value that its key does not allow.
    GuideBadValue => "guide.bad_value",
    /// A guide link without a flow or a step.
    GuideMissing => "guide.missing",
    /// A guide link names a step that does not exist.
    GuideUnknownStep => "guide.unknown_step",
    /// A guide link names a step of another flow.
    GuideOtherFlow => "guide.other_flow",
    /// A guide link holds a value its flow has no use for.
    GuideNotForFlow => "guide.not_for_flow",
    /// A guide link's wsBrugerId without the environment it is for.
    GuideNeedsEnv => "guide.needs_env",
    /// A guide link came with other arguments.
    GuideExtraArguments => "guide.extra_arguments",
    /// A typed guide code has the wrong length or characters.
    GuideCodeMalformed => "guide.code_malformed",
    /// A typed guide code has a mistyped character.
    GuideCodeCheck => "guide.code_check",
    /// A guide code from another version of the app.
    GuideCodeUnknown => "guide.code_unknown",
    /// A support code was typed where a guide code was asked for.
    GuideCodeIsSupportCode => "guide.code_is_support_code",
    /// The target holds values that do not fit in a guide code.
    GuideNotSpeakable => "guide.not_speakable",
    /// A policy value of the wrong registry or JSON type (ignored).
    PolicyWrongType => "policy.wrong_type",
    /// A policy number outside its range, or a text too long (ignored).
    PolicyOutOfRange => "policy.out_of_range",
    /// A policy value its policy does not allow (ignored).
    PolicyBadValue => "policy.bad_value",
    /// AllowedFlows names a flow that does not exist (ignored).
    PolicyUnknownFlow => "policy.unknown_flow",
    /// A value name that is no policy (ignored).
    PolicyUnknownName => "policy.unknown_name",
    /// policy.json could not be read or is not a JSON object (ignored).
    PolicyUnreadable => "policy.unreadable",
    /// The organisation does not allow this flow.
    PolicyFlowNotAllowed => "policy.flow_not_allowed",
    /// The organisation has fixed this setting.
    PolicyLocked => "policy.locked",
    /// The organisation does not let the app install into certificate stores.
    PolicyStoreInstallOff => "policy.store_install_off",
    /// The organisation does not take links or codes from a helpdesk.
    PolicyGuideLinksOff => "policy.guide_links_off",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Implemented by every error type of the core.
pub trait Coded: std::error::Error {
    /// The stable code.
    fn code(&self) -> ErrorCode;
    /// Safe, user-relevant values for the translated text.
    fn params(&self) -> BTreeMap<&'static str, String> {
        BTreeMap::new()
    }
}

/// The shape an error takes when it leaves the core: `{code, params, message}`.
///
/// It can only be made through [`UiError::new`] (or [`UiError::of`], [`UiError::internal`],
/// [`UiError::internal_from`] and `From`, which call it): the private field keeps a struct
/// literal out, so every error is logged as it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UiError {
    /// Stable code, translated by the UI.
    pub code: ErrorCode,
    /// Values for the translated text.
    pub params: BTreeMap<&'static str, String>,
    /// English fallback.
    pub message: String,
    /// Proof that it was made by [`UiError::new`], and so logged.
    #[serde(skip)]
    logged: Logged,
}

/// See [`UiError`]: only this module can make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Logged;

/// A struct literal does not compile outside this module, so no error skips the log:
///
/// ```compile_fail
/// use oces_core::error::{ErrorCode, UiError};
/// let e = UiError {
///     code: ErrorCode::Internal,
///     params: Default::default(),
///     message: String::new(),
/// };
/// ```
impl UiError {
    /// The one constructor: an error with its code, the values for its text and its English
    /// fallback, recorded in the log at once with the caller's place in the code (and the
    /// step of the use case it is made in). Internal errors are logged as errors, the others
    /// (which have a message for the user) as warnings.
    #[track_caller]
    pub fn new(
        code: ErrorCode,
        params: BTreeMap<&'static str, String>,
        message: impl Into<String>,
    ) -> Self {
        Self::made(
            code,
            params,
            message.into(),
            None,
            std::panic::Location::caller(),
        )
    }

    fn made(
        code: ErrorCode,
        params: BTreeMap<&'static str, String>,
        message: String,
        cause: Option<&(dyn std::error::Error + 'static)>,
        at: &'static std::panic::Location<'static>,
    ) -> Self {
        crate::logging::record_error(&code, code == ErrorCode::Internal, cause, at);
        UiError {
            code,
            params,
            message,
            logged: Logged,
        }
    }

    /// The generic "something went wrong" error. It is logged here, with the caller's place in
    /// the code and the current step; a caller that has the cause uses [`UiError::internal_from`].
    #[track_caller]
    pub fn internal() -> Self {
        Self::made(
            ErrorCode::Internal,
            BTreeMap::new(),
            "something went wrong".into(),
            None,
            std::panic::Location::caller(),
        )
    }

    /// The generic error for an unexpected `cause`, which is logged with its chain.
    #[track_caller]
    pub fn internal_from(cause: &(dyn std::error::Error + 'static)) -> Self {
        Self::made(
            ErrorCode::Internal,
            BTreeMap::new(),
            "something went wrong".into(),
            Some(cause),
            std::panic::Location::caller(),
        )
    }

    /// An error with only a code (its English text is the code; the UI translates it).
    /// Logged with the caller's place in the code.
    #[track_caller]
    pub fn of(code: ErrorCode) -> Self {
        Self::made(
            code,
            BTreeMap::new(),
            code.as_str().to_string(),
            None,
            std::panic::Location::caller(),
        )
    }
}

impl<E: Coded + 'static> From<E> for UiError {
    /// Logged with the error's cause chain and the place of the `?` or call.
    #[track_caller]
    fn from(e: E) -> Self {
        Self::made(
            e.code(),
            e.params(),
            e.to_string(),
            Some(&e),
            std::panic::Location::caller(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_dotted_keys() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert!(
                c.as_str().chars().all(|ch| ch.is_ascii_lowercase()
                    || ch.is_ascii_digit()
                    || ch == '.'
                    || ch == '_'),
                "{c} is not a lower-case dotted key"
            );
        }
    }

    #[test]
    fn every_code_crosses_ipc_as_its_dotted_key() {
        for c in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(c).expect("serialisable"),
                serde_json::Value::from(c.as_str()),
            );
        }
    }

    // That every constructor logs the error with its place in the code is tested with the
    // process's one subscriber, in its own binary (`tests/log_file.rs`): a scoped subscriber
    // here would share tracing's callsite cache with the tests running beside it.

    #[test]
    fn ui_error_json_shape() {
        let e = UiError::internal();
        assert_eq!(
            serde_json::to_string(&e).unwrap_or_default(),
            r#"{"code":"internal","params":{},"message":"something went wrong"}"#,
            "the UI relies on exactly these three fields"
        );
    }
}
