//! One module per page.

pub mod account;
pub mod align;
pub mod batch;
pub mod batch_runner;
pub mod export;
pub mod not_found;
pub mod orders;
pub mod renew_batch;
pub mod services;
pub mod tools;

use leptos::prelude::*;

use crate::router::{use_location, NavigateOptions};

/// The console's sections, by path.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Services,
    Export,
    Batch,
    Orders,
    OrderForm,
    Account,
    NotFound,
}

impl Section {
    /// The section at `path`; `None` for `/`, which leads to the services. A trailing `/` is
    /// the same path.
    fn of(path: &str) -> Option<Section> {
        let path = path.strip_suffix('/').unwrap_or(path);
        Some(match path {
            "" => return None,
            "/services" => Section::Services,
            "/services/export" => Section::Export,
            "/services/batch" => Section::Batch,
            "/orders" => Section::Orders,
            "/account" => Section::Account,
            p if p
                .strip_prefix("/orders/")
                .is_some_and(|id| !id.is_empty() && !id.contains('/')) =>
            {
                Section::OrderForm
            }
            _ => Section::NotFound,
        })
    }

    /// Whether the section's page is a chunk loaded on demand (all but the services table).
    fn is_lazy(self) -> bool {
        self != Section::Services
    }

    /// Fetches the section's chunk (once: the loader keeps it).
    async fn load(self) {
        match self {
            Section::Services => {}
            Section::Export => __preload_export_page().await,
            Section::Batch => __preload_batch_page().await,
            Section::Orders => __preload_orders_page().await,
            Section::OrderForm => __preload_order_form_page().await,
            Section::Account => __preload_account_page().await,
            Section::NotFound => __preload_not_found_page().await,
        }
    }
}

