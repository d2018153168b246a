//! The one filter popup of the app (services and orders): a `<details>` disclosure whose panel
//! floats over the page. Escape closes it and gives focus back to its summary; focus or a click
//! leaving it closes it; its content is built only while it is open.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn FilterPopup(
    /// Open while true (the caller may close it, e.g. to keep one open at a time).
    open: RwSignal<bool>,
    /// What the summary (the button) shows.
    summary: ViewFn,
    /// The panel, built when it opens.
    children: ChildrenFn,
) -> impl IntoView {
    let node = NodeRef::<html::Details>::new();
    let focus_summary = move || {
        let summary = node
            .get_untracked()
            .and_then(|d| d.query_selector("summary").ok().flatten())
            .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(summary) = summary {
            let _ = summary.focus();
        }
    };
    // The browser opens a `<details>` at once but tells it (`toggle`) in a later task: a key
    // right after Enter finds the signal still closed. So the element itself is asked and closed
    // too, or it stays open once its late `toggle` arrives.
    let is_open = move || open.get_untracked() || node.get_untracked().is_some_and(|d| d.open());
    let close = move || {
        if let Some(details) = node.get_untracked() {
            details.set_open(false);
        }
        if open.get_untracked() {
            open.set(false);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && is_open() {
            ev.prevent_default();
            ev.stop_propagation();
            // Focus is in the panel, which goes away: back to the summary first.
            focus_summary();
            close();
        }
    };
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if !super::focus::stays_inside(&ev, node.get_untracked().as_deref()) {
            close();
        }
    };
    view! {
        <details
            class="filter-menu"
            node_ref=node
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if now != open.get_untracked() {
                    open.set(now);
                }
            }
            on:keydown=on_keydown
            on:focusout=on_focusout
        >
            <summary>{summary.run()}</summary>
            <Show when=move || open.get()>{children()}</Show>
        </details>
    }
}
