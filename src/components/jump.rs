//! Links to a place on the same page (the skip link, the error summary's links to fields).
//!
//! A plain `<a href="#id">` cannot do it here: with `<base href="/">` the browser resolves
//! `#id` against the base, so on `/initiatives/new` it would leave for `/#id`. This moves
//! focus itself (which also scrolls), and keeps the `#id` href so it still reads as a link.

use leptos::prelude::*;

/// A link that moves focus to the element with id `target`.
#[component]
pub fn JumpTo(
    target: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let href = format!("#{target}");
    // rel="external" tells the router to leave the click alone; the handler below then
    // stops the browser from following the href.
    view! {
        <a
            href=href
            class=class
            rel="external"
            on:click=move |ev| {
                ev.prevent_default();
                crate::browser::focus(&target);
            }
        >
            {children()}
        </a>
    }
}
