//! Ed25519 keys and compact JWS (RFC 7515, `alg` `EdDSA`), written by hand on ed25519-dalek:
//! the instance signs QR tokens and sealed documents with them, and publishes the public halves
//! as a JWKS (RFC 8037 `OKP` keys) that any JOSE library reads.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The JWS algorithm name for Ed25519 that every JOSE library accepts.
pub const ALG: &str = "EdDSA";

/// A private key with its id.
#[derive(Clone)]
pub struct KeyPair {
    /// Key id (`kid`), stable across instances.
    pub kid: String,
    signing: SigningKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A public key with its id, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// Key id.
    pub kid: String,
    key: VerifyingKey,
}

/// One JWK of the published set.
#[derive(Debug, Clone, Serialize)]
pub struct Jwk {
    /// `OKP`.
    pub kty: &'static str,
    /// `Ed25519`.
    pub crv: &'static str,
    /// The public key, base64url.
    pub x: String,
    /// Key id.
    pub kid: String,
    /// `EdDSA`.
    pub alg: &'static str,
    /// `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwsError {
    /// Not three base64url parts, or not JSON.
    Malformed,
    /// The header names another algorithm or an unknown key.
    UnknownKey,
    /// The signature does not verify.
    BadSignature,
}

impl KeyPair {
    /// A new random key.
    pub fn generate() -> Result<Self, String> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| format!("random source: {e}"))?;
        let signing = SigningKey::from_bytes(&seed);
        let kid = hex::encode(&signing.verifying_key().to_bytes()[..8]);
        Ok(Self { kid, signing })
    }

    /// The key stored as its base64url seed.
    pub fn from_stored(kid: &str, secret: &str) -> Result<Self, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(secret)
            .map_err(|e| format!("clé {kid} illisible : {e}"))?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("clé {kid} : 32 octets attendus"))?;
        Ok(Self {
            kid: kid.to_owned(),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The seed to store, base64url.
    pub fn secret(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.to_bytes())
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            kid: self.kid.clone(),
            key: self.signing.verifying_key(),
        }
    }

    /// A raw Ed25519 signature of `message`, base64url.
    pub fn sign_bytes(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.sign(message).to_bytes())
    }

    /// A compact JWS of `claims` with this key's `kid` in its header.
    pub fn sign_jws<T: Serialize>(&self, claims: &T) -> Result<String, String> {
        self.sign_jws_with(
            serde_json::json!({"alg": ALG, "typ": "JWT", "kid": self.kid}),
            claims,
        )
    }

    /// A compact JWS of `claims` typed `typ` with content type `cty` (VC-JOSE-COSE: `vc+jwt`,
    /// `vc`), with this key's `kid`.
    pub fn sign_jws_typed<T: Serialize>(
        &self,
        typ: &str,
        cty: &str,
        claims: &T,
    ) -> Result<String, String> {
        let header = serde_json::json!({"alg": ALG, "typ": typ, "cty": cty, "kid": self.kid});
        self.sign_jws_with(header, claims)
    }

    fn sign_jws_with<T: Serialize>(
        &self,
        header: serde_json::Value,
        claims: &T,
    ) -> Result<String, String> {
        let header = URL_SAFE_NO_PAD.encode(header.to_string());
        let payload = serde_json::to_vec(claims).map_err(|e| e.to_string())?;
        let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
        let signature = self.sign_bytes(input.as_bytes());
        Ok(format!("{input}.{signature}"))
    }
}

impl PublicKey {
    /// The stored public key, base64url.
    pub fn from_stored(kid: &str, public: &str) -> Result<Self, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(public)
            .map_err(|e| format!("clé publique {kid} illisible : {e}"))?;
        let raw: [u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("clé publique {kid} : 32 octets attendus"))?;
        let key = VerifyingKey::from_bytes(&raw).map_err(|e| format!("clé {kid} : {e}"))?;
        Ok(Self {
            kid: kid.to_owned(),
            key,
        })
    }

    /// The public key to store and publish, base64url.
    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.to_bytes())
    }

    /// As a JWK.
    pub fn jwk(&self) -> Jwk {
        Jwk {
            kty: "OKP",
            crv: "Ed25519",
            x: self.encoded(),
            kid: self.kid.clone(),
            alg: ALG,
            use_: "sig",
        }
    }

    /// Whether `signature` (base64url) is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let Ok(raw) = <[u8; 64]>::try_from(bytes.as_slice()) else {
            return false;
        };
        self.key
            .verify_strict(message, &Signature::from_bytes(&raw))
            .is_ok()
    }
}

/// The `kid` a compact JWS names in its header, read without verifying.
pub fn header_kid(token: &str) -> Result<String, JwsError> {
    let header = token.split('.').next().ok_or(JwsError::Malformed)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| JwsError::Malformed)?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| JwsError::Malformed)?;
    if value.get("alg").and_then(|a| a.as_str()) != Some(ALG) {
        return Err(JwsError::UnknownKey);
    }
    value
        .get("kid")
        .and_then(|k| k.as_str())
        .map(str::to_owned)
        .ok_or(JwsError::UnknownKey)
}

/// The claims of a compact JWS that `key` signed.
pub fn verify_jws<T: DeserializeOwned>(token: &str, key: &PublicKey) -> Result<T, JwsError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    if header_kid(token)? != key.kid {
        return Err(JwsError::UnknownKey);
    }
    if !key.verifies(format!("{header}.{payload}").as_bytes(), signature) {
        return Err(JwsError::BadSignature);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| JwsError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| JwsError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
    struct Claims {
        sub: String,
    }

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let key = KeyPair::generate().expect("key");
        let other = KeyPair::generate().expect("key");
        let claims = Claims { sub: "x".into() };
        let token = key.sign_jws(&claims).expect("sign");
        assert_eq!(verify_jws::<Claims>(&token, &key.public()), Ok(claims));
        assert_eq!(
            verify_jws::<Claims>(&token, &other.public()),
            Err(JwsError::UnknownKey)
        );
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(verify_jws::<Claims>(&forged, &key.public()).is_err());
    }

    #[test]
    fn stored_keys_round_trip() {
        let key = KeyPair::generate().expect("key");
        let again = KeyPair::from_stored(&key.kid, &key.secret()).expect("stored");
        assert_eq!(again.public(), key.public());
        let public = PublicKey::from_stored(&key.kid, &key.public().encoded()).expect("public");
        assert!(public.verifies(b"m", &key.sign_bytes(b"m")));
        assert!(!public.verifies(b"n", &key.sign_bytes(b"m")));
    }
}
