//! The filter panel: groups and organizations with counts, dates with presets, search.

use crate::i18n::*;
use crate::pages::explorer::use_explorer;
use chrono::Datelike;
use dxday_core::campaign::same_day_in;
use dxday_core::dates::vietnam_today;
use dxday_core::query::{iso_date, parse_date};
use leptos::prelude::*;

/// Every control that narrows the list, as the side panel (tablet width and up, and in
/// another site's widget).
#[component]
pub fn FilterPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading">{t!(i18n, filters.heading)}</h2>
            <FilterControls/>
            <ClearAll/>
        </aside>
    }
}

/// The controls themselves, the same in the side panel and in the phone's sheet.
#[component]
fn FilterControls() -> impl IntoView {
    view! {
        <SearchBox/>
        <GroupChoices/>
        <OrgChoices/>
        <DateChoices/>
    }
}

/// Lifts every filter at once.
#[component]
fn ClearAll() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let clear = move |_| state.update(|q| q.filter = Default::default());
    view! {
        <button type="button" class="filters__clear" on:click=clear>
            {t!(i18n, filters.clear_all)}
        </button>
    }
}

/// On a phone: the "Lọc" button, which says how many filters are on, and the filters in a
/// modal sheet (a native `<dialog>`: the page behind is inert, so focus stays inside, and
/// Esc closes it). The results behind it follow each choice; "Xem N hoạt động" closes it.
#[component]
pub fn FilterSheet() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    // The sheet's first and last controls: Tab from the last goes round to the first and
    // Shift+Tab from the first to the last, so focus never leaves the sheet for the
    // browser's own toolbar (where a modal dialog alone lets it go).
    let wrap = move |ev: leptos::ev::KeyboardEvent, to: &str, back: bool| {
        if ev.key() == "Tab" && ev.shift_key() == back {
            ev.prevent_default();
            crate::browser::focus(to);
        }
    };
    let on = {
        let state = state.clone();
        Memo::new(move |_| {
            state
                .query
                .with(|q| q.filter.known_to(&state.loaded.plan).active_count())
        })
    };
    let any = Memo::new(move |_| on.get() > 0);
    let open = move |_| {
        if let Some(d) = crate::browser::dialog("filter-sheet") {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = crate::browser::dialog("filter-sheet") {
            d.close();
        }
    };
    // However it was closed (Esc, a button, a tap beside it), focus goes back to "Lọc".
    let on_close = move |_| crate::browser::focus("filter-toggle");
    // A tap on the dimmed page around the sheet lands on the dialog itself: it closes it.
    let on_backdrop = move |ev: leptos::ev::MouseEvent| {
        if ev.target() == ev.current_target() {
            close();
        }
    };
    let shown = {
        let state = state.clone();
        move || state.results.with(|r| r.matches.len())
    };
    let show_label = move || {
        let n = shown();
        if n == 1 {
            t_string!(i18n, filters.show_one).to_string()
        } else {
            let count = dxday_core::dates::count(n, i18n.get_locale());
            t_string!(i18n, filters.show, count = count).to_string()
        }
    };
    let show = move |_| {
        close();
        crate::browser::scroll_to("results-heading");
    };
    view! {
        <button type="button" class="filter-toggle" id="filter-toggle" aria-haspopup="dialog" on:click=open>
            {t!(i18n, filters.open)}
            // Looked at again only when filters come on or all go (the count follows on
            // its own).
            {move || any.get().then(|| view! {
                <span class="filter-toggle__count" aria-hidden="true">{move || on.get()}</span>
                <span class="visually-hidden">
                    {move || t_string!(i18n, filters.on_count, count = on.get()).to_string()}
                </span>
            })}
        </button>
        <dialog class="sheet" id="filter-sheet" aria-labelledby="filters-heading" on:close=on_close on:click=on_backdrop>
            <div class="filters filters--sheet">
                <div class="sheet__head">
                    <h2 id="filters-heading">{t!(i18n, filters.heading)}</h2>
                    <button type="button" class="sheet__close" id="filter-sheet-first" on:click=move |_| close()
                        on:keydown=move |ev| wrap(ev, "filter-sheet-last", true)>
                        {t!(i18n, filters.close)}
                    </button>
                </div>
                <div class="sheet__body">
                    <FilterControls/>
                </div>
                <div class="sheet__foot">
                    <ClearAll/>
                    <button type="button" class="primary" id="filter-sheet-last" on:click=show
                        on:keydown=move |ev| wrap(ev, "filter-sheet-first", false)>{show_label}</button>
                </div>
            </div>
        </dialog>
    }
}

/// The search box: its own text, so a trailing space survives; the address follows it.
#[component]
fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let query = state.query;
    let text = RwSignal::new(query.get_untracked().filter.q);
    // Back, forward or "clear" change the address: the box follows unless it already says it.
    crate::app::effect(move || {
        let q = query.with(|q| q.filter.q.clone());
        if text.get_untracked().trim() != q {
            text.set(q);
        }
    });
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        let mut q = query.get_untracked();
        q.filter.q = value.trim().to_owned();
        state.set_query.run((q, true));
    };
    view! {
        <div class="field">
            <label for="filter-q">{t!(i18n, filters.search)}</label>
            <p class="field__hint" id="filter-q-hint">{t!(i18n, filters.search_hint)}</p>
            <input
                id="filter-q"
                type="search"
                autocomplete="off"
                aria-describedby="filter-q-hint"
                // A closure, not the signal: see the header's menu.
                prop:value=move || text.get()
                on:input=on_input
            />
        </div>
    }
}

/// Which list of checkboxes a choice belongs to.
#[derive(Clone, Copy)]
enum Facet {
    Group,
    Org,
}

