//! API replies and errors in the real API's shapes.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// A JSON reply (body already serialized).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json<T: Serialize + ?Sized>(v: &T) -> Reply {
        Reply::raw(serde_json::to_string(v).unwrap_or_else(|_| "null".into()))
    }

    pub fn raw(body: String) -> Reply {
        Reply {
            status: StatusCode::OK,
            body,
            headers: Vec::new(),
        }
    }

    /// `void` operations answer `null`.
    pub fn null() -> Reply {
        Reply::raw("null".into())
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut resp = (self.status, self.body).into_response();
        let h = resp.headers_mut();
        h.insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.append(HeaderName::from_static(name), v);
            }
        }
        resp
    }
}

/// `{ "message", "httpCode", "errorCode" }` with the HTTP status.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    pub error_code: &'static str,
    pub retry_after: Option<u32>,
    /// `Allow` of a 405: the methods the path has.
    pub allow: Option<String>,
}

pub fn http_code_text(status: u16) -> String {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or(match status {
            471 => "Low Order Session",
            _ => "Error",
        });
    format!("{status} {reason}")
}

impl ApiError {
    pub fn new(status: u16, error_code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            error_code,
            retry_after: None,
            allow: None,
        }
    }

    /// A path the API does not have (any method): the real API's own words.
    pub fn invalid_url() -> ApiError {
        ApiError::new(404, "INVALID_URL", "Got an invalid (or empty) URL")
    }

    /// A path the API has, but not with this method.
    pub fn method_not_allowed(method: &str, path: &str, allowed: &[&str]) -> ApiError {
        ApiError {
            allow: Some(allowed.join(", ")),
            ..ApiError::new(
                405,
                "METHOD_NOT_ALLOWED",
                format!("The method {method} is not available on {path}"),
            )
        }
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            404,
            "OBJECT_NOT_FOUND",
            format!("The requested object ({what}) does not exist"),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "INVALID_ARGUMENT", message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, "FORBIDDEN", message)
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(409, "CONFLICT", message)
    }

    pub fn invalid_session() -> ApiError {
        ApiError::new(401, "INVALID_CREDENTIAL", "This session is invalid")
    }

    /// The error a `status` fault answers.
    pub fn for_status(status: u16, retry_after: Option<u32>) -> ApiError {
        let (code, message) = match status {
            401 => ("INVALID_CREDENTIAL", "This session is invalid"),
            403 => ("FORBIDDEN", "This call has not been granted"),
            404 => ("OBJECT_NOT_FOUND", "The requested object does not exist"),
            409 => ("CONFLICT", "Conflict"),
            429 => (
                "QUERY_LIMIT_REACHED",
                "Too many requests, please retry later",
            ),
            471 => (
                "LOW_ORDER_SESSION",
                "This session is not allowed to do this call",
            ),
            500 => ("INTERNAL_SERVER_ERROR", "Internal server error"),
            502 => ("BAD_GATEWAY", "Bad gateway"),
            503 => ("SERVICE_UNAVAILABLE", "Service temporarily unavailable"),
            504 => ("GATEWAY_TIMEOUT", "Gateway timeout"),
            _ => ("SANDBOX_FAULT", "Injected fault"),
        };
        ApiError {
            retry_after,
            ..ApiError::new(status, code, message)
        }
    }

    pub fn into_reply(self) -> Reply {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r = Reply::json(&json!({
            "message": self.message,
            "httpCode": http_code_text(self.status),
            "errorCode": self.error_code,
        }));
        r.status = status;
        if let Some(s) = self.retry_after {
            r = r.header("retry-after", s.to_string());
        }
        if let Some(allow) = self.allow {
            r = r.header("allow", allow);
        }
        r
    }
}

pub type ApiResult = Result<Reply, ApiError>;
