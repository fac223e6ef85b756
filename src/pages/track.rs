//! `/initiatives/track` and `/initiatives/track/{code}`: the status of a submission, and the
//! submissions kept on this device.

use crate::i18n::*;
use crate::nav::use_navigate;
use crate::outbox::use_outbox;
use leptos::prelude::*;

/// A submission's status as the server tells it.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Waiting for a moderator.
    Pending,
    /// In the plan.
    Approved,
    /// Refused, with the reason.
    Rejected(String),
    /// No such code.
    Unknown,
    /// The server could not be reached.
    Unreachable,
}

/// Asks the server for the status of `code`.
pub async fn fetch_status(code: String) -> Status {
    let url = format!(
        "{}api/initiatives/track/{}",
        crate::app::base_href(),
        dxday_core::query::encode(code.trim())
    );
    let Ok(answer) = crate::browser::http("GET", &url, &[], None).await else {
        return Status::Unreachable;
    };
    match answer.status {
        200 => {
            let v = answer.json().await;
            match crate::json::field(&v, "status").as_string().as_deref() {
                Some("approved") => Status::Approved,
                Some("rejected") => Status::Rejected(
                    crate::json::field(&v, "reason")
                        .as_string()
                        .unwrap_or_default(),
                ),
                _ => Status::Pending,
            }
        }
        404 => Status::Unknown,
        _ => Status::Unreachable,
    }
}

/// The status in words.
#[component]
pub fn StatusText(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        Status::Pending => view! { <span>{t!(i18n, track.pending)}</span> }.into_any(),
        Status::Approved => view! { <span>{t!(i18n, track.approved)}</span> }.into_any(),
        Status::Rejected(reason) => {
            view! { <span>{t!(i18n, track.rejected)} " " {t!(i18n, track.reason)} ": " {reason}</span> }.into_any()
        }
        Status::Unknown => view! { <span>{t!(i18n, track.unknown)}</span> }.into_any(),
        Status::Unreachable => view! { <span>{t!(i18n, track.unreachable)}</span> }.into_any(),
    }
}

/// Look up a code; list this device's submissions.
#[component]
pub fn TrackPage(
    /// The code from the address, if it has one.
    code: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let code = Memo::new(move |_| code.clone().unwrap_or_default());
    let (typed, set_typed) = signal(code.get_untracked());
    let result = LocalResource::new(move || {
        let c = code.get();
        async move {
            if c.is_empty() {
                None
            } else {
                Some(fetch_status(c).await)
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Codes are ASCII letters and digits; ASCII upper-casing is all they need, and it
        // spares the wasm the whole Unicode case table.
        let c = typed.get_untracked().trim().to_ascii_uppercase();
        if !c.is_empty() {
            navigate(
                &format!("/initiatives/track/{}", dxday_core::query::encode(&c)),
                Default::default(),
            );
        }
    };
    let outbox = use_outbox();
    let mine = move || {
        outbox.mine.get().into_iter().rev().map(|m| {
            let code = m.code.clone();
            let status = LocalResource::new(move || fetch_status(code.clone()));
            view! {
                <li>
                    <strong>{m.title.clone()}</strong> " — " <code>{m.code.clone()}</code> " — "
                    <Suspense fallback=|| "…">
                        {move || Suspend::new(async move { view! { <StatusText status=status.await/> } })}
                    </Suspense>
                </li>
            }
        }).collect_view()
    };
    view! {
        <h1>{t!(i18n, track.heading)}</h1>
        <form on:submit=on_submit class="track-form">
            <div class="field">
                <label for="track-code">{t!(i18n, track.code)}</label>
                <input id="track-code" type="text" autocomplete="off" prop:value=typed
                    on:input=move |ev| set_typed.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="primary">{t!(i18n, track.look_up)}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                result.await.map(|s| view! { <p class="track-result" role="status"><StatusText status=s/></p> })
            })}
        </Suspense>
        <h2>{t!(i18n, track.mine)}</h2>
        <Show when=move || outbox.mine.with(|m| !m.is_empty()) fallback=move || view! { <p>{t!(i18n, track.none_yet)}</p> }>
            <ul class="mine">{mine}</ul>
        </Show>
    }
}
