//! The app's pages and their addresses, as paths inside the app (the part after the base
//! the app is served under, `/` or e.g. `/cds/`).
//!
//! The browser app picks the page to show with [`Route::parse`]; the server answers every
//! one of these paths with the app's page, so a shared link or a reload lands on it.

use crate::query::{decode, encode};

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: the plan with its filters (which live in the query string).
    Explorer,
    /// `/activities/{id}`: one activity of the plan.
    Activity(String),
    /// `/about`: the plan's purpose, principles and legal basis.
    About,
    /// `/initiatives/new`: the form for a community initiative.
    Submit,
    /// `/initiatives/track` and `/initiatives/track/{code}`: a submission's status.
    Track(Option<String>),
    /// `/admin`: moderation.
    Admin,
    /// `/embed`: the snippet for putting the plan on another site.
    Embed,
    /// Anything else: the page that says so.
    NotFound,
}

impl Route {
    /// The page at `path` (no query string). A trailing slash is forgiven and parameters
    /// are percent-decoded; an empty parameter is no parameter.
    pub fn parse(path: &str) -> Route {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let param = |s: &str| Some(decode(s)).filter(|p| !p.trim().is_empty());
        match segments.as_slice() {
            [] => Route::Explorer,
            ["activities", id] => param(id).map_or(Route::NotFound, Route::Activity),
            ["about"] => Route::About,
            ["initiatives", "new"] => Route::Submit,
            ["initiatives", "track"] => Route::Track(None),
            ["initiatives", "track", code] => Route::Track(param(code)),
            ["admin"] => Route::Admin,
            ["embed"] => Route::Embed,
            _ => Route::NotFound,
        }
    }

    /// The path of this page, parameters percent-encoded; `NotFound` has none of its own and
    /// gives `/`.
    pub fn path(&self) -> String {
        match self {
            Route::Explorer | Route::NotFound => "/".to_owned(),
            Route::Activity(id) => format!("/activities/{}", encode(id)),
            Route::About => "/about".to_owned(),
            Route::Submit => "/initiatives/new".to_owned(),
            Route::Track(None) => "/initiatives/track".to_owned(),
            Route::Track(Some(code)) => format!("/initiatives/track/{}", encode(code)),
            Route::Admin => "/admin".to_owned(),
            Route::Embed => "/embed".to_owned(),
        }
    }
}

/// The two parts the app is built in, each with its own page and wasm. A citizen's first
/// visit loads only the plan; the forms (submission, tracking, moderation, the embed code
/// generator) come with their own page when someone opens one. Links between the two are
/// ordinary page loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The plan: explorer, activities, about, and the page for unknown addresses.
    Plan,
    /// The forms: a new initiative, tracking, moderation, embedding.
    Forms,
}

impl Bundle {
    /// The built page that starts this part, in the app's output folder.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Plan => "index.html",
            Bundle::Forms => "forms.html",
        }
    }
}

impl Route {
    /// The part of the app that shows this page.
    pub fn bundle(&self) -> Bundle {
        match self {
            Route::Submit | Route::Track(_) | Route::Admin | Route::Embed => Bundle::Forms,
            Route::Explorer | Route::Activity(_) | Route::About | Route::NotFound => Bundle::Plan,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_page_has_its_address() {
        for (path, route) in [
            ("/", Route::Explorer),
            ("", Route::Explorer),
            (
                "/activities/ngay-hoi-so",
                Route::Activity("ngay-hoi-so".into()),
            ),
            ("/about", Route::About),
            ("/about/", Route::About),
            ("/initiatives/new", Route::Submit),
            ("/initiatives/track", Route::Track(None)),
            (
                "/initiatives/track/AB12-CD34",
                Route::Track(Some("AB12-CD34".into())),
            ),
            ("/admin", Route::Admin),
            ("/embed", Route::Embed),
        ] {
            assert_eq!(Route::parse(path), route, "{path}");
        }
    }

    #[test]
    fn unknown_addresses_are_not_found() {
        for path in [
            "/activities",
            "/activities/",
            "/activities/a/b",
            "/initiatives",
            "/admin/x",
            "/ABOUT",
            "/khong-co",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn parameters_are_decoded_and_the_query_is_not_part_of_the_path() {
        assert_eq!(
            Route::parse("/activities/h%E1%BB%99i-th%E1%BA%A3o?lang=en"),
            Route::Activity("hội-thảo".into())
        );
        assert_eq!(Route::parse("/initiatives/track/%20"), Route::Track(None));
    }

    #[test]
    fn a_first_visit_to_the_plan_loads_only_the_plan() {
        for path in ["/", "/activities/x", "/about", "/khong-co", "/initiatives"] {
            assert_eq!(Route::parse(path).bundle(), Bundle::Plan, "{path}");
        }
        for path in [
            "/initiatives/new",
            "/initiatives/track",
            "/initiatives/track/AB12",
            "/admin",
            "/embed",
        ] {
            assert_eq!(Route::parse(path).bundle(), Bundle::Forms, "{path}");
        }
        assert_eq!(Bundle::Plan.page(), "index.html");
        assert_eq!(Bundle::Forms.page(), "forms.html");
    }

    proptest! {
        #[test]
        fn a_path_leads_back_to_its_page(id in "\\PC{1,40}", code in "[A-Z0-9-]{1,12}") {
            prop_assume!(!id.trim().is_empty());
            for route in [Route::Activity(id.clone()), Route::Track(Some(code.clone()))] {
                prop_assert_eq!(Route::parse(&route.path()), route);
            }
        }

        #[test]
        fn any_text_is_some_page(path in "\\PC*") {
            let _ = Route::parse(&path);
        }
    }
}
