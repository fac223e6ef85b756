//! JSON through the browser's own reader and writer (`JSON.parse`, `JSON.stringify`,
//! `Response.json()`), with serde-wasm-bindgen between JavaScript values and Rust types.
//!
//! The app carries no JSON parser of its own: serde_json and the code serde derives for it
//! were about a third of the plan's wasm, and the browser's parser is there anyway.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Values as serde_json writes them: maps as objects (not `Map`s, which `JSON.stringify`
/// writes as `{}`) and `None` as `null`, so that what is kept on the device and what is sent
/// reads the same as before.
const WRITER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// Reads a JavaScript value (as `JSON.parse` or `Response.json()` gave it) into `T`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// Writes `value` as a JavaScript value, as `JSON.parse` would read its JSON.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    value.serialize(&WRITER).ok()
}

/// Reads JSON text into `T`; `None` when it is not JSON or not a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// Writes `value` as compact JSON text.
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    js_sys::JSON::stringify(&to_js(value)?).ok()?.as_string()
}

/// Writes `value` as JSON text indented by two spaces, as serde_json's `to_string_pretty`
/// does, for files people open.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    js_sys::JSON::stringify_with_replacer_and_space(&to_js(value)?, &JsValue::NULL, &2.into())
        .ok()?
        .as_string()
}

/// A field kept as the JSON text of a value: stored and sent as that value itself (an
/// object, not a string holding one), for `#[serde(with = "crate::json::text")]`. Only for
/// serde-wasm-bindgen, which hands the value over as it is.
pub mod text {
    use serde::{Deserializer, Serializer, de::Error as _, ser::Error as _};
    use wasm_bindgen::JsValue;

    /// Writes the JSON text as the value it holds.
    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        let value = js_sys::JSON::parse(text).map_err(|_| S::Error::custom("not JSON"))?;
        serde_wasm_bindgen::preserve::serialize(&value, s)
    }

    /// Reads a value as its JSON text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let value: JsValue = serde_wasm_bindgen::preserve::deserialize(d)?;
        js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| D::Error::custom("not JSON"))
    }
}

/// A field of a JavaScript object, `undefined` when it has none (or is no object).
pub fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}
