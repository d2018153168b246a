//! Runtime configuration read from `/config.json`, so one build serves any backend.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppConfig {
    /// Base URL of the API (a same-origin proxy in production, the sandbox locally), no trailing `/`.
    pub api_base: String,
    /// Where to send the user to sign in again; `?return=<current URL>` is appended.
    pub login_url: String,
    /// Locale when the browser's languages match none of ours (`fr`, `en`, `it`).
    #[serde(default = "default_locale")]
    pub default_locale: String,
    /// How long one request may take before it is abandoned, in milliseconds (default 30 s).
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u32,
}

fn default_timeout_ms() -> u32 {
    super::client::DEFAULT_TIMEOUT_MS
}

fn default_locale() -> String {
    "fr".to_string()
}

impl AppConfig {
    /// Parses `config.json`, normalising the API base (no trailing slash).
    pub fn parse(body: &str) -> Result<Self, serde_json::Error> {
        let mut config: AppConfig = serde_json::from_str(body)?;
        while config.api_base.ends_with('/') {
            config.api_base.pop();
        }
        // A limit under a second would fail every request; over ten minutes is no limit.
        config.timeout_ms = config.timeout_ms.clamp(1_000, 600_000);
        Ok(config)
    }

    /// The sign-in URL that brings the user back to `return_to` (a path with its query).
    pub fn sign_in_url(&self, return_to: &str) -> String {
        let separator = if self.login_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{}return={}",
            self.login_url,
            separator,
            encode_query_value(return_to)
        )
    }
}

/// `path` with a query built from `pairs` (values percent-encoded); just `path` when there are
/// none.
pub fn path_with_query<'k>(
    path: &str,
    pairs: impl IntoIterator<Item = (&'k str, String)>,
) -> String {
    let query: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode_query_value(&v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters and `/` kept).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Percent-encodes one path segment (an id or a service name): `/` is encoded too, so a value
/// can never reach another route.
pub fn encode_path_segment(value: &str) -> String {
    encode_query_value(value).replace('/', "%2F")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_segment_cannot_escape_its_route() {
        assert_eq!(encode_path_segment("a/../me"), "a%2F..%2Fme");
        assert_eq!(encode_path_segment("FR 1"), "FR%201");
        assert_eq!(encode_path_segment("42"), "42");
    }

    #[test]
    fn parses_the_shipped_config() {
        let config = AppConfig::parse(include_str!("../../public/config.json")).unwrap();
        assert_eq!(config.api_base, "/engine/apiv6");
        assert_eq!(config.default_locale, "fr");
    }

    #[test]
    fn trailing_slashes_are_dropped_and_locale_defaults() {
        let config =
            AppConfig::parse(r#"{"apiBase":"https://proxy.example/api/","loginUrl":"/login"}"#)
                .unwrap();
        assert_eq!(config.api_base, "https://proxy.example/api");
        assert_eq!(config.default_locale, "fr");
    }

    #[test]
    fn a_path_with_query_encodes_its_values() {
        assert_eq!(path_with_query("/orders", []), "/orders");
        assert_eq!(
            path_with_query(
                "/services",
                [("q", "café & co".to_string()), ("lang", "it".into())]
            ),
            "/services?q=caf%C3%A9%20%26%20co&lang=it"
        );
    }

    #[test]
    fn sign_in_url_carries_the_return_path() {
        let config = AppConfig::parse(r#"{"apiBase":"/a","loginUrl":"/_sandbox/login"}"#).unwrap();
        assert_eq!(
            config.sign_in_url("/services?q=café&page=2"),
            "/_sandbox/login?return=/services%3Fq%3Dcaf%C3%A9%26page%3D2"
        );
        let config =
            AppConfig::parse(r#"{"apiBase":"/a","loginUrl":"/auth?action=login"}"#).unwrap();
        assert_eq!(config.sign_in_url("/"), "/auth?action=login&return=/");
    }
}
