//! The filter panel: groups and organizations with counts, dates with presets, search.

use crate::i18n::*;
use crate::pages::explorer::use_explorer;
use chrono::Datelike;
use dxday_core::campaign::same_day_in;
use dxday_core::dates::vietnam_today;
use dxday_core::page::{FilterWords, choice_id, filter_controls_html};
use dxday_core::query::{iso_date, parse_date};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// The controls themselves, the same in the side panel and in the phone's sheet: written
/// by dxday-core (page::filter_controls_html) as one piece of markup for each plan and
/// language, then kept in step with the address in place, and read by one listener of
/// each kind on their box (see there for the bytes this saves).
#[component]
fn FilterControls() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let markup = {
        let state = state.clone();
        move || {
            let plan = &state.loaded.plan;
            let year = plan.year;
            // "Today" speaks of the year on screen: in another year's plan it is the same
            // day of that year, and says so.
            let now = vietnam_today(crate::browser::now_millis());
            let today_label = if now.year() == year {
                t_string!(i18n, filters.preset_today).to_string()
            } else {
                t_string!(i18n, filters.preset_same_day, year = year).to_string()
            };
            let words = FilterWords {
                search: t_string!(i18n, filters.search),
                search_hint: t_string!(i18n, filters.search_hint),
                groups: t_string!(i18n, filters.groups),
                orgs: t_string!(i18n, filters.orgs),
                dates: t_string!(i18n, filters.dates),
                from: t_string!(i18n, filters.from),
                to: t_string!(i18n, filters.to),
                presets: t_string!(i18n, filters.presets),
                preset_days: t_string!(i18n, filters.preset_days),
                preset_month: t_string!(i18n, filters.preset_month),
                preset_today: &today_label,
            };
            // Drawn again for a new language only: what the reader changes is put in
            // place by the effect below.
            state.query.with_untracked(|q| {
                state.results.with_untracked(|r| {
                    filter_controls_html(
                        plan,
                        i18n.get_locale(),
                        &words,
                        &q.filter,
                        r,
                        same_day_in(year, now),
                    )
                })
            })
        }
    };
    {
        let state = state.clone();
        // Not for a new language: the markup is written again then, with all of this in it.
        crate::app::effect(move || {
            let lang = i18n.get_locale_untracked();
            state.query.with(|q| {
                state
                    .results
                    .with(|r| show_state(&state.loaded.plan, &q.filter, r, lang))
            });
        });
    }
    let on_input = {
        let state = state.clone();
        move |ev: leptos::ev::Event| {
            if event_target::<web_sys::Element>(&ev).id() == "filter-q" {
                let mut q = state.query.get_untracked();
                q.filter.q = event_target_value(&ev).trim().to_owned();
                state.set_query.run((q, true));
            }
        }
    };
    let on_change = {
        let state = state.clone();
        move |ev: leptos::ev::Event| {
            let target = event_target::<web_sys::Element>(&ev);
            if let Some(id) = target.get_attribute("data-group") {
                state.update(|q| toggle(&mut q.filter.groups, &id));
            } else if let Some(id) = target.get_attribute("data-org") {
                state.update(|q| toggle(&mut q.filter.orgs, &id));
            } else if matches!(target.id().as_str(), "filter-from" | "filter-to") {
                let d = parse_date(&event_target_value(&ev));
                let from = target.id() == "filter-from";
                state.update(|q| match from {
                    true => q.filter.from = d,
                    false => q.filter.to = d,
                });
            }
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let button = event_target::<web_sys::Element>(&ev);
        if let (Some(from), Some(to)) = (
            button.get_attribute("data-from"),
            button.get_attribute("data-to"),
        ) {
            state.update(|q| {
                q.filter.from = parse_date(&from);
                q.filter.to = parse_date(&to);
            });
        }
    };
    view! {
        <div class="filter-controls" inner_html=markup on:input=on_input on:change=on_change on:click=on_click></div>
    }
}

/// Puts `filter` and `results` into the controls where they differ from what is shown: the
/// ticks, the counts, the dates and the search text (unless the box says the same but for
/// spaces around it, which the reader may still be typing).
fn show_state(
    plan: &dxday_core::Plan,
    filter: &dxday_core::Filter,
    results: &dxday_core::Results,
    lang: dxday_core::Lang,
) {
    use crate::browser::element;
    let input = |id: &str| element(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let choice = |org: bool, id: &String, chosen: &[String], count: usize| {
        let key = choice_id(org, id);
        if let Some(input) = input(&key) {
            input.set_checked(chosen.contains(id));
        }
        if let Some(n) = element(&format!("{key}-n")) {
            let text = format!("({})", dxday_core::dates::count(count, lang));
            if n.text_content().as_deref() != Some(text.as_str()) {
                n.set_text_content(Some(&text));
            }
        }
    };
    for (g, count) in plan.groups.iter().zip(&results.group_counts) {
        choice(false, &g.id, &filter.groups, *count);
    }
    for (o, count) in plan.organizations.iter().zip(&results.org_counts) {
        choice(true, &o.id, &filter.orgs, *count);
    }
    let value = |id: &str, value: &str, same: fn(&str, &str) -> bool| {
        if let Some(input) = input(id)
            && !same(&input.value(), value)
        {
            input.set_value(value);
        }
    };
    value("filter-q", &filter.q, |shown, q| shown.trim() == q);
    for (id, date) in [("filter-from", filter.from), ("filter-to", filter.to)] {
        value(id, &date.map(iso_date).unwrap_or_default(), |a, b| a == b);
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
///
/// The sheet is drawn by a lazy module the first time the button is pressed
/// (`PlanParts::filter_sheet`): a visit on a wider screen never uses it, and one on a phone
/// only once the reader asks.
/// Measured in brotli: the plan's first wasm 98,243 -> 97,373 B, and the sheet's own
/// module 2,603 B, fetched on the first press.
#[component]
pub fn FilterSheet() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let on = Memo::new(move |_| {
        state
            .query
            .with(|q| q.filter.known_to(&state.loaded.plan).active_count())
    });
    let any = Memo::new(move |_| on.get() > 0);
    let drawn = crate::app::OnDemand::new(expect_context::<crate::app::PlanParts>().filter_sheet);
    let open_sheet = crate::app::modal_opener(drawn, SHEET);
    let open = move |_| open_sheet();
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
        {drawn.view()}
    }
}

/// The id of the phone's filter sheet.
const SHEET: &str = "filter-sheet";

/// The dialog of the [`FilterSheet`].
pub fn sheet() -> AnyView {
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
    let close = move || {
        if let Some(d) = crate::browser::dialog(SHEET) {
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
    let show_label = move || {
        let n = state.results.with(|r| r.matches.len());
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
        <dialog class="sheet" id=SHEET aria-labelledby="filters-heading" on:close=on_close on:click=on_backdrop>
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
    .into_any()
}

fn toggle(list: &mut Vec<String>, id: &str) {
    if let Some(pos) = list.iter().position(|x| x == id) {
        list.remove(pos);
    } else {
        list.push(id.to_owned());
    }
}
