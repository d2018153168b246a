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
use leptos_router::path;

/// The services bundle (`index.html`): the services table, and `/` → `/services`.
pub fn services_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <not_found::NotFoundPage /> }>
            <Route path=path!("/") view=|| view! { <Redirect path="/services" /> } />
            <Route path=path!("/services") view=services::ServicesPage />
        </Routes>
    }
    .into_any()
}

/// The orders bundle (`orders.html`): the list and each order's HTML form.
pub fn orders_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <not_found::NotFoundPage /> }>
            <Route path=path!("/orders") view=orders::OrdersPage />
            <Route path=path!("/orders/:id") view=orders::form::OrderFormPage />
        </Routes>
    }
    .into_any()
}

/// The tools bundle (`tools.html`): the export and batch pages, and the account's health.
pub fn tools_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <not_found::NotFoundPage /> }>
            <Route path=path!("/services/export") view=export::ExportPage />
            <Route path=path!("/services/batch") view=batch::BatchRoute />
            <Route path=path!("/account") view=account::AccountPage />
        </Routes>
    }
    .into_any()
}
