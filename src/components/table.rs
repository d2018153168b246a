//! Table widgets shared by the services and orders lists: a sortable column header, the pager and
//! the toolbar's "show what is hidden" checkbox.
//! They take signals and callbacks, not a page's query type, so each page keeps its own URL codec.

use leptos::prelude::*;

use crate::app::{use_app, use_i18n};
use crate::domain::format::integer;
use crate::domain::query::PAGE_SIZES;

/// A column header: a button that sorts, with `aria-sort` on the header cell.
/// `sorted` is `None` when the table is not sorted by this column, else `Some(descending)`.
#[component]
pub fn SortHeader(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] sorted: Signal<Option<bool>>,
    on_sort: Callback<()>,
) -> impl IntoView {
    let aria_sort = move || match sorted.get() {
        None => "none",
        Some(false) => "ascending",
        Some(true) => "descending",
    };
    let arrow = move || match sorted.get() {
        None => "↕",
        Some(false) => "▲",
        Some(true) => "▼",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort-button" on:click=move |_| on_sort.run(())>
                {move || label.get()}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// Where the pager stands: the page (1-based), the page count, the page size, and the rows shown
/// (`first` 0-based index, `shown` on this page, `total` in all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PagerState {
    pub page: usize,
    pub page_count: usize,
    pub page_size: usize,
    pub first: usize,
    pub shown: usize,
    pub total: usize,
}

/// Page size, first/previous/next/last, and "Rows 1–25 of 280".
#[component]
pub fn Pager(
    #[prop(into)] state: Signal<PagerState>,
    on_page: Callback<usize>,
    on_size: Callback<usize>,
) -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let page = move || state.with(|s| s.page);
    let last = move || state.with(|s| s.page_count);
    let range_text = move || {
        let l = locale.get();
        let s = state.get();
        // Nothing to show: the table says so; "Rows 0–0 of 0" would add nothing.
        if s.total == 0 {
            return String::new();
        }
        (t().range_of)(
            &integer((s.first + 1) as u64, l),
            &integer((s.first + s.shown) as u64, l),
            &integer(s.total as u64, l),
        )
    };
    let size_changed = move |ev: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<usize>() {
            on_size.run(size);
        }
    };
    view! {
        <nav class="pager" aria-label=move || t().page_label>
            <label>
                <span>{move || t().rows_per_page}</span>
                <select on:change=size_changed prop:value=move || state.with(|s| s.page_size.to_string())>
                    {PAGE_SIZES
                        .into_iter()
                        .map(|size| {
                            view! {
                                <option value=size.to_string() selected=move || state.with(|s| s.page_size == size)>
                                    {size}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <span class="range" aria-live="polite">{range_text}</span>
            <button type="button" aria-label=move || t().first_page disabled=move || page() <= 1 on:click=move |_| on_page.run(1)>
                "«"
            </button>
            <button type="button" aria-label=move || t().previous_page disabled=move || page() <= 1 on:click=move |_| on_page.run(page() - 1)>
                "‹"
            </button>
            <button type="button" aria-label=move || t().next_page disabled=move || { page() >= last() } on:click=move |_| on_page.run(page() + 1)>
                "›"
            </button>
            <button type="button" aria-label=move || t().last_page disabled=move || { page() >= last() } on:click=move |_| on_page.run(last())>
                "»"
            </button>
        </nav>
    }
}

/// A toolbar checkbox that shows what a list hides by default (terminated services, expired
/// orders): `checked` reads the flag from the page's query, `on_toggle` writes it; `class` adds
/// to the label's (`chip-toggle` in the services toolbar). A plain function, not a component:
/// each toolbar's closures stay inline (no signal or callback made for them).
pub fn list_toggle(
    class: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    on_toggle: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class=class>
            <input
                type="checkbox"
                prop:checked=checked
                on:change=move |ev| on_toggle(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}
