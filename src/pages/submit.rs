//! `/initiatives/new`: the submission form. It runs the very validation the server runs
//! (dxday-core), per field on leaving it and all at once on sending; the draft survives a
//! reload; sending goes through the outbox, so nothing is lost offline.

use crate::components::jump::JumpTo;
use crate::i18n::*;
use crate::outbox::{Waiting, use_outbox};
use crate::years::PLAN_YEARS;
use dxday_core::campaign::{allowed_years, filing_year};
use dxday_core::provinces::{PROVINCES, SPECIAL_PLACES};
use dxday_core::validate::{
    FIELDS, InitiativeInput, ORGANIZER_TYPES, organizer_type_name, validate,
};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const DRAFT_KEY: &str = "dxday.draft";
/// The key of the submission this tab sent last, kept through a reload so the page still
/// says what became of it.
const LAST_KEY: &str = "dxday.last_sent";

fn today() -> chrono::NaiveDate {
    dxday_core::dates::vietnam_today(crate::browser::now_millis())
}

fn get(input: &InitiativeInput, field: &str) -> String {
    match field {
        "title" => input.title.clone(),
        "description" => input.description.clone(),
        "organizer_name" => input.organizer_name.clone(),
        "organizer_type" => input.organizer_type.clone(),
        "province" => input.province.clone(),
        "start_date" => input.start_date.clone(),
        "end_date" => input.end_date.clone(),
        "link" => input.link.clone(),
        "beneficiaries" => input.beneficiaries.clone(),
        "contact_email" => input.contact_email.clone(),
        "contact_phone" => input.contact_phone.clone(),
        "website" => input.website.clone(),
        _ => String::new(),
    }
}

fn set(input: &mut InitiativeInput, field: &str, value: String) {
    match field {
        "title" => input.title = value,
        "description" => input.description = value,
        "organizer_name" => input.organizer_name = value,
        "organizer_type" => input.organizer_type = value,
        "province" => input.province = value,
        "start_date" => input.start_date = value,
        "end_date" => input.end_date = value,
        "link" => input.link = value,
        "beneficiaries" => input.beneficiaries = value,
        "contact_email" => input.contact_email = value,
        "contact_phone" => input.contact_phone = value,
        "website" => input.website = value,
        _ => {}
    }
}

/// The words of an error code for a field, in the reader's language.
pub fn error_text(i18n: I18n, field: &str, code: &str) -> String {
    match dxday_core::messages::field_error_key(field, code) {
        "required" => t_string!(i18n, errors.required),
        "too_short" => t_string!(i18n, errors.too_short),
        "too_long" => t_string!(i18n, errors.too_long),
        "unknown_choice" => t_string!(i18n, errors.unknown_choice),
        "invalid_date" => t_string!(i18n, errors.invalid_date),
        "end_before_start" => t_string!(i18n, errors.end_before_start),
        "too_far" => t_string!(i18n, errors.too_far),
        "invalid_url" => t_string!(i18n, errors.invalid_url),
        "url_scheme" => t_string!(i18n, errors.url_scheme),
        "invalid_email" => t_string!(i18n, errors.invalid_email),
        "invalid_phone" => t_string!(i18n, errors.invalid_phone),
        "unknown_year" => t_string!(i18n, errors.unknown_year),
        "consent_required" => t_string!(i18n, errors.consent_required),
        "control_characters" => t_string!(i18n, errors.control_characters),
        _ => t_string!(i18n, errors.invalid),
    }
    .to_owned()
}

/// The label of a field, in the reader's language.
pub fn field_label(i18n: I18n, field: &str) -> String {
    match field {
        "title" => t_string!(i18n, form.title),
        "description" => t_string!(i18n, form.description),
        "organizer_name" => t_string!(i18n, form.organizer_name),
        "organizer_type" => t_string!(i18n, form.organizer_type),
        "province" => t_string!(i18n, form.province),
        "start_date" => t_string!(i18n, form.start_date),
        "end_date" => t_string!(i18n, form.end_date),
        "link" => t_string!(i18n, form.link),
        "beneficiaries" => t_string!(i18n, form.beneficiaries),
        "contact_email" => t_string!(i18n, form.contact_email),
        "contact_phone" => t_string!(i18n, form.contact_phone),
        "consent" => t_string!(i18n, form.consent_label),
        _ => t_string!(i18n, form.plan_year),
    }
    .to_owned()
}

type Errors = BTreeMap<String, Vec<String>>;

