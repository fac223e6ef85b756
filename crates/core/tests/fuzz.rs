//! Fuzzing on stable Rust: bounded property runs that feed the three parsers of untrusted
//! input anything at all, and check that they answer instead of panicking.
//!
//! - the explorer's query string (it comes from any link a person pastes, and from
//!   `GET /api/calendar.ics?…` on the server);
//! - the plan loader (a plan file with a typo must stop the server with a message, not a
//!   panic; and a plan it accepts must be safe to filter and export);
//! - the initiative validator (every field of `POST /api/initiatives` is attacker-chosen).
//!
//! `DXDAY_FUZZ_CASES` sets the cases per target (256 by default, for the test command);
//! `scripts/fuzz.sh` runs a long campaign. A failure prints the smallest input that
//! reproduces it, and proptest keeps it in `proptest-regressions/` to run first next time.

use chrono::{NaiveDate, NaiveDateTime};
use dxday_core::load::{PlanError, parse_plan};
use dxday_core::locate::line_of;
use dxday_core::model::Lang;
use dxday_core::validate::{InitiativeInput, validate};
use dxday_core::{ExplorerQuery, Index, Plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;
use std::sync::OnceLock;

fn config() -> Config {
    let cases = std::env::var("DXDAY_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        // Inputs are cheap: let proptest shrink a failure as far as it can.
        max_shrink_iters: 10_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// The repository's `data/plans`, found when the test runs (cargo sets `CARGO_MANIFEST_DIR`
/// then too): a test binary built from another checkout that shares the target folder, and
/// found up to date by cargo, must read this checkout's files, not that one's.
fn plans_dir() -> std::path::PathBuf {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test");
    std::path::PathBuf::from(crate_dir).join("../../data/plans")
}

/// The 2022 plan file as shipped.
fn plan_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(plans_dir().join("2022.json"))
            .expect("data/plans/2022.json is readable")
    })
}

fn plan_2022() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| parse_plan(plan_text()).expect("the 2022 plan loads"))
}

fn stamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2022, 10, 10)
        .unwrap()
        .and_hms_opt(3, 0, 0)
        .unwrap()
}

/// What the server's calendar feed and the app's exports do with a parsed query: filter
/// the plan and write ICS, CSV and JSON. None of it may panic.
fn search_and_export(plan: &Plan, query: &ExplorerQuery) {
    let filter = query.filter.known_to(plan);
    let results = Index::new(plan).search(plan, &filter);
    let shown = || results.matches.iter().map(|&i| &plan.activities[i]);
    let lang = query.lang.unwrap_or(Lang::Vi);
    let ics = dxday_core::ics::calendar(plan, shown(), lang, stamp(), &|id| {
        format!("https://example.vn/activities/{id}")
    });
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    let csv = dxday_core::export::csv(plan, shown(), lang);
    assert!(csv.starts_with('\u{FEFF}'));
    let json = dxday_core::export::json(plan, shown(), query.to_query_string());
    assert!(serde_json::from_str::<Value>(&json).is_ok());
}

/// Query strings built from the parser's own vocabulary, percent signs and stray bytes,
/// so that most cases reach the value parsers rather than the "unknown key" branch.
fn query_string() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("year"),
        Just("group"),
        Just("org"),
        Just("from"),
        Just("to"),
        Just("q"),
        Just("lang"),
        Just("embed"),
        Just("%79ear"),
        Just(""),
    ];
    let value = prop_oneof![
        "[0-9-]{0,12}",
        "(19|20|99)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[a-z0-9-]{0,20}",
        "(%[0-9A-Fa-f]{0,2}|[+&=?#])*",
        "%[C-F][0-9A-F]%[89AB][0-9A-F]",
        "\\PC{0,40}",
        any::<String>(),
    ];
    proptest::collection::vec((key, value), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// A mutation of a JSON document: one value anywhere in it replaced by another.
#[derive(Clone, Debug)]
enum Edit {
    Replace { at: usize, with: Value },
    Remove { at: usize },
    Duplicate { at: usize },
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just(String::new()),
            "[a-z0-9-]{1,12}",
            "\\PC{0,20}",
            "(19|20|99)[0-9]{2}-[01][0-9]-[0-3][0-9]",
            Just("bo-tttt".to_owned()),
            Just("cong-dong".to_owned()),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), json_value()).prop_map(|(at, with)| Edit::Replace { at, with }),
        any::<usize>().prop_map(|at| Edit::Remove { at }),
        any::<usize>().prop_map(|at| Edit::Duplicate { at }),
    ]
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Applies `edit` to the node numbered `at` (modulo the node count, depth first).
fn apply(root: &mut Value, edit: &Edit) {
    let n = count_nodes(root);
    let target = match edit {
        Edit::Replace { at, .. } | Edit::Remove { at } | Edit::Duplicate { at } => at % n,
    };
    let mut counter = 0;
    visit(root, target, &mut counter, edit);
}

