//! Typed API errors: every HTTP failure becomes one of these, and each says what the user can do.

use serde::Deserialize;

/// What went wrong with a request, in terms the interface can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401, or 403 "This session is invalid/forbidden": sign in again.
    SessionExpired,
    /// 471: the session's level is too low for this action: sign in again.
    SessionLevelTooLow,
    /// 403 otherwise: this account may not do that.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 400 and other 4xx: the request was refused (the message says why).
    Rejected,
    /// 429: wait, then retry. `retry_after_secs` from `Retry-After` when present.
    RateLimited { retry_after_secs: Option<u32> },
    /// 5xx: a transient server failure. `retry_after_secs` from `Retry-After` when present (a 503
    /// says when the service is back).
    Server { retry_after_secs: Option<u32> },
    /// The request never got an answer (offline, DNS, connection reset, CORS).
    Network,
    /// No answer within the client's time limit: the request was abandoned.
    Timeout,
    /// The answer could not be read (malformed or unexpected JSON).
    Decode,
}

impl ApiErrorKind {
    /// The kind of failure without its details (what a batch's journal keeps).
    pub fn failure(&self) -> crate::domain::batch::Failure {
        use crate::domain::batch::Failure;
        match self {
            ApiErrorKind::SessionExpired => Failure::SessionExpired,
            ApiErrorKind::SessionLevelTooLow => Failure::SessionLevelTooLow,
            ApiErrorKind::Forbidden => Failure::Forbidden,
            ApiErrorKind::NotFound => Failure::NotFound,
            ApiErrorKind::Conflict => Failure::Conflict,
            ApiErrorKind::Rejected => Failure::Rejected,
            ApiErrorKind::RateLimited { .. } => Failure::RateLimited,
            ApiErrorKind::Server { .. } => Failure::Server,
            ApiErrorKind::Network => Failure::Network,
            ApiErrorKind::Timeout => Failure::Timeout,
            ApiErrorKind::Decode => Failure::Decode,
        }
    }
}

/// An API failure with what the server said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    /// HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The server's `message`, shown as text (never as HTML).
    pub message: Option<String>,
    /// `X-Ovh-QueryId`, to quote to support.
    pub query_id: Option<String>,
    /// When the server's `Retry-After` ends, in unix milliseconds by the device's clock: set by
    /// the browser's transport when the answer arrives, so every view of this error waits for
    /// the same moment (see [`ApiError::retry_after_secs`]).
    pub retry_at_ms: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
}

const INVALID_SESSION_MESSAGES: [&str; 2] =
    ["This session is forbidden", "This session is invalid"];

impl ApiError {
    /// What the server said, when it said something: never this client's own words (a network
    /// failure, a time limit, an unreadable answer carry a local, English, technical message).
    pub fn server_message(&self) -> Option<&str> {
        let local = matches!(
            self.kind,
            ApiErrorKind::Network | ApiErrorKind::Decode | ApiErrorKind::Timeout
        );
        self.message.as_deref().filter(|m| !local && !m.is_empty())
    }

    pub fn new(kind: ApiErrorKind) -> Self {
        Self {
            kind,
            status: None,
            message: None,
            query_id: None,
            retry_at_ms: None,
        }
    }

    pub fn network(detail: impl Into<String>) -> Self {
        Self {
            message: Some(detail.into()),
            ..Self::new(ApiErrorKind::Network)
        }
    }

    pub fn timeout() -> Self {
        Self::new(ApiErrorKind::Timeout)
    }

    pub fn decode(detail: impl Into<String>) -> Self {
        Self {
            message: Some(detail.into()),
            ..Self::new(ApiErrorKind::Decode)
        }
    }

    /// Maps a non-2xx answer to an error. `body` is the raw response text (may be empty or not
    /// JSON); `retry_after` and `query_id` are the raw header values.
    pub fn from_response(
        status: u16,
        body: &str,
        retry_after: Option<&str>,
        query_id: Option<&str>,
    ) -> Self {
        let message = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .and_then(|b| b.message)
            .filter(|m| !m.trim().is_empty());
        let invalid_session = message
            .as_deref()
            .is_some_and(|m| INVALID_SESSION_MESSAGES.iter().any(|s| m.starts_with(s)));
        let kind = match status {
            401 => ApiErrorKind::SessionExpired,
            403 if invalid_session => ApiErrorKind::SessionExpired,
            471 => ApiErrorKind::SessionLevelTooLow,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            429 => ApiErrorKind::RateLimited {
                retry_after_secs: retry_after.and_then(parse_retry_after),
            },
            500..=599 => ApiErrorKind::Server {
                retry_after_secs: retry_after.and_then(parse_retry_after),
            },
            _ => ApiErrorKind::Rejected,
        };
        Self {
            kind,
            status: Some(status),
            message,
            query_id: query_id.map(str::to_string),
            retry_at_ms: None,
        }
    }

