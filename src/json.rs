//! JSON through the browser's own reader and writer (`JSON.parse`, `JSON.stringify`,
//! `Response.json()`), with serde-wasm-bindgen between JavaScript values and Rust types.
//!
//! The app carries no JSON parser of its own: serde_json and the code serde derives for it
//! were about a third of the plan's wasm, and the browser's parser is there anyway.
//!
//! Values are read with this module's own serde deserializer ([`de`]); serde-wasm-bindgen
//! writes them.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Values as serde_json writes them: maps as objects (not `Map`s, which `JSON.stringify`
/// writes as `{}`) and `None` as `null`, so that what is kept on the device and what is sent
/// reads the same as before.
const WRITER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// Reads a JavaScript value (as `JSON.parse` or `Response.json()` gave it) into `T`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(de::Value(value)).ok()
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
/// this module's reader and writer: serde-wasm-bindgen writes the value as it is, and
/// [`de`] reads it back as its text.
pub mod text {
    use serde::{Deserializer, Serializer, ser::Error as _};

    /// Writes the JSON text as the value it holds.
    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        let value = js_sys::JSON::parse(text).map_err(|_| S::Error::custom("not JSON"))?;
        serde_wasm_bindgen::preserve::serialize(&value, s)
    }

    /// Reads a value as its JSON text: [`super::de`] hands it over as that text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E>(self, text: &str) -> Result<String, E> {
                Ok(text.to_owned())
            }
            fn visit_string<E>(self, text: String) -> Result<String, E> {
                Ok(text)
            }
        }
        d.deserialize_newtype_struct(super::de::AS_TEXT, Text)
    }
}

/// A serde deserializer over JavaScript values, for [`from_js`].
///
/// Written here rather than taken from serde-wasm-bindgen because of what its errors cost:
/// each one is a formatted message ("invalid type: floating point `1.5`, expected…"), which
/// links core::fmt's float printing and its tables into the wasm, for messages the app never
/// shows (a plan or a kept item that does not read is all it needs to know). Measured on the
/// plan's wasm: 177,039 -> 167,963 B in brotli, with the same load time. Errors here are
/// one value, [`de::Invalid`], and carry no text, so none of that is linked.
pub mod de {
    use js_sys::{Array, Object};
    use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
    use wasm_bindgen::{JsCast, JsValue};

    /// The name [`super::text`] asks for: the value is handed over as its JSON text.
    pub const AS_TEXT: &str = "\0dxday::json::text";

    /// A value that is not what was to be read.
    #[derive(Debug)]
    pub struct Invalid;

