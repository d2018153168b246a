//! "3,000 of 12,000": progress of a collection being loaded in pages.

use leptos::prelude::*;

use crate::api::pagination::LoadProgress;
use crate::app::{use_app, use_i18n};
use crate::domain::format::integer;

#[component]
pub fn LoadProgressBar(
    progress: Signal<LoadProgress>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let text = move || {
        let p = progress.get();
        let l = locale.get();
        match p.total {
            Some(total) => (t().progress_of)(&integer(p.loaded, l), &integer(total, l)),
            None => t().loading.to_string(),
        }
    };
    view! {
        <div class="load-progress">
            <progress
                aria-label=move || label.get()
                max=move || progress.get().total.unwrap_or(0).max(1).to_string()
                value=move || progress.get().total.map(|_| progress.get().loaded.to_string())
            ></progress>
            <span aria-live="polite">{text}</span>
        </div>
    }
}
