//! What the portals need: checked identifiers and ready texts (CUG-8, DMS-4, DMS-5, STIL-6,
//! STIL-7). Pure functions. The STIL case is in Danish, in the STIL guide's own words (it goes
//! to STIL). The CUG texts (the email to DKMA, the message for the Security Administrator) are
//! written in the user's language, Danish by default, with English as an option for a receiver
//! who prefers it (DKMA's CUG guide is in English, and not every CUG user reads Danish).

use crate::cert::identify::Environment;
use crate::i18n::{tr, Lang};
use serde::Serialize;

pub use crate::ids::{
    check_se, check_typed_gateway_user, check_value, check_ws_bruger_id, gateway_user_form,
    is_gateway_user, registered_gateway_user, GatewayForm, SeCheck, ValueCheck,
};

/// The subject line STIL's guide asks for.
pub const STIL_SUBJECT: &str = "Registrering af funktionssignatur til Integrationsplatformen";

/// An environment of Integrationsplatformen, as the STIL guide names it in the support case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StilEnv {
    /// "test/preprod".
    TestPreprod,
    /// "prod".
    Prod,
}

/// One section of the STIL support case: one certificate for one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StilSection<'a> {
    /// The environment the certificate is for.
    pub env: StilEnv,
    /// The certificate's CVR number.
    pub cvr: &'a str,
    /// Its FID (OCES2 function signature) or UUID (OCES3 system certificate).
    pub id: &'a str,
    /// True for an OCES3 certificate: `id` is a UUID, which takes the FID's place.
    pub oces3: bool,
    /// The OCES2 id's own name when it is not a FID (`UID` of a company certificate, `RID` of
    /// an employee certificate): the case names what it gives, never a UID as "FID".
    pub id_type: Option<&'a str>,
    /// The system's wsBrugerId for this environment.
    pub ws_bruger_id: &'a str,
}

/// The subject of a case for an OCES3 system certificate, which STIL's guide does not cover.
pub const STIL_SUBJECT_OCES3: &str =
    "Registrering af OCES3-systemcertifikat til Integrationsplatformen";

/// The request of an OCES3 case: what the user has, and a question. STIL's guide describes
/// only OCES2 function signatures, so the case states no rule in the user's name (such as the
/// UUID taking the FID's place); it gives the certificate's UUID and CVR and asks STIL.
pub const STIL_OCES3_REQUEST: &str = "Vi har et OCES3-systemcertifikat fra MitID Erhverv og \
     beder jer registrere det til Integrationsplatformen. Skal I bruge andre oplysninger end \
     dem herunder, så skriv endelig.";

/// The STIL support case: its subject and its text, apart, because the service desk asks for
/// them in two fields (issue 26: a subject line in the text was pasted into the description).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StilCase {
    /// What the user types in the case's subject field.
    pub subject: String,
    /// The case's text, without the subject.
    pub text: String,
}

