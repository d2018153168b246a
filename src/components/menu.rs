//! The one menu button of the app (the `...` of a service or an order), as the WAI-ARIA APG
//! "menu button" pattern describes it:
//!
//! - Enter, Space or ↓ open the menu on its first item, ↑ on its last; ↑ ↓ Home End move (and
//!   wrap), a letter moves to the next item that starts with it (type-ahead);
//! - Escape closes it and gives focus back to the button; Tab closes it and focus goes on from
//!   the button; focus or a click leaving it closes it;
//! - items are out of the Tab order (`tabindex="-1"`, roving focus);
//! - the menu is drawn above everything (`position: fixed`, placed from the button), so no
//!   scrolling box clips it, and it opens upwards when there is no room below.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Lets a menu's items close it (focus back on its button first, so that a dialog the item opens
/// gives focus back there).
#[derive(Clone, Copy)]
pub struct MenuHandle {
    pub open: RwSignal<bool>,
    button_id: StoredValue<String>,
}

impl MenuHandle {
    pub fn close(&self) {
        focus_by_id(&self.button_id.get_value());
        self.open.set(false);
    }
}

/// The handle of the menu an item is in.
pub fn use_menu() -> MenuHandle {
    expect_context::<MenuHandle>()
}

fn items(menu: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    super::focus::elements(menu, "[role=menuitem]")
}

fn active_index(items: &[web_sys::HtmlElement]) -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    items
        .iter()
        .position(|item| active.is_same_node(Some(item)))
}

/// Moves focus among a menu's items for an arrow, Home or End key (wrapping around).
pub fn move_menu_focus(menu: &web_sys::Element, key: &str) {
    let items = items(menu);
    if items.is_empty() {
        return;
    }
    let last = items.len() - 1;
    let next = match (key, active_index(&items)) {
        ("Home", _) | ("ArrowDown", None) => 0,
        ("End", _) | ("ArrowUp", None) => last,
        ("ArrowDown", Some(i)) => (i + 1) % items.len(),
        ("ArrowUp", Some(i)) => i.checked_sub(1).unwrap_or(last),
        _ => return,
    };
    let _ = items[next].focus();
}

/// Type-ahead: the next item (after the focused one, wrapping) whose text starts with `typed`.
/// Like the placement, a chunk of its own: it matters only once a menu is open.
#[leptos::lazy]
fn type_ahead(menu: web_sys::Element, typed: String) {
    let items = items(&menu);
    let start = active_index(&items).map_or(0, |i| i + 1);
    let typed = typed.to_lowercase();
    let found = (0..items.len())
        .map(|k| &items[(start + k) % items.len()])
        .find(|item| {
            item.text_content()
                .is_some_and(|t| t.trim().to_lowercase().starts_with(&typed))
        })
        // Typing the same letter again cycles through the items starting with it.
        .or_else(|| {
            let first = typed.chars().next()?.to_string();
            (0..items.len())
                .map(|k| &items[(start + k) % items.len()])
                .find(|item| {
                    item.text_content()
                        .is_some_and(|t| t.trim().to_lowercase().starts_with(&first))
                })
        });
    if let Some(item) = found {
        let _ = item.focus();
    }
}

/// Puts focus on an element by id (a menu's button once its menu or a dialog closed).
pub fn focus_by_id(id: &str) {
    if let Some(el) = element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Places the menu under its button, right edges aligned, or above it when there is no room
/// below; always inside the viewport.
fn place(button: &web_sys::Element, menu: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let px = |v: wasm_bindgen::JsValue| v.as_f64().unwrap_or(0.0);
    let (vw, vh) = (
        px(window.inner_width().unwrap_or_default()),
        px(window.inner_height().unwrap_or_default()),
    );
    let anchor = button.get_bounding_client_rect();
    let size = menu.get_bounding_client_rect();
    const GAP: f64 = 4.0;
    const EDGE: f64 = 8.0;
    let below = anchor.bottom() + GAP;
    let above = anchor.top() - GAP - size.height();
    let top = if below + size.height() <= vh - EDGE || above < EDGE {
        below.min((vh - EDGE - size.height()).max(EDGE))
    } else {
        above
    };
    let left = (anchor.right() - size.width())
        .min(vw - EDGE - size.width())
        .max(EDGE);
    let style = menu.style();
    // Whole pixels: formatting an f64 would bring float printing into the first load (~5 KiB).
    let _ = style.set_property("top", &format!("{}px", top.round() as i32));
    let _ = style.set_property("left", &format!("{}px", left.round() as i32));
    let _ = menu.set_attribute(
        "data-placement",
        if top < anchor.top() { "above" } else { "below" },
    );
}

/// Keeps an open menu placed while the page scrolls, resizes, or its items arrive.
struct Placer {
    on_move: Closure<dyn Fn()>,
    resize: Option<web_sys::ResizeObserver>,
}

impl Drop for Placer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let f = self.on_move.as_ref().unchecked_ref();
            let _ = window.remove_event_listener_with_callback_and_bool("scroll", f, true);
            let _ = window.remove_event_listener_with_callback("resize", f);
        }
        if let Some(observer) = &self.resize {
            observer.disconnect();
        }
    }
}

/// Places an open menu and keeps it placed, then focuses its first (or last) item. A chunk of its
/// own, fetched when a menu first opens (with its items).
#[leptos::lazy]
fn menu_opened(
    button: web_sys::Element,
    menu: web_sys::HtmlElement,
    at_end: bool,
    slot: Rc<RefCell<Option<Placer>>>,
) {
    *slot.borrow_mut() = follow(button, menu.clone());
    move_menu_focus(&menu, if at_end { "End" } else { "Home" });
}

