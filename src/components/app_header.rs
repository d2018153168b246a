//! The header: product name, main navigation, language switcher, signed-in account.

use leptos::prelude::*;

use crate::router::{use_location, NavigateOptions};

use crate::app::{save_locale, switch_locale, use_app, use_i18n, NavLink};
use crate::domain::Locale;

#[component]
pub fn AppHeader() -> impl IntoView {
    let app = use_app();
    let t = use_i18n();
    let locale = app.locale;
    let account = crate::state::use_state().account;
    let location = use_location();

    let on_language = move |ev: leptos::ev::Event| {
        let Some(chosen) = Locale::from_tag(&event_target_value(&ev)) else {
            return;
        };
        switch_locale(locale, chosen);
        save_locale(chosen);
        // Keep the choice in the URL so a reload or a shared link shows the same language.
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let mut pairs: Vec<String> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .map(str::to_string)
            .collect();
        pairs.push(format!("lang={}", chosen.tag()));
        location.navigate(
            &format!("{path}?{}", pairs.join("&")),
            NavigateOptions {
                replace: true,
                keep_scroll: true,
            },
        );
    };

    view! {
        <a class="skip-link" href="#main" on:click=crate::components::focus::skip_to_main>{move || t().skip_to_content}</a>
        <header class="app-header">
            <span class="brand">{move || t().app_title}</span>
            <nav aria-label=move || t().nav_label>
                <NavLink href="/services">{move || t().nav_services}</NavLink>
                <NavLink href="/orders">{move || t().nav_orders}</NavLink>
                <NavLink href="/account">{move || t().nav_account}</NavLink>
            </nav>
            <div class="header-tools">
                <label class="language">
                    <span>{move || t().language_label}</span>
                    <select on:change=on_language prop:value=move || locale.get().tag()>
                        {Locale::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l.tag() selected=move || locale.get() == l lang=l.tag()>
                                        {l.endonym()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <span class="account-badge" aria-label=move || t().account_badge_label role="status">
                    {move || account.nic()}
                </span>
            </div>
        </header>
    }
}