impl Facet {
    fn ids(self, filter: &mut dxday_core::Filter) -> &mut Vec<String> {
        match self {
            Facet::Group => &mut filter.groups,
            Facet::Org => &mut filter.orgs,
        }
    }

    fn has(self, filter: &dxday_core::Filter, id: &str) -> bool {
        let ids = match self {
            Facet::Group => &filter.groups,
            Facet::Org => &filter.orgs,
        };
        ids.iter().any(|x| x == id)
    }

    fn count(self, results: &dxday_core::Results, i: usize) -> usize {
        let counts = match self {
            Facet::Group => &results.group_counts,
            Facet::Org => &results.org_counts,
        };
        counts.get(i).copied().unwrap_or(0)
    }
}

/// One checkbox with how many activities it would show.
fn choice(
    facet: Facet,
    i: usize,
    id: String,
    name: dxday_core::Text,
    is_unit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let lang = move || i18n.get_locale();
    let checked = {
        let (state, id) = (state.clone(), id.clone());
        Memo::new(move |_| state.query.with(|q| facet.has(&q.filter, &id)))
    };
    let count = {
        let state = state.clone();
        move || dxday_core::dates::count(state.results.with(|r| facet.count(r, i)), lang())
    };
    let input_id = match facet {
        Facet::Group => format!("group-{id}"),
        Facet::Org => format!("org-{id}"),
    };
    let on_change = move |_| {
        let id = id.clone();
        state.update(move |q| toggle(facet.ids(&mut q.filter), &id))
    };
    view! {
        <li class=if is_unit { "choices__unit" } else { "" }>
            <input type="checkbox" id=input_id.clone() prop:checked=move || checked.get() on:change=on_change/>
            <label for=input_id>
                {move || name.get(lang()).to_owned()}
                " "
                <span class="count">"(" {count} ")"</span>
            </label>
        </li>
    }
}

/// One checkbox per organizer group.
#[component]
fn GroupChoices() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let items = state
        .loaded
        .plan
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| choice(Facet::Group, i, g.id.clone(), g.name.clone(), false))
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, filters.groups)}</legend>
            <ul>{items}</ul>
        </fieldset>
    }
}

/// One checkbox per organization, units under their parent.
#[component]
fn OrgChoices() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let plan = &state.loaded.plan;
    // Parents first, each followed by its units, so the list reads like an organization chart.
    let mut ordered = Vec::new();
    for (i, o) in plan.organizations.iter().enumerate() {
        if o.parent.is_none() {
            ordered.push((i, false));
            for (j, unit) in plan.organizations.iter().enumerate() {
                if unit.parent.as_deref() == Some(o.id.as_str()) {
                    ordered.push((j, true));
                }
            }
        }
    }
    let items = ordered
        .into_iter()
        .map(|(i, is_unit)| {
            let org = &plan.organizations[i];
            choice(Facet::Org, i, org.id.clone(), org.name.clone(), is_unit)
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, filters.orgs)}</legend>
            <ul>{items}</ul>
        </fieldset>
    }
}

/// From and to dates, and quick choices for the campaign's windows.
#[component]
fn DateChoices() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let year = state.loaded.plan.year;
    let query = state.query;
    let from = move || query.with(|q| q.filter.from.map(iso_date).unwrap_or_default());
    let to = move || query.with(|q| q.filter.to.map(iso_date).unwrap_or_default());
    let set_from = {
        let state = state.clone();
        move |ev| {
            let d = parse_date(&event_target_value(&ev));
            state.update(|q| q.filter.from = d);
        }
    };
    let set_to = {
        let state = state.clone();
        move |ev| {
            let d = parse_date(&event_target_value(&ev));
            state.update(|q| q.filter.to = d);
        }
    };
    let day = move |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(year, m, d);
    let preset = move |from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>| {
        let state = state.clone();
        move |_| {
            state.update(|q| {
                q.filter.from = from;
                q.filter.to = to;
            })
        }
    };
    // "Today" speaks of the year on screen: in another year's plan it is the same day of
    // that year, and says so.
    let now = vietnam_today(crate::browser::now_millis());
    let today = same_day_in(year, now);
    let today_label = move || {
        if now.year() == year {
            t_string!(i18n, filters.preset_today).to_string()
        } else {
            t_string!(i18n, filters.preset_same_day, year = year).to_string()
        }
    };
    view! {
        <fieldset class="choices dates">
            <legend>{t!(i18n, filters.dates)}</legend>
            <div class="dates__inputs">
                <div class="field">
                    <label for="filter-from">{t!(i18n, filters.from)}</label>
                    <input id="filter-from" type="date" prop:value=from on:change=set_from/>
                </div>
                <div class="field">
                    <label for="filter-to">{t!(i18n, filters.to)}</label>
                    <input id="filter-to" type="date" prop:value=to on:change=set_to/>
                </div>
            </div>
            <p class="dates__presets-label" id="presets-label">{t!(i18n, filters.presets)}</p>
            <div class="dates__presets" role="group" aria-labelledby="presets-label">
                <button type="button" on:click=preset(day(10, 1), day(10, 10))>
                    {t!(i18n, filters.preset_days)}
                </button>
                <button type="button" on:click=preset(day(10, 1), day(10, 31))>
                    {t!(i18n, filters.preset_month)}
                </button>
                <button type="button" on:click=preset(today, today)>{today_label}</button>
            </div>
        </fieldset>
    }
}

fn toggle(list: &mut Vec<String>, id: &str) {
    if let Some(pos) = list.iter().position(|x| x == id) {
        list.remove(pos);
    } else {
        list.push(id.to_owned());
    }
}
