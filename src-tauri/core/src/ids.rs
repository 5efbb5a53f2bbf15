//! Identifiers the portals hand out and the checks of what the user types (a leaf: it uses
//! nothing of the crate but the error codes). The wizard's text fields, the portal texts and
//! the keychain step all check against these, so none of them needs the others.

use serde::Serialize;

/// The modulus-11 check of a CVR number (weights 2,7,6,5,4,3,2,1).
pub fn cvr_valid(cvr: &str) -> bool {
    const W: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];
    cvr.len() == 8
        && cvr.bytes().all(|b| b.is_ascii_digit())
        && cvr
            .bytes()
            .zip(W)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum::<u32>()
            % 11
            == 0
}

/// The two ids of the DMS guide: `CVR_<cvr>_UI_<uuid>` is the *user ID* for logging in to the
/// certificate portal, derived from the certificate (the first password is the same ID); after
/// registration the portal shows the account as `UR_<uuid>` and the *gateway user* as
/// `CVR_<cvr>_UR_<uuid>` (the DMS guide's own screenshot of a registered certificate), which is
/// what the AS4 session uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GatewayForm {
    /// `CVR_…_UI_…`: derived from the certificate, the portal's first login.
    Ui,
    /// `CVR_…_UR_…`: as the portal shows the gateway user after registration.
    Ur,
}

/// Which form of gateway user `s` is: `CVR_` 8 digits, `_UI_` or `_UR_`, a 36-character UUID.
pub fn gateway_user_form(s: &str) -> Option<GatewayForm> {
    let rest = s.strip_prefix("CVR_")?;
    let (cvr, form, uuid) = if let Some((c, u)) = rest.split_once("_UI_") {
        (c, GatewayForm::Ui, u)
    } else if let Some((c, u)) = rest.split_once("_UR_") {
        (c, GatewayForm::Ur, u)
    } else {
        return None;
    };
    let ok = cvr.len() == 8
        && cvr.bytes().all(|b| b.is_ascii_digit())
        && uuid.len() == 36
        && uuid.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    ok.then_some(form)
}

/// Whether a string is the gateway user ID derived from a certificate (DMS-4):
/// `CVR_` 8 digits `_UI_` a 36-character UUID.
pub fn is_gateway_user(s: &str) -> bool {
    gateway_user_form(s) == Some(GatewayForm::Ui)
}

/// The gateway user the certificate portal shows after registration for the certificate whose
/// portal user ID is `portal_user_id` (`CVR_<cvr>_UI_<uuid>` → `CVR_<cvr>_UR_<uuid>`: the same
/// CVR and UUID, as in the DMS guide's screenshot of a registered certificate). DMS-6 offers it
/// filled in, and the user can change it; anything but a well-formed UI_ id gives none.
pub fn registered_gateway_user(portal_user_id: &str) -> Option<String> {
    (gateway_user_form(portal_user_id) == Some(GatewayForm::Ui))
        .then(|| portal_user_id.replacen("_UI_", "_UR_", 1))
}

/// The gateway user the user typed at DMS-6, copied from the certificate portal after the
/// registration: only the `CVR_…_UR_…` form the portal shows as "Gateway user". The portal's
/// login user ID (`CVR_…_UI_…`, DMS-4) is refused with its own code, so the screen can say what
/// it is; anything else is refused as not a gateway user.
pub fn check_typed_gateway_user(s: &str) -> Result<GatewayForm, crate::error::ErrorCode> {
    match gateway_user_form(s.trim()) {
        Some(GatewayForm::Ur) => Ok(GatewayForm::Ur),
        Some(GatewayForm::Ui) => Err(crate::error::ErrorCode::KeychainPortalUserId),
        None => Err(crate::error::ErrorCode::KeychainNotGatewayUser),
    }
}

/// Whether what is typed where the gateway user belongs (DMS-6) looks like the portal's login
/// user ID (`CVR_…_UI_…`, DMS-4) instead: `CVR_`, the digits of a CVR number, then `_UI_`, in
/// any case, with or without the rest. Said at the field while the user types or pastes, so it
/// counts as soon as `_UI_` follows the CVR part; saving still refuses it
/// ([`check_typed_gateway_user`]).
pub fn looks_like_portal_login_id(s: &str) -> bool {
    let s = s.trim();
    let Some(head) = s.get(..4) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("CVR_") {
        return false;
    }
    let rest = &s[4..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=8).contains(&digits)
        && rest
            .get(digits..digits + 4)
            .is_some_and(|m| m.eq_ignore_ascii_case("_UI_"))
}