fn visit(v: &mut Value, target: usize, counter: &mut usize, edit: &Edit) -> bool {
    // Children are edited through their parent, so that Remove and Duplicate can act.
    let here = *counter;
    *counter += 1;
    if here == target {
        if let Edit::Replace { with, .. } = edit {
            *v = with.clone();
        }
        return true;
    }
    let mut hit = None;
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                if *counter == target {
                    hit = Some(i);
                    break;
                }
                if visit(item, target, counter, edit) {
                    return true;
                }
            }
            if let Some(i) = hit {
                match edit {
                    Edit::Replace { with, .. } => items[i] = with.clone(),
                    Edit::Remove { .. } => {
                        items.remove(i);
                    }
                    Edit::Duplicate { .. } => {
                        let copy = items[i].clone();
                        items.insert(i, copy);
                    }
                }
                return true;
            }
        }
        Value::Object(fields) => {
            let keys: Vec<String> = fields.keys().cloned().collect();
            for key in keys {
                if *counter == target {
                    match edit {
                        Edit::Replace { with, .. } => {
                            fields.insert(key, with.clone());
                        }
                        Edit::Remove { .. } => {
                            fields.remove(&key);
                        }
                        Edit::Duplicate { .. } => {
                            let copy = fields[&key].clone();
                            fields.insert(format!("{key}_copy"), copy);
                        }
                    }
                    return true;
                }
                if let Some(child) = fields.get_mut(&key)
                    && visit(child, target, counter, edit)
                {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// Byte-level damage to a text: what a bad copy, a truncated upload or an editor's slip does.
#[derive(Clone, Debug)]
enum Damage {
    Truncate(usize),
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Flip(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Damage::Delete(at, n)),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..16),
                prop_oneof![
                    Just(&b"{"[..]),
                    Just(&b"}"[..]),
                    Just(&b"["[..]),
                    Just(&b"]"[..]),
                    Just(&b","[..]),
                    Just(&b"\""[..]),
                    Just(&b"\\u0000"[..]),
                    Just(&b"null"[..]),
                    Just(&b"1e999"[..]),
                    Just(&b"-0"[..]),
                ]
                .prop_map(<[u8]>::to_vec),
            ]
        )
            .prop_map(|(at, bytes)| Damage::Insert(at, bytes)),
    ]
}

fn damaged(text: &str, damage: &[Damage]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for d in damage {
        let len = bytes.len().max(1);
        match d {
            Damage::Truncate(at) => bytes.truncate(at % len),
            Damage::Flip(at, b) => {
                if !bytes.is_empty() {
                    bytes[at % len] ^= b | 1;
                }
            }
            Damage::Delete(at, n) => {
                let start = (at % len).min(bytes.len());
                let end = (start + n).min(bytes.len());
                bytes.drain(start..end);
            }
            Damage::Insert(at, new) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, new.iter().copied());
            }
        }
    }
    bytes
}

