//! The one tooltip of the app: a text shown while its trigger is hovered or focused (CSS), that
//! Escape hides until the pointer or focus comes back (WCAG 1.4.13, dismissible). The trigger
//! names it with `aria-describedby` = `id`.

use leptos::prelude::*;

#[component]
pub fn Tooltip(
    #[prop(into)] id: String,
    /// The text; nothing is shown while it is `None`.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// The trigger.
    children: Children,
) -> impl IntoView {
    let dismissed = RwSignal::new(false);
    view! {
        <span
            class="has-tip"
            class:tip-dismissed=move || dismissed.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && !dismissed.get_untracked() {
                    ev.prevent_default();
                    dismissed.set(true);
                }
            }
            on:focusin=move |_| dismissed.set(false)
            on:pointerenter=move |_| dismissed.set(false)
        >
            {children()}
            <span role="tooltip" id=id class="tip">{move || text.get()}</span>
        </span>
    }
}
