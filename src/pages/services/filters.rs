//! The table's filters: one menu per filter group with the count each option would match, and
//! the chips of the active filters.

use leptos::prelude::*;

use crate::components::focus::focus_after_render;
use crate::components::popup::FilterPopup;

use crate::app::{use_app, use_i18n};
use crate::domain::query::{type_from_key, Facet, Filtered, TableQuery, STATUS_OPTIONS};
use crate::domain::text::fold;
use crate::i18n::{messages, Messages};
use crate::state::Shared;

/// The label of a filter option in the user's language.
fn option_label(m: &Messages, facet: Facet, key: &str) -> String {
    match facet {
        Facet::Type => (m.service_type)(&type_from_key(key)),
        Facet::State => (m.resource_state)(&crate::api::models::ResourceState::from_wire(key)),
        Facet::Renew => (m.renew_option)(key),
        Facet::Status => m.status_option(key).to_string(),
    }
}

impl Messages {
    fn status_option(&self, key: &str) -> &'static str {
        (self.status_option)(key)
    }

    fn facet_label(&self, facet: Facet) -> &'static str {
        match facet {
            Facet::Type => self.filter_type,
            Facet::State => self.filter_state,
            Facet::Renew => self.filter_renew,
            Facet::Status => self.filter_status,
        }
    }
}

/// One disclosure per filter group; each option is a checkbox with the count it would match.
#[component]
pub(super) fn FilterMenus<U>(
    query: Memo<TableQuery>,
    filtered: Memo<Shared<Filtered>>,
    update: U,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut TableQuery), bool) + Copy + Send + Sync + 'static,
{
    let t = use_i18n();
    let toggle = Callback::new(move |(facet, key, on): (Facet, String, bool)| {
        update(
            &move |q| {
                if on {
                    q.filter_mut(facet).insert(key.clone());
                } else {
                    q.filter_mut(facet).remove(&key);
                }
            },
            false,
        );
    });
    view! {
        <div class="filters" role="group" aria-label=move || t().filters_label>
            {Facet::ALL
                .into_iter()
                .map(|facet| {
                    let active = move || query.with(|q| q.filter(facet).len());
                    let open = RwSignal::new(false);
                    let summary = ViewFn::from(move || view! {
                        {move || t().facet_label(facet)}
                        {move || (active() > 0).then(|| view! { <span class="filter-count">{active()}</span> })}
                    });
                    view! {
                        <FilterPopup open=open summary=summary>
                            // The options are a chunk of their own, fetched when a menu first opens.
                            {Suspend::new(filter_options(query, filtered, facet, toggle))}
                        </FilterPopup>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The options of one filter menu, with their counts: loaded when a filter menu first opens.
#[leptos::lazy]
fn filter_options(
    query: Memo<TableQuery>,
    filtered: Memo<Shared<Filtered>>,
    facet: Facet,
    toggle: Callback<(Facet, String, bool)>,
) -> AnyView {
    let t = use_i18n();
    let locale = use_app().locale;
    let options = move |facet: Facet| -> Vec<(String, String, usize)> {
        // Counts come from the search/filter pass alone: a sort or a page change keeps them.
        let filtered = filtered.get();
        let counts = &filtered.0.facet_counts[facet as usize];
        let m = messages(locale.get());
        let selected = query.with(|q| q.filter(facet).clone());
        let mut keys: Vec<String> = match facet {
            Facet::Status => STATUS_OPTIONS.iter().map(|s| s.to_string()).collect(),
            _ => counts.keys().cloned().collect(),
        };
        // A selected option stays listed even when nothing matches it any more.
        keys.extend(selected.into_iter().filter(|k| !counts.contains_key(k)));
        keys.sort();
        keys.dedup();
        let mut options: Vec<(String, String, usize)> = keys
            .into_iter()
            .map(|k| {
                let label = option_label(m, facet, &k);
                let count = counts.get(&k).copied().unwrap_or(0);
                (k, label, count)
            })
            .collect();
        if facet != Facet::Status {
            options.sort_by_cached_key(|option| fold(&option.1));
        }
        options
    };
    view! {
        <fieldset>
            <legend class="visually-hidden">{move || t().facet_label(facet)}</legend>
            <For
                each=move || options(facet)
                key=|option| option.clone()
                children=move |(key, label, count)| {
                    let checked = {
                        let key = key.clone();
                        move || query.with(|q| q.filter(facet).contains(&key))
                    };
                    let on_change = move |ev: leptos::ev::Event| {
                        toggle.run((facet, key.clone(), event_target_checked(&ev)));
                    };
                    view! {
                        <label class="filter-option">
                            <input type="checkbox" prop:checked=checked on:change=on_change />
                            <span>{label}</span>
                            <span class="option-count">{move || format!("({})", crate::domain::format::integer(count as u64, locale.get()))}</span>
                        </label>
                    }
                }
            />
        </fieldset>
    }
    .into_any()
}

/// Each active filter as a removable chip, and "clear all".
#[component]
pub(super) fn ActiveFilters<U>(query: Memo<TableQuery>, update: U) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut TableQuery), bool) + Copy + Send + Sync + 'static,
{
    let t = use_i18n();
    let locale = use_app().locale;
    let chips = move || {
        query.with(|q| {
            Facet::ALL
                .into_iter()
                .flat_map(|facet| q.filter(facet).iter().map(move |v| (facet, v.clone())))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || query.with(TableQuery::has_filters)>
            <div class="chips" role="group" aria-label=move || t().active_filters_label>
                <For
                    each=chips
                    key=|chip| chip.clone()
                    children=move |(facet, key)| {
                        let label = {
                            let key = key.clone();
                            move || {
                                let m = messages(locale.get());
                                let text = option_label(m, facet, &key);
                                (m.filter_chip)(m.facet_label(facet), &text)
                            }
                        };
                        let remove_label = {
                            let label = label.clone();
                            move || (t().remove_filter)(&label())
                        };
                        let on_click = move |_| {
                            let key = key.clone();
                            // Read before the change (the URL, hence the query, follows later).
                            let last = query.with_untracked(|q| {
                                Facet::ALL.iter().map(|f| q.filter(*f).len()).sum::<usize>() == 1
                            });
                            update(&move |q| {
                                q.filter_mut(facet).remove(&key);
                            }, false);
                            // The last chip gone, its group goes too: back to the filters.
                            if last {
                                focus_after_render(".filters summary");
                            }
                        };
                        view! {
                            <span class="chip">
                                {label}
                                <button type="button" class="chip-remove" aria-label=remove_label on:click=on_click>
                                    "×"
                                </button>
                            </span>
                        }
                    }
                />
                <button
                    type="button"
                    class="button link"
                    on:click=move |_| {
                        update(&|q| q.filters = Default::default(), false);
                        focus_after_render(".filters summary");
                    }
                >
                    {move || t().clear_filters}
                </button>
            </div>
        </Show>
    }
}
