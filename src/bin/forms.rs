//! Entry point of the forms, loaded with `forms.html` when someone opens one: a new
//! initiative, tracking, moderation, and the embed code for other sites.

fn main() {
    dxday::start(dxday_core::route::Bundle::Forms, dxday::app::forms_pages);
}
