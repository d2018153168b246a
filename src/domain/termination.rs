//! The termination form as the API describes it for one service (`GET
//! /services/{id}/form/termination`): which questions, which are mandatory, which answers are
//! allowed. The console asks exactly those questions and sends only their answers.
//!
//! Four questions are documented by the provider's guides (the reason, the future use and a
//! comment on each); they are shown with the guides' labels. Any other question is shown with the
//! API's own text and its answers as the API lists them.

use std::collections::BTreeMap;

/// How a question is answered (`services.form.AnswerTypeEnum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerKind {
    /// One of the allowed answers (`enum`, or any question that lists its answers).
    Choice(Vec<String>),
    /// Yes or no (`boolean`): sent as `true`/`false`.
    YesNo,
    /// Several lines of text (`text`).
    Text,
    /// One line (`string`, and any type this console does not know).
    Line,
    /// A whole number (`long`).
    Integer,
    /// A number (`double`).
    Number,
    /// A day (`date`).
    Date,
    /// A day and a time (`datetime`).
    DateTime,
}

impl AnswerKind {
    /// From the API's `type` and `answers`: listed answers make a choice whatever the type.
    pub fn from_api(kind: &str, answers: Option<Vec<String>>) -> AnswerKind {
        if let Some(list) = answers.filter(|l| !l.is_empty()) {
            return AnswerKind::Choice(list);
        }
        match kind {
            "boolean" => AnswerKind::YesNo,
            "text" => AnswerKind::Text,
            "long" => AnswerKind::Integer,
            "double" => AnswerKind::Number,
            "date" => AnswerKind::Date,
            "datetime" => AnswerKind::DateTime,
            _ => AnswerKind::Line,
        }
    }
}

/// The questions the provider's guides document, with their labels in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownQuestion {
    /// `reason`: why the service is terminated.
    Reason,
    /// `commentary_reason`.
    ReasonComment,
    /// `future_use`: what comes next.
    FutureUse,
    /// `commentary_future_use`.
    FutureUseComment,
}

impl KnownQuestion {
    pub fn from_key(key: &str) -> Option<KnownQuestion> {
        match key {
            "reason" => Some(KnownQuestion::Reason),
            "commentary_reason" => Some(KnownQuestion::ReasonComment),
            "future_use" => Some(KnownQuestion::FutureUse),
            "commentary_future_use" => Some(KnownQuestion::FutureUseComment),
            _ => None,
        }
    }
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The API's key, sent back as `question` (and shown as it is when not documented).
    pub key: String,
    pub kind: AnswerKind,
    pub mandatory: bool,
}

impl Question {
    pub fn known(&self) -> Option<KnownQuestion> {
        KnownQuestion::from_key(&self.key)
    }
}

/// Why the answers cannot be sent yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerProblem {
    /// A mandatory question has no answer.
    Missing(String),
    /// The answer is not one the question allows (or not a number where one is asked).
    Invalid(String),
}

/// The answers to send, in the form's order: only questions the form asks, blank optional
/// answers left out, values trimmed. Nothing is sent while a mandatory question is unanswered or
/// an answer does not fit its question.
pub fn answers_to_send(
    questions: &[Question],
    given: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, AnswerProblem> {
    let mut out = Vec::new();
    for q in questions {
        let value = given.get(&q.key).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            if q.mandatory {
                return Err(AnswerProblem::Missing(q.key.clone()));
            }
            continue;
        }
        let fits = match &q.kind {
            AnswerKind::Choice(allowed) => allowed.iter().any(|a| a == value),
            AnswerKind::YesNo => matches!(value, "true" | "false"),
            AnswerKind::Integer => value.parse::<i64>().is_ok(),
            AnswerKind::Number => value.parse::<f64>().is_ok_and(f64::is_finite),
            _ => true,
        };
        if !fits {
            return Err(AnswerProblem::Invalid(q.key.clone()));
        }
        out.push((q.key.clone(), value.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(key: &str, kind: AnswerKind, mandatory: bool) -> Question {
        Question {
            key: key.into(),
            kind,
            mandatory,
        }
    }

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn listed_answers_make_a_choice_whatever_the_type() {
        assert_eq!(
            AnswerKind::from_api("string", Some(vec!["A".into()])),
            AnswerKind::Choice(vec!["A".into()])
        );
        assert_eq!(AnswerKind::from_api("enum", Some(vec![])), AnswerKind::Line);
        assert_eq!(AnswerKind::from_api("text", None), AnswerKind::Text);
        assert_eq!(AnswerKind::from_api("boolean", None), AnswerKind::YesNo);
        assert_eq!(AnswerKind::from_api("someNewType", None), AnswerKind::Line);
    }

    #[test]
    fn only_the_forms_questions_are_sent_blank_optional_ones_left_out() {
        let form = [
            q("reason", AnswerKind::Choice(vec!["OTHER".into()]), true),
            q("commentary_reason", AnswerKind::Text, false),
            q(
                "migration_target",
                AnswerKind::Choice(vec!["IN_HOUSE".into()]),
                false,
            ),
        ];
        let sent = answers_to_send(
            &form,
            &given(&[
                ("reason", "OTHER"),
                ("commentary_reason", "  "),
                ("future_use", "NOT_REPLACING_SERVICE"),
            ]),
        )
        .unwrap();
        assert_eq!(sent, vec![("reason".to_string(), "OTHER".to_string())]);
    }

    #[test]
    fn a_mandatory_question_without_answer_stops_the_sending() {
        let form = [
            q("reason", AnswerKind::Choice(vec!["OTHER".into()]), true),
            q("future_use", AnswerKind::Choice(vec!["OTHER".into()]), true),
        ];
        assert_eq!(
            answers_to_send(&form, &given(&[("reason", "OTHER")])),
            Err(AnswerProblem::Missing("future_use".into()))
        );
    }

    #[test]
    fn an_answer_the_question_does_not_allow_is_refused() {
        let form = [q("reason", AnswerKind::Choice(vec!["OTHER".into()]), true)];
        assert_eq!(
            answers_to_send(&form, &given(&[("reason", "TOO_EXPENSIVE")])),
            Err(AnswerProblem::Invalid("reason".into()))
        );
        let form = [q("count", AnswerKind::Integer, false)];
        assert!(answers_to_send(&form, &given(&[("count", "3.5")])).is_err());
        assert_eq!(
            answers_to_send(&form, &given(&[("count", " 3 ")])).unwrap(),
            vec![("count".to_string(), "3".to_string())]
        );
    }

    #[test]
    fn known_questions_are_the_guides_four() {
        assert_eq!(
            KnownQuestion::from_key("reason"),
            Some(KnownQuestion::Reason)
        );
        assert_eq!(
            KnownQuestion::from_key("commentary_future_use"),
            Some(KnownQuestion::FutureUseComment)
        );
        assert_eq!(KnownQuestion::from_key("migration_target"), None);
    }
}
