//! Mounts the orders bundle (`orders.html`: the orders list and order forms).

use billing_console::app::{App, Section};
use billing_console::pages::orders_routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        leptos::prelude::view! { <App section=Section::Orders routes=orders_routes /> }
    });
}
