//! WebAuthn with webauthn-rs: passkeys with user verification required and no attestation.
//! Options and credentials cross the wire as JSON strings, so the browser bundle needs no
//! WebAuthn types. Registration asks for a discoverable credential, so signing in needs no
//! user name.

use std::sync::Arc;
use url::Url;
use uuid::Uuid;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Webauthn, WebauthnBuilder, WebauthnError,
};

/// Why a passkey ceremony failed. Details are logged; the user sees "try again".
#[derive(Debug, thiserror::Error)]
pub enum PasskeyError {
    #[error("webauthn: {0}")]
    Webauthn(#[from] WebauthnError),
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the relying party could not be set up from {0}")]
    Setup(String),
}

/// The relying party: our site, as residents reach it.
#[derive(Clone)]
pub struct Passkeys {
    webauthn: Arc<Webauthn>,
}

/// A ceremony's first half: options for the browser, state for the server.
pub struct Started {
    pub options_json: String,
    pub state_json: String,
}

/// A finished sign-in: who, with which credential, and its updated state.
pub struct SignedIn {
    pub person: Uuid,
    pub credential_id: String,
    /// `Some(true)` when the credential's stored state changed and must be saved.
    pub counter_changed: Option<bool>,
}

impl Passkeys {
    /// The relying party id is the public URL's host; the origin is the URL's origin.
    pub fn new(public_origin: &str) -> Result<Self, PasskeyError> {
        let origin = Url::parse(public_origin).map_err(|e| PasskeyError::Setup(e.to_string()))?;
        let rp_id = origin
            .host_str()
            .ok_or_else(|| PasskeyError::Setup(public_origin.to_owned()))?
            .to_owned();
        let webauthn = WebauthnBuilder::new(&rp_id, &origin)?
            .rp_name("共商 Gongshang")
            .build()?;
        Ok(Self {
            webauthn: Arc::new(webauthn),
        })
    }

    /// Starts registering a passkey for `person`, excluding the credentials they already have.
    pub fn start_registration(
        &self,
        person: Uuid,
        name: &str,
        existing: Vec<String>,
    ) -> Result<Started, PasskeyError> {
        let exclude = existing
            .iter()
            .filter_map(|id| serde_json::from_value(serde_json::Value::String(id.clone())).ok())
            .collect::<Vec<_>>();
        let exclude = (!exclude.is_empty()).then_some(exclude);
        let (options, state) = self
            .webauthn
            .start_passkey_registration(person, name, name, exclude)?;
        let mut options = serde_json::to_value(&options)?;
        // Discoverable: the phone keeps the account, so sign-in needs no user name.
        if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
            selection["residentKey"] = "required".into();
            selection["requireResidentKey"] = true.into();
        }
        Ok(Started {
            options_json: options.to_string(),
            state_json: serde_json::to_string(&state)?,
        })
    }

    /// Checks the browser's answer; answers the passkey to store and its credential id.
    pub fn finish_registration(
        &self,
        credential_json: &str,
        state_json: &str,
    ) -> Result<(Passkey, String), PasskeyError> {
        let credential: RegisterPublicKeyCredential = serde_json::from_str(credential_json)?;
        let state: PasskeyRegistration = serde_json::from_str(state_json)?;
        let passkey = self
            .webauthn
            .finish_passkey_registration(&credential, &state)?;
        let id = credential_id_text(passkey.cred_id())?;
        Ok((passkey, id))
    }

    /// Starts a sign-in with any passkey of this site.
    pub fn start_sign_in(&self) -> Result<Started, PasskeyError> {
        let (options, state) = self.webauthn.start_discoverable_authentication()?;
        Ok(Started {
            options_json: serde_json::to_string(&options)?,
            state_json: serde_json::to_string(&state)?,
        })
    }

    /// Who the browser's answer claims to be, before checking it.
    pub fn claimed_person(&self, credential_json: &str) -> Result<(Uuid, String), PasskeyError> {
        let credential: PublicKeyCredential = serde_json::from_str(credential_json)?;
        let (person, id) = self
            .webauthn
            .identify_discoverable_authentication(&credential)?;
        let id = credential_id_text(&id.to_vec().into())?;
        Ok((person, id))
    }

    /// Checks the answer against the person's stored passkeys; on success updates the one used.
    pub fn finish_sign_in(
        &self,
        credential_json: &str,
        state_json: &str,
        stored: &mut [Passkey],
    ) -> Result<SignedIn, PasskeyError> {
        let credential: PublicKeyCredential = serde_json::from_str(credential_json)?;
        let state: DiscoverableAuthentication = serde_json::from_str(state_json)?;
        let (person, _) = self
            .webauthn
            .identify_discoverable_authentication(&credential)?;
        let keys: Vec<DiscoverableKey> = stored.iter().map(DiscoverableKey::from).collect();
        let result = self
            .webauthn
            .finish_discoverable_authentication(&credential, state, &keys)?;
        let credential_id = credential_id_text(result.cred_id())?;
        let counter_changed = stored
            .iter_mut()
            .find(|p| p.cred_id() == result.cred_id())
            .and_then(|p| p.update_credential(&result));
        Ok(SignedIn {
            person,
            credential_id,
            counter_changed,
        })
    }
}

/// A credential id as the base64url text it is stored under.
fn credential_id_text(id: &webauthn_rs::prelude::CredentialID) -> Result<String, PasskeyError> {
    match serde_json::to_value(id)? {
        serde_json::Value::String(text) => Ok(text),
        other => Ok(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_follows_the_public_url() {
        assert!(Passkeys::new("http://localhost:3000").is_ok());
        assert!(Passkeys::new("https://gs.example.cn").is_ok());
        assert!(Passkeys::new("not a url").is_err());
    }

    #[test]
    fn registration_asks_for_a_discoverable_credential_with_user_verification() {
        let passkeys = Passkeys::new("http://localhost:3000").expect("rp");
        let started = passkeys
            .start_registration(Uuid::new_v4(), "王秀英", vec![])
            .expect("start");
        let options: serde_json::Value = serde_json::from_str(&started.options_json).expect("json");
        let selection = &options["publicKey"]["authenticatorSelection"];
        assert_eq!(selection["residentKey"], "required");
        assert_eq!(selection["userVerification"], "required");
        assert_eq!(options["publicKey"]["attestation"], "none");
        assert_eq!(options["publicKey"]["rp"]["id"], "localhost");
    }

    #[test]
    fn a_garbled_answer_is_an_error_not_a_panic() {
        let passkeys = Passkeys::new("http://localhost:3000").expect("rp");
        let started = passkeys
            .start_registration(Uuid::new_v4(), "甲", vec![])
            .expect("start");
        assert!(
            passkeys
                .finish_registration("{}", &started.state_json)
                .is_err()
        );
        assert!(
            passkeys
                .finish_registration("not json", &started.state_json)
                .is_err()
        );
        let sign_in = passkeys.start_sign_in().expect("start");
        assert!(
            passkeys
                .finish_sign_in("{\"id\":1}", &sign_in.state_json, &mut [])
                .is_err()
        );
    }
}