/// The subject of the STIL case: the guide's (002:L466) for an OCES2 function signature, the
/// wizard's own for an OCES3 system certificate.
pub fn stil_subject(sections: &[StilSection<'_>]) -> &'static str {
    if sections.iter().any(|s| s.oces3) {
        STIL_SUBJECT_OCES3
    } else {
        STIL_SUBJECT
    }
}

/// The STIL support case's text (its subject is [`stil_subject`]). For an OCES2 function
/// signature it is the guide's own wording ("Eksempel på besked") after the subject: one
/// section per certificate, headed "Funktionssignatur til test/preprod:" or "Funktionssignatur
/// til prod:", with CVR-nummer, FID and wsBrugerId. For an OCES3 system certificate (not in the
/// guide) it states what the user has, headed "Systemcertifikat (OCES3) til …", with the UUID
/// under its own name, and asks STIL to register it. The text is Danish: it goes to STIL.
pub fn stil_support_case(sections: &[StilSection<'_>]) -> String {
    let oces3 = sections.iter().any(|s| s.oces3);
    let mut out = String::new();
    if oces3 {
        out.push_str(&format!("{STIL_OCES3_REQUEST}\n"));
    }
    for s in sections {
        let title = match (s.oces3, s.env) {
            (false, StilEnv::TestPreprod) => "Funktionssignatur til test/preprod:",
            (false, StilEnv::Prod) => "Funktionssignatur til prod:",
            (true, StilEnv::TestPreprod) => "Systemcertifikat (OCES3) til test/preprod:",
            (true, StilEnv::Prod) => "Systemcertifikat (OCES3) til prod:",
        };
        let label = match (s.oces3, s.id_type) {
            (true, _) => "UUID",
            (false, Some(t @ ("UID" | "RID"))) => t,
            (false, _) => "FID",
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "{title}\nCVR-nummer: {}\n{label}: {}\nwsBrugerId: {}\n",
            s.cvr, s.id, s.ws_bruger_id
        ));
    }
    out
}

/// Put where a wsBrugerId was not typed at STIL-6.
pub const STIL_WS_MISSING: &str = "(indsæt wsBrugerId)";

/// The STIL case from what the flow knows: the certificate's CVR and FID/UUID (STIL-5) and the
/// wsBrugerId typed at STIL-6 for that certificate's environment.
///
/// The one loaded certificate gets one section, for its own environment: the environment read
/// from the certificate when known, otherwise the one chosen at STIL-1. Its id is never put
/// under the other environment, so a test certificate cannot be mapped to the production
/// wsBrugerId. None until a certificate with a CVR and an id is loaded.
pub fn stil_case_from(
    facts: &crate::flow_facts::Facts,
    answers: &std::collections::BTreeMap<String, crate::flow::Answer>,
) -> Option<StilCase> {
    use crate::flow::Answer;
    let c = facts.certificate.as_ref()?;
    let cvr = c.cvr.as_deref()?;
    let id = c.id.as_deref()?;
    let text = |k: &str| match answers.get(k) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    };
    let env = match c.environment {
        Environment::Test => StilEnv::TestPreprod,
        Environment::Production => StilEnv::Prod,
        Environment::Unknown => match text("stil_env").as_deref() {
            Some("production") => StilEnv::Prod,
            _ => StilEnv::TestPreprod,
        },
    };
    let ws = match env {
        StilEnv::TestPreprod => text("stil_ws_test"),
        StilEnv::Prod => text("stil_ws_prod"),
    };
    let sections = [StilSection {
        env,
        cvr,
        id,
        oces3: c.id_type.as_deref() == Some("UI"),
        id_type: c.id_type.as_deref(),
        ws_bruger_id: ws.as_deref().unwrap_or(STIL_WS_MISSING),
    }];
    Some(StilCase {
        subject: stil_subject(&sections).to_string(),
        text: stil_support_case(&sections),
    })
}

/// A composed text for the screen: what to show, and for emails where to send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Composed {
    /// The text as shown and copied.
    pub text: String,
    /// A `mailto:` link, for texts that are emails.
    pub mailto: Option<String>,
    /// The subject, apart from the text, for a message whose subject goes in a field of its
    /// own (DMS-5's message in the Customer Portal): shown once with its own copy button, so
    /// "Emne: …" is not pasted into the message (issue 26, as STIL-7). For an e-mail (CUG-8)
    /// the same: the subject has its own line and copy button.
    pub subject: Option<String>,
    /// The address, apart from the text, for an e-mail (CUG-8's to DKMA): shown on its own
    /// line with its own copy button, so "Til: …" is not pasted into the e-mail's text
    /// (issue 26, s19 review). The `mailto` link carries address, subject and text together.
    pub to: Option<String>,
}

/// The texts of CUG-8 from the certificate unlocked at CUG-5 (RID and holder). When the RID
/// could not be read from the file (the page was not understood, or held no RID: then CUG-8
/// shows its field, `Fact::CertRid`), the RID the user typed from DKMAnet's "Details"
/// (`cug_rid`) is used, so the e-mail can still be written.
pub fn cug_text(
    what: &str,
    lang: Lang,
    facts: &crate::flow_facts::Facts,
    answers: &std::collections::BTreeMap<String, crate::flow::Answer>,
) -> Option<Composed> {
    // DMS-5: the ready message for the customs technical team in the Customer Portal (the
    // guide's phase 2 step 1: roles and rights, with the certificate's UUID).
    if what == "dms_roles_message" {
        return dms_roles_from(facts, answers, lang).map(|(subject, text)| Composed {
            text,
            mailto: None,
            subject: Some(subject),
            to: None,
        });
    }
    let read = facts.certificate.as_ref().and_then(|c| {
        c.id.clone()
            .filter(|_| c.id_type.as_deref() == Some("RID"))
            .map(|rid| (rid, c.common_name.clone().unwrap_or_default()))
    });
    let typed = || match answers.get("cug_rid") {
        Some(crate::flow::Answer::Text(t)) => {
            crate::ids::typed_rid(t).map(|rid| (rid, String::new()))
        }
        _ => None,
    };
    let (rid, holder) = read.or_else(typed)?;
    let (rid, holder) = (rid.as_str(), holder.as_str());
    match what {
        "dkma_rid_email" => {
            // The address and the subject apart from the text: each goes in a field of its
            // own in the mail program, so the text to copy is the body alone (issue 26).
            let (subject, body) = dkma_new_rid_email(rid, holder, lang);
            Some(Composed {
                mailto: Some(mailto(DKMA_RID_ADDRESS, &subject, &body)),
                text: body,
                subject: Some(subject),
                to: Some(DKMA_RID_ADDRESS.to_string()),
            })
        }
        "sa_message" => {
            let new_account = matches!(
                answers.get("cug_account"),
                Some(crate::flow::Answer::Text(t)) if t == "new"
            );
            Some(Composed {
                text: security_admin_message(rid, holder, new_account, lang),
                mailto: None,
                subject: None,
                to: None,
            })
        }
        _ => None,
    }
}

/// The environment a DMS message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DmsEnv {
    /// UFST's test environment (the guide's TFE).
    Test,
    /// Production.
    Production,
}