    impl std::fmt::Display for Invalid {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("not the expected value")
        }
    }

    impl std::error::Error for Invalid {}

    impl de::Error for Invalid {
        // The message is dropped unformatted: that is the point of this deserializer.
        fn custom<T: std::fmt::Display>(_: T) -> Invalid {
            Invalid
        }
    }

    /// A JavaScript value to read.
    pub struct Value(pub JsValue);

    /// Below 2^53, where every integer is exactly a JavaScript number.
    const SAFE: f64 = 9_007_199_254_740_992.0;

    /// What a JavaScript value is, to serde.
    enum Kind {
        Unit,
        Bool(bool),
        Negative(i64),
        Whole(u64),
        Float(f64),
        Text(String),
        Seq(Array),
        /// An object, and its keys.
        Map(JsValue, Array),
        Other,
    }

    impl Kind {
        // Not inlined: `deserialize_any` is made once per type read, and each copy would
        // otherwise carry these checks.
        #[inline(never)]
        fn of(value: JsValue) -> Kind {
            // Text first: every key, and most values of a plan, are strings, and each check
            // is a call into JavaScript.
            if let Some(s) = value.as_string() {
                Kind::Text(s)
            } else if value.is_null() || value.is_undefined() {
                Kind::Unit
            } else if let Some(b) = value.as_bool() {
                Kind::Bool(b)
            } else if let Some(n) = value.as_f64() {
                // Whole numbers as integers: serde's readers of integer fields take no float.
                if n.fract() == 0.0 && n.abs() < SAFE {
                    if n < 0.0 {
                        Kind::Negative(n as i64)
                    } else {
                        Kind::Whole(n as u64)
                    }
                } else {
                    Kind::Float(n)
                }
            } else if Array::is_array(&value) {
                Kind::Seq(value.unchecked_into())
            } else if value.is_object() {
                let keys = Object::keys(value.unchecked_ref::<Object>());
                Kind::Map(value, keys)
            } else {
                Kind::Other
            }
        }
    }

    impl<'de> de::Deserializer<'de> for Value {
        type Error = Invalid;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            match Kind::of(self.0) {
                Kind::Unit => visitor.visit_unit(),
                Kind::Bool(b) => visitor.visit_bool(b),
                Kind::Negative(n) => visitor.visit_i64(n),
                Kind::Whole(n) => visitor.visit_u64(n),
                Kind::Float(n) => visitor.visit_f64(n),
                Kind::Text(s) => visitor.visit_string(s),
                Kind::Seq(items) => visitor.visit_seq(Seq { items, next: 0 }),
                Kind::Map(object, keys) => visitor.visit_map(Map {
                    object,
                    keys,
                    next: 0,
                    value: None,
                }),
                Kind::Other => Err(Invalid),
            }
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            if self.0.is_null() || self.0.is_undefined() {
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Invalid> {
            if name == AS_TEXT {
                let text = js_sys::JSON::stringify(&self.0).map_err(|_| Invalid)?;
                visitor.visit_string(text.as_string().ok_or(Invalid)?)
            } else {
                visitor.visit_newtype_struct(self)
            }
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Invalid> {
            // A unit variant is its name; any other, an object of one field named after it.
            if let Some(name) = self.0.as_string() {
                return visitor.visit_enum(name.into_deserializer());
            }
            let entries = Object::entries(self.0.dyn_ref().ok_or(Invalid)?);
            if entries.length() != 1 {
                return Err(Invalid);
            }
            let entry: Array = entries.get(0).unchecked_into();
            visitor.visit_enum(Enum {
                variant: entry.get(0),
                value: entry.get(1),
            })
        }

        // Each type read asks for the one kind of value it takes, and calls the one visitor
        // method for it, where `deserialize_any` calls whichever the value is. So a struct's
        // visitor has only its `visit_map` in the wasm, not also the `visit_seq` that serde
        // derives for every struct, and a field name's only its `visit_str`: serde's code is
        // generic over the visitor, and what is never called is never linked. A value of
        // another kind is refused here, as the visitor would have refused it.
        fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            visitor.visit_bool(self.0.as_bool().ok_or(Invalid)?)
        }

        fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            visitor.visit_f64(self.0.as_f64().ok_or(Invalid)?)
        }

        fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_f64(visitor)
        }

        fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            // Whole numbers only, in JavaScript's exact range: the integer visitors check
            // their own range and sign.
            let n = self.0.as_f64().ok_or(Invalid)?;
            if n.fract() != 0.0 || n.abs() >= SAFE {
                return Err(Invalid);
            }
            if n < 0.0 {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_u64(n as u64)
            }
        }

        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            visitor.visit_string(self.0.as_string().ok_or(Invalid)?)
        }

        fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_string(visitor)
        }

        fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_string(visitor)
        }

        fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            if self.0.is_null() || self.0.is_undefined() {
                visitor.visit_unit()
            } else {
                Err(Invalid)
            }
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            if !Array::is_array(&self.0) {
                return Err(Invalid);
            }
            visitor.visit_seq(Seq {
                items: self.0.unchecked_into(),
                next: 0,
            })
        }

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            // Arrays are objects to JavaScript, not maps to JSON.
            if !self.0.is_object() || Array::is_array(&self.0) {
                return Err(Invalid);
            }
            let keys = Object::keys(self.0.unchecked_ref::<Object>());
            visitor.visit_map(Map {
                object: self.0,
                keys,
                next: 0,
                value: None,
            })
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Invalid> {
            // Objects only: serde_json also reads a struct from an array of its fields in
            // order, which no file or answer of this app is written as.
            if !self.0.is_object() || Array::is_array(&self.0) {
                return Err(Invalid);
            }
            visitor.visit_map(Fields {
                object: self.0,
                names: fields,
                keys: field_keys(fields),
                next: 0,
                value: None,
            })
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            // A field the type does not have: nothing of it needs reading.
            visitor.visit_unit()
        }

        fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
            self.deserialize_u64(visitor)
        }

        serde::forward_to_deserialize_any! {
            i128 u128 char bytes byte_buf unit_struct tuple tuple_struct
        }
    }

    struct Seq {
        items: Array,
        next: u32,
    }

    impl<'de> de::SeqAccess<'de> for Seq {
        type Error = Invalid;

        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Invalid> {
            if self.next >= self.items.length() {
                return Ok(None);
            }
            let item = self.items.get(self.next);
            self.next += 1;
            seed.deserialize(Value(item)).map(Some)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.items.length().saturating_sub(self.next) as usize)
        }
    }

    /// An object's fields, by the keys `Object.keys` lists: one array of keys per object,
    /// where `Object.entries` made an array for every field too (a plan of 10,000
    /// activities loaded about 8% faster this way: 763 and 783 ms against 833 and 876,
    /// medians of 9 loads).
    struct Map {
        object: JsValue,
        keys: Array,
        next: u32,
        value: Option<JsValue>,
    }

    impl<'de> de::MapAccess<'de> for Map {
        type Error = Invalid;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Invalid> {
            if self.next >= self.keys.length() {
                return Ok(None);
            }
            let key = self.keys.get(self.next);
            self.next += 1;
            self.value = Some(get(&self.object, &key));
            seed.deserialize(Value(key)).map(Some)
        }

        fn next_value_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<T::Value, Invalid> {
            field_value(&mut self.value, seed)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.keys.length().saturating_sub(self.next) as usize)
        }
    }

    /// `Reflect.get` of an object's field, which cannot throw here: it is only given objects
    /// ([`Value::deserialize_map`] and `deserialize_struct` check first). js_sys's binding
    /// catches what `Reflect.get` throws for a target that is no object, and the code that
    /// catches took 270 B of the main module in brotli in this reader (a plan of 10,000
    /// activities read no faster or slower: 752 ms either way, medians of 9 alternated loads).
    use crate::browser::sure::get;

    /// The value of the field whose key was just read, to `seed`: for both ways of going
    /// through an object's fields ([`Map`], [`Fields`]).
    fn field_value<'de, T: DeserializeSeed<'de>>(
        value: &mut Option<JsValue>,
        seed: T,
    ) -> Result<T::Value, Invalid> {
        seed.deserialize(Value(value.take().ok_or(Invalid)?))
    }

    /// A struct's fields, read by the names serde gives for its type rather than by the
    /// object's own keys: each field is one lookup with a key made once per type, where the
    /// object's keys were a call each to list and to read, and each came over as a string to
    /// compare. A key the type does not have is never looked at, and one with no value (left
    /// out, as `undefined` is never JSON) is not given to serde, which then takes the
    /// field's default or refuses the object, as it does for a field left out.
    struct Fields {
        object: JsValue,
        names: &'static [&'static str],
        keys: std::rc::Rc<[JsValue]>,
        next: usize,
        value: Option<JsValue>,
    }

    /// The JavaScript strings of a type's field names, made the first time the type is read
    /// (its `fields` are one static list, told apart by its address).
    fn field_keys(names: &'static [&'static str]) -> std::rc::Rc<[JsValue]> {
        thread_local! {
            static KEYS: std::cell::RefCell<Vec<(usize, std::rc::Rc<[JsValue]>)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let at = names.as_ptr() as usize;
        KEYS.with_borrow_mut(|types| {
            if let Some((_, keys)) = types.iter().find(|(t, _)| *t == at) {
                return keys.clone();
            }
            let keys: std::rc::Rc<[JsValue]> = names.iter().map(|n| JsValue::from_str(n)).collect();
            types.push((at, keys.clone()));
            keys
        })
    }

    impl<'de> de::MapAccess<'de> for Fields {
        type Error = Invalid;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Invalid> {
            while let Some(&name) = self.names.get(self.next) {
                let value = get(&self.object, &self.keys[self.next]);
                self.next += 1;
                if !value.is_undefined() {
                    self.value = Some(value);
                    return seed.deserialize(name.into_deserializer()).map(Some);
                }
            }
            Ok(None)
        }

        fn next_value_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<T::Value, Invalid> {
            field_value(&mut self.value, seed)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.names.len() - self.next)
        }
    }

    struct Enum {
        variant: JsValue,
        value: JsValue,
    }

    impl<'de> de::EnumAccess<'de> for Enum {
        type Error = Invalid;
        type Variant = Value;

        fn variant_seed<V: DeserializeSeed<'de>>(
            self,
            seed: V,
        ) -> Result<(V::Value, Value), Invalid> {
            Ok((seed.deserialize(Value(self.variant))?, Value(self.value)))
        }
    }

    impl<'de> de::VariantAccess<'de> for Value {
        type Error = Invalid;

        fn unit_variant(self) -> Result<(), Invalid> {
            Ok(())
        }

        fn newtype_variant_seed<T: DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<T::Value, Invalid> {
            seed.deserialize(self)
        }

        fn tuple_variant<V: Visitor<'de>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Invalid> {
            de::Deserializer::deserialize_any(self, visitor)
        }

        fn struct_variant<V: Visitor<'de>>(
            self,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Invalid> {
            de::Deserializer::deserialize_any(self, visitor)
        }
    }
}

/// A field of a JavaScript object, `undefined` when it has none (or is no object).
pub fn field(value: &JsValue, name: &str) -> JsValue {
    match value.is_object() {
        true => crate::browser::sure::get(value, &JsValue::from_str(name)),
        false => JsValue::UNDEFINED,
    }
}