    /// The user must sign in again before anything else can work.
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::SessionExpired | ApiErrorKind::SessionLevelTooLow
        )
    }

    /// The wait the server asked for before asking again (`Retry-After` on a 429 or a 5xx).
    pub fn retry_after_secs(&self) -> Option<u32> {
        match self.kind {
            ApiErrorKind::RateLimited { retry_after_secs }
            | ApiErrorKind::Server { retry_after_secs } => retry_after_secs,
            _ => None,
        }
    }

    /// Sending the same read again may succeed (never used to retry a mutation).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::RateLimited { .. }
                | ApiErrorKind::Server { .. }
                | ApiErrorKind::Network
                | ApiErrorKind::Timeout
        )
    }

    /// For a mutation: the server may have carried it out although the answer says otherwise or
    /// never came (no answer, time limit, 5xx, an unreadable answer). Only a re-read can tell.
    /// A refusal (4xx, 429, a session to renew) means nothing was applied.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::Server { .. }
                | ApiErrorKind::Network
                | ApiErrorKind::Timeout
                | ApiErrorKind::Decode
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// `Retry-After` as delay-seconds. (The HTTP-date form is not used by the API; it is ignored and
/// the client's own backoff applies.)
pub fn parse_retry_after(raw: &str) -> Option<u32> {
    raw.trim().parse::<u32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_words_are_shown_to_the_user() {
        let refused = ApiError::from_response(400, r#"{"message":"Invalid period"}"#, None, None);
        assert_eq!(refused.server_message(), Some("Invalid period"));
        // This client's own (English, technical) words are never shown.
        assert_eq!(ApiError::network("Failed to fetch").server_message(), None);
        assert_eq!(
            ApiError::decode("expected value at line 1").server_message(),
            None
        );
        assert_eq!(ApiError::timeout().server_message(), None);
        assert_eq!(
            ApiError::from_response(502, "<html>", None, None).server_message(),
            None
        );
    }

    #[test]
    fn session_errors_ask_to_sign_in_again() {
        let e = ApiError::from_response(
            401,
            r#"{"message":"You must login first"}"#,
            None,
            Some("EU.1"),
        );
        assert_eq!(e.kind, ApiErrorKind::SessionExpired);
        assert!(e.needs_sign_in());
        assert_eq!(e.query_id.as_deref(), Some("EU.1"));
        let e =
            ApiError::from_response(403, r#"{"message":"This session is invalid"}"#, None, None);
        assert!(e.needs_sign_in());
        let e = ApiError::from_response(
            403,
            r#"{"message":"This session is forbidden"}"#,
            None,
            None,
        );
        assert!(e.needs_sign_in());
        let e = ApiError::from_response(471, "", None, None);
        assert_eq!(e.kind, ApiErrorKind::SessionLevelTooLow);
        assert!(e.needs_sign_in());
    }

    #[test]
    fn other_statuses_map_to_their_kind() {
        let forbidden =
            ApiError::from_response(403, r#"{"message":"Not your service"}"#, None, None);
        assert_eq!(forbidden.kind, ApiErrorKind::Forbidden);
        assert!(!forbidden.needs_sign_in());
        assert_eq!(forbidden.message.as_deref(), Some("Not your service"));
        assert_eq!(
            ApiError::from_response(404, "", None, None).kind,
            ApiErrorKind::NotFound
        );
        assert_eq!(
            ApiError::from_response(409, "", None, None).kind,
            ApiErrorKind::Conflict
        );
        assert_eq!(
            ApiError::from_response(400, "{}", None, None).kind,
            ApiErrorKind::Rejected
        );
        assert_eq!(
            ApiError::from_response(503, "<html>", None, None).kind,
            ApiErrorKind::Server {
                retry_after_secs: None
            }
        );
        assert_eq!(
            ApiError::from_response(503, "", Some("12"), None).kind,
            ApiErrorKind::Server {
                retry_after_secs: Some(12)
            }
        );
        assert_eq!(
            ApiError::from_response(429, "", Some(" 7 "), None).kind,
            ApiErrorKind::RateLimited {
                retry_after_secs: Some(7)
            }
        );
        assert_eq!(
            ApiError::from_response(429, "", Some("Wed, 21 Oct 2015 07:28:00 GMT"), None).kind,
            ApiErrorKind::RateLimited {
                retry_after_secs: None
            }
        );
    }

    #[test]
    fn only_reads_that_may_succeed_later_are_transient() {
        assert!(ApiError::from_response(500, "", None, None).is_transient());
        assert!(ApiError::from_response(429, "", None, None).is_transient());
        assert!(ApiError::network("offline").is_transient());
        assert!(ApiError::timeout().is_transient());
        assert!(!ApiError::from_response(401, "", None, None).is_transient());
        assert!(!ApiError::from_response(404, "", None, None).is_transient());
        assert!(!ApiError::decode("bad json").is_transient());
    }

    #[test]
    fn a_mutation_without_a_readable_answer_may_have_been_applied() {
        for unknown in [
            ApiError::from_response(500, "", None, None),
            ApiError::from_response(503, "", None, None),
            ApiError::network("reset"),
            ApiError::timeout(),
            ApiError::decode("truncated"),
        ] {
            assert!(unknown.outcome_unknown(), "{unknown}");
        }
        for refused in [400, 401, 403, 404, 409, 429, 471] {
            let e = ApiError::from_response(refused, "", None, None);
            assert!(!e.outcome_unknown(), "{e}");
        }
    }

    #[test]
    fn a_non_json_or_empty_message_is_dropped() {
        assert_eq!(
            ApiError::from_response(500, "Bad gateway", None, None).message,
            None
        );
        assert_eq!(
            ApiError::from_response(500, r#"{"message":"  "}"#, None, None).message,
            None
        );
    }
}
