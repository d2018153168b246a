//! The lines of the services table: selection, expander, name and reference with the search
//! highlighted, type, state, status, next date, frequency and the row's actions.
//!
//! The table's hot path, so its lines are written with DOM calls, not with a `<For>` of views:
//! a sort or a filter changes every line of a page, and Leptos's keyed `<For>` spent about
//! 6.5 ms of a sort's 10 ms of script making, unmounting and dropping 25 lines of views (their
//! owners, erased attributes, effects and listeners), against 3 ms for the whole sort of a
//! plain-JS page (issue 16). Here a line is its elements, its texts set as text (never parsed),
//! and two parts that stay Leptos views, mounted in it: its actions menu (the shared
//! `MenuButton`, mounted in place of a plain button the first time that is used) and, after an
//! action, its notice. Still keyed by what it shows: a line whose service, search, language and
//! day are unchanged is kept (moved if it must, not drawn again); its notice and its group's
//! arrow change in place. The checkbox, the arrow and the plain actions button are handled by
//! the table body's listeners (`grid.rs`); the checkboxes follow the selection in place.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::tachys::reactive_graph::{OwnedView, OwnedViewState};
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlInputElement};

use super::actions::{row_actions_id, ActionRequest, RowActions, RowNotice};
use super::Line;
use crate::components::menu::menu_id_of;
use crate::domain::dates::days_between;
use crate::domain::format::date;
use crate::domain::locale::Locale;
use crate::domain::services::RenewalStatus;
use crate::domain::text::match_ranges;
use crate::i18n::Messages;

/// What a line was drawn from: the same again keeps it.
struct Drawn {
    line: Line,
    needle: String,
    notice: Option<RowNotice>,
    locale: Locale,
    today: chrono::NaiveDate,
    tr: Element,
    select: Option<HtmlInputElement>,
    /// The arrow that shows or hides the group's linked services.
    expander: Option<Element>,
    /// The name's cell, where the notice goes.
    th: Element,
    /// The actions cell: a plain button until first used, then the shared menu button.
    actions_cell: Element,
    /// The line's actions menu (a Leptos view) once its button was first used.
    actions: Option<Part>,
    /// The notice of the row's last action (a Leptos view), changed in place.
    notice_part: Option<Part>,
}

/// A Leptos view mounted in a line.
type Part = OwnedViewState<AnyViewState>;

impl Drawn {
    /// Whether the line shows this, but for what changes in place: its notice, and whether its
    /// group is open.
    fn shows(&self, line: &Line, needle: &str, locale: Locale, today: chrono::NaiveDate) -> bool {
        let (was, is) = (&self.line, line);
        was.row == is.row
            && was.child == is.child
            && was.context == is.context
            && was.linked.map(|(count, _)| count) == is.linked.map(|(count, _)| count)
            && self.needle == needle
            && self.locale == locale
            && self.today == today
    }

    /// The group was opened or closed: its arrow says so, in place (focus stays on it).
    fn set_linked(&mut self, linked: Option<(usize, bool)>, m: &'static Messages) {
        if self.line.linked == linked {
            return;
        }
        self.line.linked = linked;
        if let (Some(button), Some((count, open))) = (&self.expander, linked) {
            set_expander(button, count, open, &self.line.row.display_name, m);
        }
    }

    /// The row's notice changed (an action answered): only the notice is drawn again, so the
    /// line keeps its elements, and focus stays where it is.
    fn set_notice(&mut self, notice: Option<&RowNotice>, m: &'static Messages, owner: &Owner) {
        if self.notice.as_ref() == notice {
            return;
        }
        if let Some(mut old) = self.notice_part.take() {
            old.unmount();
        }
        self.notice = notice.cloned();
        self.notice_part = notice.map(|n| notice_view(n.clone(), m, owner, &self.th));
    }
}

/// What the lines need from the page, read when a line is drawn.
#[derive(Clone, Copy)]
pub(super) struct LineContext {
    pub request: RwSignal<Option<ActionRequest>>,
    pub selected: RwSignal<HashSet<u64>>,
}

