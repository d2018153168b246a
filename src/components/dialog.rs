//! A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus
//! stays inside), Escape closes it, and focus returns to what opened it.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Dialog(
    /// Open while true; closing (Escape, a close button) sets it to false.
    open: RwSignal<bool>,
    /// The dialog's title, also its accessible name.
    #[prop(into)]
    title: Signal<String>,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    let title_id = format!("dialog-title-{}", next_id());
    Effect::new(move |_| {
        let Some(dialog) = node.get() else { return };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    let heading_id = title_id.clone();
    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-labelledby=title_id.clone()
            on:close=move |_| open.set(false)
        >
            <h2 id=heading_id>{move || title.get()}</h2>
            {children()}
        </dialog>
    }
}

fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
