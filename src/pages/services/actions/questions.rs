//! One question of a service's termination form, as the API describes it: the guides' labels for
//! the questions they document, the API's own words for the others.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::app::use_i18n;
use crate::domain::termination::{AnswerKind, KnownQuestion, Question};
use crate::i18n::Messages;

/// The label of `q`, and whether it is the API's own text.
fn label(m: &Messages, q: &Question) -> (String, bool) {
    let known = match q.known() {
        Some(KnownQuestion::Reason) => m.terminate_reason_label,
        Some(KnownQuestion::ReasonComment) => m.terminate_comment_label,
        Some(KnownQuestion::FutureUse) => m.terminate_future_label,
        Some(KnownQuestion::FutureUseComment) => m.terminate_future_comment_label,
        None if q.mandatory => return (q.key.clone(), true),
        None => return (format!("{} {}", q.key, m.optional_suffix), true),
    };
    (known.to_string(), false)
}

/// The label of an allowed answer: the guides' words where they document it, else the API's key.
fn answer_label(m: &Messages, q: &Question, key: &str) -> String {
    let known = match q.known() {
        Some(KnownQuestion::Reason) => (m.terminate_reason)(key),
        Some(KnownQuestion::FutureUse) => (m.terminate_future)(key),
        _ => None,
    };
    known.map_or_else(|| key.to_string(), str::to_string)
}

#[component]
pub fn QuestionField(
    question: Question,
    answers: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let t = use_i18n();
    let key = question.key.clone();
    let value = {
        let key = key.clone();
        move || answers.with(|a| a.get(&key).cloned().unwrap_or_default())
    };
    let set = move |v: String| {
        answers.update(|a| {
            a.insert(key.clone(), v);
        })
    };
    let required = question.mandatory;
    let q = question.clone();
    let foreign = label(t(), &q).1;
    let text = {
        let q = q.clone();
        move || label(t(), &q).0
    };
    let input = match &question.kind {
        AnswerKind::Choice(keys) => {
            let options = keys
                .iter()
                .map(|k| {
                    let (k, q) = (k.clone(), q.clone());
                    let value = k.clone();
                    view! { <option value=value>{move || answer_label(t(), &q, &k)}</option> }
                })
                .collect_view();
            view! {
                <select required=required prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                    <option value="">{move || t().choose}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        AnswerKind::YesNo => view! {
            <select required=required prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                <option value="">{move || t().choose}</option>
                <option value="true">{move || t().answer_yes}</option>
                <option value="false">{move || t().answer_no}</option>
            </select>
        }
        .into_any(),
        AnswerKind::Text => view! {
            <textarea rows="3" required=required prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        other => {
            let (kind, step) = match other {
                AnswerKind::Integer => ("number", Some("1")),
                AnswerKind::Number => ("number", Some("any")),
                AnswerKind::Date => ("date", None),
                AnswerKind::DateTime => ("datetime-local", None),
                _ => ("text", None),
            };
            view! {
                <input type=kind step=step required=required prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span>{text}</span>
            {input}
            {foreign.then(|| view! { <span class="muted small">{move || t().terminate_form_other}</span> })}
        </label>
    }
}