/// The lines drawn in the table body, in order.
#[derive(Clone, Copy)]
pub(super) struct DrawnLines(StoredValue<Vec<Drawn>, LocalStorage>);

impl DrawnLines {
    pub fn new() -> DrawnLines {
        DrawnLines(StoredValue::new_local(Vec::new()))
    }

    /// Makes `body` show `lines`: a line shown before with the same content is kept (moved where
    /// it goes), the others are drawn; the lines no longer shown are taken out at once and their
    /// Leptos parts dropped after the next paint (it is not work the user waits for).
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        self,
        body: &Element,
        lines: &[Line],
        needle: &str,
        notices: &HashMap<u64, RowNotice>,
        locale: Locale,
        today: chrono::NaiveDate,
        owner: &Owner,
        cx: LineContext,
    ) {
        let Some(document) = body.owner_document() else {
            return;
        };
        let m = crate::i18n::messages(locale);
        let mut old = self.0.try_update_value(std::mem::take).unwrap_or_default();
        let mut drawn = Vec::with_capacity(lines.len());
        let mut kept_any = false;
        for line in lines {
            let notice = notices.get(&line.row.id);
            let kept = old
                .iter()
                .position(|d| d.shows(line, needle, locale, today));
            kept_any |= kept.is_some();
            drawn.push(match kept {
                Some(i) => {
                    // `remove`, not `swap_remove`: lines alike keep their order.
                    let mut d = old.remove(i);
                    d.set_linked(line.linked, m);
                    d.set_notice(notice, m, owner);
                    d
                }
                None => draw(&document, line, needle, notice, m, locale, today, owner, cx),
            });
        }
        if kept_any {
            // The lines gone are taken out first, so that the lines kept in the same order are
            // not moved (moving a line would take focus out of it); then each new or moved
            // line is put where it goes.
            for d in &old {
                d.tr.remove();
            }
            let mut cursor = body.first_element_child();
            for d in &drawn {
                if cursor.as_ref().is_some_and(|c| c == &d.tr) {
                    cursor = d.tr.next_element_sibling();
                } else {
                    let _ = body.insert_before(&d.tr, cursor.as_ref().map(|c| c.unchecked_ref()));
                }
            }
        } else {
            // Every line is new (a sort, a filter, another page): one call.
            let trs: js_sys::Array = drawn.iter().map(|d| JsValue::from(&d.tr)).collect();
            body.replace_children_with_node(&trs);
        }
        self.0.set_value(drawn);
        if !old.is_empty() {
            crate::pages::after_next_paint(move || drop(old));
        }
    }

    /// The checkboxes follow the selection.
    pub fn check(self, selected: &HashSet<u64>) {
        self.0.with_value(|drawn| {
            for d in drawn {
                if let Some(input) = &d.select {
                    let on = selected.contains(&d.line.row.id);
                    if input.checked() != on {
                        input.set_checked(on);
                    }
                }
            }
        });
    }

    /// The line's actions menu button, mounted in place of its plain button the first time
    /// that is used (a click, or an arrow key that opens the menu): the new button, to which
    /// the caller gives focus and the event. None if the line (`tr`, the one used: an id may
    /// show twice) is gone or already has it.
    pub fn actions(
        self,
        tr: &Element,
        owner: &Owner,
        cx: LineContext,
    ) -> Option<web_sys::HtmlElement> {
        self.0
            .try_update_value(|drawn| {
                let d = drawn
                    .iter_mut()
                    .find(|d| d.tr == *tr && d.actions.is_none())?;
                let m = crate::i18n::messages(d.locale);
                let label = (m.actions_for)(&d.line.row.display_name);
                let (row, request) = (d.line.row.clone(), cx.request);
                d.actions_cell.set_text_content(None);
                d.actions = Some(mount(owner, &d.actions_cell, move || {
                    view! { <RowActions label=label row=row request=request /> }.into_any()
                }));
                d.actions_cell
                    .query_selector("button.menu-button")
                    .ok()
                    .flatten()?
                    .dyn_into()
                    .ok()
            })
            .flatten()
    }

    /// Everything drawn is dropped (the table is left).
    pub fn clear(self) {
        let old = self.0.try_update_value(std::mem::take).unwrap_or_default();
        drop(old);
    }
}

