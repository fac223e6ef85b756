//! The filter engine of the explorer: by group, organization, date range and text, with
//! facet counts for each group and organization under the other filters.
//!
//! [`Index`] folds every activity's text once, so that a keystroke over 100,000 activities
//! costs one pass of substring checks and no allocation per activity.

use crate::fold::{fold, fold_lowered, has_diacritics, lower, words};
use crate::model::{Activity, Lang, Plan};
use chrono::NaiveDate;

/// What a citizen has chosen in the filter panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Organizer groups (any of them); empty means every group.
    pub groups: Vec<String>,
    /// Organizations (any of them, a parent including its units); empty means all.
    pub orgs: Vec<String>,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
    /// Free text, matched without regard to case or diacritics.
    pub q: String,
}

impl Filter {
    /// True when a date bound is set, which hides activities that have no date.
    pub fn has_dates(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// True when nothing is chosen.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.orgs.is_empty() && !self.has_dates() && self.q.is_empty()
    }

    /// How many filters are on, counted as the chips that lift them: each group, each
    /// organization, the dates (one, whether one bound or two) and the search text. The
    /// phone's "Lọc" button shows it.
    pub fn active_count(&self) -> usize {
        self.groups.len()
            + self.orgs.len()
            + usize::from(self.has_dates())
            + usize::from(!self.q.is_empty())
    }

    /// The same filter without the group and organization ids this plan does not know,
    /// so that a link made for another year still opens.
    pub fn known_to(&self, plan: &Plan) -> Filter {
        Filter {
            groups: self
                .groups
                .iter()
                .filter(|g| plan.group(g).is_some())
                .cloned()
                .collect(),
            orgs: self
                .orgs
                .iter()
                .filter(|o| plan.organization(o).is_some())
                .cloned()
                .collect(),
            ..self.clone()
        }
    }
}

/// The text of an activity that a search looks at: both languages, and the names of its
/// group, lead and partners.
pub fn search_text(plan: &Plan, activity: &Activity) -> String {
    let mut text = String::new();
    let mut push = |s: &str| {
        text.push_str(s);
        text.push('\n');
    };
    for lang in [Lang::Vi, Lang::En] {
        push(activity.title.get(lang));
        push(activity.summary.get(lang));
        if let Some(g) = plan.group(&activity.group) {
            push(g.name.get(lang));
        }
        for id in activity.lead.iter().chain(&activity.partners) {
            if let Some(o) = plan.organization(id) {
                push(o.name.get(lang));
            }
        }
    }
    text
}

/// The words of a query, folded, and lower-cased with their marks kept.
struct Query {
    folded: Vec<String>,
    lowered: Vec<String>,
    /// Whether the person typed diacritics, so exact matches can rank first.
    marked: bool,
}

impl Query {
    fn new(q: &str, lower: Lowercase) -> Query {
        let lowered_all = lower(q);
        // Marks typed decomposed stay in their word (fold::is_word_char).
        let lowered: Vec<String> = words(&lowered_all).map(str::to_owned).collect();
        let folded_all = fold_lowered(&lowered_all);
        Query {
            folded: words(&folded_all).map(str::to_owned).collect(),
            lowered,
            marked: has_diacritics(q),
        }
    }

    fn matches_folded(&self, folded_text: &str) -> bool {
        self.folded.iter().all(|w| folded_text.contains(w.as_str()))
    }

    /// True when every word of this query is inside a word of `narrower`: then every text
    /// `narrower` matches, this query matches too.
    fn is_within(&self, narrower: &Query) -> bool {
        self.folded
            .iter()
            .all(|w| narrower.folded.iter().any(|n| n.contains(w.as_str())))
    }
}

/// Which words of a query each name holds, one bit per word (the first 64 words; a word
/// after those is looked for in the names themselves).
fn word_bits(words: &[String], names: &[String]) -> Vec<u64> {
    names
        .iter()
        .map(|name| {
            words
                .iter()
                .take(64)
                .enumerate()
                .filter(|(_, w)| name.contains(w.as_str()))
                .fold(0, |bits, (k, _)| bits | 1 << k)
        })
        .collect()
}

