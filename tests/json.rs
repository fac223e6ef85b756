//! The app reads JSON with the browser's parser and its own serde deserializer
//! (`dxday::json::de`): here, in headless Chromium, it must read every plan and every kept
//! item exactly as serde_json does, and refuse what serde_json refuses.

#![cfg(target_arch = "wasm32")]

use dxday::json::{from_js, parse, stringify};
use dxday_core::Plan;
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every plan file the app ships, read by both readers.
#[wasm_bindgen_test]
fn every_plan_file_reads_as_serde_json_reads_it() {
    for (year, text) in [
        (2022, include_str!("../data/plans/2022.json")),
        (2023, include_str!("../data/plans/2023.json")),
        (2024, include_str!("../data/plans/2024.json")),
        (2025, include_str!("../data/plans/2025.json")),
    ] {
        let expected: Plan = serde_json::from_str(text).unwrap();
        let read: Plan = parse(text).unwrap_or_else(|| panic!("the {year} plan reads"));
        assert_eq!(read, expected, "the {year} plan");
        assert!(!read.activities.is_empty());
    }
}

/// The app reads a plan file as the server sends it: what it shows in full, and an
/// activity's citations too, since its JSON download writes activities as the file does.
/// The plan's sources and the citations of what it does not show are left unread here
/// (dxday_core::model), which the server's reader is not.
#[wasm_bindgen_test]
fn the_app_reads_a_plan_file_with_what_it_shows_and_each_activitys_citations() {
    let text = include_str!("../data/plans/2025.json");
    let plan: Plan = parse(text).expect("the 2025 plan reads");
    let full: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(plan.year, 2025);
    assert_eq!(
        plan.activities.len(),
        full["activities"].as_array().unwrap().len()
    );
    assert_eq!(
        plan.legal_basis.len(),
        full["legal_basis"].as_array().unwrap().len()
    );
    assert_eq!(
        plan.organizations.len(),
        full["organizations"].as_array().unwrap().len()
    );
    for (activity, written) in plan
        .activities
        .iter()
        .zip(full["activities"].as_array().unwrap())
    {
        let cites: Vec<String> = serde_json::from_value(written["cites"].clone()).unwrap();
        assert!(!cites.is_empty(), "{} cites its sources", activity.id);
        assert_eq!(activity.cites, cites, "{}", activity.id);
    }
    assert!(!full["sources"].as_array().unwrap().is_empty());
    assert!(
        plan.sources.is_empty(),
        "the sources are not read into the app"
    );
}

/// A shape with the kinds of field the app's types use; `B` is its JSON-text field, read
/// by the app as [`Text`] and by serde_json as any value.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Kept<B = Text> {
    id: String,
    count: u32,
    at_ms: i64,
    #[serde(default)]
    note: Option<String>,
    tags: Vec<String>,
    kind: Kind,
    #[serde(default)]
    shape: Option<Shape>,
    body: B,
}

/// A field kept as the JSON text of a value (`dxday::json::text`).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Text(#[serde(with = "dxday::json::text")] String);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    New,
    Waiting,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Shape {
    Point { x: i32 },
    Line { from: i32, to: i32 },
}

#[wasm_bindgen_test]
fn kept_items_read_back_as_they_were_written() {
    let item = Kept {
        id: "a1".into(),
        count: 3,
        at_ms: -1_700_000_000_000,
        note: None,
        tags: vec!["x".into(), "Hà Nội".into()],
        kind: Kind::Waiting,
        shape: Some(Shape::Line { from: -2, to: 7 }),
        body: Text(r#"{"title":"Sáng kiến","n":[1,2]}"#.into()),
    };
    let text = stringify(&item).unwrap();
    // The JSON text field is kept as the object it holds, not as a string.
    assert!(
        text.contains(r#""body":{"title":"Sáng kiến","n":[1,2]}"#),
        "{text}"
    );
    assert_eq!(parse::<Kept>(&text), Some(item));
}

#[wasm_bindgen_test]
fn what_serde_json_refuses_the_app_refuses() {
    let good = r#"{"id":"a","count":1,"at_ms":5,"tags":[],"kind":"new","body":{}}"#;
    assert!(parse::<Kept>(good).is_some());
    for bad in [
        // not JSON at all
        "{",
        // a field missing, of the wrong type, or out of its range
        r#"{"count":1,"at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":1,"count":1,"at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":-1,"at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1.5,"at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":4294967296,"at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":"x","kind":"new","body":{}}"#,
        // a variant that does not exist, or a tagged one without its fields
        r#"{"id":"a","count":1,"at_ms":5,"tags":[],"kind":"old","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":[],"kind":"new","shape":{"type":"point"},"body":{}}"#,
    ] {
        assert_eq!(
            parse::<Kept>(bad).is_some(),
            serde_json::from_str::<serde_json::Value>(bad)
                .ok()
                .and_then(|v| serde_json::from_value::<Kept<serde_json::Value>>(v).ok())
                .is_some(),
            "{bad}"
        );
        assert_eq!(parse::<Kept>(bad), None, "{bad}");
    }
    // A plan of another shape is no plan.
    assert!(from_js::<Plan>(js_sys::JSON::parse(r#"{"year":"2025"}"#).unwrap()).is_none());
}

/// Fields a type does not have are skipped whatever they hold, and a value of the wrong kind
/// is refused wherever it is, as serde_json does; the one difference, on purpose: a struct is
/// read from an object only, not from an array of its fields in order.
#[wasm_bindgen_test]
fn fields_unknown_are_skipped_and_kinds_are_checked_field_by_field() {
    let with_extra = r#"{"id":"a","count":1,"at_ms":-5,"tags":["x"],"kind":"waiting","body":[1],
        "extra":{"deep":[1,{"b":null}],"n":1.5},"also":"text","flag":true,"none":null}"#;
    let read: Kept = parse(with_extra).expect("extra fields are skipped");
    let expected: Kept<serde_json::Value> = serde_json::from_str(with_extra).unwrap();
    assert_eq!(
        (read.id.as_str(), read.count, read.at_ms, read.kind),
        (
            expected.id.as_str(),
            expected.count,
            expected.at_ms,
            expected.kind
        )
    );
    assert_eq!(read.body, Text("[1]".into()));
    for bad in [
        r#"{"id":"a","count":"1","at_ms":5,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":true,"tags":[],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":[1],"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":{},"kind":"new","body":{}}"#,
        // a field written as null is not a field left out
        r#"{"id":"a","count":1,"at_ms":5,"tags":null,"kind":"new","body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":[],"kind":"new","note":2,"body":{}}"#,
        r#"{"id":"a","count":1,"at_ms":5,"tags":[],"kind":"new","shape":[],"body":{}}"#,
        r#"[]"#,
        r#""a""#,
    ] {
        assert!(
            serde_json::from_str::<Kept<serde_json::Value>>(bad).is_err(),
            "serde_json refuses {bad}"
        );
        assert_eq!(parse::<Kept>(bad), None, "{bad}");
    }
    let as_array = r#"["a",1,5,null,[],"new",null,{}]"#;
    assert!(serde_json::from_str::<Kept<serde_json::Value>>(as_array).is_ok());
    assert_eq!(
        parse::<Kept>(as_array),
        None,
        "a struct is read from an object only"
    );
}
