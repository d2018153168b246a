//! Sealed values: AES-256-GCM with a random 96-bit nonce per value, authenticated together with
//! a purpose label, so a value sealed for one cookie never opens as another. Key rotation: the
//! first key seals, every key opens (newest first). The expiry lives inside the sealed payload,
//! so a copied cookie stops working at the same moment as the original, whatever its `Max-Age`.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Format tag in front of every sealed value (bumped if the layout ever changes).
const VERSION: &str = "v1.";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// The cookie keys. `Debug` shows only how many there are.
pub struct Sealer {
    keys: Vec<Aes256Gcm>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealer {{ keys: {} }}", self.keys.len())
    }
}

/// Why a sealed value was refused (all the same to a caller: no session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not ours, tampered with, for another purpose, or sealed with a key no longer configured.
    Invalid,
    /// Authentic, but past its expiry.
    Expired,
}

/// An opened value and whether it was sealed with an older key (then it should be sealed again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    pub value: T,
    pub expires: u64,
    pub old_key: bool,
}

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    exp: u64,
    val: T,
}

impl Sealer {
    /// Keys as base64 (standard or URL-safe, padded or not), each exactly 32 random bytes.
    /// Refuses an empty list, a bad length and a repeated key, with a message naming the key's
    /// position (never its value).
    pub fn from_base64_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Result<Sealer, String> {
        let mut raw: Vec<Vec<u8>> = Vec::new();
        for (i, key) in keys.into_iter().enumerate() {
            let key = key.trim();
            let bytes =
                decode_b64(key).ok_or_else(|| format!("cookie key #{} is not base64", i + 1))?;
            if bytes.len() != 32 {
                return Err(format!(
                    "cookie key #{} must be 32 bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), got {}",
                    i + 1,
                    bytes.len()
                ));
            }
            if raw.contains(&bytes) {
                return Err(format!("cookie key #{} is repeated", i + 1));
            }
            raw.push(bytes);
        }
        if raw.is_empty() {
            return Err("no cookie key: give at least one (base64 of 32 random bytes)".into());
        }
        let keys = raw
            .iter()
            .map(|k| Aes256Gcm::new_from_slice(k).map_err(|_| "cookie key: bad length".to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Sealer { keys })
    }

    /// Seals `value` for `purpose` until `expires` (unix seconds). URL-safe, cookie-safe text.
    pub fn seal<T: Serialize>(&self, purpose: &str, expires: u64, value: &T) -> String {
        let plain = serde_json::to_vec(&Envelope {
            exp: expires,
            val: value,
        })
        .expect("sealed payloads are plain data");
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system's random source failed");
        let sealed = self.keys[0]
            .encrypt(
                &nonce.into(),
                aes_gcm::aead::Payload {
                    msg: &plain,
                    aad: purpose.as_bytes(),
                },
            )
            .expect("AES-GCM seals any payload of cookie size");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a value sealed for `purpose`, refusing it when it is not authentic or expired at `now`.
    pub fn open<T: DeserializeOwned>(
        &self,
        purpose: &str,
        sealed: &str,
        now: u64,
    ) -> Result<Opened<T>, Refused> {
        let body = sealed.strip_prefix(VERSION).ok_or(Refused::Invalid)?;
        // A cookie is at most ~4 KiB; refuse anything much larger before decoding it.
        if body.len() > 8192 {
            return Err(Refused::Invalid);
        }
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| Refused::Invalid)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(Refused::Invalid);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Refused::Invalid)?;
        for (index, key) in self.keys.iter().enumerate() {
            let Ok(plain) = key.decrypt(
                &nonce.into(),
                aes_gcm::aead::Payload {
                    msg: ciphertext,
                    aad: purpose.as_bytes(),
                },
            ) else {
                continue;
            };
            let envelope: Envelope<T> =
                serde_json::from_slice(&plain).map_err(|_| Refused::Invalid)?;
            if now >= envelope.exp {
                return Err(Refused::Expired);
            }
            return Ok(Opened {
                value: envelope.val,
                expires: envelope.exp,
                old_key: index > 0,
            });
        }
        Err(Refused::Invalid)
    }
}

fn decode_b64(s: &str) -> Option<Vec<u8>> {
    let unpadded = s.trim_end_matches('=');
    URL_SAFE_NO_PAD
        .decode(unpadded)
        .ok()
        .or_else(|| STANDARD.decode(s).ok())
}

