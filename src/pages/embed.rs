//! `/embed`: the one line a ministry or province web editor pastes to show the plan on
//! their own site, written for the filters they came with, and a preview of the widget.

use crate::browser;
use crate::i18n::*;
use crate::nav::use_location;
use dxday_core::{ExplorerQuery, Lang, embed};
use leptos::prelude::*;

/// The snippet, a copy button, who may embed, and a live preview.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = Memo::new(move |_| ExplorerQuery::parse(&location.search.get()));
    let widget_lang = RwSignal::new(i18n.get_locale_untracked());
    let base = crate::app::base_href();
    let loader = format!("{}{base}embed.js", browser::origin());
    let snippet = Memo::new(move |_| embed::snippet(&loader, &query.get(), widget_lang.get()));
    let preview = move || {
        format!(
            "{base}?{}",
            embed::frame_query(&query.get(), widget_lang.get())
        )
    };
    let back = move || {
        let mut q = query.get();
        q.lang = None;
        crate::app::to(&crate::pages::explorer::explorer_href(&q))
    };
    // None until the button is used; then whether the browser let us copy.
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = snippet.get_untracked();
        leptos::task::spawn_local(async move {
            copied.set(Some(browser::copy_text(&text).await));
        });
    };
    let lang_choice = move |lang: Lang, label: String| {
        let id = format!("embed-lang-{}", lang.code());
        view! {
            <div class="choice">
                <input
                    type="radio"
                    name="embed-lang"
                    id=id.clone()
                    prop:checked=move || widget_lang.get() == lang
                    on:change=move |_| {
                        widget_lang.set(lang);
                        copied.set(None);
                    }
                />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <h1>{t!(i18n, embed.heading)}</h1>
        <p>{t!(i18n, embed.intro)}</p>
        <p><a href=back>{t!(i18n, embed.change_filters)}</a></p>
        <fieldset class="embed-lang">
            <legend>{t!(i18n, embed.lang_legend)}</legend>
            {lang_choice(Lang::Vi, "Tiếng Việt".to_owned())}
            {lang_choice(Lang::En, "English".to_owned())}
        </fieldset>
        <div class="field">
            <label for="embed-code">{t!(i18n, embed.code_label)}</label>
            <p class="hint" id="embed-code-hint">{t!(i18n, embed.code_hint)}</p>
            <textarea
                id="embed-code"
                class="embed-code"
                readonly
                rows="4"
                aria-describedby="embed-code-hint"
                prop:value=move || snippet.get()
            ></textarea>
        </div>
        <p>
            <button type="button" on:click=copy>{t!(i18n, embed.copy)}</button>
        </p>
        <p role="status" class="embed-copied">
            {move || match copied.get() {
                Some(true) => t_string!(i18n, embed.copied).to_string(),
                Some(false) => t_string!(i18n, embed.copy_failed).to_string(),
                None => String::new(),
            }}
        </p>
        <h2>{t!(i18n, embed.allow_heading)}</h2>
        <p>{t!(i18n, embed.allow_body)}</p>
        <h2>{t!(i18n, embed.preview)}</h2>
        <iframe
            class="embed-preview"
            src=preview
            title=move || t_string!(i18n, embed.preview_title).to_string()
        ></iframe>
    }
}