/// The message for the customs technical team in the Customer Portal (DMS-5): its subject and,
/// apart, its body (issue 26: "Emne: …" at the top of the text was pasted into the message).
/// The body says what the company wants (DMS Import, system-to-system), asks for the
/// roles and rights (for the test environment when that is chosen), and gives the
/// certificate's CVR number and UUID. Only what the DMS guide says (seed 001: phase 2 step 1,
/// "Get the right roles and rights for TFE via Customer Portal", with the UUID "put into the
/// Customer Portal for the technical onboarding team"; L21 OCES3 from MitID Erhverv). In
/// `lang` (`letter.dms_roles.*`); no address: the guide gives none for the Customer Portal.
pub fn dms_roles_message(
    cvr: &str,
    uuid: &str,
    env: Option<DmsEnv>,
    lang: Lang,
) -> (String, String) {
    let env = match env {
        Some(DmsEnv::Test) => tr(lang, "letter.dms_roles.env_test", &[]),
        Some(DmsEnv::Production) => tr(lang, "letter.dms_roles.env_production", &[]),
        None => String::new(),
    };
    let subject = tr(lang, "letter.dms_roles.subject", &[]);
    let body = tr(
        lang,
        "letter.dms_roles.body",
        &[("env", &env), ("cvr", cvr), ("uuid", uuid)],
    );
    (subject, body)
}

/// DMS-5's message from what the flow knows: the CVR number and UUID from the portal user ID
/// (`CVR_<cvr>_UI_<uuid>`, DMS-4), the environment from the certificate, else DMS-1's answer.
/// None until a certificate with a portal user ID is loaded. The subject, then the body.
pub fn dms_roles_from(
    facts: &crate::flow_facts::Facts,
    answers: &std::collections::BTreeMap<String, crate::flow::Answer>,
    lang: Lang,
) -> Option<(String, String)> {
    let c = facts.certificate.as_ref()?;
    let user = c.gateway_user.as_deref()?;
    let (cvr, uuid) = user.split_once("_UI_")?;
    let cvr = c.cvr.as_deref().unwrap_or(cvr.trim_start_matches("CVR_"));
    let env = match c.environment {
        Environment::Test => Some(DmsEnv::Test),
        Environment::Production => Some(DmsEnv::Production),
        Environment::Unknown => match answers.get("dms_env") {
            Some(crate::flow::Answer::Text(t)) if t == "test" => Some(DmsEnv::Test),
            Some(crate::flow::Answer::Text(t)) if t == "production" => Some(DmsEnv::Production),
            _ => None,
        },
    };
    Some(dms_roles_message(cvr, uuid, env, lang))
}

/// How an older certificate's RID compares with the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RidComparison {
    /// The older file's name; for a certificate in a store, its holder.
    pub name: String,
    /// Its RID, when it could be read.
    pub rid: Option<String>,
    /// Same RID as the new certificate; None when it could not be read.
    pub same: Option<bool>,
    /// The certificate store an old-type certificate (issuer "TDC Internet Class II CA", the
    /// guide's "old type" kept in the certificate store, 000:L226-238) is in; None for a file
    /// in `.oces`.
    pub store: Option<String>,
}

/// What the comparisons tell together: the same RID when an older certificate has it and
/// none has another, a new one when an older has another and none the same; else the guide
/// cannot tell (nothing compared, or older certificates that disagree), and the page says so
/// and still offers what to send.
pub fn rid_verdict(older: &[RidComparison]) -> crate::flow_facts::RidVerdict {
    use crate::flow_facts::RidVerdict;
    let same = older.iter().any(|c| c.same == Some(true));
    let other = older.iter().any(|c| c.same == Some(false));
    match (same, other) {
        (true, false) => RidVerdict::Unchanged,
        (false, true) => RidVerdict::Changed,
        _ => RidVerdict::Unknown,
    }
}

/// Compare the new certificate's RID with the older certificates in `.oces`.
pub fn compare_rids(
    new_rid: &str,
    entries: &[crate::files::archive::OcesEntry],
) -> Vec<RidComparison> {
    entries
        .iter()
        .filter(|e| !e.current)
        .filter(|e| e.protected || e.rid.is_some())
        .map(|e| RidComparison {
            name: e.name.clone(),
            rid: e.rid.clone(),
            same: e.rid.as_deref().map(|r| r == new_rid),
            store: None,
        })
        .collect()
}

/// Compare the new certificate's RID with the old-type certificates found in the stores
/// (`found`: each store's name with a certificate's DER). The old type lives in the certificate
/// store, not in `.oces` (000:L226), so a user replacing one is compared with it too. A RID
/// that cannot be read from it is said as unknown, never guessed.
pub fn compare_store_rids(new_rid: &str, found: &[(String, Vec<u8>)]) -> Vec<RidComparison> {
    found
        .iter()
        .filter_map(|(store, der)| {
            crate::cert_stores::old_cug_certificate(der)?;
            let r = crate::cert::open_bytes(der, None)
                .and_then(|o| crate::cert::inspect(&o, time::OffsetDateTime::now_utc()))
                .ok()?;
            let rid = r
                .oces
                .id
                .clone()
                .filter(|_| r.oces.id_type.as_deref() == Some("RID"));
            Some(RidComparison {
                name: r
                    .certificate
                    .common_name
                    .clone()
                    .unwrap_or_else(|| r.certificate.subject.clone()),
                same: rid.as_deref().map(|x| x == new_rid),
                rid,
                store: Some(store.clone()),
            })
        })
        .collect()
}