/// The submission form.
#[component]
pub fn SubmitPage() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let started_ms = crate::browser::now_millis();
    let initial = crate::browser::storage_get(DRAFT_KEY)
        .and_then(|s| crate::json::parse(&s))
        .unwrap_or_default();
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(Errors::new());
    let touched = RwSignal::new(BTreeSet::<String>::new());
    let show_summary = RwSignal::new(false);
    let last = RwSignal::new(crate::browser::session_get(LAST_KEY).filter(|k| !k.is_empty()));
    // A submission the server refused (422) comes back to the form with its field errors,
    // whether it was refused now, on this page, or earlier from another page.
    crate::app::effect(move || {
        let Some(refused) = outbox.returned.get() else {
            return;
        };
        let fields = refused.fields();
        form.set(refused.input());
        touched.set(fields.keys().cloned().collect());
        errors.set(fields);
        show_summary.set(true);
        last.set(None);
        crate::browser::session_set(LAST_KEY, "");
        outbox.clear_returned();
        request_animation_frame(|| crate::browser::focus("error-summary"));
    });

    // The campaign an initiative sent now joins: the newest plan's, or after its 10/10 the
    // next one's, published or not (dxday_core::campaign, as on the server).
    let plan_year = move || filing_year(today());
    let check = move || {
        let mut input = form.get_untracked();
        input.plan_year = plan_year();
        match validate(&input, today(), &allowed_years(PLAN_YEARS, today())) {
            Ok(_) => Errors::new(),
            Err(e) => crate::outbox::to_owned_errors(&e),
        }
    };
    crate::app::effect(move || {
        if let Some(text) = crate::json::stringify(&form.get()) {
            crate::browser::storage_set(DRAFT_KEY, &text);
        }
    });
    let blur = move |field: &'static str| {
        touched.update(|t| {
            t.insert(field.to_owned());
        });
        errors.set(check());
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let all = check();
        touched.set(FIELDS.iter().map(|f| (*f).to_owned()).collect());
        errors.set(all.clone());
        if all.is_empty() {
            let mut input = form.get_untracked();
            input.plan_year = plan_year();
            input.form_started_ms = Some(started_ms);
            let key = outbox.submit(input);
            crate::browser::session_set(LAST_KEY, key.as_deref().unwrap_or_default());
            last.set(key);
            form.set(InitiativeInput::default());
            crate::browser::storage_set(DRAFT_KEY, "{}");
            show_summary.set(false);
        } else {
            show_summary.set(true);
            // After the summary is drawn (the next frame), so that focus has a place to go
            // and a screen reader reads the summary at once.
            request_animation_frame(|| crate::browser::focus("error-summary"));
        }
    };
    let lang = move || i18n.get_locale();
    let field_errors = move |field: &'static str| {
        move || {
            if !touched.with(|t| t.contains(field)) {
                return Vec::new();
            }
            errors.with(|e| e.get(field).cloned().unwrap_or_default())
        }
    };
    let text_field = move |field: &'static str, kind: &'static str, hint: Option<String>| {
        let id = format!("f-{field}");
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-error");
        let errs = field_errors(field);
        let invalid = move || (!errs().is_empty()).to_string();
        let described = {
            let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
            let has_hint = hint.is_some();
            move || {
                let mut ids = Vec::new();
                if has_hint {
                    ids.push(hint_id.clone());
                }
                if !field_errors(field)().is_empty() {
                    ids.push(err_id.clone());
                }
                ids.join(" ")
            }
        };
        let value = move || form.with(|f| get(f, field));
        let on_input = move |ev| {
            let v = event_target_value(&ev);
            form.update(|f| set(f, field, v));
            if touched.with(|t| t.contains(field)) {
                errors.set(check());
            }
        };
        let control = if kind == "textarea" {
            view! {
                <textarea id=id.clone() name=field rows="5" aria-invalid=invalid aria-describedby=described
                    prop:value=value on:input=on_input on:blur=move |_| blur(field)></textarea>
            }
            .into_any()
        } else {
            view! {
                <input id=id.clone() name=field type=kind aria-invalid=invalid aria-describedby=described
                    prop:value=value on:input=on_input on:blur=move |_| blur(field)/>
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label for=id.clone()>{move || field_label(i18n, field)}</label>
                {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
                <ErrorList id=err_id.clone() field=field codes=Signal::derive(field_errors(field))/>
                {control}
            </div>
        }
    };
    let choice_field = move |field: &'static str, options: Vec<(String, String)>| {
        let id = format!("f-{field}");
        let err_id = format!("{id}-error");
        let errs = field_errors(field);
        let invalid = move || (!errs().is_empty()).to_string();
        let on_change = move |ev| {
            let v = event_target_value(&ev);
            form.update(|f| set(f, field, v));
            blur(field);
        };
        let options = options
            .into_iter()
            .map(|(value, label)| {
                let v = value.clone();
                let selected = move || form.with(|f| get(f, field) == v);
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=id.clone()>{move || field_label(i18n, field)}</label>
                <ErrorList id=err_id.clone() field=field codes=Signal::derive(field_errors(field))/>
                <select id=id name=field aria-invalid=invalid aria-describedby=err_id on:change=on_change on:blur=move |_| blur(field)>
                    <option value="">{move || t_string!(i18n, form.choose)}</option>
                    {options}
                </select>
            </div>
        }
    };
    let summary = move || {
        if !show_summary.get() {
            return ().into_any();
        }
        // In the order of the form, so the list reads top to bottom like the page.
        let mut listed: Vec<_> = errors.get().into_iter().collect();
        listed.sort_by_key(|(field, _)| FIELDS.iter().position(|f| f == field));
        let items = listed
            .into_iter()
            .map(|(field, codes)| {
                let text = format!(
                    "{}: {}",
                    field_label(i18n, &field),
                    codes
                        .iter()
                        .map(|c| error_text(i18n, &field, c))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                view! { <li><JumpTo target=format!("f-{field}")>{text}</JumpTo></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{t!(i18n, form.summary_title)}</h2>
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    };
    let form_view = move || {
        let l = lang();
        let types: Vec<(String, String)> = ORGANIZER_TYPES
            .iter()
            .map(|c| {
                (
                    (*c).to_owned(),
                    organizer_type_name(c, l).unwrap_or(c).to_owned(),
                )
            })
            .collect();
        let places: Vec<(String, String)> = SPECIAL_PLACES
            .iter()
            .chain(PROVINCES)
            .map(|p| (p.slug.to_owned(), p.name(l).to_owned()))
            .collect();
        view! {
            <form novalidate on:submit=on_submit class="initiative-form">
                {summary}
                {text_field("title", "text", Some(t_string!(i18n, form.title_hint).to_owned()))}
                {text_field("description", "textarea", Some(t_string!(i18n, form.description_hint).to_owned()))}
                {text_field("organizer_name", "text", None)}
                {choice_field("organizer_type", types)}
                {choice_field("province", places)}
                <div class="field-row">
                    {text_field("start_date", "date", None)}
                    {text_field("end_date", "date", None)}
                </div>
                {text_field("link", "url", Some(t_string!(i18n, form.link_hint).to_owned()))}
                {text_field("beneficiaries", "textarea", None)}
                <fieldset class="contact">
                    <legend>{t!(i18n, form.contact_legend)}</legend>
                    <p class="field__hint">{t!(i18n, form.contact_hint)}</p>
                    {text_field("contact_email", "email", None)}
                    {text_field("contact_phone", "tel", Some(t_string!(i18n, form.phone_hint).to_owned()))}
                </fieldset>
                <div class="hp" aria-hidden="true">
                    <label for="f-website">"Website"</label>
                    <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"
                        on:input=move |ev| form.update(|f| f.website = event_target_value(&ev))/>
                </div>
                <div class="field field--check">
                    <ErrorList id="f-consent-error".to_owned() field="consent" codes=Signal::derive(field_errors("consent"))/>
                    <input id="f-consent" type="checkbox" aria-describedby="f-consent-error"
                        prop:checked=move || form.with(|f| f.consent)
                        on:change=move |ev| { form.update(|f| f.consent = event_target_checked(&ev)); blur("consent"); }/>
                    <label for="f-consent">{t!(i18n, form.consent_text)}</label>
                </div>
                <button type="submit" class="primary">{t!(i18n, form.send)}</button>
            </form>
        }
    };
    let campaign = plan_year();
    let campaign_note = move || {
        if PLAN_YEARS.contains(&campaign) {
            t_string!(i18n, form.campaign, year = campaign).to_string()
        } else {
            t_string!(i18n, form.campaign_not_out, year = campaign).to_string()
        }
    };
    view! {
        <h1>{t!(i18n, form.heading)}</h1>
        <p>{t!(i18n, form.intro)}</p>
        <p class="notice form__campaign">{campaign_note}</p>
        <SendResult last=last/>
        <OutboxList/>
        {form_view}
    }
}

/// What became of the submission sent last from this page.
#[derive(Clone, PartialEq)]
enum Sending {
    /// Still in the outbox on this device, and why.
    Waiting(Waiting),
    /// Stored by the server, with its tracking code.
    Sent(String),
}

/// Says what really happened to the submission just sent, as it happens: waiting on this
/// device (and why) until the outbox has sent it, then the tracking code, which takes focus.
#[component]
fn SendResult(last: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let state = Memo::new(move |_| {
        let key = last.get()?;
        if let Some(code) = outbox.mine.with(|m| {
            m.iter()
                .find(|m| !m.key.is_empty() && m.key == key)
                .map(|m| m.code.clone())
        }) {
            return Some(Sending::Sent(code));
        }
        outbox
            .items
            .with(|items| items.iter().find(|i| i.key == key).map(|i| i.waiting))
            .map(Sending::Waiting)
    });
    // Focus moves to the confirmation once it is drawn, so a screen reader reads it at once.
    Effect::new(move |before: Option<bool>| {
        let sent = matches!(state.get(), Some(Sending::Sent(_)));
        if sent && before != Some(true) {
            request_animation_frame(|| crate::browser::focus("send-result"));
        }
        sent
    });
    move || match state.get() {
        None => ().into_any(),
        Some(Sending::Waiting(why)) => {
            let (heading, reason) = match why {
                Waiting::New => (
                    t_string!(i18n, sent.sending_heading),
                    t_string!(i18n, sent.sending),
                ),
                Waiting::Offline => (
                    t_string!(i18n, sent.waiting_heading),
                    t_string!(i18n, sent.offline),
                ),
                Waiting::Server => (
                    t_string!(i18n, sent.waiting_heading),
                    t_string!(i18n, sent.server),
                ),
            };
            view! {
                <section class="notice send-result send-result--waiting" role="status" aria-labelledby="send-result-heading">
                    <h2 id="send-result-heading">{heading}</h2>
                    <p>{reason}</p>
                    <p>{t!(i18n, sent.code_later)}</p>
                </section>
            }
            .into_any()
        }
        Some(Sending::Sent(code)) => view! { <Confirmation code=code/> }.into_any(),
    }
}

/// The confirmation: the tracking code in large type, a copy button and the status page.
#[component]
fn Confirmation(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let copy = {
        let code = code.clone();
        move |_| {
            let code = code.clone();
            leptos::task::spawn_local(async move {
                copied.set(Some(crate::browser::copy_text(&code).await));
            });
        }
    };
    let copy_note = move || match copied.get() {
        Some(true) => t_string!(i18n, sent.copied).to_owned(),
        Some(false) => t_string!(i18n, sent.copy_failed).to_owned(),
        None => String::new(),
    };
    let status = crate::app::to(&format!("/initiatives/track/{code}"));
    view! {
        <section class="notice send-result send-result--sent" id="send-result" tabindex="-1" aria-labelledby="send-result-heading">
            <h2 id="send-result-heading">{t!(i18n, sent.heading)}</h2>
            <p class="send-result__label">{t!(i18n, sent.code_label)}</p>
            <p class="send-result__code"><code>{code}</code></p>
            <p class="send-result__keep">{t!(i18n, sent.keep)}</p>
            <p class="send-result__actions">
                <button type="button" on:click=copy>{t!(i18n, sent.copy)}</button>
                <a href=status>{t!(i18n, sent.status_link)}</a>
            </p>
            <p class="send-result__copied" role="status">{copy_note}</p>
        </section>
    }
}

/// The error messages of one field.
#[component]
fn ErrorList(id: String, field: &'static str, codes: Signal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field__error" id=id hidden=move || codes.with(Vec::is_empty)>
            {move || codes.get().iter().map(|c| error_text(i18n, field, c)).collect::<Vec<_>>().join(" ")}
        </p>
    }
}

/// What is waiting in the outbox, and why.
#[component]
pub fn OutboxList() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    view! {
        <Show when=move || outbox.items.with(|i| !i.is_empty())>
            <section class="outbox" aria-labelledby="outbox-heading">
                <h2 id="outbox-heading">{t!(i18n, outbox.heading)}</h2>
                <ul>
                    {move || outbox.items.get().into_iter().map(|item| {
                        let why = match item.waiting {
                            Waiting::New => t_string!(i18n, outbox.sending),
                            Waiting::Offline => t_string!(i18n, outbox.offline),
                            Waiting::Server => t_string!(i18n, outbox.server),
                        };
                        view! { <li><strong>{item.title()}</strong> " — " {why}</li> }
                    }).collect_view()}
                </ul>
                <button type="button" on:click=move |_| outbox.flush(true)>{t!(i18n, outbox.retry)}</button>
            </section>
        </Show>
    }
}
