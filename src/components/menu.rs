//! Helpers of the row menus (`...`): the WAI-ARIA menu button keyboard pattern.

/// Moves focus among a menu's items for an arrow, Home or End key (wrapping around).
pub fn move_menu_focus(container: &web_sys::HtmlElement, key: &str) {
    use wasm_bindgen::JsCast;
    let Ok(list) = container.query_selector_all("[role=menuitem]") else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    if items.is_empty() {
        return;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = items.iter().position(|item| {
        active
            .as_ref()
            .is_some_and(|a| a == item.as_ref() as &web_sys::Element)
    });
    let last = items.len() - 1;
    let next = match (key, current) {
        ("Home", _) | ("ArrowDown", None) => 0,
        ("End", _) | ("ArrowUp", None) => last,
        ("ArrowDown", Some(i)) => (i + 1) % items.len(),
        ("ArrowUp", Some(i)) => i.checked_sub(1).unwrap_or(last),
        _ => return,
    };
    let _ = items[next].focus();
}

/// Puts focus on an element by id (a menu's button once its menu or a dialog closed).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The keys of a menu button and its menu: Escape closes the menu and returns focus to the
/// button (`focus_button`); the arrows, Home and End open it or move among its items.
pub fn menu_keydown(
    ev: &leptos::ev::KeyboardEvent,
    open: leptos::prelude::RwSignal<bool>,
    container: Option<web_sys::HtmlElement>,
    focus_button: impl Fn(),
) {
    use leptos::prelude::{GetUntracked, Set};
    let key = ev.key();
    match key.as_str() {
        "Escape" if open.get_untracked() => {
            ev.prevent_default();
            open.set(false);
            focus_button();
        }
        "ArrowDown" | "ArrowUp" | "Home" | "End" => {
            ev.prevent_default();
            if !open.get_untracked() {
                open.set(true);
            } else if let Some(el) = container {
                move_menu_focus(&el, &key);
            }
        }
        _ => {}
    }
}
