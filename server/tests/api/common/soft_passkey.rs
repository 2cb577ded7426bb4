//! A software passkey, enough to enrol and sign in over HTTP the way a phone does: a P-256 key
//! (OpenSSL, which webauthn-rs already links), "none" attestation, user presence and
//! verification set. For tests that need many real sign-ins, where a browser per person would
//! be far too slow.

#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ciborium::Value;
use openssl::bn::BigNumContext;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use sha2::{Digest, Sha256};

/// Flags of authenticator data: user present, user verified, attested credential data.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

pub struct SoftPasskey {
    key: PKey<Private>,
    credential_id: Vec<u8>,
    /// The user handle the site gave at registration (its person key as bytes), base64url.
    user_handle: Option<String>,
    counter: u32,
}

impl SoftPasskey {
    pub fn new() -> Self {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
        let key = PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey");
        Self {
            key,
            credential_id: uuid::Uuid::new_v4().as_bytes().to_vec(),
            user_handle: None,
            counter: 0,
        }
    }

    /// The credential id as the site stores it (base64url).
    pub fn credential_id(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.credential_id)
    }

    /// Answers `navigator.credentials.create` for the site's `options` (JSON), at `origin`.
    pub fn create(&mut self, options: &str, origin: &str) -> String {
        let options: serde_json::Value = serde_json::from_str(options).expect("options JSON");
        let public_key = &options["publicKey"];
        let challenge = public_key["challenge"].as_str().expect("challenge");
        let rp_id = public_key["rp"]["id"].as_str().expect("rp id");
        self.user_handle = public_key["user"]["id"].as_str().map(str::to_owned);
        let client_data = client_data("webauthn.create", challenge, origin);

        let mut auth_data = authenticator_data(rp_id, UP | UV | AT, 0);
        auth_data.extend_from_slice(&[0; 16]); // AAGUID: none
        let id_length = u16::try_from(self.credential_id.len()).expect("short id");
        auth_data.extend_from_slice(&id_length.to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&self.cose_key());
        let attestation = Value::Map(vec![
            (Value::Text("fmt".into()), Value::Text("none".into())),
            (Value::Text("attStmt".into()), Value::Map(vec![])),
            (Value::Text("authData".into()), Value::Bytes(auth_data)),
        ]);
        let mut attestation_object = Vec::new();
        ciborium::into_writer(&attestation, &mut attestation_object).expect("CBOR");
        serde_json::json!({
            "id": self.credential_id(),
            "rawId": self.credential_id(),
            "type": "public-key",
            "response": {
                "attestationObject": URL_SAFE_NO_PAD.encode(attestation_object),
                "clientDataJSON": URL_SAFE_NO_PAD.encode(client_data),
            },
            "extensions": {},
        })
        .to_string()
    }

    /// Answers `navigator.credentials.get` for the site's `options` (JSON), at `origin`.
    pub fn get(&mut self, options: &str, origin: &str) -> String {
        let options: serde_json::Value = serde_json::from_str(options).expect("options JSON");
        let public_key = &options["publicKey"];
        let challenge = public_key["challenge"].as_str().expect("challenge");
        let rp_id = public_key["rpId"].as_str().expect("rp id");
        let client_data = client_data("webauthn.get", challenge, origin);
        self.counter += 1;
        let auth_data = authenticator_data(rp_id, UP | UV, self.counter);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data));
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key).expect("signer");
        signer.update(&signed).expect("sign");
        let signature = signer.sign_to_vec().expect("signature");
        serde_json::json!({
            "id": self.credential_id(),
            "rawId": self.credential_id(),
            "type": "public-key",
            "response": {
                "authenticatorData": URL_SAFE_NO_PAD.encode(auth_data),
                "clientDataJSON": URL_SAFE_NO_PAD.encode(client_data),
                "signature": URL_SAFE_NO_PAD.encode(signature),
                "userHandle": self.user_handle,
            },
            "extensions": {},
        })
        .to_string()
    }

    /// The public key as COSE (EC2, ES256, P-256).
    fn cose_key(&self) -> Vec<u8> {
        let ec = self.key.ec_key().expect("EC key");
        let mut context = BigNumContext::new().expect("bn context");
        let mut x = openssl::bn::BigNum::new().expect("bn");
        let mut y = openssl::bn::BigNum::new().expect("bn");
        ec.public_key()
            .affine_coordinates(ec.group(), &mut x, &mut y, &mut context)
            .expect("coordinates");
        let pad = |n: &openssl::bn::BigNum| n.to_vec_padded(32).expect("32 bytes");
        let key = Value::Map(vec![
            (Value::Integer(1.into()), Value::Integer(2.into())),
            (Value::Integer(3.into()), Value::Integer((-7).into())),
            (Value::Integer((-1).into()), Value::Integer(1.into())),
            (Value::Integer((-2).into()), Value::Bytes(pad(&x))),
            (Value::Integer((-3).into()), Value::Bytes(pad(&y))),
        ]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&key, &mut bytes).expect("CBOR");
        bytes
    }
}

fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
    serde_json::json!({
        "type": kind,
        "challenge": challenge,
        "origin": origin,
        "crossOrigin": false,
    })
    .to_string()
    .into_bytes()
}

fn authenticator_data(rp_id: &str, flags: u8, counter: u32) -> Vec<u8> {
    let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
    data.push(flags);
    data.extend_from_slice(&counter.to_be_bytes());
    data
}
