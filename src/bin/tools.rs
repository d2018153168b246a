//! Mounts the tools bundle (`tools.html`: the services export).

use billing_console::app::{App, Section};
use billing_console::pages::tools_routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        leptos::prelude::view! { <App section=Section::Tools routes=tools_routes /> }
    });
}
