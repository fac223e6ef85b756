//! Entry point of the browser app: mounts [`dxday::App`] once the wasm has loaded.

fn main() {
    dxday::start();
}
