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
            show_when_connected(dialog, open, 0);
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

/// Opens the dialog as a modal once it is in the document: a dialog built inside a `Suspend`
/// (a chunk loaded on demand) exists a frame before it is attached, and `showModal()` refuses a
/// detached element.
fn show_when_connected(dialog: web_sys::HtmlDialogElement, open: RwSignal<bool>, attempt: u32) {
    if dialog.open() || !open.get_untracked() {
        return;
    }
    if dialog.is_connected() {
        let _ = dialog.show_modal();
        focus_first_field(dialog, 0, None);
    } else if attempt < 60 {
        request_animation_frame(move || show_when_connected(dialog, open, attempt + 1));
    }
}

/// Where focus starts in a dialog: an `autofocus` element, else the checked radio, else the
/// first enabled field; a dialog without fields starts on its first enabled button (the dialogs
/// put "Annuler" first). A dialog whose fields arrive after opening (a wizard loading its
/// choices) waits on that button and moves to the fields when they come, unless the user has
/// moved focus meanwhile.
fn focus_first_field(
    dialog: web_sys::HtmlDialogElement,
    attempt: u32,
    fallback: Option<web_sys::HtmlElement>,
) {
    use leptos::wasm_bindgen::JsCast;
    const FIELDS: [&str; 3] = [
        "[autofocus]",
        "input[type=radio]:checked:not([disabled])",
        "input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])",
    ];
    request_animation_frame(move || {
        if !dialog.open() {
            return;
        }
        let active = document().active_element();
        let user_moved = attempt > 0
            && active.as_ref().is_some_and(|e| {
                dialog.contains(Some(e))
                    && !e.is_same_node(Some(&dialog))
                    && fallback.as_ref().is_none_or(|f| !e.is_same_node(Some(f)))
            });
        if user_moved {
            return;
        }
        let first = |selector: &str| {
            dialog
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
        if let Some(field) = FIELDS.iter().find_map(|s| first(s)) {
            let _ = field.focus();
            return;
        }
        let button = first("button:not([disabled])");
        if let Some(button) = &button {
            let _ = button.focus();
        }
        if attempt < 30 {
            set_timeout(
                move || focus_first_field(dialog, attempt + 1, button),
                std::time::Duration::from_millis(50),
            );
        }
    });
}

fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