/// `n` random bytes as URL-safe base64 (state, PKCE verifier).
pub fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test keys only (base64 of 32 fixed bytes), never used outside these tests.
    const K1: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    const K2: &str = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";

    fn sealer(keys: &[&str]) -> Sealer {
        Sealer::from_base64_keys(keys.iter().copied()).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_until_its_expiry() {
        let s = sealer(&[K1]);
        let sealed = s.seal("session", 1_000, &"payload".to_string());
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("payload"));
        let opened: Opened<String> = s.open("session", &sealed, 999).unwrap();
        assert_eq!(opened.value, "payload");
        assert_eq!(opened.expires, 1_000);
        assert!(!opened.old_key);
        assert_eq!(
            s.open::<String>("session", &sealed, 1_000),
            Err(Refused::Expired)
        );
    }

    #[test]
    fn two_seals_of_the_same_value_differ() {
        let s = sealer(&[K1]);
        assert_ne!(s.seal("p", 10, &1), s.seal("p", 10, &1));
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let s = sealer(&[K1]);
        let sealed = s.seal("session", 1_000, &"payload".to_string());
        let body = URL_SAFE_NO_PAD.decode(&sealed[3..]).unwrap();
        for i in 0..body.len() {
            let mut bad = body.clone();
            bad[i] ^= 0x01;
            let forged = format!("v1.{}", URL_SAFE_NO_PAD.encode(&bad));
            assert_eq!(
                s.open::<String>("session", &forged, 0),
                Err(Refused::Invalid),
                "byte {i} flipped"
            );
        }
        let truncated = &sealed[..sealed.len() - 2];
        assert_eq!(
            s.open::<String>("session", truncated, 0),
            Err(Refused::Invalid)
        );
        assert_eq!(s.open::<String>("session", "v1.", 0), Err(Refused::Invalid));
        assert_eq!(
            s.open::<String>("session", "garbage", 0),
            Err(Refused::Invalid)
        );
        assert_eq!(
            s.open::<String>("session", &sealed[3..], 0),
            Err(Refused::Invalid)
        );
    }

    #[test]
    fn a_value_sealed_for_one_purpose_does_not_open_for_another() {
        let s = sealer(&[K1]);
        let login = s.seal("login", 1_000, &"x".to_string());
        assert_eq!(
            s.open::<String>("session", &login, 0),
            Err(Refused::Invalid)
        );
    }

    #[test]
    fn rotation_new_key_seals_old_keys_still_open() {
        let old = sealer(&[K1]);
        let sealed_before = old.seal("session", 1_000, &7u32);
        let rotated = sealer(&[K2, K1]);
        let opened: Opened<u32> = rotated.open("session", &sealed_before, 0).unwrap();
        assert_eq!(opened.value, 7);
        assert!(
            opened.old_key,
            "opened with the second key: to be sealed again"
        );
        let sealed_after = rotated.seal("session", 1_000, &8u32);
        assert!(
            !rotated
                .open::<u32>("session", &sealed_after, 0)
                .unwrap()
                .old_key
        );
        // The old deployment cannot read the new key's values; once K1 is dropped, its
        // values no longer open.
        assert_eq!(
            old.open::<u32>("session", &sealed_after, 0),
            Err(Refused::Invalid)
        );
        let retired = sealer(&[K2]);
        assert_eq!(
            retired.open::<u32>("session", &sealed_before, 0),
            Err(Refused::Invalid)
        );
    }

    #[test]
    fn keys_are_checked() {
        assert!(Sealer::from_base64_keys([])
            .unwrap_err()
            .contains("no cookie key"));
        let short = Sealer::from_base64_keys(["c2hvcnQ="]).unwrap_err();
        assert!(short.contains("#1 must be 32 bytes"), "{short}");
        assert!(
            !short.contains("c2hvcnQ"),
            "the message never repeats the key"
        );
        assert!(Sealer::from_base64_keys([K1, "!!"])
            .unwrap_err()
            .contains("#2 is not base64"));
        assert!(Sealer::from_base64_keys([K1, K1])
            .unwrap_err()
            .contains("#2 is repeated"));
        // URL-safe and unpadded spellings of the same key are accepted.
        let url_safe = URL_SAFE_NO_PAD.encode([0xfbu8; 32]);
        assert!(Sealer::from_base64_keys([url_safe.as_str()]).is_ok());
        assert_eq!(format!("{:?}", sealer(&[K1, K2])), "Sealer { keys: 2 }");
    }

    #[test]
    fn random_tokens_are_long_and_distinct() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
}
