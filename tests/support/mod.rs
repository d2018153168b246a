//! What the native test crates share: a scripted fake transport for the API client.
// Each test crate compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::VecDeque;

use billing_console::api::{Answer, ApiError, Method, Transport};

/// A request as sent: URL (or `Method URL`) and headers (or the body).
pub type SentRequest = (String, Vec<(String, String)>);

/// Answers requests from a script of canned results and records every request and sleep.
#[derive(Default)]
pub struct FakeTransport {
    pub script: RefCell<VecDeque<Result<Answer, ApiError>>>,
    pub requests: RefCell<Vec<SentRequest>>,
    pub sleeps: RefCell<Vec<u32>>,
}

impl FakeTransport {
    pub fn then(self, result: Result<Answer, ApiError>) -> Self {
        self.script.borrow_mut().push_back(result);
        self
    }
    pub fn ok(self, body: &str) -> Self {
        self.then(Ok(Answer {
            body: body.to_string(),
            total: None,
        }))
    }
    pub fn page(self, body: &str, total: u64) -> Self {
        self.then(Ok(Answer {
            body: body.to_string(),
            total: Some(total),
        }))
    }
    pub fn fail(self, status: u16, body: &str) -> Self {
        self.then(Err(ApiError::from_response(status, body, None, None)))
    }
    pub fn header(&self, request: usize, name: &str) -> Option<String> {
        self.requests.borrow()[request]
            .1
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
    pub fn urls(&self) -> Vec<String> {
        self.requests.borrow().iter().map(|r| r.0.clone()).collect()
    }
}

impl Transport for &FakeTransport {
    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Answer, ApiError> {
        self.requests.borrow_mut().push((
            url.to_string(),
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ));
        self.script
            .borrow_mut()
            .pop_front()
            .expect("an unexpected extra request")
    }
    async fn send_json(&self, method: Method, url: &str, body: String) -> Result<Answer, ApiError> {
        self.requests.borrow_mut().push((
            format!("{method:?} {url}"),
            vec![("body".to_string(), body)],
        ));
        self.script
            .borrow_mut()
            .pop_front()
            .expect("an unexpected extra request")
    }
    async fn sleep(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
    }
    fn jitter(&self) -> f64 {
        0.0
    }
}
