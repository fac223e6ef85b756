//! The campaign plan of one year, as stored in `data/plans/{year}.json`.
//!
//! Nothing about organizations or activities is hard-coded in Rust: names change from year
//! to year (in 2025 the lead ministry became Bộ KH&CN), so everything lives in the files.
//!
//! The web app (the only wasm32 build of this crate) does not read the plan's sources or
//! the citations of its name, theme, documents, key dates, groups and organizations: it
//! shows none of them, and their readers were 959 B of its main module in brotli. They
//! stay empty there (`skip_deserializing` on wasm32 only); the server, the checks of
//! `load` and every other reader get them in full. An activity's own `cites` are read
//! everywhere: the app's JSON download writes activities as the plan file does.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The plan file format this code reads; a file with another version is refused.
pub const SCHEMA_VERSION: u32 = 1;

/// A language the app speaks. Vietnamese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, as used in `lang` attributes and query strings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a code; anything but `vi` or `en` is not a language of ours.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text written in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Vietnamese, as the source documents write it.
    pub vi: String,
    /// English, written for this app.
    pub en: String,
}

impl Text {
    /// The text in `lang`, falling back to Vietnamese where no English was written.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.vi,
        }
    }
}

/// A legal or planning document the plan rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable slug, referred to by activities' sources.
    pub id: String,
    /// Official number, e.g. `505/QĐ-TTg`; absent where the source names none.
    #[serde(default)]
    pub number: Option<String>,
    /// Date of signature or approval; absent where the sources give none (a year's plan is
    /// sometimes reported as approved without its date).
    #[serde(default, with = "crate::model::iso::option")]
    pub date: Option<NaiveDate>,
    /// Who issued it.
    pub issuer: Text,
    /// What it is.
    pub title: Text,
    /// The sources that report this document (ids in [`Plan::sources`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub cites: Vec<String>,
}

/// A dated milestone shown in the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyDate {
    /// The calendar date in Vietnam time.
    #[serde(with = "crate::model::iso")]
    pub date: NaiveDate,
    /// What happens on it.
    pub label: Text,
    /// The sources that give this date (ids in [`Plan::sources`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub cites: Vec<String>,
}

/// One of the plan's organizer groups ("các hoạt động do Bộ TT&TT chủ trì", …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable slug used in URLs (`group=`).
    pub id: String,
    /// Short name for filters.
    pub name: Text,
    /// The heading as the plan words it.
    pub heading: Text,
    /// The sources that report this group of activities (ids in [`Plan::sources`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub cites: Vec<String>,
}

/// A ministry, unit, union, association, company or platform named in the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Stable slug used in URLs (`org=`).
    pub id: String,
    /// Full name.
    pub name: Text,
    /// The organizer group it belongs to.
    pub group: String,
    /// The organization it is a unit of (Vụ Bưu chính under Bộ TT&TT).
    #[serde(default)]
    pub parent: Option<String>,
    /// The sources that name it (ids in [`Plan::sources`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub cites: Vec<String>,
}

/// Whether a window is the one the plan asks for first, or the allowed alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowKind {
    /// The window the plan names first ("từ ngày 1/10 đến 10/10").
    Primary,
    /// The alternative it allows ("hoặc trong toàn bộ tháng 10").
    Alternative,
}

/// An inclusive span of calendar days in Vietnam time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First day.
    #[serde(with = "crate::model::iso")]
    pub start: NaiveDate,
    /// Last day, inclusive.
    #[serde(with = "crate::model::iso")]
    pub end: NaiveDate,
    /// Primary or alternative.
    pub kind: WindowKind,
}

impl Window {
    /// True when this window shares at least one day with `[from, to]` (either end open).
    pub fn overlaps(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        from.is_none_or(|f| self.end >= f) && to.is_none_or(|t| self.start <= t)
    }
}

/// What kind of work an activity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Launching an initiative that brings people a practical benefit.
    Initiative,
    /// Promoting the use of digital products and services.
    Promotion,
    /// Making a plan of one's own.
    PlanMaking,
    /// Adopting 10/10 as one's own Digital Transformation Day.
    Adoption,
    /// Communication and media work.
    Communication,
    /// A community activity, such as an approved citizen initiative.
    Community,
    /// Carrying out assigned tasks.
    Implementation,
}

/// Where an activity comes from: `{"kind": "plan", "document": "…"}` or
/// `{"kind": "initiative", "initiative": "…"}` in a plan file.
///
/// Read and written through [`SourceFields`] rather than as serde's internally tagged enum,
/// which buffers every field of the object before it looks at the tag: that buffering was
/// about 2 KB of the app's wasm, for the same JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SourceFields", into = "SourceFields")]
pub enum Source {
    /// A document of the plan (by its id in `legal_basis`).
    Plan {
        /// The document's id.
        document: String,
    },
    /// A citizen initiative approved by a moderator.
    Initiative {
        /// The initiative's id on the server.
        initiative: String,
    },
}