/// A line's plain actions button's wrapper (the menu button not mounted yet).
pub(super) const LAZY_ACTIONS: &str = "div.row-actions[data-lazy]";

/// The element an event happened in, or its nearest ancestor, that matches `selector`.
pub(super) fn target_closest(ev: &web_sys::Event, selector: &str) -> Option<Element> {
    ev.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// The service id of the line an event happened in.
pub(super) fn line_id(target: &Element) -> Option<u64> {
    target
        .closest("tr[data-id]")
        .ok()
        .flatten()?
        .get_attribute("data-id")?
        .parse()
        .ok()
}

fn element(document: &Document, tag: &str, class: &str) -> Element {
    let el = document.create_element(tag).expect("an element");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el
}

fn text_element(document: &Document, parent: &Element, tag: &str, class: &str, text: &str) {
    let el = element(document, tag, class);
    el.set_text_content(Some(text));
    let _ = parent.append_child(&el);
}

/// Text with the parts matching the search in `<mark>`: one text when nothing matches (no
/// search, or a sort or filter: most lines).
fn highlighted(document: &Document, parent: &Element, text: &str, needle: &str) {
    let ranges = match_ranges(text, needle);
    if ranges.is_empty() {
        parent.set_text_content(Some(text));
        return;
    }
    let mut at = 0;
    for range in ranges {
        if range.start > at {
            let _ = parent.append_with_str_1(&text[at..range.start]);
        }
        text_element(document, parent, "mark", "", &text[range.clone()]);
        at = range.end;
    }
    if at < text.len() {
        let _ = parent.append_with_str_1(&text[at..]);
    }
}

/// Mounts a Leptos view at the end of `parent`, owned by a child of `owner` (so it reads the
/// page's context, as a `<For>`'s line does).
fn mount(owner: &Owner, parent: &Element, view: impl FnOnce() -> AnyView) -> Part {
    let child = owner.child();
    let view = child.with(view);
    let mut state = OwnedView::new_with_owner(view, child).build();
    state.mount(parent, None);
    state
}

/// A row's notice, with the link to the order its action created.
fn notice_view(notice: RowNotice, m: &'static Messages, owner: &Owner, th: &Element) -> Part {
    mount(owner, th, move || {
        view! {
            <span class=format!("row-notice {}", notice.tone)>
                {notice.text.text(m)}
                {notice.order.map(|order| view! {
                    " "<crate::app::NavLink href=format!("/orders/{order}")>{m.order_created_link}</crate::app::NavLink>
                })}
            </span>
        }
        .into_any()
    })
}

#[allow(clippy::too_many_arguments)]
fn draw(
    document: &Document,
    line: &Line,
    needle: &str,
    notice: Option<&RowNotice>,
    m: &'static Messages,
    locale: Locale,
    today: chrono::NaiveDate,
    owner: &Owner,
    cx: LineContext,
) -> Drawn {
    let Line {
        row,
        linked,
        child,
        context,
    } = line;
    let id = row.id;
    let name: &str = &row.display_name;
    let tr = element(
        document,
        "tr",
        match (child, context) {
            (true, _) => "child",
            (false, true) => "context",
            _ => "",
        },
    );
    let _ = tr.set_attribute("data-id", &id.to_string());

    let cell = element(document, "td", "select-col");
    let select = (!context).then(|| {
        let input: HtmlInputElement = element(document, "input", "").unchecked_into();
        input.set_type("checkbox");
        let _ = input.set_attribute("aria-label", &(m.select_service)(name));
        input.set_checked(cx.selected.with_untracked(|s| s.contains(&id)));
        let _ = cell.append_child(&input);
        input
    });
    let _ = tr.append_child(&cell);

    let cell = element(document, "td", "expander-col");
    let expander = linked.map(|(count, open)| {
        let button = element(document, "button", "expander");
        let _ = button.set_attribute("type", "button");
        button.set_id(&format!("expand-{id}"));
        set_expander(&button, count, open, name, m);
        let _ = cell.append_child(&button);
        button
    });
    let _ = tr.append_child(&cell);

    let th = element(document, "th", "name-cell");
    let _ = th.set_attribute("scope", "row");
    let span = element(document, "span", "service-name");
    highlighted(document, &span, name, needle);
    let _ = th.append_child(&span);
    if row.reference != row.display_name {
        let span = element(document, "span", "reference");
        highlighted(document, &span, &row.reference, needle);
        let _ = th.append_child(&span);
    }
    if *context {
        text_element(document, &th, "span", "reference", m.shown_for_context);
    }
    if let Some(a) = row.attention(today) {
        text_element(document, &th, "span", "flag attention", (m.attention)(a));
    }
    let notice_part = notice.map(|n| notice_view(n.clone(), m, owner, &th));
    let _ = tr.append_child(&th);

    text_element(document, &tr, "td", "", &(m.service_type)(&row.kind));
    text_element(document, &tr, "td", "", &(m.resource_state)(&row.state));
    let cell = element(document, "td", "");
    text_element(
        document,
        &cell,
        "span",
        status_class(&row.status),
        &(m.renewal_status)(&row.status),
    );
    let _ = tr.append_child(&cell);

    let cell = element(document, "td", "");
    match row.next_effective_date() {
        Some(d) => {
            let time = element(document, "time", "");
            let _ = time.set_attribute("datetime", &d.to_string());
            time.set_text_content(Some(&date(d, locale)));
            let _ = cell.append_child(&time);
            let days = days_between(today, d);
            if (-30..=30).contains(&days) {
                text_element(
                    document,
                    &cell,
                    "span",
                    "relative",
                    &(m.days_relative)(days),
                );
            }
        }
        None => cell.set_text_content(Some(m.not_set)),
    }
    let _ = tr.append_child(&cell);
    let frequency = row
        .period_months
        .map(|n| (m.every_months)(n))
        .unwrap_or_else(|| m.not_set.to_string());
    text_element(document, &tr, "td", "", &frequency);

    // The actions: the menu button's closed state, as the shared `MenuButton` draws it; the
    // button itself is mounted when first used (`DrawnLines::actions`), most lines' never are.
    let cell = element(document, "td", "actions-col");
    let wrapper = element(document, "div", "row-actions");
    let _ = wrapper.set_attribute("data-lazy", "");
    let button = element(document, "button", "menu-button");
    let button_id = row_actions_id(id);
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("aria-haspopup", "menu");
    let _ = button.set_attribute("aria-expanded", "false");
    let _ = button.set_attribute("aria-controls", &menu_id_of(&button_id));
    let _ = button.set_attribute("aria-label", &(m.actions_for)(name));
    button.set_id(&button_id);
    button.set_text_content(Some("⋯"));
    let _ = wrapper.append_child(&button);
    let _ = cell.append_child(&wrapper);
    let _ = tr.append_child(&cell);

    Drawn {
        line: line.clone(),
        needle: needle.to_string(),
        notice: notice.cloned(),
        locale,
        today,
        tr,
        select,
        expander,
        th,
        actions_cell: cell,
        actions: None,
        notice_part,
    }
}

/// The arrow of a group: open or closed, and its name saying what it does.
fn set_expander(button: &Element, count: usize, open: bool, name: &str, m: &'static Messages) {
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let label = if open {
        (m.hide_linked)(count, name)
    } else {
        (m.show_linked)(count, name)
    };
    let _ = button.set_attribute("aria-label", &label);
    button.set_text_content(Some(if open { "▾" } else { "▸" }));
}

/// The status badge's classes (whole, not formatted for each line).
fn status_class(status: &RenewalStatus) -> &'static str {
    match status {
        RenewalStatus::BillToPay => "badge status-danger",
        RenewalStatus::TerminationRequested | RenewalStatus::Terminated => "badge status-warning",
        RenewalStatus::Automatic => "badge status-ok",
        RenewalStatus::Manual | RenewalStatus::OneShot | RenewalStatus::Other(_) => {
            "badge status-neutral"
        }
    }
}
