//! `/admin`: moderators enter their token (kept for this tab only, in sessionStorage), see
//! the queue with contact details, and approve or reject with a reason.

use crate::i18n::*;
use leptos::prelude::*;
use serde::Deserialize;

const TOKEN_KEY: &str = "dxday.admin-token";

/// An initiative waiting for a decision, as `GET /api/admin/initiatives` lists it: what the
/// page shows of it. Every field may be missing, so that one odd entry hides no other.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Queued {
    id: String,
    public: Public,
    contact: Contact,
}

/// The public fields of a waiting initiative that the page shows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Public {
    title: Option<String>,
    description: Option<String>,
    organizer_name: Option<String>,
    province: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    plan_year: Option<i32>,
}

/// How to reach its author (moderators only).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Contact {
    email: Option<String>,
    phone: Option<String>,
}

/// The items of the queue's answer.
#[derive(Deserialize)]
struct Queue {
    items: Vec<Queued>,
}

async fn load_queue(token: String, year: Option<i32>) -> Result<Vec<Queued>, u16> {
    let year = year.map(|y| format!("&year={y}")).unwrap_or_default();
    let url = format!(
        "{}api/admin/initiatives?status=pending{year}",
        crate::app::base_href()
    );
    let auth = format!("Bearer {token}");
    let answer = crate::browser::http("GET", &url, &[("Authorization", &auth)], None)
        .await
        .map_err(|_| 0u16)?;
    if answer.status != 200 {
        return Err(answer.status);
    }
    let queue: Queue = crate::json::from_js(answer.json().await).ok_or(0u16)?;
    Ok(queue.items)
}

async fn send_decision(token: String, id: String, decision: &'static str, reason: String) -> bool {
    let url = format!(
        "{}api/admin/initiatives/{id}/decision",
        crate::app::base_href()
    );
    let auth = format!("Bearer {token}");
    #[derive(serde::Serialize)]
    struct Decision<'a> {
        decision: &'a str,
        reason: String,
    }
    let Some(body) = crate::json::stringify(&Decision { decision, reason }) else {
        return false;
    };
    let headers = [("Authorization", auth.as_str())];
    let answer = crate::browser::http("POST", &url, &headers, Some(&body)).await;
    matches!(answer, Ok(a) if a.status == 200)
}

/// The moderation page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = RwSignal::new(crate::browser::session_get(TOKEN_KEY).unwrap_or_default());
    let (typed, set_typed) = signal(String::new());
    // The plan years and the next campaign's, newest first: every year a submission can have.
    let today = dxday_core::dates::vietnam_today(crate::browser::now_millis());
    let years = dxday_core::campaign::allowed_years(crate::years::PLAN_YEARS, today);
    let year = RwSignal::new(None::<i32>);
    let queue = LocalResource::new(move || {
        let t = token.get();
        let y = year.get();
        async move {
            if t.is_empty() {
                None
            } else {
                Some(load_queue(t, y).await)
            }
        }
    });
    let year_filter = move || {
        let options = years
            .iter()
            .rev()
            .map(|&y| {
                let selected = move || year.get() == Some(y);
                view! { <option value=y.to_string() selected=selected>{y}</option> }
            })
            .collect_view();
        view! {
            <div class="field admin-year">
                <label for="admin-year">{t!(i18n, admin.year)}</label>
                <select
                    id="admin-year"
                    on:change=move |ev| year.set(event_target_value(&ev).parse().ok())
                >
                    <option value="" selected=move || year.get().is_none()>{t!(i18n, admin.all_years)}</option>
                    {options}
                </select>
            </div>
        }
    };
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = typed.get_untracked().trim().to_owned();
        crate::browser::session_set(TOKEN_KEY, &t);
        token.set(t);
    };
    let sign_out = move |_| {
        crate::browser::session_set(TOKEN_KEY, "");
        token.set(String::new());
    };
    view! {
        <h1>{t!(i18n, admin.heading)}</h1>
        <Show when=move || token.with(String::is_empty) fallback=move || view! {
            <button type="button" on:click=sign_out>{t!(i18n, admin.sign_out)}</button>
            {year_filter()}
        }>
            <form on:submit=sign_in class="admin-login">
                <div class="field">
                    <label for="admin-token">{t!(i18n, admin.token)}</label>
                    <p class="field__hint" id="admin-token-hint">{t!(i18n, admin.token_hint)}</p>
                    <input id="admin-token" type="password" autocomplete="off" aria-describedby="admin-token-hint"
                        on:input=move |ev| set_typed.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary">{t!(i18n, admin.sign_in)}</button>
            </form>
        </Show>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match queue.await {
                    None => ().into_any(),
                    Some(Err(401)) => view! { <p class="notice notice--error" role="alert">{t!(i18n, admin.bad_token)}</p> }.into_any(),
                    Some(Err(_)) => view! { <p class="notice notice--error" role="alert">{t!(i18n, track.unreachable)}</p> }.into_any(),
                    Some(Ok(items)) if items.is_empty() => view! { <p>{t!(i18n, admin.empty)}</p> }.into_any(),
                    Some(Ok(items)) => view! {
                        <h2>{t!(i18n, admin.pending)}</h2>
                        <ul class="cards">
                            {items.into_iter().map(|item| view! { <QueueItem item=item token=token.get_untracked() on_done=move || queue.refetch()/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueItem(
    item: Queued,
    token: String,
    on_done: impl Fn() + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let Queued {
        id,
        public: p,
        contact: c,
    } = item;
    let text = |v: Option<String>| v.unwrap_or_default();
    let (reason, set_reason) = signal(String::new());
    let (failed, set_failed) = signal(false);
    let reason_id = format!("reason-{id}");
    let decide = move |decision: &'static str| {
        let (token, id) = (token.clone(), id.clone());
        move |_| {
            let (token, id) = (token.clone(), id.clone());
            leptos::task::spawn_local(async move {
                if send_decision(token, id, decision, reason.get_untracked()).await {
                    on_done();
                } else {
                    set_failed.set(true);
                }
            });
        }
    };
    let title = text(p.title);
    view! {
        <li class="card">
            <h3 class="card__title">{title}</h3>
            <p class="card__when">{text(p.start_date)} " – " {text(p.end_date)} " · " {text(p.province)}</p>
            <p class="card__org">{t!(i18n, admin.plan_year)} ": " {p.plan_year.unwrap_or_default()}</p>
            <p class="card__org">{text(p.organizer_name)} " · " {text(c.email)} " · " {text(c.phone)}</p>
            <p class="card__summary">{text(p.description)}</p>
            <div class="field">
                <label for=reason_id.clone()>{t!(i18n, admin.reason)}</label>
                <textarea id=reason_id rows="2" on:input=move |ev| set_reason.set(event_target_value(&ev))></textarea>
            </div>
            <Show when=move || failed.get()>
                <p class="field__error" role="alert">{t!(i18n, admin.failed)}</p>
            </Show>
            <div class="admin-actions">
                <button type="button" class="primary" on:click=decide("approve")>{t!(i18n, admin.approve)}</button>
                <button type="button" on:click=decide("reject")>{t!(i18n, admin.reject)}</button>
            </div>
        </li>
    }
}