/// True when `activity` passes every part of `filter`, decided from the plan alone.
///
/// This is the definition of filtering; [`Index::search`] is the fast way to the same answer.
pub fn passes(plan: &Plan, activity: &Activity, filter: &Filter) -> bool {
    let filter = filter.known_to(plan);
    let group_ok = filter.groups.is_empty() || filter.groups.contains(&activity.group);
    let org_ok = filter.orgs.is_empty()
        || activity
            .lead
            .iter()
            .chain(&activity.partners)
            .any(|o| filter.orgs.iter().any(|f| plan.is_within(o, f)));
    let date_ok = !filter.has_dates()
        || activity
            .windows
            .iter()
            .any(|w| w.overlaps(filter.from, filter.to));
    let text_ok = Query::new(&filter.q, lower).matches_folded(&fold(&search_text(plan, activity)));
    group_ok && org_ok && date_ok && text_ok
}

/// What a search returns: the matching activities in the order to show them, and the facets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    /// Indices into `plan.activities`: exact-diacritic matches first, then plan order.
    pub matches: Vec<usize>,
    /// For each group in `plan.groups`, how many activities match the other filters.
    pub group_counts: Vec<usize>,
    /// For each organization in `plan.organizations`, how many activities match the other
    /// filters (a parent counts the activities of its units).
    pub org_counts: Vec<usize>,
    /// Indices of the activities that pass the dates and the text, whatever the groups and
    /// organizations, in plan order: all a narrower search has to look at
    /// ([`Index::refine`]).
    pub passing: Vec<usize>,
}

struct Entry {
    group: Option<usize>,
    /// The lead and partners and every parent of theirs, as indices into the organizations.
    orgs: Vec<usize>,
    /// The lead and partners alone: the organizations whose names a search looks at.
    named: Vec<usize>,
    /// The activity's own text (title and summary, both languages), folded and lowered.
    /// The names of its group and organizations are kept once, in the index, not copied
    /// into each activity: a plan of 100,000 activities names a few hundred organizations,
    /// whose names are scanned once per keystroke instead of once per activity.
    folded: String,
    lowered: String,
}

/// A way to lower-case text the same as [`crate::fold::lower`]: that one, or the app's
/// through the browser.
pub type Lowercase = fn(&str) -> String;

/// A plan prepared for fast filtering.
pub struct Index {
    entries: Vec<Entry>,
    group_count: usize,
    org_count: usize,
    /// Each group's and each organization's names, both languages, folded and lowered.
    group_names: Names,
    org_names: Names,
    /// How many of the entries have their texts (the first ones): [`Index::extend_texts`].
    texts: usize,
    /// How its texts and the queries are lower-cased.
    lower: Lowercase,
}

impl Index {
    /// Prepares `plan`; done once per plan, not per keystroke.
    pub fn new(plan: &Plan) -> Index {
        let mut index = Index::start(plan);
        index.extend(plan, usize::MAX);
        index
    }

    /// An index of `plan` with none of its activities in it yet: [`Index::extend`] adds
    /// them a slice at a time, so that the app can let the browser paint and take input
    /// between slices of a large plan. Search it only once [`Index::is_complete`], or once
    /// [`Index::ready_for`] the filter.
    pub fn start(plan: &Plan) -> Index {
        Index::start_with(plan, lower)
    }

    /// [`Index::start`], lower-casing the texts and the queries with `lower`, which must do
    /// what [`crate::fold::lower`] does: the app's goes through the browser, whose Unicode
    /// tables are there anyway, so that the wasm carries none.
    pub fn start_with(plan: &Plan, lower: Lowercase) -> Index {
        Index {
            entries: Vec::with_capacity(plan.activities.len()),
            group_count: plan.groups.len(),
            org_count: plan.organizations.len(),
            group_names: Names::new(plan.groups.iter().map(|g| &g.name), lower),
            org_names: Names::new(plan.organizations.iter().map(|o| &o.name), lower),
            texts: 0,
            lower,
        }
    }

    /// Adds the next `count` activities of `plan` (the one this index was started from),
    /// with their texts; true once every activity is in.
    pub fn extend(&mut self, plan: &Plan, count: usize) -> bool {
        self.extend_filters(plan, count);
        self.extend_texts(plan, count)
    }

