//! The UFST gateway credentials (DMS-6) in the OS keychain ([`crate::keychain`]).

use super::{Session, Updated};
use crate::error::UiError;
use crate::secret::Password;

impl Session {
    /// Keep the gateway user and password in the OS keychain (never in a file); the facts
    /// note the user only. Only the gateway user the portal shows after registration
    /// (`CVR_…_UR_…`) is taken; the portal's login user ID (`CVR_…_UI_…`) and anything else are
    /// refused before the keychain is asked. The keychain is asked without the wizard's lock.
    pub fn save_gateway_credentials(
        &self,
        user: &str,
        password: &Password,
    ) -> Result<Updated, UiError> {
        self.use_case("save_gateway_credentials", || {
            let user = user.trim().to_string();
            crate::ids::check_typed_gateway_user(&user).map_err(|c| UiError::of(c))?;
            let (flow, _) = self.inputs()?;
            crate::keychain::save(&user, password).map_err(|c| UiError::of(c))?;
            self.update(|w| {
                if w.active == flow {
                    w.update_facts(|f| f.credentials = Some(user));
                }
                Ok(())
            })
        })
    }

    /// Ask the keychain whether the password the progress notes as kept is still there (it is
    /// not read out, and never sent anywhere): someone may have deleted it outside the guide,
    /// e.g. in Windows' Credential Manager, while the progress still says "kept". When it is
    /// gone the note is dropped, so the screens offer the field again instead of "saved". A
    /// keychain that cannot be asked changes nothing (its error is returned, not kept).
    pub fn gateway_credentials_present(&self) -> Result<Updated, UiError> {
        self.use_case("gateway_credentials_present", || {
            let (flow, facts) = self.inputs()?;
            let unchanged = || {
                Ok(Updated {
                    view: self.view()?,
                    warning: None,
                })
            };
            let Some(user) = facts.credentials else {
                return unchanged();
            };
            if crate::keychain::present(&user).map_err(|c| UiError::of(c))? {
                return unchanged();
            }
            tracing::info!(
                target: "oces_core::keychain",
                "the kept gateway password is no longer in the keychain: the note is dropped"
            );
            self.update(|w| {
                if w.active == flow {
                    w.update_facts(|f| {
                        if f.credentials.as_deref() == Some(user.as_str()) {
                            f.credentials = None;
                        }
                    });
                }
                Ok(())
            })
        })
    }

    /// The kept gateway password, when the user asks to see it.
    pub fn reveal_gateway_password(&self, user: &str) -> Result<Password, UiError> {
        self.use_case("reveal_gateway_password", || {
            crate::keychain::reveal(user).map_err(|c| UiError::of(c))
        })
    }

    /// Delete the kept gateway credentials; the facts forget the user when it was theirs.
    pub fn delete_gateway_credentials(&self, user: &str) -> Result<Updated, UiError> {
        self.use_case("delete_gateway_credentials", || {
            crate::keychain::delete(user).map_err(|c| UiError::of(c))?;
            self.update(|w| {
                w.update_facts(|f| {
                    if f.credentials.as_deref() == Some(user.trim()) {
                        f.credentials = None;
                    }
                });
                Ok(())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::error::ErrorCode;

    /// What is not a gateway user, and an empty password, never reach the keychain; nothing
    /// is noted in the facts. (The keychain itself is tested in tests/keychain.rs.)
    #[test]
    fn a_bad_gateway_user_or_empty_password_is_refused_first() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        let pw = Password::new("Gw-SENTINEL");
        assert_eq!(
            code(t.session.save_gateway_credentials("admin", &pw)),
            ErrorCode::KeychainNotGatewayUser
        );
        // The portal's login user ID (DMS-4) is not the gateway user: refused with its own code.
        let login_id = "CVR_12345678_UI_11111111-2222-3333-4444-555555555555";
        assert_eq!(
            code(t.session.save_gateway_credentials(login_id, &pw)),
            ErrorCode::KeychainPortalUserId
        );
        let user = "CVR_12345678_UR_11111111-2222-3333-4444-555555555555";
        assert_eq!(
            code(t.session.save_gateway_credentials(user, &Password::new(""))),
            ErrorCode::KeychainBadInput
        );
        assert!(t
            .session
            .snapshot()
            .expect("state")
            .facts()
            .credentials
            .is_none());
    }
}