fn follow(button: web_sys::Element, menu: web_sys::HtmlElement) -> Option<Placer> {
    let window = web_sys::window()?;
    place(&button, &menu);
    let (b, m) = (button.clone(), menu.clone());
    let on_move = Closure::<dyn Fn()>::new(move || place(&b, &m));
    let f = on_move.as_ref().unchecked_ref();
    let _ = window.add_event_listener_with_callback_and_bool("scroll", f, true);
    let _ = window.add_event_listener_with_callback("resize", f);
    let resize = web_sys::ResizeObserver::new(f).ok();
    if let Some(observer) = &resize {
        observer.observe(&menu);
    }
    Some(Placer { on_move, resize })
}

/// A `...` button and its menu. `children` are the items (`<li role="none">` around a
/// `role="menuitem"` with `tabindex="-1"`); they reach the menu with [`use_menu`].
///
/// A table draws one per line, so a closed menu costs little: a button, three listeners on its
/// wrapper and one reactive attribute besides its label. What an open menu needs (its handle in
/// context, the placement that follows scrolling, the focus of its first item) is made when it
/// opens and dropped when it closes.
#[component]
pub fn MenuButton(
    /// The button's id (focus comes back to it).
    #[prop(into)]
    id: String,
    /// The accessible name of the button and of the menu.
    #[prop(into)]
    label: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let handle = MenuHandle {
        open,
        button_id: StoredValue::new(id.clone()),
    };
    let wrapper = NodeRef::<html::Div>::new();
    let menu_id = menu_id_of(&id);
    let controls = menu_id.clone();
    // Which end the menu opens on (↑ opens on the last item).
    let start_at_end = StoredValue::new(false);
    let typed = Rc::new(RefCell::new((String::new(), 0.0f64)));
    let open_menu = move |at_end: bool| {
        start_at_end.set_value(at_end);
        open.set(true);
    };
    let close_and_focus = move || handle.close();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let in_menu = open
            .get_untracked()
            .then(|| open_menu_element(&handle.button_id.get_value()))
            .flatten();
        match key.as_str() {
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                ev.stop_propagation();
                close_and_focus();
            }
            "Tab" if open.get_untracked() => {
                // Focus goes on from the button, in the direction asked.
                focus_by_id(&handle.button_id.get_value());
                open.set(false);
            }
            "ArrowDown" | "ArrowUp" | "Home" | "End" => {
                ev.prevent_default();
                match in_menu {
                    Some(m) => move_menu_focus(&m, &key),
                    None if key == "ArrowDown" || key == "ArrowUp" => open_menu(key == "ArrowUp"),
                    None => {}
                }
            }
            k if k.chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() => {
                let Some(m) = in_menu else {
                    return;
                };
                if k == " " {
                    return;
                }
                ev.prevent_default();
                let now = js_sys::Date::now();
                let mut state = typed.borrow_mut();
                if now - state.1 > 500.0 {
                    state.0.clear();
                }
                state.0.push_str(k);
                state.1 = now;
                let typed = state.0.clone();
                leptos::task::spawn_local(async move { type_ahead(m.into(), typed).await });
            }
            _ => {}
        }
    };
    // Focus (or a click) leaving the button and its menu closes the menu.
    // (`try_`: a menu taken out of the page while an item had focus hears it go.)
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if open.try_get_untracked() == Some(true)
            && !super::focus::stays_inside(&ev, wrapper.try_get_untracked().flatten().as_deref())
        {
            open.try_set(false);
        }
    };
    let menu = move || {
        open.get().then(|| {
            // Made for this opening, dropped when it closes: the items' handle, and the
            // placement that follows the page (its listeners go with it).
            provide_context(handle);
            let placer: Rc<RefCell<Option<Placer>>> = Rc::new(RefCell::new(None));
            let _ = StoredValue::new_local(placer.clone());
            let at_end = start_at_end.get_value();
            let button_id = handle.button_id.get_value();
            request_animation_frame(move || {
                let (Some(b), Some(m)) = (element_by_id(&button_id), open_menu_element(&button_id))
                else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    menu_opened(b, m, at_end, placer).await;
                    // The first letter typed then moves at once.
                    __preload_type_ahead().await;
                });
            });
            view! {
                <ul role="menu" id=menu_id.clone() class="menu" aria-label=move || label.get()>
                    {children()}
                </ul>
            }
        })
    };
    view! {
        <div class="row-actions" node_ref=wrapper on:keydown=on_keydown on:focusout=on_focusout>
            <button
                type="button"
                id=id
                class="menu-button"
                aria-haspopup="menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=controls
                aria-label=move || label.get()
                on:click=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    } else {
                        open_menu(false);
                    }
                }
            >
                "⋯"
            </button>
            {menu}
        </div>
    }
}

fn element_by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The id of the menu of the button `button_id`.
pub fn menu_id_of(button_id: &str) -> String {
    format!("{button_id}-menu")
}

/// The open menu of the button `button_id`, if it is drawn.
fn open_menu_element(button_id: &str) -> Option<web_sys::HtmlElement> {
    element_by_id(&menu_id_of(button_id))?.dyn_into().ok()
}

/// Called by items that arrive after the menu opened (a chunk loaded on demand): focus goes to
/// the first one, if focus is still on the button or the menu.
pub fn focus_first_item_of(button_id: &str) {
    let Some(menu) = open_menu_element(button_id) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let here = active
        .as_ref()
        .is_some_and(|a| a.id() == button_id || menu.contains(Some(a.as_ref() as &web_sys::Node)));
    if here && active_index(&items(&menu)).is_none() {
        move_menu_focus(&menu, "Home");
    }
}
