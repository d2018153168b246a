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
use leptos_router::components::{Redirect, Route, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

/// Every page of the console, in one router. The services table is in the first load; the
/// other sections are wasm chunks loaded when first visited (`#[lazy_route]`, split by
/// `wasm-split-cli` in `scripts/build.sh`).
pub fn routes() -> AnyView {
    view! {
        <Routes fallback=|| Suspend::new(not_found_page())>
            <Route path=path!("/") view=|| view! { <Redirect path="/services" /> } />
            <Route path=path!("/services") view=services::ServicesPage />
            <Route path=path!("/services/export") view={Lazy::<ExportRoute>::new()} />
            <Route path=path!("/services/batch") view={Lazy::<BatchRoute>::new()} />
            <Route path=path!("/orders") view={Lazy::<OrdersRoute>::new()} />
            <Route path=path!("/orders/:id") view={Lazy::<OrderFormRoute>::new()} />
            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
        </Routes>
    }
    .into_any()
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
    let preload: fn() = match path.split(['?', '#']).next().unwrap_or_default() {
        "/services/export" => || leptos::task::spawn_local(ExportRoute::preload()),
        "/services/batch" => || leptos::task::spawn_local(BatchRoute::preload()),
        "/orders" => || leptos::task::spawn_local(OrdersRoute::preload()),
        "/account" => || leptos::task::spawn_local(AccountRoute::preload()),
        p if p.starts_with("/orders/") => || leptos::task::spawn_local(OrderFormRoute::preload()),
        _ => return,
    };
    when_idle(preload);
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

macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                let page = view! { <$page /> };
                page.into_any()
            }
        }
    };
}

lazy_page!(ExportRoute, export::ExportPage);
lazy_page!(BatchRoute, batch::BatchRoute);
lazy_page!(OrdersRoute, orders::OrdersPage);
lazy_page!(OrderFormRoute, orders::form::OrderFormPage);
lazy_page!(AccountRoute, account::AccountPage);
