//! The one focus rule of the app, installed once by the shell (not by each page):
//!
//! - **Focus is never lost.** When the focused element is removed, hidden or disabled by a
//!   re-render (a chip removed, a row redrawn, a step replaced, a button busy), focus goes to
//!   the element now at the same place: the same id if it was redrawn, else the focusable at the same position in its nearest
//!   remaining container (the next chip, the next button), else the page's heading; and it is
//!   scrolled into view.
//! - **Focus stays in view.** After a key or a click changed the page (rows per page, next page),
//!   the focused control is scrolled back into view if the change pushed it out.
//! - **A route change is announced.** Focus goes to the new page's heading (which names it), and
//!   `document.title` names the page: the heading's `data-title` (e.g. "Mes services (320)"),
//!   else its text, then the app's name, in the current language.
//! - **The skip link moves focus** to the main content, not just the URL.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What a focusable element is, for finding the next one.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// How many ancestors of the focused element are remembered (nearest first).
const ANCESTORS: usize = 8;

/// A user action counts as the cause of a change for this long (ms).
const ACTION_WINDOW_MS: f64 = 1_500.0;

#[derive(Default)]
struct Keeper {
    /// The element that has (or last had) focus, its id, and its place in each ancestor.
    focused: Option<web_sys::Element>,
    id: Option<String>,
    places: Vec<(web_sys::Element, usize)>,
    /// When the user last pressed a key or a pointer button (`performance.now()`).
    last_action: f64,
    /// The title last written, to write it only when it changes.
    title: String,
    /// The language of the app's name in the title.
    locale: Option<crate::domain::Locale>,
    /// A check of the changes is waiting for the next frame.
    scheduled: bool,
}

