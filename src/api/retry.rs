//! When to send a failed read (or a dry run, which changes nothing) again. Mutations are never
//! retried: a POST that timed out may have been applied (see `mutations`: it is re-read instead).

use super::error::ApiError;

/// The longest `Retry-After` waited for without a word: a longer one is shown as an error that
/// says until when, with "Retry", and asks again by itself then (`ErrorPanel`; 30 s, stated in
/// the README).
pub const MAX_RETRY_AFTER_SECS: u32 = 30;

/// Exponential backoff for reads and dry runs: 6 attempts, 0.4 s doubling to at most 5 s (plus up to
/// 25 % jitter; about 11 s in all), or the server's `Retry-After` (on a 429 or a 5xx) up to
/// [`MAX_RETRY_AFTER_SECS`]. Reads change nothing, so a flaky API (a third of the answers
/// failing) is ridden out rather than shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first one included.
    pub max_attempts: u32,
    pub base_delay_ms: u32,
    pub max_delay_ms: u32,
    /// A `Retry-After` longer than this is not waited for silently: the error is shown instead.
    pub max_retry_after_secs: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay_ms: 400,
            max_delay_ms: 5_000,
            max_retry_after_secs: MAX_RETRY_AFTER_SECS,
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `failed_attempt + 1`, or `None` to give up and show `error`.
    /// `failed_attempt` counts from 1. `jitter` in `[0, 1)` spreads clients apart.
    pub fn delay_before_retry(
        &self,
        failed_attempt: u32,
        error: &ApiError,
        jitter: f64,
    ) -> Option<u32> {
        if failed_attempt >= self.max_attempts || !error.is_transient() {
            return None;
        }
        if let Some(secs) = error.retry_after_secs() {
            return (secs <= self.max_retry_after_secs).then_some(secs * 1000);
        }
        let exponential = self
            .base_delay_ms
            .saturating_mul(1 << (failed_attempt - 1).min(16));
        let capped = exponential.min(self.max_delay_ms);
        let jitter = jitter.clamp(0.0, 1.0);
        // Full delay plus up to 25 % jitter.
        Some(capped + (f64::from(capped) * 0.25 * jitter) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ApiError {
        ApiError::from_response(500, "", None, None)
    }

    #[test]
    fn backoff_doubles_then_caps_then_gives_up() {
        let policy = RetryPolicy {
            max_attempts: 6,
            base_delay_ms: 400,
            max_delay_ms: 2_000,
            max_retry_after_secs: 20,
        };
        let delays: Vec<_> = (1..=6)
            .map(|n| policy.delay_before_retry(n, &server(), 0.0))
            .collect();
        assert_eq!(
            delays,
            vec![
                Some(400),
                Some(800),
                Some(1600),
                Some(2000),
                Some(2000),
                None
            ]
        );
    }

    #[test]
    fn jitter_adds_at_most_a_quarter() {
        let policy = RetryPolicy::default();
        let d = policy.delay_before_retry(1, &server(), 0.999).unwrap();
        assert!((400..=500).contains(&d), "{d}");
    }

    #[test]
    fn retry_after_is_honoured_and_long_waits_are_shown() {
        let policy = RetryPolicy::default();
        let wait3 = ApiError::from_response(429, "", Some("3"), None);
        assert_eq!(policy.delay_before_retry(1, &wait3, 0.5), Some(3000));
        let wait_long = ApiError::from_response(429, "", Some("120"), None);
        assert_eq!(policy.delay_before_retry(1, &wait_long, 0.5), None);
        let no_header = ApiError::from_response(429, "", None, None);
        assert_eq!(policy.delay_before_retry(1, &no_header, 0.0), Some(400));
        // A 503 says when the service is back, too.
        let back_in_5 = ApiError::from_response(503, "", Some("5"), None);
        assert_eq!(policy.delay_before_retry(1, &back_in_5, 0.0), Some(5000));
        let back_later = ApiError::from_response(503, "", Some("600"), None);
        assert_eq!(policy.delay_before_retry(1, &back_later, 0.0), None);
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        let policy = RetryPolicy::default();
        for status in [400, 401, 403, 404, 409, 471] {
            let e = ApiError::from_response(status, "", None, None);
            assert_eq!(
                policy.delay_before_retry(1, &e, 0.0),
                None,
                "status {status}"
            );
        }
    }
}