/// The page of the current path. The services table is in the first load; the other sections
/// are wasm chunks loaded when first visited (`#[lazy]`, split by `wasm-split-cli` in
/// `scripts/build.sh`). A section whose chunk is on its way leaves the page it replaces on
/// screen until it is there (the URL has already changed); the newest path wins. Also returns
/// whether a page is being left (for `<main>`'s `aria-busy`).
pub fn routes() -> (AnyView, Signal<bool>) {
    let location = use_location();
    let pathname = location.pathname;
    let wanted = Memo::new(move |_| pathname.with(|p| Section::of(p)));
    let shown = RwSignal::new(wanted.get_untracked().filter(|s| !s.is_lazy()));
    Effect::new(move |_| {
        // One spelling of each path, the one the pages write their state to: `/` is the
        // services (with the query it came with, `?lang=`), a trailing `/` is dropped.
        let path = pathname.get_untracked();
        let section = wanted.get();
        let canonical = match section {
            None => Some("/services"),
            Some(section)
                if path.len() > 1 && path.ends_with('/') && section != Section::NotFound =>
            {
                Some(path.trim_end_matches('/'))
            }
            Some(_) => None,
        };
        if let Some(canonical) = canonical {
            let search = location.search.get_untracked();
            location.navigate(
                &format!("{canonical}{search}"),
                NavigateOptions::replacing(),
            );
        }
        // `/`: the effect runs again for `/services`. A trailing `/` dropped leaves the section
        // as it was (this effect does not run again for it): its page is shown now.
        let Some(section) = section else {
            return;
        };
        if shown.get_untracked() == Some(section) {
            return;
        }
        let show = move || {
            // The newest path wins over a chunk that arrives late, and a page is drawn once.
            if wanted.get_untracked() == Some(section) && shown.get_untracked() != Some(section) {
                // Focus leaves the page before it goes: its controls' focus handlers run while
                // the page is whole (a menu item taken out with its menu had them run on a menu
                // already dropped). The new page's heading takes it once drawn.
                let had_focus = crate::components::focus::leave_main();
                shown.set(Some(section));
                if had_focus {
                    crate::components::focus::focus_next_heading();
                }
                // A new page starts at its top.
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
        };
        // The page is swapped after the frame of the click that asked for it: tearing down a
        // table of 300 services and drawing the next page took 128 ms inside the click (its
        // interaction's time), and the link's own response is seen at once this way.
        // The first page has none to tear down: it is drawn at once.
        let first = shown.get_untracked().is_none();
        leptos::task::spawn_local(async move {
            section.load().await;
            if first {
                show();
            } else {
                after_next_paint(show);
            }
        });
    });
    let page = (move || match shown.get() {
        None => ().into_any(),
        Some(Section::Services) => view! { <services::ServicesPage /> }.into_any(),
        Some(section) => Suspend::new(lazy_section(section)).into_any(),
    })
    .into_any();
    // A page on screen while the next one comes: `<main>` says so (`aria-busy`, and a bar along
    // the top of the window), in the frame of the click, before the next page is drawn.
    let leaving = Signal::derive(move || {
        let shown = shown.get();
        shown.is_some() && wanted.get().is_some() && wanted.get() != shown
    });
    (page, leaving)
}

/// The page of a section loaded on demand (one future type for all, so one `Suspend`).
async fn lazy_section(section: Section) -> AnyView {
    match section {
        Section::Export => export_page().await,
        Section::Batch => batch_page().await,
        Section::Orders => orders_page().await,
        Section::OrderForm => order_form_page().await,
        Section::Account => account_page().await,
        Section::Services | Section::NotFound => not_found_page().await,
    }
}

#[leptos::lazy]
fn export_page() -> AnyView {
    view! { <export::ExportPage /> }.into_any()
}

#[leptos::lazy]
fn batch_page() -> AnyView {
    view! { <batch::BatchRoute /> }.into_any()
}

#[leptos::lazy]
fn orders_page() -> AnyView {
    view! { <orders::OrdersPage /> }.into_any()
}

#[leptos::lazy]
fn order_form_page() -> AnyView {
    view! { <orders::form::OrderFormPage /> }.into_any()
}

#[leptos::lazy]
fn account_page() -> AnyView {
    view! { <account::AccountPage /> }.into_any()
}

#[leptos::lazy]
fn not_found_page() -> AnyView {
    view! { <not_found::NotFoundPage /> }.into_any()
}

/// Starts fetching the chunk of the section at `path` (`/orders`, `/services/batch`…): called
/// when the pointer or focus comes to a link to it, so that following the link waits less or not
/// at all for the network. Paths of the first load, or unknown, do nothing. A chunk is fetched
/// once (the loader keeps it); a later call for it costs an idle callback and a finished future.
pub fn preload_section(path: &str) {
    match Section::of(path.split(['?', '#']).next().unwrap_or_default()) {
        Some(section) if section.is_lazy() && section != Section::NotFound => {
            when_idle(move || leptos::task::spawn_local(section.load()))
        }
        _ => {}
    }
}

/// Runs `work` in a task of its own once the next frame is painted (an animation frame, then a
/// timer), so that what an event handler changed is on screen before heavier work starts. A
/// hidden tab paints no frame: there, a timer of 100 ms runs it (whichever comes first, once).
pub fn after_next_paint(work: impl FnOnce() + 'static) {
    type Once = std::rc::Rc<std::cell::Cell<Option<Box<dyn FnOnce()>>>>;
    let work: Once = std::rc::Rc::new(std::cell::Cell::new(Some(Box::new(work))));
    let run = move |work: Once| {
        if let Some(work) = work.take() {
            work();
        }
    };
    let after_frame = work.clone();
    request_animation_frame(move || {
        gloo_timers::callback::Timeout::new(0, move || run(after_frame)).forget();
    });
    gloo_timers::callback::Timeout::new(100, move || run(work)).forget();
}

/// How long work asked for "when idle" may wait for an idle period, in milliseconds.
const IDLE_DEADLINE_MS: u32 = 200;

/// Runs `work` when the browser is idle (not in the frame of the event that asked for it), and
/// at the latest [`IDLE_DEADLINE_MS`] later. The deadline is not a nicety: Chromium starts idle
/// periods after frames, so on a still page an idle callback without one waits for the next
/// frame, however long (measured headless: more than 20 s, until something repainted). Where
/// there is no `requestIdleCallback` (Safari), a timer.
pub fn when_idle(work: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let work = wasm_bindgen::closure::Closure::once_into_js(work);
    let work: &js_sys::Function = work.unchecked_ref();
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(IDLE_DEADLINE_MS);
    if window
        .request_idle_callback_with_options(work, &options)
        .is_err()
    {
        _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(work, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn each_path_has_its_section() {
        assert_eq!(Section::of("/"), None, "the services, by a redirect");
        assert_eq!(Section::of(""), None);
        assert_eq!(Section::of("/services"), Some(Section::Services));
        assert_eq!(Section::of("/services/"), Some(Section::Services));
        assert_eq!(Section::of("/services/export"), Some(Section::Export));
        assert_eq!(Section::of("/services/batch"), Some(Section::Batch));
        assert_eq!(Section::of("/orders"), Some(Section::Orders));
        assert_eq!(Section::of("/orders/"), Some(Section::Orders));
        assert_eq!(Section::of("/orders/216000001"), Some(Section::OrderForm));
        assert_eq!(Section::of("/account"), Some(Section::Account));
        for unknown in [
            "/nope",
            "/orders/1/x",
            "/services/exports",
            "/servicesx",
            "/account/x",
            "//",
        ] {
            assert_eq!(Section::of(unknown), Some(Section::NotFound), "{unknown}");
        }
    }
}