thread_local! {
    static KEEPER: RefCell<Keeper> = RefCell::new(Keeper::default());
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Whether `el` takes space on the page (not in a closed `<details>`, `hidden`, `display: none`).
fn rendered(el: &web_sys::Element) -> bool {
    el.is_connected() && el.get_client_rects().length() > 0
}

/// The elements under `container` that match `selector`, in document order.
pub fn elements(container: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = container.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Whether focus can go to `e`: it takes space and is not inert (nor in a closed dialog).
fn usable(e: &web_sys::HtmlElement) -> bool {
    rendered(e)
        && e.closest("[inert], dialog:not([open])")
            .ok()
            .flatten()
            .is_none()
}

/// Whether focus, leaving an element of `container` (a `focusout`), goes to another element of
/// it: a menu or a popup stays open then, and closes otherwise.
pub fn stays_inside(ev: &leptos::ev::FocusEvent, container: Option<&web_sys::HtmlElement>) -> bool {
    ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .zip(container)
        .is_some_and(|(node, c)| c.contains(Some(&node)))
}

/// Remembers where the focused element is, to find its successor if it goes away: its index
/// among the elements that match [`FOCUSABLE`] in each ancestor, as the DOM lists them. It runs at
/// every focus change, so it reads no layout and makes a few calls per ancestor whatever the
/// number of elements (on a 300-line table, filtering each ancestor's thousand focusables by
/// their boxes forced a layout and some 18,000 calls into the browser per focus change); what is
/// usable is decided only when focus is lost ([`restore`]).
fn remember(target: web_sys::Element) {
    let mut places = Vec::new();
    let mut parent = target.parent_element();
    while let Some(ancestor) = parent {
        if places.len() == ANCESTORS || ancestor.tag_name() == "BODY" {
            break;
        }
        if let Ok(list) = ancestor.query_selector_all(FOCUSABLE) {
            if list.length() > 0 {
                let index = js_sys::Array::from(list.as_ref()).index_of(target.as_ref(), 0);
                places.push((ancestor.clone(), usize::try_from(index).unwrap_or(0)));
            }
        }
        parent = ancestor.parent_element();
    }
    let id = Some(target.id()).filter(|id| !id.is_empty());
    KEEPER.with_borrow_mut(|k| {
        k.focused = Some(target);
        k.id = id;
        k.places = places;
    });
}

/// The element now at `index` among `container`'s [`FOCUSABLE`] matches, or the nearest usable
/// one after it, else before it: "the next chip", "the next button".
fn successor_at(container: &web_sys::Element, index: usize) -> Option<web_sys::HtmlElement> {
    let all = elements(container, FOCUSABLE);
    let at = index.min(all.len().checked_sub(1)?);
    all[at..]
        .iter()
        .find(|e| usable(e))
        .or_else(|| all[..at].iter().rev().find(|e| usable(e)))
        .cloned()
}

/// Focuses `el` and brings it into view (the nearest edge, no jump when already visible).
pub fn focus_in_view(el: &web_sys::HtmlElement) {
    let _ = el.focus();
    keep_in_view(el);
}

/// Scrolls `el` into view if any part of it is outside the viewport.
pub fn keep_in_view(el: &web_sys::Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let width = window
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0);
    if rect.top() < 0.0 || rect.bottom() > height || rect.left() < 0.0 || rect.right() > width {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The page's heading (focusable by script only).
fn heading() -> Option<web_sys::HtmlElement> {
    let h1 = document()?.query_selector("main h1").ok()??;
    if !h1.has_attribute("tabindex") {
        let _ = h1.set_attribute("tabindex", "-1");
    }
    h1.dyn_into().ok()
}

fn main_element() -> Option<web_sys::HtmlElement> {
    document()?.get_element_by_id("main")?.dyn_into().ok()
}

/// Focus fell to `<body>` because the focused element went away: put it where that element was.
fn restore() {
    let (id, places, was_heading) = KEEPER.with_borrow(|k| {
        let was_heading = k.focused.as_ref().is_some_and(|f| f.tag_name() == "H1");
        (k.id.clone(), k.places.clone(), was_heading)
    });
    // The page's heading went away: a new page is coming (loaded on demand), its heading next.
    if was_heading {
        wait_for_heading(None, 0);
        return;
    }
    let Some(document) = document() else { return };
    if let Some(same) = id
        .and_then(|id| document.get_element_by_id(&id))
        .filter(rendered)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        focus_in_view(&same);
        return;
    }
    for (ancestor, index) in places {
        if !rendered(&ancestor) {
            continue;
        }
        if let Some(next) = successor_at(&ancestor, index) {
            focus_in_view(&next);
            return;
        }
    }
    if let Some(target) = heading().or_else(main_element) {
        focus_in_view(&target);
    }
}

fn active_is_body() -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_none_or(|e| e.tag_name() == "BODY")
}

/// The DOM changed: one check in the next frame, before it is drawn, whatever the number of
/// changes until then. Reading where an element is forces a layout; done at each change (an
/// action changes the DOM in several steps), it laid the page out several times per action. In
/// the frame's own callbacks it is the layout the frame needs anyway.
fn on_change() {
    let first = KEEPER.with_borrow_mut(|k| !std::mem::replace(&mut k.scheduled, true));
    if first {
        request_animation_frame(|| {
            KEEPER.with_borrow_mut(|k| k.scheduled = false);
            after_change();
        });
    }
}

/// After the DOM changed: restore lost focus, keep the focused element in view after a user
/// action, and keep the title in step with the page's heading.
fn after_change() {
    // Whether focus fell to `<body>` first: where the focused element is needs a layout.
    let lost = active_is_body()
        && KEEPER.with_borrow(|k| {
            k.focused
                .as_ref()
                .is_some_and(|f| !rendered(f) || f.has_attribute("disabled"))
        });
    if lost {
        restore();
    } else if now() - KEEPER.with_borrow(|k| k.last_action) < ACTION_WINDOW_MS {
        if let Some(active) = document().and_then(|d| d.active_element()) {
            if active.tag_name() != "BODY" && active.closest("dialog").ok().flatten().is_none() {
                keep_in_view(&active);
            }
        }
    }
    sync_title();
}

/// `document.title`: the heading's `data-title`, else its text, then the app's name.
fn sync_title() {
    let Some(document) = document() else { return };
    let Some(h1) = document.query_selector("main h1").ok().flatten() else {
        return;
    };
    let page = h1
        .get_attribute("data-title")
        .filter(|t| !t.is_empty())
        .or_else(|| h1.text_content())
        .unwrap_or_default();
    let Some(locale) = KEEPER.with_borrow(|k| k.locale) else {
        return;
    };
    let app = crate::i18n::messages(locale).app_title;
    let title = if page.trim().is_empty() {
        app.to_string()
    } else {
        format!("{} — {app}", page.trim())
    };
    let changed = KEEPER.with_borrow_mut(|k| {
        let changed = k.title != title;
        if changed {
            k.title = title.clone();
        }
        changed
    });
    if changed {
        document.set_title(&title);
    }
}

/// The language changed: the title follows.
pub fn set_locale(locale: crate::domain::Locale) {
    KEEPER.with_borrow_mut(|k| k.locale = Some(locale));
    sync_title();
}

/// Installs the rule: listeners on the document and one observer of the page's changes. They
/// are a chunk of their own, fetched right after the first render (nothing to keep before).
pub fn install() {
    leptos::task::spawn_local(async { install_keeper().await });
}

#[leptos::lazy]
fn install_keeper() {
    let Some(document) = document() else { return };
    let on_focusin = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            remember(target);
        }
    });
    let on_action = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| {
        KEEPER.with_borrow_mut(|k| k.last_action = now());
    });
    // A focused control disabled while its action runs ("Retry these", "Sending…"): the browser
    // moves focus to `<body>` in the frame after the change (with a `focusout` going nowhere),
    // later than the change's own check; one more check then puts focus back on the page.
    let on_focusout = Closure::<dyn Fn(web_sys::FocusEvent)>::new(|ev: web_sys::FocusEvent| {
        let disabled = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.has_attribute("disabled"));
        if disabled && ev.related_target().is_none() {
            on_change();
        }
    });
    let _ =
        document.add_event_listener_with_callback("focusin", on_focusin.as_ref().unchecked_ref());
    let _ =
        document.add_event_listener_with_callback("focusout", on_focusout.as_ref().unchecked_ref());
    on_focusout.forget();
    for event in ["keydown", "pointerdown"] {
        let _ = document.add_event_listener_with_callback_and_bool(
            event,
            on_action.as_ref().unchecked_ref(),
            true,
        );
    }
    on_focusin.forget();
    on_action.forget();
    let observer = Closure::<dyn Fn()>::new(on_change);
    if let (Ok(mo), Some(body)) = (
        web_sys::MutationObserver::new(observer.as_ref().unchecked_ref()),
        document.body(),
    ) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        options.set_attributes(true);
        options.set_attribute_filter(&js_sys::Array::of3(
            &"hidden".into(),
            &"open".into(),
            &"data-title".into(),
        ));
        let _ = mo.observe_with_options(&body, &options);
    }
    observer.forget();
    if let Some(active) = document.active_element().filter(|a| a.tag_name() != "BODY") {
        remember(active);
    }
    sync_title();
}

