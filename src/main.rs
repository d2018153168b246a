//! Mounts the services bundle (`index.html`: services and account); everything else lives in the
//! library. The orders bundle is `src/bin/orders.rs`.

use billing_console::app::{App, Section};
use billing_console::pages::services_routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        leptos::prelude::view! { <App section=Section::Services routes=services_routes /> }
    });
}
