//! How a change the customer asked for ended, said the same way everywhere: done (with a note
//! when its answer was lost and a re-read found it done), not done (why; the page's own button
//! sends again, which is safe then), nothing sent because things changed meanwhile, or unknown,
//! with "check again" (a re-read, never a second send).

use leptos::prelude::*;

use crate::api::{ApiClient, Settled};
use crate::app::use_i18n;
use crate::components::error_panel::{error_summary, ErrorPanel};
use crate::domain::outcome::Outcome;

/// Shows `settled`. `done` is what was done, in words, when it was. `on_settled` receives the
/// result of "check again".
#[component]
pub fn OutcomeNotice(
    settled: Settled,
    #[prop(into)] done: Signal<String>,
    #[prop(into)] on_settled: Callback<Settled>,
) -> impl IntoView {
    let t = use_i18n();
    match settled.outcome {
        Outcome::Applied { recovered, .. } => view! {
            <div class="notice-ok" role="status">
                <p>{move || done.get()}</p>
                {recovered.then(|| view! { <p class="muted">{move || t().outcome_recovered}</p> })}
            </div>
        }
        .into_any(),
        Outcome::NotApplied {
            error,
            proven: false,
        } => view! { <ErrorPanel error=error /> }.into_any(),
        Outcome::NotApplied {
            error,
            proven: true,
        } => {
            let kind = error.kind.clone();
            view! {
                <div class="error-panel" role="alert">
                    <p class="error-title">{move || t().outcome_not_applied_title}</p>
                    <p>{move || t().outcome_not_applied_body}</p>
                    <p class="muted">{move || error_summary(t(), &kind)}</p>
                </div>
            }
            .into_any()
        }
        Outcome::Changed(changed) => view! {
            <div class="notice-warn" role="alert">
                <p class="error-title">{move || t().outcome_changed_title}</p>
                <p>{move || (t().changed_reason)(&changed)}</p>
            </div>
        }
        .into_any(),
        Outcome::Unknown { error } => {
            let checking = RwSignal::new(false);
            let api = crate::app::use_app().api;
            let recheck = settled.recheck;
            let kind = error.kind.clone();
            let on_check = move |_| {
                let (Some(recheck), false) = (recheck.clone(), checking.get_untracked()) else {
                    return;
                };
                checking.set(true);
                let (api, error): (ApiClient, _) = (api.clone(), error.clone());
                leptos::task::spawn_local(async move {
                    let again = api.check_again(recheck, error).await;
                    checking.try_set(false);
                    on_settled.run(again);
                });
            };
            view! {
                <div class="error-panel" role="alert">
                    <p class="error-title">{move || t().outcome_unknown_title}</p>
                    <p>{move || t().outcome_unknown_body}</p>
                    <p class="muted">{move || error_summary(t(), &kind)}</p>
                    <button type="button" class="button" on:click=on_check disabled=move || checking.get()>
                        {move || if checking.get() { t().checking } else { t().check_again }}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
