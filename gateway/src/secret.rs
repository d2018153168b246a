//! A value that must never reach a log line, an error message or the page.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string (client secret, application secret, token, consumer key). `Debug` prints
/// `Secret(***)`; the value is read only through [`Secret::expose`], so every use is visible.
/// Serialized as the plain string: it goes only into sealed (encrypted) cookies.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(Secret(***))");
        assert_eq!(s.expose(), "hunter2");
    }
}
