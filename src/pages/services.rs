//! "My services": every service of the account, loaded in pages with progress.

use leptos::prelude::*;

use crate::api::pagination::LoadProgress;
use crate::api::ApiError;
use crate::app::{use_app, use_i18n, AppContext};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::LoadProgressBar;
use crate::domain::dates::{days_between, today};
use crate::domain::format::{date, integer};
use crate::domain::services::ServiceRow;

/// Rows per page until the full table (filters, sort, page size in the URL) lands.
const PAGE_SIZE: usize = 25;

#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let rows = RwSignal::new(Vec::<ServiceRow>::new());
    let progress = RwSignal::new(LoadProgress::default());
    let state = RwSignal::new(LoadState::Loading);
    let generation = RwSignal::new(0u32);
    let page = RwSignal::new(0usize);

    // (Re)load everything whenever `generation` changes; a stale load's pages are dropped.
    let api = app.api.clone();
    Effect::new(move |_| {
        let this_load = generation.get();
        state.set(LoadState::Loading);
        rows.set(Vec::new());
        progress.set(LoadProgress::default());
        page.set(0);
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let result = api
                .load_services(|services, so_far| {
                    if generation.get_untracked() != this_load {
                        return;
                    }
                    rows.update(|r| r.extend(services.iter().map(ServiceRow::from_service)));
                    progress.set(so_far);
                })
                .await;
            if generation.get_untracked() == this_load {
                state.set(match result {
                    Ok(_) => LoadState::Ready,
                    Err(error) => LoadState::Failed(error),
                });
            }
        });
    });
    let retry = Callback::new(move |_| generation.update(|g| *g += 1));

    let total_rows = move || rows.with(Vec::len);
    let last_page = Memo::new(move |_| total_rows().div_ceil(PAGE_SIZE).max(1) - 1);
    let visible = move || {
        let start = page.get() * PAGE_SIZE;
        rows.with(|r| {
            r.iter()
                .skip(start)
                .take(PAGE_SIZE)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let count_text = move || (t().services_count)(&integer(total_rows() as u64, locale.get()));
    let range_text = move || {
        let total = total_rows();
        let first = (page.get() * PAGE_SIZE + 1).min(total);
        let last = ((page.get() + 1) * PAGE_SIZE).min(total);
        let l = locale.get();
        (t().range_of)(
            &integer(first as u64, l),
            &integer(last as u64, l),
            &integer(total as u64, l),
        )
    };

    view! {
        <section class="page">
            <h1>{move || t().services_heading}</h1>
            {move || {
                (state.get() == LoadState::Loading)
                    .then(|| {
                        view! {
                            <LoadProgressBar
                                progress=progress.into()
                                label=Signal::derive(move || t().services_loading_label)
                            />
                        }
                    })
            }}
            {move || match state.get() {
                LoadState::Failed(error) => view! { <ErrorPanel error=error on_retry=retry /> }.into_any(),
                _ => ().into_any(),
            }}
            {move || {
                let skipped = progress.get().skipped;
                (skipped > 0)
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {move || (t().services_skipped)(&integer(skipped, locale.get()))}
                            </p>
                        }
                    })
            }}
            {move || {
                (state.get() == LoadState::Ready && total_rows() == 0)
                    .then(|| view! { <p class="empty">{move || t().services_empty}</p> })
            }}
            <Show when=move || { total_rows() > 0 }>
                <p class="table-summary" role="status">{count_text}</p>
                <div class="table-scroll">
                    <table class="data-table" aria-label=move || t().services_table_label>
                        <thead>
                            <tr>
                                <th scope="col">{move || t().col_name}</th>
                                <th scope="col">{move || t().col_type}</th>
                                <th scope="col">{move || t().col_state}</th>
                                <th scope="col">{move || t().col_status}</th>
                                <th scope="col">{move || t().col_next_date}</th>
                                <th scope="col">{move || t().col_frequency}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=visible key=|row| row.id children=move |row| view! { <ServiceRowView row=row /> } />
                        </tbody>
                    </table>
                </div>
                <nav class="pager" aria-label=move || t().page_label>
                    <button
                        type="button"
                        disabled=move || page.get() == 0
                        on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                    >
                        {move || t().previous_page}
                    </button>
                    <span>{range_text}</span>
                    <button
                        type="button"
                        disabled=move || { page.get() >= last_page.get() }
                        on:click=move |_| page.update(|p| *p += 1)
                    >
                        {move || t().next_page}
                    </button>
                </nav>
            </Show>
        </section>
    }
}

#[component]
fn ServiceRowView(row: ServiceRow) -> impl IntoView {
    let t = use_i18n();
    let app: AppContext = use_app();
    let locale = app.locale;
    let today = today(app.now_secs(), AppContext::utc_offset_minutes());
    let ServiceRow {
        display_name,
        reference,
        kind,
        state,
        status,
        period_months,
        ..
    } = row.clone();
    let next = row.next_effective_date();
    let show_reference = reference != display_name;
    let status_class = format!("badge status-{}", status_class(&row));
    view! {
        <tr>
            <th scope="row" class="name-cell">
                <span class="service-name">{display_name}</span>
                {show_reference.then(|| view! { <span class="reference">{reference}</span> })}
            </th>
            <td>{move || (t().service_type)(&kind)}</td>
            <td>{move || (t().resource_state)(&state)}</td>
            <td>
                <span class=status_class>{move || (t().renewal_status)(&status)}</span>
            </td>
            <td>
                {move || match next {
                    Some(d) => {
                        let days = days_between(today, d);
                        let near = (-30..=30).contains(&days);
                        view! {
                            <time datetime=d.to_string()>{date(d, locale.get())}</time>
                            {near.then(|| view! { <span class="relative">{(t().days_relative)(days)}</span> })}
                        }
                            .into_any()
                    }
                    None => t().not_set.into_any(),
                }}
            </td>
            <td>{move || period_months.map(|m| (t().every_months)(m)).unwrap_or_else(|| t().not_set.to_string())}</td>
        </tr>
    }
}

fn status_class(row: &ServiceRow) -> &'static str {
    use crate::domain::services::RenewalStatus::*;
    match row.status {
        BillToPay => "danger",
        TerminationRequested | Terminated => "warning",
        Automatic => "ok",
        Manual | OneShot | Other(_) => "neutral",
    }
}