    /// Adds the next `count` activities' groups and organizations, without their texts;
    /// true once every activity's are in. This part is cheap (no text is read), and it is
    /// all a filter without search words needs ([`Index::ready_for`]): the app shows its
    /// first results before the texts, the costly part, are lower-cased and folded.
    pub fn extend_filters(&mut self, plan: &Plan, count: usize) -> bool {
        let org_pos = |id: &str| plan.organizations.iter().position(|o| o.id == id);
        let done = self.entries.len().min(plan.activities.len());
        let end = done.saturating_add(count).min(plan.activities.len());
        self.entries
            .extend(plan.activities[done..end].iter().map(|a| {
                let named = a
                    .lead
                    .iter()
                    .chain(&a.partners)
                    .filter_map(|id| org_pos(id))
                    .collect();
                let mut orgs = Vec::new();
                for id in a.lead.iter().chain(&a.partners) {
                    let mut current = org_pos(id);
                    // Bounded walk up the parents: a cycle in a bad file cannot hang us.
                    for _ in 0..=plan.organizations.len() {
                        let Some(i) = current else { break };
                        if !orgs.contains(&i) {
                            orgs.push(i);
                        }
                        current = plan.organizations[i].parent.as_deref().and_then(org_pos);
                    }
                }
                Entry {
                    group: plan.groups.iter().position(|g| g.id == a.group),
                    orgs,
                    named,
                    folded: String::new(),
                    lowered: String::new(),
                }
            }));
        self.entries.len() >= plan.activities.len()
    }

    /// Lower-cases and folds the texts of the next `count` activities whose groups and
    /// organizations are in; true once every activity is in with its texts.
    pub fn extend_texts(&mut self, plan: &Plan, count: usize) -> bool {
        let lower = self.lower;
        let end = self.texts.saturating_add(count).min(self.entries.len());
        for (entry, activity) in self.entries[self.texts..end]
            .iter_mut()
            .zip(&plan.activities[self.texts..end])
        {
            entry.lowered = lower(&own_text(activity));
            entry.folded = fold_lowered(&entry.lowered);
        }
        self.texts = end;
        self.is_complete(plan)
    }

    /// True when every activity of `plan` is in the index, with its texts.
    pub fn is_complete(&self, plan: &Plan) -> bool {
        self.texts >= plan.activities.len()
    }

    /// Makes the index ready to search `plan` for `filter`: every activity's groups and
    /// organizations, and their texts too when the filter has search words. A search for
    /// words before the texts are in would miss the activities whose texts are not, so
    /// those are done at once here.
    pub fn ready_for(&mut self, plan: &Plan, filter: &Filter) {
        self.extend_filters(plan, usize::MAX);
        // Once the texts are in (every search after the first moments), no query is made
        // here: the search makes its own.
        if !self.is_complete(plan) && !Query::new(&filter.q, self.lower).folded.is_empty() {
            self.extend_texts(plan, usize::MAX);
        }
    }

    /// Filters `plan` (the one this index was made from) and counts the facets.
    pub fn search(&self, plan: &Plan, filter: &Filter) -> Results {
        self.search_among(plan, filter, &Query::new(&filter.q, self.lower), None)
    }

    /// [`Index::search`] for `filter` when `last` is what it gave for `previous`: when
    /// `filter` can only narrow what passed (a longer word, another word, dates within the
    /// dates), only those activities are looked at again. A keystroke that extends the
    /// search reads a fraction of the plan.
    pub fn refine(
        &self,
        plan: &Plan,
        filter: &Filter,
        previous: &Filter,
        last: &Results,
    ) -> Results {
        let dates_within =
            |new: Option<NaiveDate>, old: Option<NaiveDate>, later: bool| match (new, old) {
                (_, None) => true,
                (None, Some(_)) => false,
                (Some(n), Some(o)) => {
                    if later {
                        n >= o
                    } else {
                        n <= o
                    }
                }
            };
        let query = Query::new(&filter.q, self.lower);
        let narrower = dates_within(filter.from, previous.from, true)
            && dates_within(filter.to, previous.to, false)
            && Query::new(&previous.q, self.lower).is_within(&query);
        let among = narrower.then_some(last.passing.as_slice());
        self.search_among(plan, filter, &query, among)
    }

