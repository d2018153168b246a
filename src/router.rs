//! The console's one router: the URL as signals, links followed without a page load,
//! Back/Forward, and the query read as pairs.
//!
//! `leptos_router` did this with about 120 KiB of code in the first load before `wasm-opt`
//! (61 KiB of its own, the rest its generic code in tachys and reactive_graph; 29 KiB brotli):
//! nested route matching, async route data, forms, a global click handler, for six flat paths.
//! This is what the console uses of it: [`use_location`], [`use_query_map`],
//! [`Location::navigate`] and the links of [`crate::app::NavLink`]. The paths and their pages
//! are in [`crate::pages::routes`]. Every link inside the console is a `NavLink`; a plain `<a>`
//! is for what leaves it (the provider's pages, payment, signing in) or a place in the page.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The current URL, reactively. `pathname` changes only when the path does, `search` (the query
/// with its `?`, or empty) only when the query does.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
    pub search: Memo<String>,
    query: Memo<Query>,
    url: RwSignal<(String, String)>,
}

/// A URL's query as decoded pairs, in order.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Reads `a=1&b=x%20y` (a leading `?` allowed) as `URLSearchParams` does: `+` is a space,
    /// percent escapes are bytes, what is not UTF-8 becomes U+FFFD, empty pieces are skipped.
    pub fn parse(search: &str) -> Self {
        let search = search.strip_prefix('?').unwrap_or(search);
        Query(
            search
                .split('&')
                .filter(|piece| !piece.is_empty())
                .map(|piece| {
                    let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
                    (decode(key), decode(value))
                })
                .collect(),
        )
    }

    /// The value of `key`: the last one when the query has it more than once.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find_map(|(k, v)| (k == key).then(|| v.clone()))
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the URL the browser is at, listens to Back/Forward, and provides the [`Location`]:
/// called once, by the shell, before the pages are drawn.
pub fn provide_location() {
    let url = RwSignal::new(browser_url());
    let pathname = Memo::new(move |_| url.with(|(path, _)| path.clone()));
    let search = Memo::new(move |_| url.with(|(_, search)| search.clone()));
    let query = Memo::new(move |_| search.with(|s| Query::parse(s)));
    // Back, Forward, and a link to `#id` in the page (the browser scrolls to it itself).
    let listener = window_event_listener(leptos::ev::popstate, move |_| url.set(browser_url()));
    on_cleanup(move || listener.remove());
    provide_context(Location {
        pathname,
        search,
        query,
        url,
    });
}

fn browser_url() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let read = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    (
        read(web_sys::Location::pathname),
        read(web_sys::Location::search),
    )
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// The current URL's query, reactively.
pub fn use_query_map() -> Memo<Query> {
    use_location().query
}

/// The query of the page that calls it (when it is drawn): the URL's while the URL is on that
/// page's path; while the page is being left (it stays on screen until the next page's chunk is
/// there) the last one it had, so it is not drawn again for a URL that is not its own (a searched
/// table shown unfiltered, all its rows, while "Mes commandes" comes).
pub fn use_page_query() -> Memo<Query> {
    let location = use_location();
    let own = location
        .pathname
        .with_untracked(|p| p.trim_end_matches('/').to_string());
    Memo::new(move |previous: Option<&Query>| {
        let here = location.pathname.with(|p| p.trim_end_matches('/') == own);
        match previous {
            Some(previous) if !here => previous.clone(),
            _ => location.query.get(),
        }
    })
}

/// How [`Location::navigate`] changes the history.
#[derive(Clone, Copy, Default)]
pub struct NavigateOptions {
    /// Replace the current entry rather than add one (the table's state while typing).
    pub replace: bool,
    /// Keep the scroll position (the URL follows the page's state; the page stays where it is).
    pub keep_scroll: bool,
}

impl NavigateOptions {
    /// Another spelling of the same page (`/` for `/services`): the entry is replaced.
    pub fn replacing() -> Self {
        NavigateOptions {
            replace: true,
            keep_scroll: false,
        }
    }
}

