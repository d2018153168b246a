//! The API's classic request signature, and the PKCE code challenge.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// `X-Ovh-Signature`: `"$1$" + hex(SHA1(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY +
/// "+" + TIMESTAMP))`, where URL is the full URL as sent (scheme, host, `/1.0`, path, query) and
/// BODY the exact bytes sent (empty for a GET).
pub fn signature(
    app_secret: &str,
    consumer_key: &str,
    method: &str,
    full_url: &str,
    body: &[u8],
    timestamp: i64,
) -> String {
    let mut h = Sha1::new();
    h.update(app_secret.as_bytes());
    h.update(b"+");
    h.update(consumer_key.as_bytes());
    h.update(b"+");
    h.update(method.as_bytes());
    h.update(b"+");
    h.update(full_url.as_bytes());
    h.update(b"+");
    h.update(body);
    h.update(b"+");
    h.update(timestamp.to_string().as_bytes());
    format!("$1${}", hex(&h.finalize()))
}

/// PKCE S256: `BASE64URL(SHA256(verifier))`, unpadded (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// SHA-256 of a value, to key a cache by a secret without keeping the secret.
pub fn fingerprint(value: &str) -> [u8; 32] {
    Sha256::digest(value.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0xf) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known vectors computed independently with Python's hashlib (made-up keys):
    //   AS, CK = "7kbG7Bk7S9Nt7ZSV", "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1"
    //   s = "+".join([AS, CK, method, url, body, str(ts)])
    //   "$1$" + hashlib.sha1(s.encode()).hexdigest()
    const AS: &str = "7kbG7Bk7S9Nt7ZSV";
    const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

    #[test]
    fn signature_of_a_get_matches_the_known_vector() {
        assert_eq!(
            signature(
                AS,
                CK,
                "GET",
                "https://eu.api.ovh.com/1.0/me",
                b"",
                1366560945
            ),
            "$1$d25c5b7dfff66723a0822e4d8d2e3a7590ec3983"
        );
    }

    #[test]
    fn signature_of_a_put_with_a_body_matches_the_known_vector() {
        assert_eq!(
            signature(
                AS,
                CK,
                "PUT",
                "https://eu.api.ovh.com/1.0/services/123",
                br#"{"renew":{"mode":"manual"}}"#,
                1700000000
            ),
            "$1$ca50daa20a87197aa6a204522a3fc0f62e96cf59"
        );
    }

    #[test]
    fn every_part_of_the_signature_matters() {
        let base = signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/me", b"", 1);
        assert_ne!(
            base,
            signature("x", CK, "GET", "https://eu.api.ovh.com/1.0/me", b"", 1)
        );
        assert_ne!(
            base,
            signature(AS, "x", "GET", "https://eu.api.ovh.com/1.0/me", b"", 1)
        );
        assert_ne!(
            base,
            signature(AS, CK, "PUT", "https://eu.api.ovh.com/1.0/me", b"", 1)
        );
        assert_ne!(
            base,
            signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/m", b"", 1)
        );
        assert_ne!(
            base,
            signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/me", b"{}", 1)
        );
        assert_ne!(
            base,
            signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/me", b"", 2)
        );
    }

    #[test]
    fn pkce_challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