/// What kind of source an activity has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SourceKind {
    Plan,
    Initiative,
}

/// [`Source`] as a plan file writes it: the kind, and the field that kind needs.
#[derive(Serialize, Deserialize)]
struct SourceFields {
    kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    initiative: Option<String>,
}

impl TryFrom<SourceFields> for Source {
    type Error = &'static str;

    fn try_from(f: SourceFields) -> Result<Source, &'static str> {
        match (f.kind, f.document, f.initiative) {
            (SourceKind::Plan, Some(document), _) => Ok(Source::Plan { document }),
            (SourceKind::Initiative, _, Some(initiative)) => Ok(Source::Initiative { initiative }),
            (SourceKind::Plan, None, _) => Err("missing field `document`"),
            (SourceKind::Initiative, _, None) => Err("missing field `initiative`"),
        }
    }
}

impl From<Source> for SourceFields {
    fn from(source: Source) -> SourceFields {
        match source {
            Source::Plan { document } => SourceFields {
                kind: SourceKind::Plan,
                document: Some(document),
                initiative: None,
            },
            Source::Initiative { initiative } => SourceFields {
                kind: SourceKind::Initiative,
                document: None,
                initiative: Some(initiative),
            },
        }
    }
}

/// One thing the plan asks someone to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Stable slug, used in `/activities/{id}`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// What is asked, in the plan's words.
    pub summary: Text,
    /// The organizer group.
    pub group: String,
    /// The organization that leads; absent when the plan asks a whole group.
    #[serde(default)]
    pub lead: Option<String>,
    /// Organizations it works with.
    #[serde(default)]
    pub partners: Vec<String>,
    /// When; empty where the source gives no date.
    #[serde(default)]
    pub windows: Vec<Window>,
    /// What kind of work.
    pub kind: ActivityKind,
    /// The plan document or the approved initiative it comes from.
    pub source: Source,
    /// The public sources that report it (ids in [`Plan::sources`]); every activity of a
    /// plan file has at least one, an approved initiative has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<String>,
}

impl Activity {
    /// True when the source gives at least one date window.
    pub fn is_dated(&self) -> bool {
        !self.windows.is_empty()
    }

    /// The earliest start of any window, for ordering on a timeline.
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.windows.iter().map(|w| w.start).min()
    }
}

/// A public page the plan's facts are taken from: a news article, a ministry's or a
/// province's page. Facts name it by `id` in their `cites`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Stable slug, referred to by `cites`.
    pub id: String,
    /// Where it is published (`http` or `https`).
    pub url: String,
    /// Its title, as published, in its own language.
    pub title: String,
    /// Who publishes it (the newspaper, the ministry, the province's portal).
    pub publisher: String,
    /// Day of publication in Vietnam time; absent where the page shows none.
    #[serde(default, with = "crate::model::iso::option")]
    pub date: Option<NaiveDate>,
}

/// The sources of the plan's own texts, field by field (ids in [`Plan::sources`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCites {
    /// Of [`Plan::name`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name: Vec<String>,
    /// Of [`Plan::theme`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme: Vec<String>,
    /// Of [`Plan::objectives`], all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Of [`Plan::principles`], all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<String>,
    /// Of [`Plan::focus_areas`], all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus_areas: Vec<String>,
}

impl PlanCites {
    /// Each field's JSON name with its citations, in the file's order.
    pub fn fields(&self) -> [(&'static str, &[String]); 5] {
        [
            ("name", &self.name),
            ("theme", &self.theme),
            ("objectives", &self.objectives),
            ("principles", &self.principles),
            ("focus_areas", &self.focus_areas),
        ]
    }
}

/// The campaign plan of one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The campaign year.
    pub year: i32,
    /// The plan's name.
    pub name: Text,
    /// The year's theme.
    pub theme: Text,
    /// The day itself (10/10 of the year).
    #[serde(with = "crate::model::iso")]
    pub day: NaiveDate,
    /// Where the name, theme, objectives, principles and focus areas come from.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub cites: PlanCites,
    /// The public pages this file's facts are taken from; every one is cited somewhere.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub sources: Vec<Reference>,
    /// The documents the plan rests on.
    pub legal_basis: Vec<Document>,
    /// Milestones for the overview.
    pub key_dates: Vec<KeyDate>,
    /// Why the day is held.
    pub objectives: Vec<Text>,
    /// The spirit in which activities are held.
    pub principles: Vec<Text>,
    /// What the year's activities concentrate on.
    pub focus_areas: Vec<Text>,
    /// Organizer groups in the plan's order.
    pub groups: Vec<Group>,
    /// The group approved citizen initiatives join, if the plan takes them.
    #[serde(default)]
    pub community_group: Option<String>,
    /// Every organization named.
    pub organizations: Vec<Organization>,
    /// Every activity or request the plan makes.
    pub activities: Vec<Activity>,
}

