//! The forms the API describes per service (`GET /services/{id}/form/{formName}`): the
//! termination questionnaire is read, never assumed.

use super::client::{ApiClient, Transport};
use super::error::{ApiError, ApiErrorKind};
use crate::domain::termination::{AnswerKind, Question};

/// The form a termination at expiry answers.
pub const TERMINATION_FORM: &str = "termination";

/// `services.form.Description`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FormDescription {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub questions: Vec<FormQuestion>,
}

/// `services.form.Question`: `answers` is `null` (or absent) for a free answer.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FormQuestion {
    pub question: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub mandatory: bool,
    #[serde(default)]
    pub answers: Option<Vec<AllowedValue>>,
}

/// `services.form.AnswerAllowedValue`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AllowedValue {
    pub key: String,
}

impl FormDescription {
    pub fn questions(&self) -> Vec<Question> {
        self.questions
            .iter()
            .map(|q| Question {
                key: q.question.clone(),
                kind: AnswerKind::from_api(
                    &q.kind,
                    q.answers
                        .as_ref()
                        .map(|a| a.iter().map(|v| v.key.clone()).collect()),
                ),
                mandatory: q.mandatory,
            })
            .collect()
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    /// The service's termination questionnaire. A product without one (404) has no questions:
    /// its termination is the policy alone.
    pub async fn termination_form(&self, id: u64) -> Result<Vec<Question>, ApiError> {
        let path = format!("/services/{id}/form/{TERMINATION_FORM}");
        match self.get_fresh::<FormDescription>(&path).await {
            Ok(form) => Ok(form.questions()),
            Err(error) if error.kind == ApiErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(error),
        }
    }
}
