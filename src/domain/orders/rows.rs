//! One row of the orders list, and the order's secret links (kept out of logs, linked only with
//! an allowed scheme).

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::*;
use crate::domain::money::Money;

/// An order URL (`url`, `pdfUrl`): it embeds the order's password, a secret. `Debug` and
/// `Display` print `<redacted>`; it is not `Serialize`, so it cannot end up in the app's URL or
/// storage by accident. [`SecretUrl::expose`] is the one way to read it (to open the page).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn new(url: impl Into<String>) -> SecretUrl {
        SecretUrl(url.into())
    }

    /// The URL itself, secret included: only for an `href` or `window.open`, never logged.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for SecretUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretUrl)
    }
}

impl From<String> for SecretUrl {
    fn from(url: String) -> Self {
        SecretUrl(url)
    }
}

impl SecretUrl {
    /// The URL for a link, only when it is safe to follow: `https:`, `http:` on this machine
    /// (the sandbox), or a path on the site's own `origin`. Anything else (`javascript:`,
    /// `data:`, another scheme, a scheme-relative `//host`) gives `None`.
    pub fn safe_href(&self, origin: &str) -> Option<String> {
        safe_link(&self.0, origin)
    }
}

/// See [`SecretUrl::safe_href`]; also for URLs that carry no secret.
pub fn safe_link(url: &str, origin: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control() || c == ' ' || c == '\\') {
        return None;
    }
    if url.starts_with('/') {
        // A path on the site's own origin (kept as a path); `//host` would leave it.
        return (!url.starts_with("//") && !origin.is_empty()).then(|| url.to_string());
    }
    let (scheme, rest) = url.split_once(':')?;
    let rest = rest.strip_prefix("//")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() || authority.contains('@') {
        return None;
    }
    let local = matches!(host, "localhost" | "127.0.0.1" | "::1");
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Some(url.to_string()),
        "http" if local => Some(url.to_string()),
        _ => None,
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretUrl(<redacted>)")
    }
}

impl std::fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One row of the orders list.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: u64,
    /// When the order was placed, in the offset the API gave.
    pub date: Option<DateTime<FixedOffset>>,
    /// When an unpaid order lapses.
    pub expiration: Option<DateTime<FixedOffset>>,
    /// The end of the withdrawal period (`retractionDate`); `None` when the order has none.
    pub retraction: Option<DateTime<FixedOffset>>,
    /// `None` until `GET /me/order/{id}/status` answered (statuses load apart from the list).
    pub status: Option<OrderStatus>,
    /// Exact amounts from the API (`None` when missing or unreadable).
    pub price_with_tax: Option<Money>,
    pub price_without_tax: Option<Money>,
    pub tax: Option<Money>,
    /// The order form in HTML and PDF (secret).
    pub url: Option<SecretUrl>,
    pub pdf_url: Option<SecretUrl>,
}

impl OrderRow {
    /// The same row with its status.
    pub fn with_status(mut self, status: OrderStatus) -> OrderRow {
        self.status = Some(status);
        self
    }

    /// The calendar day of the order, as the API wrote it (what the date filter compares).
    pub fn day(&self) -> Option<NaiveDate> {
        self.date.map(|d| d.date_naive())
    }
}

#[cfg(test)]
mod tests {
    use super::safe_link;

    const SITE: &str = "https://console.example";

    #[test]
    fn only_https_local_http_and_site_paths_are_linked() {
        assert_eq!(
            safe_link(
                "https://www.ovh.com/cgi-bin/order/displayOrder.cgi?orderId=1&orderPassword=x",
                SITE
            )
            .as_deref(),
            Some("https://www.ovh.com/cgi-bin/order/displayOrder.cgi?orderId=1&orderPassword=x")
        );
        assert_eq!(
            safe_link("HTTPS://pay.example/1", SITE).as_deref(),
            Some("HTTPS://pay.example/1")
        );
        assert_eq!(
            safe_link("http://127.0.0.1:8080/_sandbox/pay/1", SITE).as_deref(),
            Some("http://127.0.0.1:8080/_sandbox/pay/1")
        );
        assert!(safe_link("http://localhost/x", SITE).is_some());
        // Surrounding blanks are not part of a URL.
        assert_eq!(
            safe_link(" https://ok.example/\n", SITE).as_deref(),
            Some("https://ok.example/")
        );
        assert!(safe_link("http://[::1]:8080/x", SITE).is_some());
        assert_eq!(
            safe_link("/_sandbox/pay/1?password=x", SITE).as_deref(),
            Some("/_sandbox/pay/1?password=x")
        );
        for hostile in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "http://evil.example/pay",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "https://user@evil.example/",
            "//evil.example/pay",
            "https:evil.example",
            "https:///x",
            "java\nscript:alert(1)",
            "relative/path",
            "",
        ] {
            assert_eq!(safe_link(hostile, SITE), None, "{hostile:?}");
        }
    }
}