impl Plan {
    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The organization with this id.
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    /// The activity with this id.
    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.legal_basis.iter().find(|d| d.id == id)
    }

    /// The source with this id.
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.sources.iter().find(|r| r.id == id)
    }

    /// True when `org` is `ancestor` or one of its units, at any depth.
    pub fn is_within(&self, org: &str, ancestor: &str) -> bool {
        let mut current = Some(org);
        // Depth is bounded so that a cycle in a bad file cannot loop forever.
        for _ in 0..=self.organizations.len() {
            match current {
                Some(id) if id == ancestor => return true,
                Some(id) => current = self.organization(id).and_then(|o| o.parent.as_deref()),
                None => return false,
            }
        }
        false
    }
}

/// Dates in plan files and API answers are `YYYY-MM-DD`, read and written with
/// [`crate::query::parse_date`] and [`crate::query::iso_date`] rather than chrono's general
/// parser and formatter, which the wasm app would otherwise carry (about 18 KB).
pub(crate) mod iso {
    use chrono::NaiveDate;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::query::iso_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        read(&text).map_err(D::Error::custom)
    }

    fn read(text: &str) -> Result<NaiveDate, String> {
        crate::query::parse_date(text)
            .filter(|_| text.trim() == text)
            .ok_or_else(|| format!("{text:?} is not a date written YYYY-MM-DD"))
    }

    /// The same for a date that may be `null` or left out (with `#[serde(default)]`).
    pub mod option {
        use chrono::NaiveDate;
        use serde::de::Error as _;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|text| super::read(&text).map_err(D::Error::custom))
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_source_is_written_and_read_as_a_kind_and_its_field() {
        let plan = Source::Plan {
            document: "qd-505".into(),
        };
        let text = serde_json::to_string(&plan).unwrap();
        assert_eq!(text, r#"{"kind":"plan","document":"qd-505"}"#);
        assert_eq!(serde_json::from_str::<Source>(&text).unwrap(), plan);
        let initiative: Source =
            serde_json::from_str(r#"{"initiative":"i-1","kind":"initiative"}"#).unwrap();
        assert_eq!(
            initiative,
            Source::Initiative {
                initiative: "i-1".into()
            }
        );
        for bad in [
            r#"{"kind":"plan"}"#,
            r#"{"kind":"initiative","document":"qd-505"}"#,
            r#"{"kind":"press","document":"qd-505"}"#,
            r#"{"document":"qd-505"}"#,
        ] {
            assert!(serde_json::from_str::<Source>(bad).is_err(), "{bad}");
        }
    }

    fn key_date(json: &str) -> Result<KeyDate, serde_json::Error> {
        serde_json::from_str(&format!(
            r#"{{"date": {json}, "label": {{"vi": "Ngày", "en": "Day"}}}}"#
        ))
    }

    #[test]
    fn dates_are_read_as_written_and_nothing_else() {
        let d = key_date(r#""2022-10-10""#).unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2022, 10, 10).unwrap());
        for bad in [
            r#""2022-13-01""#,
            r#""2022-02-30""#,
            r#""10/10/2022""#,
            r#"" 2022-10-10""#,
            "20221010",
            r#""2022-10-10T00:00""#,
        ] {
            let err = key_date(bad).unwrap_err().to_string();
            assert!(
                err.contains("YYYY-MM-DD") || err.contains("invalid type"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_source_without_a_date_reads_as_none_and_a_bad_date_is_refused() {
        let read = |date: &str| {
            serde_json::from_str::<Reference>(&format!(
                r#"{{"id": "bao", "url": "https://example.vn/a", "title": "Tin", "publisher": "Báo"{date}}}"#
            ))
        };
        assert_eq!(read("").unwrap().date, None);
        assert_eq!(read(r#", "date": null"#).unwrap().date, None);
        assert_eq!(
            read(r#", "date": "2025-10-01""#).unwrap().date,
            NaiveDate::from_ymd_opt(2025, 10, 1)
        );
        let err = read(r#", "date": "01/10/2025""#).unwrap_err().to_string();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }

    proptest! {
        #[test]
        fn a_written_date_reads_back_the_same(days in 0i64..60_000) {
            let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let original = KeyDate { date, label: Text { vi: "Ngày".into(), en: "Day".into() }, cites: vec![] };
            let json = serde_json::to_string(&original).unwrap();
            prop_assert!(json.contains(&date.to_string()));
            prop_assert_eq!(serde_json::from_str::<KeyDate>(&json).unwrap(), original);
        }
    }
}