/// Moves focus from inside `<main>` to `<main>` itself (before a page is taken out of it), and
/// says whether it did: then the next page's heading is to take it ([`focus_next_heading`]),
/// since focus no longer falls to `<body>` for [`restore`] to see.
pub fn leave_main() -> bool {
    let Some(main) = main_element() else {
        return false;
    };
    let inside = document()
        .and_then(|d| d.active_element())
        .is_some_and(|active| !main.is_same_node(Some(&active)) && main.contains(Some(&active)));
    if inside {
        let _ = main.focus();
    }
    inside
}

/// Focuses the page's heading once it is drawn (the page before it is gone).
pub fn focus_next_heading() {
    wait_for_heading(None, 0);
}

/// After a route change (not a query change), once the new page's heading is there: focus it
/// (screen readers announce the page by its name) and start at the top. The heading on screen
/// when the route changed is the old page's until it is replaced (a page loaded on demand), so
/// a different one is waited for; the same one is taken after a few frames (a page drawn before
/// this runs), and if it then goes away, [`restore`] waits for the next one.
pub fn on_route_change() {
    let old = document().and_then(|d| d.query_selector("main h1").ok().flatten());
    wait_for_heading(old, 0);
}

fn wait_for_heading(old: Option<web_sys::Element>, attempt: u32) {
    request_animation_frame(move || {
        let new = heading().filter(|h1| {
            h1.text_content().is_some_and(|t| !t.trim().is_empty())
                && (attempt >= 6 || old.as_ref().is_none_or(|o| !o.is_same_node(Some(h1))))
        });
        match new {
            Some(h1) => {
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
                let _ = h1.focus();
                sync_title();
            }
            // A page whose heading waits for its data (an order's form): up to about 5 s.
            None if attempt < 300 => wait_for_heading(old, attempt + 1),
            None => {
                if let Some(main) = main_element() {
                    let _ = main.focus();
                }
            }
        }
    });
}

/// After the next render, focuses the first rendered element matching `selector` (the control
/// that takes over from one an action removes: the filter menus once the last chip is gone).
pub fn focus_after_render(selector: &'static str) {
    request_animation_frame(move || {
        let found = document()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .filter(rendered)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = found {
            focus_in_view(&el);
        }
    });
}

/// The skip link: focus the main content (the URL alone does not move focus).
pub fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(target) = heading().or_else(main_element) {
        focus_in_view(&target);
    }
}
