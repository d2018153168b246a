//! The application shell: configuration, context, header, router.

use crate::router::{use_location, use_query_map, NavigateOptions};
use leptos::prelude::*;

use crate::api::{self, ApiClient, AppConfig};
use crate::components::app_header::AppHeader;
use crate::domain::Locale;
use crate::i18n::{
    messages, orders_messages, tools_messages, Messages, OrdersMessages, ToolsMessages,
};

const SAVED_LOCALE_KEY: &str = "billing-console.locale";

/// What every page can reach: configuration, the API client, the locale. The shared state
/// (clock, account, stores, selection) is [`crate::state::AppState`].
#[derive(Clone)]
pub struct AppContext {
    pub config: AppConfig,
    pub api: ApiClient,
    pub locale: RwSignal<Locale>,
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

/// The current locale's messages, reactively: call it inside a closure in a view.
pub fn use_i18n() -> impl Fn() -> &'static Messages + Copy + 'static {
    let locale = use_app().locale;
    move || messages(locale.get())
}

/// The orders bundle's messages, reactively (common messages through `Deref`).
pub fn use_orders_i18n() -> impl Fn() -> &'static OrdersMessages + Copy + 'static {
    let locale = use_app().locale;
    move || orders_messages(locale.get())
}

/// The tools bundle's messages, reactively (common messages through `Deref`).
pub fn use_tools_i18n() -> impl Fn() -> &'static ToolsMessages + Copy + 'static {
    let locale = use_app().locale;
    move || tools_messages(locale.get())
}

/// A page's state as URL query pairs (key, unencoded value).
pub type QueryPairs = Vec<(&'static str, String)>;

/// Puts a page's state in its URL: `set(params, typing)` navigates to `path` with `params` as the
/// query, keeping a `?lang=` asked for in the URL; while typing the entry is replaced (no history
/// entry per keystroke), and the page never scrolls.
pub fn use_query_navigator(
    path: &'static str,
) -> StoredValue<impl Fn(QueryPairs, bool) + Send + Sync> {
    let location = use_location();
    let params = use_query_map();
    StoredValue::new(move |pairs: QueryPairs, typing: bool| {
        // A late update (the search box's pause in typing) must not bring the user back to a
        // page they just left.
        if location.pathname.get_untracked() != path {
            return;
        }
        let lang = params.with_untracked(|p| p.get("lang"));
        let url = crate::api::config::path_with_query(
            path,
            pairs.into_iter().chain(lang.map(|l| ("lang", l))),
        );
        location.navigate(
            &url,
            NavigateOptions {
                replace: typing,
                keep_scroll: true,
            },
        );
    })
}

/// A link between the console's pages, followed by the router (no page load, nothing loaded
/// twice); a language asked for in the URL (`?lang=`, a shared link) goes along. Its section's
/// chunk starts loading when the pointer or focus comes to it; `aria-current="page"` marks the
/// page (or section) the URL is on. Attributes given with `attr:` go on the `<a>`.
#[component]
pub fn NavLink(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let busy = crate::state::use_state().busy;
    let t = use_i18n();
    let path = href;
    let href = move || {
        path.with(|href| match query.with(|q| q.get("lang")) {
            Some(lang) => format!(
                "{href}{}lang={}",
                if href.contains('?') { '&' } else { '?' },
                crate::api::config::encode_query_value(&lang)
            ),
            None => href.clone(),
        })
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if !crate::router::is_plain_click(&ev) {
            return;
        }
        ev.prevent_default();
        // Leaving a page whose work is not done asks first, as the browser does for a reload.
        if busy.get_untracked()
            && web_sys::window()
                .and_then(|w| w.confirm_with_message(t().leave_busy).ok())
                .is_some_and(|leave| !leave)
        {
            return;
        }
        location.navigate(&href(), NavigateOptions::default());
    };
    let current = move || {
        let here = location
            .pathname
            .with(|p| path.with(|h| crate::router::is_current(h, p)));
        here.then_some("page")
    };
    // The pointer or focus on the link: the section's chunk starts loading.
    let preload = move || path.with_untracked(|p| crate::pages::preload_section(p));
    view! {
        <a
            href=href
            aria-current=current
            on:click=on_click
            on:pointerenter=move |_| preload()
            on:focus=move |_| preload()
        >
            {children()}
        </a>
    }
}

/// Loads `/config.json`, resolves the locale (the URL's `?lang=`, the saved choice, the
/// browser's languages, the configured default) and fetches its messages. Without configuration
/// there is no default: the browser's languages decide.
async fn boot() -> (Result<AppConfig, api::ApiError>, Locale) {
    let config = api::load_config().await;
    let languages = browser_languages();
    let locale = match &config {
        Ok(config) => Locale::resolve(
            query_param_from_location("lang").as_deref(),
            local_storage_get(SAVED_LOCALE_KEY).as_deref(),
            languages.iter().map(String::as_str),
            &config.default_locale,
        ),
        Err(_) => Locale::resolve(None, None, languages.iter().map(String::as_str), "fr"),
    };
    if config.is_ok() {
        crate::i18n::load(locale).await;
    } else {
        // The error must show even when the network that failed the configuration also fails
        // the messages' chunk: wait for it 3 s at most, then say it in French.
        let load = Box::pin(crate::i18n::load(locale));
        futures::future::select(load, gloo_timers::future::TimeoutFuture::new(3_000)).await;
    }
    (config, locale)
}

/// Shows the console in `wanted`. English and Italian messages are chunks: they are fetched
/// first, so a page never mixes two languages; when choices follow each other faster than the
/// fetches, the last one wins.
pub fn switch_locale(locale: RwSignal<Locale>, wanted: Locale) {
    thread_local! {
        static ASKED: std::cell::Cell<Option<Locale>> = const { std::cell::Cell::new(None) };
    }
    ASKED.with(|asked| asked.set(Some(wanted)));
    if crate::i18n::is_loaded(wanted) {
        if locale.get_untracked() != wanted {
            locale.set(wanted);
        }
        return;
    }
    leptos::task::spawn_local(async move {
        crate::i18n::load(wanted).await;
        if ASKED.with(|asked| asked.get()) == Some(wanted) && locale.get_untracked() != wanted {
            locale.set(wanted);
        }
    });
}

/// The root component: loads `/config.json` and the locale's messages, then renders the shell
/// and its one router. (A signal set once, not a `LocalResource`: the resource's machinery for
/// this one answer weighed 5.3 KiB brotli in the first load.)
#[component]
pub fn App() -> impl IntoView {
    let booted = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        booted.try_set(Some(boot().await));
    });
    view! {
        {move || match booted.get() {
            None => view! { <p class="boot" aria-busy="true">"…"</p> }.into_any(),
            Some((Ok(config), locale)) => view! { <Shell config=config locale=locale /> }.into_any(),
            Some((Err(error), locale)) => {
                let locale = if crate::i18n::is_loaded(locale) { locale } else { Locale::Fr };
                view! {
                    <main class="boot">
                        <p role="alert">{messages(locale).config_error}</p>
                        // Why, in the customer's language (the HTTP status for support), never
                        // this client's technical words.
                        <p class="muted">
                            {crate::components::error_panel::error_summary(messages(locale), &error.kind)}
                            {error.status.map(|s| format!(" (HTTP {s})"))}
                        </p>
                    </main>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Shell(config: AppConfig, locale: Locale) -> impl IntoView {
    let context = AppContext {
        api: ApiClient::new(config.api_base.clone(), config.timeout_ms),
        config,
        locale: RwSignal::new(locale),
    };
    provide_context(context.clone());
    // The server's clock, the account, the stores and the selection, once for every page.
    crate::state::AppState::provide(&context.api, &context.config);

    // <html lang> and the title follow the locale.
    let locale_signal = context.locale;
    Effect::new(move |_| {
        let locale = locale_signal.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", locale.tag());
            }
            document.set_title(messages(locale).app_title);
        }
        crate::components::focus::set_locale(locale);
    });
    crate::components::focus::install();

    crate::router::provide_location();
    let (page, leaving) = crate::pages::routes();

    view! {
        <LocaleFromQuery />
        <RouteFocus />
        <AppHeader />
        <main id="main" tabindex="-1" aria-busy=move || leaving.get().then_some("true")>
            {page}
        </main>
    }
}

/// After a route change (a new path, not a new query), focus goes to the new page's heading.
#[component]
fn RouteFocus() -> impl IntoView {
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|p| p != path) {
            crate::components::focus::on_route_change();
        }
        path
    });
}

/// Follows `?lang=` when the URL changes (links, back/forward).
#[component]
fn LocaleFromQuery() -> impl IntoView {
    let query = use_query_map();
    let locale = use_app().locale;
    Effect::new(move |_| {
        if let Some(wanted) = query
            .with(|q| q.get("lang"))
            .as_deref()
            .and_then(Locale::from_tag)
        {
            switch_locale(locale, wanted);
        }
    });
}

/// Saves the user's language choice for later visits.
pub fn save_locale(locale: Locale) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(SAVED_LOCALE_KEY, locale.tag());
    }
}

fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

fn local_storage_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

fn query_param_from_location(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| value.to_string())
    })
}

/// The current path with its query, to come back to after signing in.
pub fn current_path_and_query() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}",
                location.pathname().ok()?,
                location.search().ok()?
            ))
        })
        .unwrap_or_else(|| "/".to_string())
}
