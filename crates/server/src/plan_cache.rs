//! Each year's plan as citizens get it (the Ministry's plan with the approved community
//! initiatives), made once and kept: as a [`Plan`] for the calendar feed and as the JSON
//! answer of `GET /api/plans/{year}` in each coding. Every visit asks for the plan; without
//! this, each one cost a database query, the JSON writing and a brotli compression.
//!
//! A decision recorded by this server makes the next request ask the database again at
//! once. Other servers sharing one PostgreSQL database are told by a notification
//! (`crate::notify`), and ask as soon as it arrives; [`KEEP`] only bounds how old a plan
//! can get should one be lost. The plan is made again only when its approved initiatives
//! changed: a decision about another year, or a check after [`KEEP`], costs one query.
//! Every year's plan is made when the server starts ([`PlanCache::make_all`]).
//!
//! A database that fails, or does not answer within the request limit, leaves the plan kept
//! as the answer, with the initiatives it last had; while one request asks the database,
//! the others are answered with the plan kept rather than queued behind it, unless this
//! server recorded a decision since that plan was made.

use crate::AppState;
use crate::encoding::Encoded;
use axum::body::Bytes;
use dxday_core::Plan;
use dxday_core::initiative::PublicInitiative;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a kept plan is used before the database is asked again, whatever happened.
pub const KEEP: Duration = Duration::from_secs(60);

/// After the database failed to answer, how long the plan kept (or, with none, the plan
/// without community initiatives) is served before asking again.
const AFTER_A_FAILURE: Duration = Duration::from_secs(1);

/// One year's plan as answered.
#[derive(Clone)]
pub struct PlanNow {
    /// The plan, community initiatives included.
    pub plan: Arc<Plan>,
    /// Its JSON, in each coding.
    pub json: Arc<Encoded>,
    /// Its search index, for naming a filtered view in its page's head.
    pub index: Arc<dxday_core::Index>,
}

struct Kept {
    generation: u64,
    until: Instant,
    /// The approved initiatives it was made with; `None` when the database did not answer.
    approved: Option<Vec<(String, PublicInitiative)>>,
    /// Behind one pointer: each request takes a copy, and one reference count moved
    /// between the cores costs less than three.
    now: Arc<PlanNow>,
}

/// The kept plans, by year.
#[derive(Default)]
pub struct PlanCache {
    kept: Mutex<HashMap<i32, Kept>>,
    /// Counts the decisions this server recorded: a plan made before the latest one is old.
    generation: AtomicU64,
    /// By year, held while that year's plan is made: the requests that need it wait for the
    /// one being made rather than each making their own. At 100,000 activities one takes
    /// seconds of CPU (the JSON, brotli, gzip and the index). One lock per year, so that
    /// no request waits behind another year's query.
    making: Mutex<HashMap<i32, Arc<tokio::sync::Mutex<()>>>>,
}

impl PlanCache {
    /// A decision was recorded: the plans kept so far may miss or show an initiative.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The plan of `year` as answered now; `None` when there is no plan for that year.
    pub async fn get(&self, state: &AppState, year: i32) -> Option<Arc<PlanNow>> {
        state.plans.get(year)?;
        if let Some(now) = self.fresh(year) {
            return Some(now);
        }
        let making = self.making_of(year);
        let _making = match making.clone().try_lock_owned() {
            Ok(making) => making,
            // Another request is asking the database for this year, which can take up to
            // the request limit. When the plan kept misses no decision of this server (it
            // is only due to be checked, or the database failed a moment ago), it answers
            // meanwhile. After a decision, this request waits for the plan that has it: a
            // moderator who approves an initiative sees it in the plan next (the maker's
            // query is bounded by the limit, and a failed one leaves the plan kept fresh).
            Err(_) => match self.kept_current(year) {
                Some(now) => return Some(now),
                None => making.lock_owned().await,
            },
        };
        // Made by another request while this one waited.
        if let Some(now) = self.fresh(year) {
            return Some(now);
        }
        // Read before the query: a decision recorded while it runs makes this result old.
        let generation = self.generation.load(Ordering::SeqCst);
        // Bounded like a request (the plan's routes have no other time limit, `crate::app`);
        // past it, it is taken as a failure of the database.
        let approved = tokio::time::timeout(
            state.request_timeout,
            crate::routes::initiatives::approved_result(state, year),
        )
        .await
        .ok()
        .and_then(Result::ok);
        let keep_for = if approved.is_some() {
            KEEP
        } else {
            AFTER_A_FAILURE
        };
        // The same initiatives as the plan kept (most often: nothing was decided, or the
        // decision was about another year): it is still the answer, and is kept longer
        // without being written and compressed again. When the database failed, the plan
        // kept, with the initiatives it last had, is a better answer than one without
        // them; it is asked again after AFTER_A_FAILURE.
        if let Some(kept) = self.lock().get_mut(&year)
            && (approved.is_none() || kept.approved == approved)
        {
            kept.generation = generation;
            kept.until = Instant::now() + keep_for;
            return Some(kept.now.clone());
        }
        let plans = state.plans.clone();
        let list = approved.clone().unwrap_or_default();
        // Seconds of CPU for a large plan: on a thread for blocking work, so that the
        // server's workers go on answering other requests meanwhile.
        let now = tokio::task::spawn_blocking(move || {
            let plan = dxday_core::initiative::with_community(plans.get(year)?, &list);
            // A plan is plain data: writing it as JSON cannot fail.
            let json = serde_json::to_vec(&plan).unwrap_or_default();
            Some(Arc::new(PlanNow {
                index: Arc::new(dxday_core::Index::new(&plan)),
                plan: Arc::new(plan),
                json: Arc::new(Encoded::compress(Bytes::from(json))),
            }))
        })
        .await
        .ok()??;
        metrics::counter!("dxday_plans_made_total", "year" => year.to_string()).increment(1);
        self.lock().insert(
            year,
            Kept {
                generation,
                until: Instant::now() + keep_for,
                approved,
                now: now.clone(),
            },
        );
        Some(now)
    }

    /// Makes the plan of every year, so that the first visitors after a start do not wait
    /// for it.
    pub async fn make_all(&self, state: &AppState) {
        for year in state.plans.years() {
            self.get(state, year).await;
        }
    }

    /// The plan of `year` kept, however long ago, if no decision of this server came after.
    fn kept_current(&self, year: i32) -> Option<Arc<PlanNow>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let kept = self.lock();
        let kept = kept.get(&year)?;
        (kept.generation == generation).then(|| kept.now.clone())
    }

    /// The lock held while the plan of `year` is made.
    fn making_of(&self, year: i32) -> Arc<tokio::sync::Mutex<()>> {
        // A year is in the map for good: the years are those of the plan files, a handful.
        let mut making = self.making.lock().unwrap_or_else(|e| e.into_inner());
        making.entry(year).or_default().clone()
    }

    /// The plan of `year` kept, if it is still the answer.
    fn fresh(&self, year: i32) -> Option<Arc<PlanNow>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let kept = self.lock();
        let kept = kept.get(&year)?;
        (kept.generation == generation && Instant::now() < kept.until).then(|| kept.now.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i32, Kept>> {
        // Nothing panics while holding the lock; if something did, the map is still whole.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