impl Location {
    /// Goes to `to` (a path with its query, on this origin) without loading a page: the history gets
    /// an entry (or the current one is replaced), and the pages follow the new [`Location`]. A new
    /// path's page focuses its heading and scrolls up itself (`RouteFocus` in the shell); a new query
    /// on the same path scrolls up unless `keep_scroll`. Anything that resolves to another origin
    /// (`//host`, `/\host`, a full URL) is refused: nothing happens.
    pub fn navigate(self, to: &str, options: NavigateOptions) {
        let url = self.url;
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let (Ok(here), Ok(origin)) = (location.href(), location.origin()) else {
            return;
        };
        // As the browser resolves it, and as `location.pathname` and `location.search` will read
        // it (an empty query is none).
        let Ok(target) = web_sys::Url::new_with_base(to, &here) else {
            return;
        };
        if target.origin() != origin {
            return;
        }
        let (path, search) = (target.pathname(), target.search());
        let to = format!("{path}{search}{}", target.hash());
        let to = to.as_str();
        let Ok(history) = window.history() else {
            return;
        };
        let same = url.with_untracked(|(p, s)| *p == path && *s == search);
        let same_path = url.with_untracked(|(p, _)| *p == path);
        // Following a link to where one is adds no entry (as the browser does).
        let written = if options.replace || same {
            history.replace_state_with_url(&JsValue::NULL, "", Some(to))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(to))
        };
        if written.is_err() {
            // A path of this origin the history refuses: the browser goes there itself.
            let _ = location.set_href(to);
            return;
        }
        if !same {
            url.set((path, search));
        }
        if same_path && !options.keep_scroll {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// Whether a link to `href` points at the page the URL is on, or at a section it is in
/// (`/services` for `/services/export`): the `aria-current="page"` of the header's links.
pub fn is_current(href: &str, pathname: &str) -> bool {
    let href = href.split(['?', '#']).next().unwrap_or_default();
    let href = href
        .strip_suffix('/')
        .filter(|h| !h.is_empty())
        .unwrap_or(href);
    pathname == href
        || pathname
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a click on a link is the router's to follow: the main button, no modifier key (a
/// new tab or window, a download is the browser's), not already handled.
pub fn is_plain_click(ev: &web_sys::MouseEvent) -> bool {
    !ev.default_prevented()
        && ev.button() == 0
        && !(ev.meta_key() || ev.alt_key() || ev.ctrl_key() || ev.shift_key())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_read_as_url_search_params_reads_them() {
        let q = Query::parse("?q=Boulangerie%20Dupont&type=domain&type=vps&lang=it&empty=&flag");
        assert_eq!(q.get("q").as_deref(), Some("Boulangerie Dupont"));
        assert_eq!(
            q.get("type").as_deref(),
            Some("vps"),
            "the last of a repeated key"
        );
        assert_eq!(q.get("empty").as_deref(), Some(""));
        assert_eq!(q.get("flag").as_deref(), Some(""));
        assert_eq!(q.get("missing"), None);
        assert_eq!(Query::parse("a=x+y%2By").get("a").as_deref(), Some("x y+y"));
        assert_eq!(
            Query::parse("a=caf%C3%A9").get("a").as_deref(),
            Some("café")
        );
        assert_eq!(
            Query::parse("a=%E9t%C3").get("a").as_deref(),
            Some("\u{fffd}t\u{fffd}")
        );
        assert_eq!(
            Query::parse("a=100%&b=%2").get("a").as_deref(),
            Some("100%")
        );
        assert_eq!(Query::parse("a=100%&b=%2").get("b").as_deref(), Some("%2"));
        assert_eq!(Query::parse("a%3Db=c=d").get("a=b").as_deref(), Some("c=d"));
        assert_eq!(Query::parse(""), Query::default());
        assert_eq!(Query::parse("?&&"), Query::default());
    }

    #[test]
    fn what_the_console_encodes_it_reads_back() {
        use crate::api::config::path_with_query;
        for value in [
            "",
            "a b",
            "x+y",
            "100 %",
            "é/ü?&=#",
            "sqlprive-dp12345-001",
            "\u{1F600}",
        ] {
            let url = path_with_query("/services", [("q", value.to_string())]);
            let (_, search) = url.split_once('?').unwrap();
            assert_eq!(
                Query::parse(search).get("q").as_deref(),
                Some(value),
                "{url}"
            );
        }
    }

    #[test]
    fn a_link_is_current_on_its_page_and_in_its_section() {
        assert!(is_current("/services", "/services"));
        assert!(is_current("/services?lang=en", "/services"));
        assert!(is_current("/services", "/services/export"));
        assert!(is_current("/orders", "/orders/216000001"));
        assert!(!is_current("/orders", "/orderscheck"));
        assert!(!is_current("/orders", "/services"));
        assert!(!is_current("/services/export", "/services"));
    }
}
