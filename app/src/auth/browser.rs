//! The browser half of a passkey ceremony: hands the server's options to
//! `navigator.credentials` and returns the authenticator's answer as JSON. The few lines of
//! JavaScript convert between WebAuthn's binary fields and base64url text.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const toBytes = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};
const toText = (buffer) => {
  if (!buffer) return null;
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
export async function create_passkey(optionsJson) {
  const options = JSON.parse(optionsJson).publicKey;
  options.challenge = toBytes(options.challenge);
  options.user.id = toBytes(options.user.id);
  for (const c of options.excludeCredentials || []) c.id = toBytes(c.id);
  const credential = await navigator.credentials.create({ publicKey: options });
  return JSON.stringify({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    extensions: credential.getClientExtensionResults(),
    response: {
      attestationObject: toText(credential.response.attestationObject),
      clientDataJSON: toText(credential.response.clientDataJSON),
    },
  });
}
export async function get_passkey(optionsJson) {
  const options = JSON.parse(optionsJson).publicKey;
  options.challenge = toBytes(options.challenge);
  for (const c of options.allowCredentials || []) c.id = toBytes(c.id);
  const credential = await navigator.credentials.get({ publicKey: options });
  return JSON.stringify({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    extensions: credential.getClientExtensionResults(),
    response: {
      authenticatorData: toText(credential.response.authenticatorData),
      clientDataJSON: toText(credential.response.clientDataJSON),
      signature: toText(credential.response.signature),
      userHandle: toText(credential.response.userHandle),
    },
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn create_passkey(options_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn get_passkey(options_json: &str) -> Result<JsValue, JsValue>;
}

/// Asks the device to create a passkey; `None` when the person cancelled or it failed.
pub async fn create(options_json: &str) -> Option<String> {
    create_passkey(options_json).await.ok()?.as_string()
}

/// Asks the device to sign in with a passkey; `None` when the person cancelled or it failed.
pub async fn get(options_json: &str) -> Option<String> {
    get_passkey(options_json).await.ok()?.as_string()
}