/// Where a Security Administrator's new RID goes (seed 000): the Danish Medicines Agency's
/// price team, not the DKMAnet support.
pub const DKMA_RID_ADDRESS: &str = "medicinpriser@dkma.dk";

/// The email to DKMA (medicinpriser@dkma.dk) with a new RID for a Security Administrator's
/// account: subject and body, in `lang` (`letter.dkma_rid.*` in the locale files).
pub fn dkma_new_rid_email(rid: &str, holder: &str, lang: Lang) -> (String, String) {
    let values = [("rid", rid), ("holder", holder)];
    (
        tr(lang, "letter.dkma_rid.subject", &values),
        tr(lang, "letter.dkma_rid.body", &values),
    )
}

/// The message for the company's Security Administrator (CU/CA users), in `lang`
/// (`letter.sa.*` in the locale files).
pub fn security_admin_message(rid: &str, holder: &str, new_account: bool, lang: Lang) -> String {
    let ask = tr(
        lang,
        if new_account {
            "letter.sa.ask_new"
        } else {
            "letter.sa.ask_update"
        },
        &[],
    );
    tr(
        lang,
        "letter.sa.body",
        &[("ask", &ask), ("rid", rid), ("holder", holder)],
    )
}

/// The keys of the letters' texts, for the locale check.
pub const LETTER_TEXTS: &[&str] = &[
    "letter.to",
    "letter.subject",
    "letter.dkma_rid.subject",
    "letter.dkma_rid.body",
    "letter.sa.body",
    "letter.sa.ask_new",
    "letter.sa.ask_update",
    "letter.dms_roles.subject",
    "letter.dms_roles.body",
    "letter.dms_roles.env_test",
    "letter.dms_roles.env_production",
];