/// What an SE number field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeCheck {
    /// Empty: fine, the field is optional.
    Empty,
    /// Eight digits that pass the modulus-11 check.
    Ok,
    /// Not eight digits: cannot be used.
    NotEightDigits,
    /// Eight digits that fail modulus 11: warn, never block (not every SE number may pass).
    CheckDigitWarning,
}

/// Check an SE number (spaces allowed between digits).
pub fn check_se(input: &str) -> SeCheck {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        SeCheck::Empty
    } else if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        SeCheck::NotEightDigits
    } else if cvr_valid(&digits) {
        SeCheck::Ok
    } else {
        SeCheck::CheckDigitWarning
    }
}

/// A wsBrugerId from tilslutning.stil.dk: its format is not public, so any non-empty token
/// without spaces is accepted.
pub fn check_ws_bruger_id(input: &str) -> bool {
    let t = input.trim();
    !t.is_empty() && !t.chars().any(char::is_whitespace) && t.len() <= 200
}

/// A RID typed by the user (CUG-8, when the file could not be read): 13 digits, spaces
/// allowed between them.
pub fn typed_rid(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 13 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// How a typed value fares against a named check (the `check` of a text field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ValueCheck {
    /// Nothing typed.
    Empty,
    /// Fine.
    Ok,
    /// Usable, but the user should look again (an SE number failing modulus 11).
    Warning,
    /// Cannot be used.
    Invalid,
}

/// Check a typed value with the named check (`ws_bruger_id`, `se_number`, `rid`,
/// `gateway_user`). For `gateway_user` (DMS-6) a warning means one thing: it looks like the
/// portal's login user ID ([`looks_like_portal_login_id`]), which the screen says at the field
/// in words; a well-formed `CVR_…_UR_…` is fine, anything else cannot be used.
pub fn check_value(check: &str, value: &str) -> ValueCheck {
    if value.trim().is_empty() {
        return ValueCheck::Empty;
    }
    match check {
        "ws_bruger_id" if check_ws_bruger_id(value) => ValueCheck::Ok,
        // A DKMA RID typed from DKMAnet's "Details" (the 13 digits of the first line).
        "rid" if typed_rid(value).is_some() => ValueCheck::Ok,
        "se_number" => match check_se(value) {
            SeCheck::Empty => ValueCheck::Empty,
            SeCheck::Ok => ValueCheck::Ok,
            SeCheck::CheckDigitWarning => ValueCheck::Warning,
            SeCheck::NotEightDigits => ValueCheck::Invalid,
        },
        "gateway_user" if looks_like_portal_login_id(value) => ValueCheck::Warning,
        "gateway_user" if check_typed_gateway_user(value).is_ok() => ValueCheck::Ok,
        _ => ValueCheck::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "175a59b4-5b4b-4d4e-9c3b-0c1f2a0e7157";

    /// Issue 26: the portal's login user ID typed where the gateway user belongs is told apart
    /// as soon as it shows (`CVR_` digits `_UI_`), pasted whole or typed, in any case; the
    /// gateway user (`_UR_`) and other text are not taken for it.
    #[test]
    fn the_portal_login_id_is_told_apart_from_the_gateway_user() {
        for s in [
            format!("CVR_25313763_UI_{UUID}"),
            format!("  cvr_25313763_ui_{UUID}\n"),
            "CVR_25313763_UI_".to_string(),
            "CVR_25313763_UI_175a".to_string(),
        ] {
            assert!(looks_like_portal_login_id(&s), "{s:?}");
            assert_eq!(
                check_value("gateway_user", &s),
                ValueCheck::Warning,
                "{s:?}"
            );
        }
        for s in [
            format!("CVR_25313763_UR_{UUID}"),
            "CVR_25313763_U".to_string(),
            "CVR__UI_x".to_string(),
            "CVR_253137630_UI_x".to_string(),
            "UI_25313763".to_string(),
            "admin".to_string(),
            "CVR_".to_string(),
            "æøå_UI_".to_string(),
        ] {
            assert!(!looks_like_portal_login_id(&s), "{s:?}");
        }
        assert_eq!(
            check_value("gateway_user", &format!("CVR_25313763_UR_{UUID}")),
            ValueCheck::Ok
        );
        assert_eq!(
            check_value("gateway_user", "CVR_1_UR_x"),
            ValueCheck::Invalid
        );
        assert_eq!(check_value("gateway_user", " "), ValueCheck::Empty);
    }
}