    fn search_among(
        &self,
        plan: &Plan,
        filter: &Filter,
        query: &Query,
        among: Option<&[usize]>,
    ) -> Results {
        let groups: Vec<usize> = filter
            .groups
            .iter()
            .filter_map(|g| plan.groups.iter().position(|x| &x.id == g))
            .collect();
        let orgs: Vec<usize> = filter
            .orgs
            .iter()
            .filter_map(|o| plan.organizations.iter().position(|x| &x.id == o))
            .collect();
        // Which words each group's and each organization's names hold, found once; with
        // their marks only when the person typed marks (exact matches rank first).
        let group_bits = word_bits(&query.folded, &self.group_names.folded);
        let org_bits = word_bits(&query.folded, &self.org_names.folded);
        let exact_bits = |names: &Names| match query.marked {
            true => word_bits(&query.lowered, &names.lowered),
            false => Vec::new(),
        };
        let (exact_group_bits, exact_org_bits) =
            (exact_bits(&self.group_names), exact_bits(&self.org_names));
        let mut results = Results {
            matches: Vec::new(),
            group_counts: vec![0; self.group_count],
            org_counts: vec![0; self.org_count],
            passing: Vec::new(),
        };
        let mut exact = Vec::new();
        let all = 0..self.entries.len().min(plan.activities.len());
        let mut candidates: Box<dyn Iterator<Item = usize>> = match among {
            Some(list) => Box::new(list.iter().copied().filter(|i| all.contains(i))),
            None => Box::new(all.clone()),
        };
        for i in &mut candidates {
            let (entry, activity) = (&self.entries[i], &plan.activities[i]);
            let date_ok = !filter.has_dates()
                || activity
                    .windows
                    .iter()
                    .any(|w| w.overlaps(filter.from, filter.to));
            if !date_ok
                || !entry.holds(
                    &query.folded,
                    &entry.folded,
                    &group_bits,
                    &org_bits,
                    &self.group_names.folded,
                    &self.org_names.folded,
                )
            {
                continue;
            }
            results.passing.push(i);
            let group_ok = groups.is_empty() || entry.group.is_some_and(|g| groups.contains(&g));
            let org_ok = orgs.is_empty() || entry.orgs.iter().any(|o| orgs.contains(o));
            if org_ok && let Some(g) = entry.group {
                results.group_counts[g] += 1;
            }
            if group_ok {
                for &o in &entry.orgs {
                    results.org_counts[o] += 1;
                }
            }
            if group_ok && org_ok {
                if query.marked
                    && entry.holds(
                        &query.lowered,
                        &entry.lowered,
                        &exact_group_bits,
                        &exact_org_bits,
                        &self.group_names.lowered,
                        &self.org_names.lowered,
                    )
                {
                    exact.push(i);
                } else {
                    results.matches.push(i);
                }
            }
        }
        if !exact.is_empty() {
            exact.append(&mut results.matches);
            results.matches = exact;
        }
        results
    }
}

/// The names of a plan's groups or organizations, both languages in one text each.
struct Names {
    folded: Vec<String>,
    lowered: Vec<String>,
}

impl Names {
    fn new<'a>(names: impl Iterator<Item = &'a crate::model::Text>, lower: Lowercase) -> Names {
        let lowered: Vec<String> = names
            .map(|n| lower(&format!("{}\n{}", n.get(Lang::Vi), n.get(Lang::En))))
            .collect();
        Names {
            folded: lowered.iter().map(|l| fold_lowered(l)).collect(),
            lowered,
        }
    }
}

impl Entry {
    /// True when every word is in the activity's own text, its group's names or the names
    /// of its lead or partners: the same as looking in [`search_text`], since no word holds
    /// the line break between those texts. `group_bits` and `org_bits` say which of the
    /// first 64 words each name holds ([`word_bits`]).
    fn holds(
        &self,
        words: &[String],
        own: &str,
        group_bits: &[u64],
        org_bits: &[u64],
        group_names: &[String],
        org_names: &[String],
    ) -> bool {
        let mut named = self.group.map_or(0, |g| group_bits[g]);
        for &o in &self.named {
            named |= org_bits[o];
        }
        words.iter().enumerate().all(|(k, w)| {
            let w = w.as_str();
            if k < 64 {
                named & (1 << k) != 0 || crate::find::holds(own, w)
            } else {
                crate::find::holds(own, w)
                    || self.group.is_some_and(|g| group_names[g].contains(w))
                    || self.named.iter().any(|&o| org_names[o].contains(w))
            }
        })
    }
}

