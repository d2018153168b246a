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
        <Routes fallback=|| view! { <Suspense fallback=|| ()>{Suspend::new(not_found_page())}</Suspense> }>
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

/// Starts fetching the chunk of the section at `path` (`/orders`, `/services/batch`…), once per
/// section: called when the pointer or focus comes to a link to it, so that following the link
/// waits less or not at all for the network. Paths of the first load, or unknown, do nothing.
pub fn preload_section(path: &str) {
    thread_local!(static ASKED: std::cell::Cell<u8> = const { std::cell::Cell::new(0) });
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let section: u8 = match path {
        "/services/export" => 1,
        "/services/batch" => 2,
        "/orders" => 4,
        "/account" => 8,
        _ if path.starts_with("/orders/") => 16,
        _ => return,
    };
    if ASKED.get() & section != 0 {
        return;
    }
    ASKED.set(ASKED.get() | section);
    // When the browser is idle: not in the frame of the event that asked.
    request_idle_callback(move || match section {
        1 => leptos::task::spawn_local(ExportRoute::preload()),
        2 => leptos::task::spawn_local(BatchRoute::preload()),
        4 => leptos::task::spawn_local(OrdersRoute::preload()),
        8 => leptos::task::spawn_local(AccountRoute::preload()),
        _ => leptos::task::spawn_local(OrderFormRoute::preload()),
    });
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
