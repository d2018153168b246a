//! The two cookies: the session (what the API needs to act for the user) and the short-lived
//! sign-in cookie (what the callback needs to finish a sign-in started in this browser). Both
//! are sealed (encrypted and authenticated), `__Host-` (this exact origin, path `/`), `HttpOnly`
//! and `Secure`: the page can neither read nor set them.

use axum::http::{header, HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};

use crate::seal::{Opened, Sealer};
use crate::secret::Secret;

pub const SESSION_COOKIE: &str = "__Host-bc_session";
pub const LOGIN_COOKIE: &str = "__Host-bc_login";

/// Purpose labels bound into the seals.
const SESSION_PURPOSE: &str = "billing-console gateway session v1";
const LOGIN_PURPOSE: &str = "billing-console gateway sign-in v1";

/// A sign-in in progress lasts this long (seconds).
pub const LOGIN_TTL: u64 = 600;

/// Browsers keep cookies up to about 4 KiB (name, value and attributes together).
const MAX_COOKIE_VALUE: usize = 3800;

/// What lets the gateway call the API for the user.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum Credential {
    #[serde(rename = "o")]
    OAuth2 {
        #[serde(rename = "a")]
        access_token: Secret,
        #[serde(rename = "r")]
        refresh_token: Option<Secret>,
        /// Unix seconds: when the access token was issued, and when it expires.
        #[serde(rename = "i")]
        issued: u64,
        #[serde(rename = "x")]
        expires: u64,
    },
    #[serde(rename = "c")]
    Classic {
        #[serde(rename = "c")]
        consumer_key: Secret,
    },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::OAuth2 {
                issued, expires, ..
            } => write!(f, "OAuth2 {{ issued: {issued}, expires: {expires}, .. }}"),
            Credential::Classic { .. } => f.write_str("Classic { .. }"),
        }
    }
}

/// The session cookie's content. Its end (fixed at sign-in) is the seal's expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(rename = "c")]
    pub credential: Credential,
}

/// The sign-in cookie's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    /// Compared (in constant time) with the `state` the provider sends back.
    #[serde(rename = "s")]
    pub state: Secret,
    /// Where to go once signed in (a same-origin path).
    #[serde(rename = "r")]
    pub return_to: String,
    #[serde(rename = "f")]
    pub flow: LoginFlow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum LoginFlow {
    /// The PKCE verifier (its S256 challenge went to the provider).
    #[serde(rename = "o")]
    OAuth2 {
        #[serde(rename = "v")]
        verifier: Secret,
    },
    /// The consumer key waiting for the user's validation.
    #[serde(rename = "c")]
    Classic {
        #[serde(rename = "c")]
        consumer_key: Secret,
    },
}

/// The values of every cookie called `name` in the request.
fn cookie_values<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
}

pub fn read_session(sealer: &Sealer, headers: &HeaderMap, now: u64) -> Option<Opened<Session>> {
    cookie_values(headers, SESSION_COOKIE).find_map(|v| sealer.open(SESSION_PURPOSE, v, now).ok())
}

pub fn read_login(sealer: &Sealer, headers: &HeaderMap, now: u64) -> Option<Opened<Login>> {
    cookie_values(headers, LOGIN_COOKIE).find_map(|v| sealer.open(LOGIN_PURPOSE, v, now).ok())
}

pub fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    cookie_values(headers, name).next().is_some()
}

/// The cookie would not fit in a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

fn set_cookie(name: &str, value: &str, max_age: u64, same_site: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite={same_site}"
    ))
    .expect("sealed values are URL-safe base64")
}

/// `Set-Cookie` for a session that ends at `expires`. `SameSite=Strict`: no other site's page
/// can make the browser send it.
pub fn session_cookie(
    sealer: &Sealer,
    session: &Session,
    expires: u64,
    now: u64,
) -> Result<HeaderValue, TooLarge> {
    let value = sealer.seal(SESSION_PURPOSE, expires, session);
    if value.len() > MAX_COOKIE_VALUE {
        return Err(TooLarge);
    }
    Ok(set_cookie(
        SESSION_COOKIE,
        &value,
        expires.saturating_sub(now),
        "Strict",
    ))
}

/// `Set-Cookie` for a sign-in in progress. `SameSite=Lax`: the provider's redirect back to the
/// callback is a top-level navigation from its site, which a `Strict` cookie would not follow.
pub fn login_cookie(sealer: &Sealer, login: &Login, now: u64) -> Result<HeaderValue, TooLarge> {
    let value = sealer.seal(LOGIN_PURPOSE, now + LOGIN_TTL, login);
    if value.len() > MAX_COOKIE_VALUE {
        return Err(TooLarge);
    }
    Ok(set_cookie(LOGIN_COOKIE, &value, LOGIN_TTL, "Lax"))
}