/// A `mailto:` link with subject and body, percent-encoded.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    format!("mailto:{to}?subject={}&body={}", enc(subject), enc(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_user_forms() {
        assert!(is_gateway_user(
            "CVR_98753572_UI_175a859d-ed76-45af-828f-3a69691a7157"
        ));
        assert!(
            !is_gateway_user("CVR_98753572_UR_175a859d-ed76-45af-82bf-3a69691a7157"),
            "DMS-4 derives the UI form only"
        );
        for bad in [
            "CVR_9875357_UI_175a859d-ed76-45af-828f-3a69691a7157",
            "CVR_98753572_UI_175a859d-ed76-45af-828f-3a69691a715",
            "CVR_98753572_UI_175a859d_ed76-45af-828f-3a69691a7157",
            "cvr_98753572_UI_175a859d-ed76-45af-828f-3a69691a7157",
            "",
        ] {
            assert!(!is_gateway_user(bad), "{bad}");
        }
    }

    /// DMS-6 fills in the gateway user from the certificate: the portal user ID's CVR and UUID
    /// with UR_, a form the keychain step takes; nothing from a malformed or UR_ id.
    #[test]
    fn the_gateway_user_is_derived_from_the_portal_user_id() {
        let ur = registered_gateway_user("CVR_98753572_UI_175a859d-ed76-45af-828f-3a69691a7157");
        assert_eq!(
            ur.as_deref(),
            Some("CVR_98753572_UR_175a859d-ed76-45af-828f-3a69691a7157")
        );
        assert_eq!(
            check_typed_gateway_user(&ur.unwrap_or_default()),
            Ok(GatewayForm::Ur)
        );
        for bad in [
            "CVR_98753572_UR_175a859d-ed76-45af-828f-3a69691a7157",
            "CVR_1_UI_x",
            "",
        ] {
            assert_eq!(registered_gateway_user(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_portal_shows_ur_and_both_forms_are_accepted_at_dms_6() {
        // The registered certificate in the DMS guide's screenshot: account UR_…, gateway user
        // CVR_…_UR_…, while the first login used CVR_…_UI_….
        assert_eq!(
            check_typed_gateway_user(" CVR_98753572_UR_175a859d-ed76-45af-82bf-3a69691a7157 "),
            Ok(GatewayForm::Ur)
        );
        // The portal's login user ID is not the gateway user (DMS guide L61-66 against L132):
        // refused with its own message, so the user copies the gateway user instead.
        assert_eq!(
            check_typed_gateway_user("CVR_98753572_UI_175a859d-ed76-45af-828f-3a69691a7157"),
            Err(crate::error::ErrorCode::KeychainPortalUserId)
        );
        for bad in [
            "UR_175a859d-ed76-45af-82bf-3a69691a7157",
            "CVR_98753572_UX_175a859d-ed76-45af-82bf-3a69691a7157",
            "CVR_98753572",
            "",
        ] {
            assert_eq!(
                check_typed_gateway_user(bad),
                Err(crate::error::ErrorCode::KeychainNotGatewayUser),
                "{bad}"
            );
        }
    }

    #[test]
    fn se_numbers() {
        assert_eq!(check_se(""), SeCheck::Empty);
        assert_eq!(check_se("  "), SeCheck::Empty);
        assert_eq!(check_se("2531 3763"), SeCheck::Ok);
        assert_eq!(check_se("25313764"), SeCheck::CheckDigitWarning);
        assert_eq!(check_se("2531376"), SeCheck::NotEightDigits);
        assert_eq!(check_se("2531376a"), SeCheck::NotEightDigits);
    }

    #[test]
    fn named_checks() {
        assert_eq!(check_value("se_number", ""), ValueCheck::Empty);
        assert_eq!(check_value("se_number", "25313763"), ValueCheck::Ok);
        assert_eq!(check_value("se_number", "25313764"), ValueCheck::Warning);
        assert_eq!(check_value("se_number", "123"), ValueCheck::Invalid);
        assert_eq!(check_value("ws_bruger_id", "a b"), ValueCheck::Invalid);
        assert_eq!(check_value("ws_bruger_id", "ab"), ValueCheck::Ok);
        assert_eq!(check_value("unknown", "x"), ValueCheck::Invalid);
    }

    #[test]
    fn ws_bruger_ids() {
        assert!(check_ws_bruger_id("abc-123"));
        assert!(check_ws_bruger_id("  abc-123  "));
        assert!(!check_ws_bruger_id(""));
        assert!(!check_ws_bruger_id("abc 123"));
    }

    /// Review point 1's leftover: an OCES2 certificate that carries a UID (company) or RID
    /// (employee) instead of a FID is not labelled "FID" in the case sent to STIL.
    #[test]
    fn stil_case_names_a_uid_or_rid_as_what_it_is() {
        for (t, want) in [
            (Some("UID"), "UID: 4711"),
            (Some("RID"), "RID: 4711"),
            (None, "FID: 4711"),
        ] {
            let text = stil_support_case(&[StilSection {
                env: StilEnv::TestPreprod,
                cvr: "25313763",
                id: "4711",
                oces3: false,
                id_type: t,
                ws_bruger_id: "ws",
            }]);
            assert!(text.contains(want), "{t:?}: {text}");
            assert_eq!(
                text.contains("FID"),
                want.starts_with("FID"),
                "{t:?}: {text}"
            );
        }
    }

    #[test]
    fn stil_case_golden() {
        // The guide's "Eksempel på besked": subject, heading, CVR-nummer, FID, wsBrugerId; no
        // greeting of our own.
        let text = stil_support_case(&[StilSection {
            env: StilEnv::TestPreprod,
            cvr: "25313763",
            id: "12345678",
            oces3: false,
            id_type: Some("FID"),
            ws_bruger_id: "ws-test-1",
        }]);
        // The subject stands apart (issue 26): not "Emne: …" in the text, where it was pasted
        // into the case's description.
        assert_eq!(
            text,
            "Funktionssignatur til test/preprod:\nCVR-nummer: 25313763\nFID: 12345678\n\
             wsBrugerId: ws-test-1\n"
        );
        let oces3 = stil_support_case(&[StilSection {
            env: StilEnv::Prod,
            cvr: "25313763",
            id: "175a859d-ed76-45af-828f-3a69691a7157",
            oces3: true,
            id_type: Some("UI"),
            ws_bruger_id: "ws-prod-2",
        }]);
        // OCES3 is not in STIL's guide: the case says what the user has and asks; it never
        // states in the user's name that the UUID takes the FID's place, nor calls the
        // certificate a function signature.
        assert_eq!(
            oces3,
            "Vi har et OCES3-systemcertifikat fra MitID Erhverv og beder jer registrere det til \
             Integrationsplatformen. Skal I bruge andre oplysninger end dem herunder, så skriv \
             endelig.\n\n\
             Systemcertifikat (OCES3) til prod:\nCVR-nummer: 25313763\n\
             UUID: 175a859d-ed76-45af-828f-3a69691a7157\n\
             wsBrugerId: ws-prod-2\n"
        );
        assert!(!oces3.contains("i stedet for") && !oces3.contains("FID"));
    }

    #[test]
    fn stil_case_has_one_section_for_the_certificates_environment() {
        use crate::flow::Answer;
        use crate::flow_facts::{CertFacts, Facts};
        let mut facts = Facts::default();
        let mut answers = std::collections::BTreeMap::new();
        assert_eq!(stil_case_from(&facts, &answers), None, "no certificate yet");
        facts.certificate = Some(CertFacts {
            cvr: Some("25313763".into()),
            id_type: Some("UI".into()),
            id: Some("175a859d-ed76-45af-828f-3a69691a7157".into()),
            environment: crate::cert::identify::Environment::Test,
            ..CertFacts::default()
        });
        answers.insert("stil_env".into(), Answer::Text("test".into()));
        let missing = stil_case_from(&facts, &answers).expect("text").text;
        assert_eq!(missing.matches(STIL_WS_MISSING).count(), 1, "{missing}");
        answers.insert("stil_ws_test".into(), Answer::Text(" ws-test-1 ".into()));
        answers.insert("stil_ws_prod".into(), Answer::Text("ws-prod-2".into()));
        let case = stil_case_from(&facts, &answers).expect("text");
        assert_eq!(case.subject, STIL_SUBJECT_OCES3);
        assert!(!case.text.contains("Emne"), "{}", case.text);
        let text = case.text;
        assert!(text.contains(
            "Systemcertifikat (OCES3) til test/preprod:\nCVR-nummer: 25313763\n\
             UUID: 175a859d-ed76-45af-828f-3a69691a7157\n\
             wsBrugerId: ws-test-1\n"
        ));
        assert!(
            !text.contains("til prod") && !text.contains("ws-prod-2"),
            "a test certificate is never put under prod: {text}"
        );
        // Production chosen, but the certificate says test: the certificate decides.
        answers.insert("stil_env".into(), Answer::Text("production".into()));
        let text = stil_case_from(&facts, &answers).expect("text").text;
        assert!(text.contains("til test/preprod") && !text.contains("ws-prod-2"));
        // A production certificate goes under prod with the production wsBrugerId.
        if let Some(c) = facts.certificate.as_mut() {
            c.environment = crate::cert::identify::Environment::Production;
            c.id_type = Some("FID".into());
            c.id = Some("87654321".into());
        }
        let text = stil_case_from(&facts, &answers).expect("text").text;
        assert!(text.contains(
            "Funktionssignatur til prod:\nCVR-nummer: 25313763\nFID: 87654321\nwsBrugerId: ws-prod-2\n"
        ));
        assert!(!text.contains("test/preprod") && !text.contains("UUID"));
        // Environment unknown from the certificate: the one chosen at STIL-1.
        if let Some(c) = facts.certificate.as_mut() {
            c.environment = crate::cert::identify::Environment::Unknown;
        }
        answers.insert("stil_env".into(), Answer::Text("test".into()));
        let text = stil_case_from(&facts, &answers).expect("text").text;
        assert!(text.contains("til test/preprod") && text.contains("ws-test-1"));
    }

    #[test]
    fn cug_texts_from_the_flow() {
        use crate::flow::Answer;
        use crate::flow_facts::{CertFacts, Facts};
        let mut facts = Facts::default();
        let mut answers = std::collections::BTreeMap::new();
        assert_eq!(cug_text("dkma_rid_email", Lang::Da, &facts, &answers), None);
        facts.certificate = Some(CertFacts {
            common_name: Some("Søren Ærø".into()),
            id_type: Some("RID".into()),
            id: Some("1234567890123".into()),
            ..CertFacts::default()
        });
        let email = cug_text("dkma_rid_email", Lang::Da, &facts, &answers).expect("email");
        // The address and the subject apart from the text to copy: "Til: …" and "Emne: …" in
        // the text were pasted into the e-mail's body (issue 26, s19 review). The body alone,
        // in the user's language; the link carries all three.
        assert_eq!(email.to.as_deref(), Some("medicinpriser@dkma.dk"));
        assert_eq!(
            email.subject.as_deref(),
            Some("Nyt RID-nummer til brugerkonto på DKMAnet: Søren Ærø")
        );
        for line in email.text.lines() {
            assert!(
                !line.starts_with("Til:") && !line.starts_with("Emne:"),
                "no address or subject in the text to copy: {}",
                email.text
            );
        }
        assert!(
            !email.text.contains("medicinpriser@dkma.dk"),
            "{}",
            email.text
        );
        assert!(email.text.contains("1234567890123"), "{}", email.text);
        let english = cug_text("dkma_rid_email", Lang::En, &facts, &answers).expect("email");
        assert!(english
            .subject
            .as_deref()
            .is_some_and(|s| s.starts_with("New RID")));
        assert!(!english.text.starts_with("To:") && !english.text.contains("Subject:"));
        let link = email.mailto.expect("link");
        assert!(
            link.starts_with("mailto:medicinpriser@dkma.dk?subject=Nyt%20RID")
                && link.contains("&body=")
                && link.contains("1234567890123"),
            "{link}"
        );
        answers.insert("cug_account".into(), Answer::Text("new".into()));
        let msg = cug_text("sa_message", Lang::En, &facts, &answers).expect("message");
        assert!(msg.text.contains("create a DKMAnet user account") && msg.mailto.is_none());
        let da = cug_text("sa_message", Lang::Da, &facts, &answers).expect("message");
        assert!(da
            .text
            .contains("oprette en brugerkonto til mig på DKMAnet"));
        assert_eq!(cug_text("other", Lang::Da, &facts, &answers), None);
        // DMS-5's message: nothing without a portal user ID (a CUG certificate has none).
        assert_eq!(
            cug_text("dms_roles_message", Lang::Da, &facts, &answers),
            None
        );
        // A certificate read without a RID: the one typed at CUG-8's field is used (the field
        // shows exactly then), a RID read from the file always wins over a typed one.
        answers.insert("cug_rid".into(), Answer::Text("9876543210987".into()));
        let read = cug_text("sa_message", Lang::Da, &facts, &answers).expect("message");
        assert!(read.text.contains("1234567890123"), "{}", read.text);
        if let Some(c) = facts.certificate.as_mut() {
            c.id = None;
            c.id_type = None;
        }
        let typed = cug_text("sa_message", Lang::Da, &facts, &answers).expect("message");
        assert!(typed.text.contains("9876543210987"), "{}", typed.text);
    }

    /// s16 review, DMS-5: "Send dette id-nummer til toldens tekniske team i Kundeportalen" gave
    /// no text to send. The ready message: a subject, what is asked (roles and rights for DMS
    /// Import, system-to-system; for the test environment when that is the certificate's or
    /// the chosen one), the CVR number and the certificate's id number, in the user's language;
    /// no address (the guide gives none for the Customer Portal) and no e-mail link.
    #[test]
    fn dms_roles_message_golden() {
        use crate::flow::Answer;
        use crate::flow_facts::{CertFacts, Facts};
        let mut facts = Facts::default();
        let mut answers = std::collections::BTreeMap::new();
        assert_eq!(
            cug_text("dms_roles_message", Lang::Da, &facts, &answers),
            None
        );
        facts.certificate = Some(CertFacts {
            cvr: Some("25313763".into()),
            gateway_user: Some("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157".into()),
            environment: Environment::Test,
            ..CertFacts::default()
        });
        let da = cug_text("dms_roles_message", Lang::Da, &facts, &answers).expect("message");
        assert_eq!(da.mailto, None);
        // The subject apart, once (issue 26): the text to paste starts with the greeting.
        assert_eq!(
            da.subject.as_deref(),
            Some("Roller og rettigheder til DMS Import, system-til-system")
        );
        assert_eq!(
            da.text,
            "Hej\n\nVores virksomhed vil sende toldangivelser til DMS Import fra vores eget \
             system (system-til-system). Vil I give os de roller og rettigheder, der skal til i \
             testmiljøet (TFE)?\n\nVi bruger dette OCES3-certifikat fra MitID Erhverv:\n\
             CVR-nummer: 25313763\n\
             Certifikatets id-nummer (UUID): 175a859d-ed76-45af-828f-3a69691a7157\n\n\
             Venlig hilsen\n"
        );
        let en = cug_text("dms_roles_message", Lang::En, &facts, &answers).expect("message");
        assert_eq!(
            en.subject.as_deref(),
            Some("Roles and rights for DMS Import, system-to-system")
        );
        assert!(en.text.starts_with("Hello,\n"), "{}", en.text);
        assert!(en
            .text
            .contains("roles and rights this needs in the test environment (TFE)."));
        assert!(en.text.contains("CVR number: 25313763\n"));
        for text in [&da.text, &en.text] {
            assert!(!text.contains("http") && !text.contains(".dk"), "{text}");
            assert!(
                !text.contains("Emne")
                    && !text.contains("Subject")
                    && !text.contains("DMS Import,"),
                "the subject once, not in the text: {text}"
            );
            assert!(!text.contains('{'), "a placeholder left: {text}");
        }
        // The environment not read from the certificate: DMS-1's answer; none, none said.
        if let Some(c) = facts.certificate.as_mut() {
            c.environment = Environment::Unknown;
        }
        let none = cug_text("dms_roles_message", Lang::Da, &facts, &answers).expect("message");
        assert!(none.text.contains("der skal til?"), "{}", none.text);
        answers.insert("dms_env".into(), Answer::Text("production".into()));
        let prod = cug_text("dms_roles_message", Lang::Da, &facts, &answers).expect("message");
        assert!(
            prod.text.contains("der skal til i produktion?"),
            "{}",
            prod.text
        );
        assert!(!prod.text.contains("TFE"), "{}", prod.text);
    }

    #[test]
    fn rid_comparison() {
        use crate::files::archive::OcesEntry;
        let e = |name: &str, rid: Option<&str>, protected: bool, current: bool| OcesEntry {
            path: name.into(),
            name: name.into(),
            holder: None,
            not_after: None,
            expired: false,
            replaced: false,
            current,
            protected,
            rid: rid.map(str::to_string),
        };
        let got = compare_rids(
            "111",
            &[
                e("new.html", Some("111"), false, true),
                e("same.pem", Some("111"), false, false),
                e("other.pem", Some("222"), false, false),
                e("locked.html", None, true, false),
                e("no-rid.pem", None, false, false),
            ],
        );
        let v: Vec<_> = got.iter().map(|c| (c.name.as_str(), c.same)).collect();
        assert_eq!(
            v,
            vec![
                ("same.pem", Some(true)),
                ("other.pem", Some(false)),
                ("locked.html", None)
            ]
        );
    }

    /// An old-type DKMA certificate as the stores hold it: issued by "TDC Internet Class II CA",
    /// for `cn`, with `serial` as its subject serialNumber.
    fn old_type(cn: &str, serial: Option<&str>) -> Vec<u8> {
        let ca_key = rcgen::KeyPair::generate().expect("key");
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca.distinguished_name.push(
            rcgen::DnType::CommonName,
            crate::cert_stores::OLD_CUG_ISSUER,
        );
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let key = rcgen::KeyPair::generate().expect("key");
        let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        p.distinguished_name.push(rcgen::DnType::CommonName, cn);
        if let Some(s) = serial {
            p.distinguished_name.push(
                rcgen::DnType::CustomDnType(vec![2, 5, 4, 5]),
                rcgen::DnValue::PrintableString(s.try_into().expect("printable")),
            );
        }
        p.signed_by(&key, &issuer).expect("leaf").der().to_vec()
    }

    /// The RID comparison also looks at old-type certificates in the stores (the guide keeps
    /// the old type in the certificate store, 000:L226), so a user replacing one is not told
    /// "fandt intet ældre certifikat"; a RID it cannot read is unknown, never guessed; other
    /// certificates in the stores are not compared.
    #[test]
    fn rid_comparison_includes_old_type_store_certificates() {
        let found = vec![
            (
                "Windows".to_string(),
                old_type("Søren Ærø", Some("CVR:12345678-RID:1234567890123")),
            ),
            (
                "Firefox".to_string(),
                old_type("Søren Ærø", Some("CVR:12345678-RID:9999999999999")),
            ),
            ("Windows".to_string(), old_type("Anne Andersen", None)),
        ];
        let mut other = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        other
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Not DKMA");
        let key = rcgen::KeyPair::generate().expect("key");
        let mut found = found;
        found.push((
            "Windows".into(),
            other.self_signed(&key).expect("cert").der().to_vec(),
        ));
        let got = compare_store_rids("1234567890123", &found);
        let v: Vec<_> = got
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.store.as_deref(),
                    c.rid.as_deref(),
                    c.same,
                )
            })
            .collect();
        assert_eq!(
            v,
            vec![
                (
                    "Søren Ærø",
                    Some("Windows"),
                    Some("1234567890123"),
                    Some(true)
                ),
                (
                    "Søren Ærø",
                    Some("Firefox"),
                    Some("9999999999999"),
                    Some(false)
                ),
                ("Anne Andersen", Some("Windows"), None, None),
            ]
        );
    }

    #[test]
    fn dkma_texts_golden() {
        let (subject, body) = dkma_new_rid_email("1234567890123", "Søren Ærø", Lang::En);
        assert_eq!(subject, "New RID for DKMAnet user account: Søren Ærø");
        assert_eq!(
            body,
            "Dear Danish Medicines Agency,\n\nI am the Security Administrator of our company on \
             DKMAnet. I have installed a new CUG certificate whose RID number differs from the \
             one on my user account.\n\nName: Søren Ærø\nNew RID number: 1234567890123\n\n\
             Please update my user account with the new RID number.\n\nKind regards,\nSøren Ærø\n"
        );
        assert_eq!(
            security_admin_message("1234567890123", "Søren Ærø", false, Lang::En),
            "Hello,\n\nPlease update my DKMAnet user account with the RID number of my new CUG \
             certificate.\n\nName: Søren Ærø\nRID number: 1234567890123\n\nThank you.\n"
        );
        let m = security_admin_message("1234567890123", "Søren Ærø", true, Lang::En);
        assert!(
            m.contains("create a DKMAnet user account") && m.contains("RID number: 1234567890123")
        );
        let (da_subject, da_body) = dkma_new_rid_email("1234567890123", "Søren Ærø", Lang::Da);
        assert_eq!(
            da_subject,
            "Nyt RID-nummer til brugerkonto på DKMAnet: Søren Ærø"
        );
        assert_eq!(
            da_body,
            "Kære Lægemiddelstyrelsen\n\nJeg er sikkerhedsadministrator for vores virksomhed på \
             DKMAnet. Jeg har installeret et nyt CUG-certifikat, og dets RID-nummer er et andet \
             end det, der står på min brugerkonto.\n\nNavn: Søren Ærø\nNyt RID-nummer: \
             1234567890123\n\nVil I opdatere min brugerkonto med det nye RID-nummer?\n\n\
             Venlig hilsen\nSøren Ærø\n"
        );
        assert_eq!(
            security_admin_message("1234567890123", "Søren Ærø", false, Lang::Da),
            "Hej\n\nVil du skrive RID-nummeret fra mit nye CUG-certifikat på min brugerkonto på \
             DKMAnet?\n\nNavn: Søren Ærø\nRID-nummer: 1234567890123\n\nTak.\n"
        );
        let link = mailto("medicinpriser@dkma.dk", &subject, "a b\nc&d");
        assert_eq!(
            link,
            "mailto:medicinpriser@dkma.dk?subject=New%20RID%20for%20DKMAnet%20user%20account%3A%20S%C3%B8ren%20%C3%86r%C3%B8&body=a%20b%0Ac%26d"
        );
    }
}
