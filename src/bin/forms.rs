//! Entry point of the forms, loaded with `forms.html` when someone opens one: a new
//! initiative, tracking, moderation, and the embed code for other sites.

use leptos::wasm_split::{SplitLoaderError, wasm_split};

fn main() {
    let parts = dxday::app::Parts {
        pages: dxday::app::forms_pages,
        // In the forms' own wasm: they are opened far less often than the plan.
        update_notice: || {
            Box::pin(async { Some(dxday::components::update::notice as dxday::app::Draw) })
        },
        outbox: || {
            dxday::outbox::Outbox::start(|outbox, now| {
                Box::pin(dxday::outbox::send_loaded(outbox, send_due(outbox, now)))
            })
        },
    };
    dxday::start(dxday_core::route::Bundle::Forms, parts);
}

/// Sends what waits in the outbox, loaded the first time something does (as in `main.rs`,
/// whose comment says why these functions are in the binaries and `fallible`).
#[wasm_split(send_due, wasm_split_path = ::leptos::wasm_split, fallible)]
fn send_due(
    outbox: dxday::outbox::Outbox,
    now: bool,
) -> Result<dxday::outbox::LocalTask, SplitLoaderError> {
    Ok(Box::pin(dxday::outbox::send_due(outbox, now)))
}
