//! Entry point of the plan, the part of the app a first visit loads: the explorer, the
//! activities and the about page (`index.html`).

fn main() {
    dxday::start(dxday_core::route::Bundle::Plan, dxday::app::plan_pages);
}