/// An activity's own text that a search looks at: its title and summary in both languages.
fn own_text(activity: &Activity) -> String {
    let mut text = String::new();
    for lang in [Lang::Vi, Lang::En] {
        text.push_str(activity.title.get(lang));
        text.push('\n');
        text.push_str(activity.summary.get(lang));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    fn ids(plan: &Plan, filter: &Filter) -> Vec<String> {
        let results = Index::new(plan).search(plan, filter);
        results
            .matches
            .iter()
            .map(|&i| plan.activities[i].id.clone())
            .collect()
    }

    #[test]
    fn the_filter_count_is_one_per_chip() {
        let d = NaiveDate::from_ymd_opt(2022, 10, 1);
        assert_eq!(Filter::default().active_count(), 0);
        let filter = Filter {
            groups: vec!["bo-tttt".into(), "doan".into()],
            orgs: vec!["vu-buu-chinh".into()],
            from: d,
            to: d,
            q: "so".into(),
        };
        // Two groups, one organization, the dates as one, the search as one.
        assert_eq!(filter.active_count(), 5);
        let only_end = Filter {
            to: d,
            ..Filter::default()
        };
        assert_eq!(only_end.active_count(), 1);
    }

    #[test]
    fn no_filter_shows_everything_in_plan_order() {
        let plan = sample_plan();
        let all: Vec<String> = plan.activities.iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids(&plan, &Filter::default()), all);
    }

    #[test]
    fn searching_without_diacritics_finds_digital_signatures() {
        let plan = sample_plan();
        let filter = Filter {
            q: "chu ky so".into(),
            ..Filter::default()
        };
        assert_eq!(ids(&plan, &filter), ["chu-ky-so"]);
    }

    #[test]
    fn typing_d_finds_the_letter_dj() {
        let plan = sample_plan();
        let filter = Filter {
            q: "doan".into(),
            ..Filter::default()
        };
        assert_eq!(
            ids(&plan, &filter),
            ["doan-thanh-nien", "ky-nang-thanh-nien"]
        );
    }

    #[test]
    fn a_parent_organization_includes_its_units() {
        let plan = sample_plan();
        let filter = Filter {
            orgs: vec!["bo-tttt".into()],
            ..Filter::default()
        };
        assert_eq!(ids(&plan, &filter), ["mua-sam-truc-tuyen", "chu-ky-so"]);
    }

    #[test]
    fn a_partner_finds_the_activity_it_takes_part_in() {
        let plan = sample_plan();
        let filter = Filter {
            orgs: vec!["postmart".into()],
            ..Filter::default()
        };
        assert_eq!(ids(&plan, &filter), ["mua-sam-truc-tuyen"]);
    }

    #[test]
    fn a_date_filter_keeps_overlapping_windows_and_hides_undated_activities() {
        let plan = sample_plan();
        let filter = Filter {
            from: NaiveDate::from_ymd_opt(2022, 10, 20),
            to: NaiveDate::from_ymd_opt(2022, 10, 25),
            ..Filter::default()
        };
        // Only the activity whose alternative window is all of October reaches the 20th.
        assert_eq!(ids(&plan, &filter), ["mua-sam-truc-tuyen"]);
    }

    #[test]
    fn date_bounds_are_inclusive() {
        let plan = sample_plan();
        let filter = Filter {
            from: NaiveDate::from_ymd_opt(2022, 10, 10),
            to: NaiveDate::from_ymd_opt(2022, 10, 10),
            ..Filter::default()
        };
        assert_eq!(ids(&plan, &filter), ["mua-sam-truc-tuyen", "chu-ky-so"]);
    }

    #[test]
    fn exact_diacritics_rank_first() {
        let plan = sample_plan();
        // "số" is in the signature activity; "so" (without marks) is also part of "sở" and
        // other words, so both match, but the exact spelling comes first.
        let filter = Filter {
            q: "số".into(),
            ..Filter::default()
        };
        let found = ids(&plan, &filter);
        assert_eq!(found.first().map(String::as_str), Some("chu-ky-so"));
        assert!(found.len() > 1, "{found:?}");
    }

    #[test]
    fn facet_counts_ignore_their_own_filter() {
        let plan = sample_plan();
        let filter = Filter {
            groups: vec!["doan".into()],
            ..Filter::default()
        };
        let results = Index::new(&plan).search(&plan, &filter);
        // Every group still shows how many it would bring, as if it alone were ticked.
        assert_eq!(results.group_counts, vec![2, 2, 1]);
        // Organizations count only within the chosen group.
        let bo = plan
            .organizations
            .iter()
            .position(|o| o.id == "bo-tttt")
            .unwrap();
        assert_eq!(results.org_counts[bo], 0);
    }

    #[test]
    fn unknown_ids_are_ignored_rather_than_hiding_everything() {
        let plan = sample_plan();
        let filter = Filter {
            groups: vec!["no-such-group".into()],
            ..Filter::default()
        };
        assert_eq!(ids(&plan, &filter).len(), plan.activities.len());
        assert!(plan.activities.iter().all(|a| passes(&plan, a, &filter)));
    }
}