/// An initiative as an attacker might send it: every field free text, some near the
/// validator's expectations so that the deeper checks run too.
fn initiative_input() -> impl Strategy<Value = InitiativeInput> {
    let text = || {
        prop_oneof![
            any::<String>(),
            "\\PC{0,300}",
            "[ \\t\\r\\n\u{0300}-\u{036F}a-zA-Zàáảãạăâđêôơư]{0,120}",
            Just("Hướng dẫn người cao tuổi dùng dịch vụ công trực tuyến".to_owned()),
        ]
    };
    let date = || {
        prop_oneof![
            "(19|20|99)[0-9]{2}-[01][0-9]-[0-3][0-9]",
            "[0-9/.-]{0,12}",
            any::<String>(),
        ]
    };
    let choice = || {
        prop_oneof![
            Just("ha-noi".to_owned()),
            Just("nhom-cong-dong".to_owned()),
            Just("truc-tuyen".to_owned()),
            "[a-z-]{0,16}",
            any::<String>(),
        ]
    };
    let email = prop_oneof![
        "[a-z.]{1,10}@[a-zđ]{1,10}\\.(vn|com)",
        "\\PC{0,40}",
        any::<String>(),
    ];
    let phone = prop_oneof!["[+0-9 ().-]{0,20}", any::<String>()];
    let link = prop_oneof![
        "(https?|javascript|data|ftp)://[a-z0-9./?=&%-]{0,40}",
        any::<String>(),
    ];
    (
        (text(), text(), text(), choice(), choice()),
        (date(), date(), link, text()),
        (email, phone, any::<i32>(), any::<bool>()),
        (any::<String>(), proptest::option::of(any::<i64>())),
    )
        .prop_map(
            |(
                (title, description, organizer_name, organizer_type, province),
                (start_date, end_date, link, beneficiaries),
                (contact_email, contact_phone, plan_year, consent),
                (website, form_started_ms),
            )| InitiativeInput {
                title,
                description,
                organizer_name,
                organizer_type,
                province,
                start_date,
                end_date,
                link,
                beneficiaries,
                contact_email,
                contact_phone,
                plan_year,
                consent,
                website,
                form_started_ms,
            },
        )
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (-10_000i32..10_000, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_explorer_query_parser_reads_any_text_and_its_reading_is_stable(
        text in prop_oneof![any::<String>(), query_string()]
    ) {
        let query = ExplorerQuery::parse(&text);
        // What the parser keeps, printed and read again, is the same query: a shared link
        // never drifts.
        let again = ExplorerQuery::parse(&query.to_query_string());
        prop_assert_eq!(&again, &query);
        search_and_export(plan_2022(), &query);
    }

    #[test]
    fn the_plan_loader_refuses_any_bytes_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_plan(&text);
    }

    #[test]
    fn the_plan_loader_survives_a_damaged_plan_file(
        damage in proptest::collection::vec(damage(), 1..6)
    ) {
        let bytes = damaged(plan_text(), &damage);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(plan) = parse_plan(&text) {
            search_and_export(&plan, &ExplorerQuery::default());
        }
    }

    #[test]
    fn a_plan_the_loader_accepts_can_be_filtered_and_exported(
        edits in proptest::collection::vec(edit(), 1..5),
        query in query_string(),
    ) {
        let mut doc: Value = serde_json::from_str(plan_text()).unwrap();
        for e in &edits {
            apply(&mut doc, e);
        }
        let text = doc.to_string();
        // A plan that passes the loader's checks is one the explorer and the calendar feed
        // must handle; one that does not is refused with a message.
        match parse_plan(&text) {
            Ok(plan) => search_and_export(&plan, &ExplorerQuery::parse(&query)),
            Err(PlanError::Inconsistent(problems)) => {
                // Every problem names a path the editor can be sent to.
                for p in &problems {
                    prop_assert!(line_of(&text, &p.path).is_some(), "{}", p.path);
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn the_initiative_validator_answers_any_input(
        input in initiative_input(),
        today in any_day(),
        years in proptest::collection::vec(any::<i32>(), 0..3),
    ) {
        match validate(&input, today, &years) {
            // Whatever it accepts, it accepts again: the cleaned values are a fixed point.
            Ok(clean) => {
                let again = InitiativeInput {
                    title: clean.title.clone(),
                    description: clean.description.clone(),
                    organizer_name: clean.organizer_name.clone(),
                    ..input.clone()
                };
                prop_assert!(validate(&again, today, &years).is_ok());
            }
            Err(fields) => prop_assert!(!fields.is_empty()),
        }
    }

    #[test]
    fn the_initiative_body_parser_and_validator_answer_any_bytes(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..512),
            json_value().prop_map(|v| v.to_string().into_bytes()),
        ]
    ) {
        // The server's path: bytes → JSON → validation.
        if let Ok(input) = serde_json::from_slice::<InitiativeInput>(&bytes) {
            let today = NaiveDate::from_ymd_opt(2026, 10, 10).unwrap();
            let _ = validate(&input, today, &[2022]);
        }
    }
}
