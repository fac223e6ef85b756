//! Entry point of the forms, loaded with `forms.html` when someone opens one: a new
//! initiative, tracking, moderation, and the embed code for other sites.

fn main() {
    let parts = dxday::app::Parts {
        pages: dxday::app::forms_pages,
        send: |outbox, now| Box::pin(send_due(outbox, now)),
    };
    dxday::start(dxday_core::route::Bundle::Forms, parts);
}

/// Sends what waits in the outbox, loaded the first time something does (as in `main.rs`:
/// a `#[lazy]` function belongs to the binary it is in).
#[leptos::lazy]
async fn send_due(outbox: dxday::outbox::Outbox, now: bool) {
    dxday::outbox::send_due(outbox, now).await;
}