/// `Set-Cookie` that removes cookie `name`.
pub fn clear_cookie(name: &str) -> HeaderValue {
    let same_site = if name == LOGIN_COOKIE {
        "Lax"
    } else {
        "Strict"
    };
    set_cookie(name, "", 0, same_site)
}

/// A return target is kept only when it is a path on this origin.
pub fn safe_return(target: Option<&str>) -> String {
    match target {
        Some(t)
            if t.starts_with('/')
                && !t.starts_with("//")
                && !t.starts_with("/\\")
                && t.len() <= 2048
                && !t.chars().any(|c| c.is_control() || c == '\\') =>
        {
            t.to_string()
        }
        _ => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    const K2: &str = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";

    fn sealer(keys: &[&str]) -> Sealer {
        Sealer::from_base64_keys(keys.iter().copied()).unwrap()
    }

    fn classic() -> Session {
        Session {
            credential: Credential::Classic {
                consumer_key: Secret::new("ck-0123456789"),
            },
        }
    }

    /// The request a browser sends back after `Set-Cookie: value`.
    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).unwrap(),
        );
        h
    }

    #[test]
    fn a_session_cookie_round_trips_and_hides_its_content() {
        let s = sealer(&[K1]);
        let set = session_cookie(&s, &classic(), 1_000, 400).unwrap();
        let text = set.to_str().unwrap();
        assert!(text.starts_with("__Host-bc_session=v1."));
        assert!(text.contains("; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Strict"));
        assert!(!text.contains("ck-0123456789"));
        let opened = read_session(&s, &request_with(&set), 999).unwrap();
        assert_eq!(opened.value, classic());
        assert!(
            read_session(&s, &request_with(&set), 1_000).is_none(),
            "expired"
        );
    }

    #[test]
    fn a_login_cookie_is_not_a_session_cookie() {
        let s = sealer(&[K1]);
        let login = Login {
            state: Secret::new("st"),
            return_to: "/orders".into(),
            flow: LoginFlow::OAuth2 {
                verifier: Secret::new("v"),
            },
        };
        let set = login_cookie(&s, &login, 100).unwrap();
        assert!(set.to_str().unwrap().contains("SameSite=Lax"));
        assert!(set.to_str().unwrap().contains("Max-Age=600"));
        let value = set.to_str().unwrap().split(';').next().unwrap();
        let value = value.split_once('=').unwrap().1;
        // The same sealed value presented under the session cookie's name does not open.
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{SESSION_COOKIE}={value}")).unwrap(),
        );
        assert!(read_session(&s, &h, 100).is_none());
        assert_eq!(
            read_login(&s, &request_with(&set), 100).unwrap().value,
            login
        );
        assert!(read_login(&s, &request_with(&set), 100 + LOGIN_TTL).is_none());
    }

    #[test]
    fn a_forged_or_foreign_cookie_is_no_session() {
        let s = sealer(&[K1]);
        let other = sealer(&[K2]);
        let foreign = session_cookie(&other, &classic(), 1_000, 0).unwrap();
        assert!(read_session(&s, &request_with(&foreign), 0).is_none());
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-bc_session={\"k\":\"c\",\"c\":\"x\"}"),
        );
        assert!(read_session(&s, &h, 0).is_none());
    }

    #[test]
    fn after_rotation_the_old_cookie_opens_and_is_marked_for_resealing() {
        let before = sealer(&[K1]);
        let set = session_cookie(&before, &classic(), 1_000, 0).unwrap();
        let after = sealer(&[K2, K1]);
        let opened = read_session(&after, &request_with(&set), 0).unwrap();
        assert!(opened.old_key);
    }

    #[test]
    fn debug_of_a_session_hides_tokens() {
        let s = Session {
            credential: Credential::OAuth2 {
                access_token: Secret::new("AT-secret"),
                refresh_token: Some(Secret::new("RT-secret")),
                issued: 1,
                expires: 2,
            },
        };
        let d = format!("{s:?}");
        assert!(!d.contains("AT-secret") && !d.contains("RT-secret"), "{d}");
    }

    #[test]
    fn return_targets_stay_on_this_origin() {
        assert_eq!(safe_return(Some("/orders?status=x")), "/orders?status=x");
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_return(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_return(None), "/");
    }

    #[test]
    fn clearing_keeps_the_attributes() {
        let c = clear_cookie(SESSION_COOKIE);
        assert_eq!(
            c.to_str().unwrap(),
            "__Host-bc_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
        );
    }
}
